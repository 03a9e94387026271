"""Progress against measurable targets (issue 5), through the real binary: updates entered
through the API, the web form and a bulk import; the percent of target and the status computed
as docs/data-format.md ("Progress") specifies, with "today" fixed by LOCALACTION_TODAY; a
re-run import that changes nothing; bad rows named, with nothing written; who may report.

One server and one set of accounts serve the module (signing in costs an argon2 hash each);
every test works on actions of its own."""

import json
import re
import sqlite3

import pytest

from conftest import SANITIZER, Server, db_query, run_cli
from test_workflow import API, GOVERNMENTS, PASSWORD, Browser, call, tables

TODAY = "2025-06-15"
ENV = {"LOCALACTION_TODAY": TODAY}

PEOPLE = {
    "fp": ("focal_point", "kampala-ug"),
    "coord": ("network_coordinator", "kampala-ug"),
    "fp_other": ("focal_point", "nairobi-ke"),
    "reviewer": ("reviewer", None),
    "donor": ("donor", None),
    "admin": ("admin", None),
}

KAMPALA = [{"name": "Kampala", "country": "UG"}]


def action(external_id, **extra):
    """A published Kampala action with three measurable targets: families housed (0 -> 200,
    rising), days of waiting (30 -> 10, falling), volunteers (no target)."""
    a = {"type": "action", "external_id": external_id, "title": f"Action {external_id}",
         "governments": KAMPALA, "gcm_objectives": [7], "gcr_objectives": [2],
         "start_date": "2024-01-01", "end_date": "2025-12-31",
         "implementation_status": "in_progress", "created_at": "2024-01-01T00:00:00Z",
         "indicators": [
             {"name": "Families housed", "unit": "families", "baseline": 0, "target": 200,
              "deadline": "2025-12-31"},
             {"name": "Days of waiting", "unit": "days", "baseline": 30, "target": 10,
              "deadline": "2025-12-31"},
             {"name": "Volunteers"}]}
    a.update(extra)
    return a


def import_records(site, records, *args, name="records.jsonl"):
    path = site.workdir / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return run_cli("import", "--db", site.db, "--quiet", *args, path, cwd=site.workdir, env=ENV)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("progress")
    db = workdir / "test.db"
    assert run_cli("init", "--db", db, cwd=workdir).code == 0
    s = type("Site", (), {})()
    s.workdir, s.db = workdir, db
    r = import_records(s, GOVERNMENTS, name="governments.jsonl")
    assert r.code == 0, r
    for name, (role, gov) in PEOPLE.items():
        args = ["user", "add", "--db", db, "--email", f"{name}@example.org", "--role", role,
                "--name", name.title(), "--password-stdin"]
        if gov:
            args += ["--government", gov]
        r = run_cli(*args, cwd=workdir, stdin=PASSWORD.encode())
        assert r.code == 0, r
    s.server = Server(["serve", "--db", db, "--port", "0"], workdir, env=ENV)
    s.browsers, s.csrf, s.tokens = {}, {}, {"none": None}
    for name in PEOPLE:
        b = Browser(s.server)
        s.csrf[name] = b.login(f"{name}@example.org")
        s.tokens[name] = b.api_token()
        s.browsers[name] = b
    yield s
    s.server.stop()
    found = SANITIZER.search(s.server.log(tail=None))
    if found:
        pytest.fail("sanitizer report from the server: " + s.server.log(tail=None)[found.start():][:600])


def post(site, who, external_id, body):
    return call(site.server, "POST", f"{API}/actions/{external_id}/progress", body,
                site.tokens[who])


def put(site, who, external_id, update_id, body):
    return call(site.server, "PUT", f"{API}/actions/{external_id}/progress/{update_id}", body,
                site.tokens[who])


def progress_of(site, external_id):
    status, body = call(site.server, "GET", f"{API}/actions/{external_id}/progress")
    assert status == 200, body
    return body


def updates_table(db):
    return db_query(db, "SELECT u.external_id, a.external_id, u.date, u.implementation_status,"
                        " u.narrative, u.evidence_url, u.content_hash, u.created_at, u.updated_at"
                        " FROM progress_updates u JOIN actions a ON a.id = u.action_id"
                        " ORDER BY u.external_id")


def values_table(db):
    return db_query(db, "SELECT u.external_id, v.indicator_position, v.value"
                        " FROM progress_values v JOIN progress_updates u ON u.id = v.update_id"
                        " ORDER BY 1, 2")


# ---- the API: targets, updates, percent and status ------------------------------------------

def test_percent_and_status_through_the_api(site):
    assert import_records(site, [action("api-1")]).code == 0
    status, body = post(site, "fp", "api-1", {
        "id": "api-1-u1", "date": "2024-06-01", "implementation_status": "in_progress",
        "values": [{"indicator": 1, "value": 50}, {"indicator": 2, "value": 25}]})
    assert status == 201, body
    assert body["update"]["id"] == "api-1-u1"
    status, body = post(site, "fp", "api-1", {
        "date": "2025-03-01", "implementation_status": "in_progress",
        "values": {"1": 120, "2": 18}, "narrative": "Two new shelters opened.",
        "evidence_url": "https://kampala.example/report-2025"})
    assert status == 201, body
    made = body["update"]["id"]
    assert re.fullmatch(r"la-u-[A-Za-z0-9_-]{16}", made), made

    p = progress_of(site, "api-1")
    assert p["action"] == "api-1"
    assert [u["id"] for u in p["updates"]] == ["api-1-u1", made], "oldest first"
    second = p["updates"][1]
    assert second == {"id": made, "date": "2025-03-01", "implementation_status": "in_progress",
                      "grf_status": "In progress", "narrative": "Two new shelters opened.",
                      "evidence_url": "https://kampala.example/report-2025",
                      "values": [{"indicator": 1, "value": 120}, {"indicator": 2, "value": 18}],
                      "created_at": second["created_at"], "updated_at": second["updated_at"]}
    # 2025-06-15 is 531 of the 730 days from 2024-01-01 to 2025-12-31 (72.7%): 60% of each
    # target (120 of 200 families; 30 -> 18 days of 30 -> 10) is more than 10 points behind
    prog = p["progress"]
    assert prog["percent"] == 60 and prog["status"] == "behind"
    assert prog["last_update"] == "2025-03-01" and prog["stale"] is False
    one, two, three = prog["indicators"]
    assert one == {"position": 1, "name": "Families housed", "unit": "families", "baseline": 0,
                   "target": 200, "deadline": "2025-12-31",
                   "latest": {"date": "2025-03-01", "value": 120}, "percent": 60,
                   "status": "behind"}
    assert two["percent"] == 60 and two["status"] == "behind", "a falling target"
    assert three["latest"] is None and three["percent"] is None and three["status"] == "no_data"

    # the action's own JSON carries the same block, and its GRF status
    status, a = call(site.server, "GET", f"{API}/actions/api-1")
    assert status == 200
    assert a["progress"] == prog and a["grf_status"] == "In progress"

    # 150 families (75%) is on track; the waiting days still behind keep the action behind
    assert post(site, "coord", "api-1", {"date": "2025-06-01", "status": "in progress",
                                         "values": "1=150"})[0] == 201
    prog = progress_of(site, "api-1")["progress"]
    assert [i["status"] for i in prog["indicators"]] == ["on_track", "behind", "no_data"]
    assert prog["status"] == "behind" and prog["percent"] == 67.5
    # 12 days (90%): everything measured is on track
    assert post(site, "reviewer", "api-1", {"date": "2025-06-14", "status": "in_progress",
                                            "values": "2=12"})[0] == 201
    prog = progress_of(site, "api-1")["progress"]
    assert prog["status"] == "on_track" and prog["percent"] == 82.5
    # both reached: achieved, and the percent of an overshoot counts as 100
    assert post(site, "admin", "api-1", {"date": TODAY, "status": "completed",
                                         "values": "1=230;2=10"})[0] == 201
    prog = progress_of(site, "api-1")["progress"]
    assert [i["percent"] for i in prog["indicators"]] == [115, 100, None]
    assert prog["status"] == "achieved" and prog["percent"] == 100


def test_overdue_and_stale(site):
    assert import_records(site, [
        # its deadline passed on 2024-12-31 at 80%
        action("late-1", indicators=[{"name": "Desks", "baseline": 0, "target": 10,
                                      "deadline": "2024-12-31"}]),
        # no deadline of its own: the action's end date (2025-03) is the deadline
        action("late-2", end_date="2025-03", indicators=[{"name": "Desks", "target": 10}]),
        # last update more than 12 months before 2025-06-15
        action("stale-1", created_at="2023-01-01T00:00:00Z"),
        # never updated, created more than 12 months before
        action("stale-2", created_at="2024-06-14T00:00:00Z"),
        action("stale-3", created_at="2024-06-15T00:00:00Z"),
        # finished actions are never stale
        action("stale-4", implementation_status="completed", created_at="2020-01-01T00:00:00Z"),
        action("plain-1", indicators=[]),
        {"type": "progress_update", "id": "late-1-u", "action": "late-1", "date": "2024-11-01",
         "implementation_status": "in_progress", "values": "1=8"},
        {"type": "progress_update", "id": "late-2-u", "action": "late-2", "date": "2024-11-01",
         "implementation_status": "in_progress", "values": "1=8"},
        {"type": "progress_update", "id": "stale-1-u", "action": "stale-1",
         "date": "2024-06-14", "implementation_status": "in_progress", "values": "1=190"},
    ]).code == 0
    for ext in ("late-1", "late-2"):
        prog = progress_of(site, ext)["progress"]
        assert prog["indicators"][0]["percent"] == 80
        assert prog["indicators"][0]["status"] == "overdue" and prog["status"] == "overdue", ext
    assert progress_of(site, "stale-1")["progress"]["stale"] is True
    assert progress_of(site, "stale-2")["progress"]["stale"] is True
    assert progress_of(site, "stale-2")["progress"]["last_update"] is None
    assert progress_of(site, "stale-3")["progress"]["stale"] is False, "exactly 12 months"
    assert progress_of(site, "stale-4")["progress"]["stale"] is False
    # an action's own JSON carries the same block, with updates (read in a snapshot) or without
    # them (one statement): indicators and all, stale or not
    for ext in ("late-1", "stale-1", "stale-2", "stale-3", "stale-4", "plain-1"):
        status, a = call(site.server, "GET", f"{API}/actions/{ext}")
        assert status == 200 and a["progress"] == progress_of(site, ext)["progress"], ext
    # one update today and it is fresh again; reaching the target late is still achieved
    assert post(site, "fp", "stale-1", {"date": TODAY, "status": "in_progress",
                                        "narrative": "Still going."})[0] == 201
    assert progress_of(site, "stale-1")["progress"]["stale"] is False
    assert post(site, "fp", "late-1", {"date": TODAY, "status": "completed",
                                       "values": "1=10"})[0] == 201
    prog = progress_of(site, "late-1")["progress"]
    assert prog["status"] == "achieved" and prog["stale"] is False


def test_grf_status_follows_the_action(site):
    records = [action(f"grf-{s}", implementation_status=s)
               for s in ("planned", "in_progress", "completed", "discontinued")]
    assert import_records(site, records).code == 0
    want = {"planned": "In the planning stage", "in_progress": "In progress",
            "completed": "Fulfilled", "discontinued": None}
    for s, grf in want.items():
        status, a = call(site.server, "GET", f"{API}/actions/grf-{s}")
        assert status == 200 and a["grf_status"] == grf, (s, a.get("grf_status"))
    r = run_cli("export", "--db", site.db, "--format", "grf-csv", cwd=site.workdir, env=ENV)
    assert r.code == 0, r
    lines = r.out.splitlines()
    assert lines[0] == ("external_id,title,lead_government,country,gcr_objectives,"
                        "gcm_objectives,implementation_status,grf_status,progress_percent,"
                        "progress_status,last_update,stale")
    rows = {line.split(",")[0]: line for line in lines[1:]}
    assert rows["grf-completed"] == ("grf-completed,Action grf-completed,Kampala,UG,2,7,"
                                     "completed,Fulfilled,,no_data,,no")
    assert rows["grf-discontinued"].startswith(
        "grf-discontinued,Action grf-discontinued,Kampala,UG,2,7,discontinued,,")
    assert rows["grf-planned"].split(",")[7] == "In the planning stage"


def test_put_creates_replaces_and_keeps_unchanged(site):
    assert import_records(site, [action("put-1"), action("put-2")]).code == 0
    body = {"date": "2025-05-01", "implementation_status": "in_progress", "values": "1=10"}
    status, answer = put(site, "fp", "put-1", "put-1-a", body)
    assert status == 201, answer
    assert answer["update"]["values"] == [{"indicator": 1, "value": 10}]
    row = updates_table(site.db)
    status, _ = put(site, "fp", "put-1", "put-1-a", body)
    assert status == 200
    assert updates_table(site.db) == row, "the same update again changed nothing"
    status, answer = put(site, "fp", "put-1", "put-1-a", dict(body, values="1=11"))
    assert status == 200 and answer["update"]["values"][0]["value"] == 11
    assert answer["progress"]["indicators"][0]["latest"]["value"] == 11
    status, one = call(site.server, "GET", f"{API}/actions/put-1/progress/put-1-a")
    assert status == 200 and one["update"]["values"][0]["value"] == 11
    before = tables(site.db)
    # POST with an id that exists; PUT of another action's update; a body naming another action
    assert post(site, "fp", "put-1", dict(body, id="put-1-a"))[0] == 409
    assert put(site, "fp", "put-2", "put-1-a", body)[0] == 409
    status, answer = put(site, "fp", "put-1", "put-1-b", dict(body, action="put-2"))
    assert status == 400 and answer["error"]["fields"][0]["field"] == "action"
    assert call(site.server, "GET", f"{API}/actions/put-2/progress/put-1-a")[0] == 404
    assert tables(site.db) == before


@pytest.mark.parametrize("body,field,words", [
    ({"date": "2025-02-30", "status": "in_progress", "values": "1=5"}, "date", "not a date"),
    ({"date": "2025-07-01", "status": "in_progress", "values": "1=5"}, "date", "in the future"),
    ({"date": "2025-01-01", "status": "in_progress", "values": "4=5"}, "values",
     "indicator 4: the action's measurable targets are numbered 1 to 3"),
    ({"date": "2025-01-01", "status": "in_progress", "values": "1=many"}, "values",
     "indicator 1: 'many' is not a number"),
    ({"date": "2025-01-01", "status": "in_progress", "narrative": "x",
      "evidence_url": "javascript:alert(1)"}, "evidence_url", "is not an http"),
    ({"date": "2025-01-01", "status": "maybe", "values": "1=5"}, "implementation_status",
     "is not one of"),
    ({"date": "2025-01-01", "status": "in_progress"}, "values", "a value or a narrative"),
    ({"date": "2025-01-01", "status": "in_progress", "values": "1=5", "mood": "good"}, "mood",
     "is not a field"),
])
def test_api_refuses_bad_updates(site, body, field, words):
    if call(site.server, "GET", f"{API}/actions/bad-api")[0] == 404:
        assert import_records(site, [action("bad-api")]).code == 0
    before = tables(site.db)
    status, answer = post(site, "fp", "bad-api", body)
    assert status == 400, answer
    fields = answer["error"]["fields"]
    assert any(f["field"] == field and words in f["message"] for f in fields), fields
    assert tables(site.db) == before


def test_api_says_reasons_in_the_readers_language(site):
    if call(site.server, "GET", f"{API}/actions/bad-api")[0] == 404:
        assert import_records(site, [action("bad-api")]).code == 0
    status, answer = call(site.server, "POST", f"{API}/actions/bad-api/progress",
                          {"date": "2025-01-01", "status": "in_progress", "values": "1=mucho"},
                          site.tokens["fp"], headers={"Accept-Language": "es"})
    assert status == 400
    assert answer["error"]["fields"][0]["message"] == "indicador 1: «mucho» no es un número"


def test_who_may_report(site):
    assert import_records(site, [
        action("who-1"),
        # Nairobi leads, Kampala co-pledges: both focal points answer for it
        action("who-joint", governments=[{"name": "Nairobi", "country": "KE"}, *KAMPALA]),
        action("who-draft", publication_state="draft"),
    ]).code == 0
    body = {"date": "2025-01-01", "status": "in_progress", "values": "1=5"}
    for who, want in [("none", 403), ("donor", 403), ("fp_other", 403), ("fp", 201),
                      ("coord", 201), ("reviewer", 201), ("admin", 201)]:
        before = tables(site.db)
        status, answer = post(site, who, "who-1", body)
        assert status == want, (who, answer)
        if want != 201:
            assert tables(site.db) == before, who
    assert post(site, "fp", "who-joint", body)[0] == 201
    assert post(site, "fp_other", "who-joint", body)[0] == 201
    # unpublished and unknown actions are not there, for everyone
    before = tables(site.db)
    for who in ("fp", "admin"):
        assert post(site, who, "who-draft", body)[0] == 404
        assert post(site, who, "who-nothing", body)[0] == 404
    assert call(site.server, "GET", f"{API}/actions/who-draft/progress")[0] == 404
    assert tables(site.db) == before
    # a browser session must send its form token
    b = site.browsers["fp"]
    status, _, _ = b.request("POST", f"{API}/actions/who-1/progress", json.dumps(body).encode(),
                             {"Content-Type": "application/json"})
    assert status == 403
    status, _, _ = b.request("POST", f"{API}/actions/who-1/progress", json.dumps(body).encode(),
                             {"Content-Type": "application/json",
                              "X-CSRF-Token": site.csrf["fp"]})
    assert status == 201


# ---- the bulk import ------------------------------------------------------------------------

CSV_HEADER = "Update ID,Action,Date,Status,Values,Narrative,Evidence URL\n"


def test_import_is_safe_to_rerun(site):
    assert import_records(site, [action("imp-1"), action("imp-2")]).code == 0
    path = site.workdir / "updates.csv"
    path.write_text(CSV_HEADER +
                    "imp-1-a,imp-1,2024-06-01,In progress,1=50; 2=25,\"First, half\","
                    "https://example.org/a\n"
                    "imp-1-b,imp-1,2025-03-01,in_progress,1=120;2=18,,\n"
                    "imp-2-a,imp-2,2025-01-10,Fulfilled,,Done early.,\n", encoding="utf-8")
    r = run_cli("import", "--db", site.db, path, cwd=site.workdir, env=ENV)
    assert r.code == 0, r
    assert r.summary() == (3, 3, 0, 0, 0)
    rows = [u for u in updates_table(site.db) if u[1] in ("imp-1", "imp-2")]
    assert [u[:6] for u in rows] == [
        ("imp-1-a", "imp-1", "2024-06-01", "in_progress", "First, half", "https://example.org/a"),
        ("imp-1-b", "imp-1", "2025-03-01", "in_progress", None, None),
        ("imp-2-a", "imp-2", "2025-01-10", "completed", "Done early.", None)]
    before = tables(site.db)
    r = run_cli("import", "--db", site.db, path, cwd=site.workdir, env=ENV)
    assert r.code == 0 and r.summary() == (3, 0, 0, 3, 0), r
    assert tables(site.db) == before, "re-running the import changed the database"
    # the same numbers written differently are the same update
    path.write_text("id,action,date,implementation_status,values,narrative,evidence_url\n"
                    "imp-1-b,imp-1,2025-03-01,in_progress,2=18.0;1=120,,\n", encoding="utf-8")
    r = run_cli("import", "--db", site.db, path, cwd=site.workdir, env=ENV)
    assert r.summary() == (1, 0, 0, 1, 0), r
    assert tables(site.db) == before
    # a changed value is an update of the same row: updated_at moves, created_at stays
    path.write_text(CSV_HEADER + "imp-1-b,imp-1,2025-03-01,in_progress,1=121;2=18,,\n",
                    encoding="utf-8")
    old = {u[0]: u for u in updates_table(site.db)}["imp-1-b"]
    r = run_cli("import", "--db", site.db, path, cwd=site.workdir, env=ENV)
    assert r.summary() == (1, 0, 1, 0, 0), r
    new = {u[0]: u for u in updates_table(site.db)}["imp-1-b"]
    assert new[7] == old[7] and new[6] != old[6]
    assert ("imp-1-b", 0, 121.0) in values_table(site.db), "positions are stored from 0"
    assert progress_of(site, "imp-1")["progress"]["indicators"][0]["latest"]["value"] == 121


def test_import_names_bad_rows_and_writes_nothing(site):
    assert import_records(site, [action("bad-imp")]).code == 0
    path = site.workdir / "bad.csv"
    path.write_text(CSV_HEADER +
                    "bi-1,bad-imp,2025-01-01,in_progress,1=5,,\n"             # good
                    "bi-2,no-such-action,2025-01-01,in_progress,1=5,,\n"
                    "bi-3,bad-imp,2025-01-01,in_progress,7=5,,\n"
                    "bi-4,bad-imp,01/02/2025,in_progress,1=5,,\n"
                    "bi-5,bad-imp,2025-01-01,in_progress,1=five,,\n"
                    "bi-6,bad-imp,2025-01-01,in_progress,,x,ftp://files.example/r\n"
                    "bi-1,bad-imp,2025-01-02,in_progress,1=6,,\n", encoding="utf-8")
    before = tables(site.db)
    r = run_cli("import", "--db", site.db, path, cwd=site.workdir, env=ENV)
    assert r.code == 1, r
    assert r.summary() == (7, 0, 0, 0, 6), r
    assert "(nothing written)" in r.out
    errors = r.err.splitlines()
    assert f"{path}:3: action: there is no action 'no-such-action'" in errors
    assert (f"{path}:4: values: indicator 7: the action's measurable targets are numbered 1 "
            "to 3") in errors
    assert f"{path}:5: date: '01/02/2025' is not a date YYYY-MM-DD" in errors
    assert f"{path}:6: values: indicator 1: 'five' is not a number" in errors
    assert (f"{path}:7: evidence_url: 'ftp://files.example/r' is not an http:// or https:// "
            "address") in errors
    assert f"{path}:8: id: 'bi-1' was already used at row 2" in errors
    assert tables(site.db) == before, "a rejected file wrote something"
    # --partial writes the good row and names the others the same way
    r = run_cli("import", "--db", site.db, "--partial", path, cwd=site.workdir, env=ENV)
    assert r.code == 6 and r.summary() == (7, 1, 0, 0, 6), r
    assert [u[0] for u in updates_table(site.db) if u[1] == "bad-imp"] == ["bi-1"]


def test_export_round_trip(site, tmp_path):
    assert import_records(site, [action("rt-1"), {
        "type": "progress_update", "id": "rt-1-a", "action": "rt-1", "date": "2025-02-01",
        "implementation_status": "in_progress", "values": "3=7;1=33.25",
        "narrative": "Line one\nline \"two\", with a comma", "evidence_url":
        "https://example.org/?a=1&b=2"}]).code == 0
    for fmt in ("csv", "jsonl", "json"):
        r = run_cli("export", "--db", site.db, "--type", "progress", "--format", fmt,
                    cwd=site.workdir)
        assert r.code == 0, r
        assert "rt-1-a" in r.out
        first = r.stdout_bytes
        # into a fresh registry holding the same actions, and out again: the same bytes
        fresh = tmp_path / f"fresh-{fmt}.db"
        everything = run_cli("export", "--db", site.db, "--type", "actions", cwd=site.workdir)
        (tmp_path / "actions.jsonl").write_bytes(everything.stdout_bytes)
        assert run_cli("import", "--db", fresh, "--quiet", tmp_path / "actions.jsonl",
                       cwd=tmp_path).code == 0
        (tmp_path / f"updates.{fmt}").write_bytes(first)
        r = run_cli("import", "--db", fresh, "--quiet", tmp_path / f"updates.{fmt}",
                    cwd=tmp_path, env=ENV)
        assert r.code == 0, r
        again = run_cli("export", "--db", fresh, "--type", "progress", "--format", fmt,
                        cwd=tmp_path)
        assert again.stdout_bytes == first, fmt
    # the whole registry in one file (governments, actions, then updates) round-trips too
    r = run_cli("export", "--db", site.db, cwd=site.workdir)
    lines = r.out.splitlines()
    types = [json.loads(line)["type"] for line in lines]
    assert types == sorted(types, key=["government", "action", "progress_update"].index)
    whole = tmp_path / "whole.jsonl"
    whole.write_bytes(r.stdout_bytes)
    fresh = tmp_path / "whole.db"
    assert run_cli("import", "--db", fresh, "--quiet", whole, cwd=tmp_path, env=ENV).code == 0
    assert run_cli("export", "--db", fresh, cwd=tmp_path).stdout_bytes == r.stdout_bytes


# ---- the website ----------------------------------------------------------------------------

def test_action_page_shows_progress(site):
    assert import_records(site, [action("page-1"), action("page-2")]).code == 0
    status, _ = post(site, "fp", "page-1", {
        "date": "2025-03-01", "status": "in_progress", "values": "1=120;2=18",
        "narrative": "Two <b>new</b> shelters.", "evidence_url": "https://example.org/r?a=1&b=2"})
    assert status == 201
    status, _, body = site.browsers["donor"].request("GET", "/actions/page-1")
    assert status == 200
    page = body.decode()
    section = page[page.index('<section id="progress"'):]
    section = section[:section.index("</section>")]
    assert "Behind schedule" in section and "60%" in section
    assert '<meter min="0" max="100" value="60" aria-labelledby="target-1">' in section
    assert "Latest: 120 families (1 March 2025)" in section
    assert 'class="chart chart-progress"' in section, "the history chart"
    assert "<title>Families housed: 60% (1 March 2025)</title>" in section
    assert "Two &lt;b&gt;new&lt;/b&gt; shelters." in section, "escaped"
    assert 'href="https://example.org/r?a=1&amp;b=2"' in section
    assert "Report progress" not in section, "a donor may not report"
    # in French: the words, and numbers written the French way
    status, _, body = site.browsers["donor"].request("GET", "/actions/page-1?lang=fr")
    section = body.decode()
    section = section[section.index('<section id="progress"'):]
    assert "Avancement" in section and "En retard" in section and "60\u202f%" in section
    # an action without updates says so, and draws no chart
    status, _, body = site.browsers["fp"].request("GET", "/actions/page-2")
    section = body.decode()
    section = section[section.index('<section id="progress"'):]
    assert "No progress has been reported yet." in section and "<svg" not in section
    assert 'href="/actions/page-2/progress/new">Report progress</a>' in section


def test_report_form_error_then_fix(site):
    assert import_records(site, [action("form-1")]).code == 0
    b, csrf = site.browsers["fp"], site.csrf["fp"]
    status, _, body = b.request("GET", "/actions/form-1/progress/new")
    assert status == 200, body[:300]
    page = body.decode()
    assert f'name="date" value="{TODAY}"' in page, "today by default"
    assert '<option value="in_progress" selected>' in page, "the action's status by default"
    for n in (1, 2, 3):
        assert f'id="value_{n}"' in page
    assert "Families housed (families)" in page and "Target: 200 families" in page
    before = tables(site.db)
    form = {"csrf": csrf, "date": "2025-06-01", "implementation_status": "in_progress",
            "value_1": "lots", "value_2": "", "value_3": "12",
            "narrative": "We housed <many> families.", "evidence_url": "ftp://files.example/r"}
    status, _, body = b.form("/actions/form-1/progress/new", form)
    assert status == 400, body[:300]
    page = body.decode()
    assert ('<p class="field-error" id="value_1-error">indicator 1: &#39;lots&#39; is not a '
            'number</p>') in page, "the error beside its field"
    assert 'id="value_1" type="text" inputmode="decimal" name="value_1" value="lots"' in page
    assert 'aria-describedby="value_1-hint value_1-error" aria-invalid="true"' in page
    assert 'id="evidence_url-error"' in page and 'value="ftp://files.example/r"' in page
    assert "We housed &lt;many&gt; families.</textarea>" in page, "what was typed is kept"
    assert 'value="12"' in page
    assert tables(site.db) == before, "a refused form wrote something"
    # the fix
    form.update(value_1="140", evidence_url="https://example.org/r")
    status, headers, _ = b.form("/actions/form-1/progress/new", form)
    assert status == 303 and headers["Location"] == "/actions/form-1#progress"
    p = progress_of(site, "form-1")
    assert len(p["updates"]) == 1
    u = p["updates"][0]
    assert u["values"] == [{"indicator": 1, "value": 140}, {"indicator": 3, "value": 12}]
    assert u["narrative"] == "We housed <many> families."
    author = db_query(site.db, "SELECT u.email FROM progress_updates p JOIN users u"
                               " ON u.id = p.author_id WHERE p.external_id = ?", (u["id"],))
    assert author == [("fp@example.org",)]
    # and the page shows it at once
    status, _, body = b.request("GET", "/actions/form-1")
    assert "Latest: 140 families (1 June 2025)" in body.decode()


def test_report_form_is_for_the_actions_people(site):
    assert import_records(site, [action("form-2"), action("form-draft",
                                                          publication_state="draft")]).code == 0
    status, headers, _ = Browser(site.server).request("GET", "/actions/form-2/progress/new")
    assert status == 303 and headers["Location"].startswith("/login?next=")
    for who in ("donor", "fp_other"):
        status, _, _ = site.browsers[who].request("GET", "/actions/form-2/progress/new")
        assert status == 403, who
    status, _, _ = site.browsers["fp"].request("GET", "/actions/form-draft/progress/new")
    assert status == 404
    before = tables(site.db)
    good = {"date": "2025-06-01", "implementation_status": "in_progress", "value_1": "5"}
    for who in ("donor", "fp_other"):
        status, _, _ = site.browsers[who].form("/actions/form-2/progress/new",
                                               dict(good, csrf=site.csrf[who]))
        assert status == 403, who
    # without the form token, even the focal point is refused
    status, _, _ = site.browsers["fp"].form("/actions/form-2/progress/new", good)
    assert status == 403
    assert tables(site.db) == before


def test_page_stays_small_with_a_long_history(site):
    """Every page with its stylesheet stays under 60 KB (docs/website.md): the page shows the
    latest updates with their narratives cut, and links to the JSON that holds them all."""
    many = [{"type": "progress_update", "id": f"long-{k:03d}", "action": "long-1",
             "date": f"{2020 + k // 12}-{k % 12 + 1:02d}-01", "implementation_status":
             "in_progress", "values": f"1={k};2={30 - k % 20};3={k}",
             "narrative": f"U{k:02d}: " + "é" * 4990} for k in range(60)]
    assert import_records(site, [action("long-1", start_date="2020-01-01"), *many]).code == 0
    status, _, body = site.browsers["donor"].request("GET", "/actions/long-1?lang=en")
    assert status == 200
    css_href = re.search(rb'<link rel="stylesheet" href="([^"]+)"', body).group(1).decode()
    _, _, css = site.browsers["donor"].request("GET", css_href)
    assert len(body) + len(css) < 61440, (len(body), len(css))
    page = body.decode()
    assert page.count('<tr><th scope="row"><time') == 12, "the latest 12 updates"
    assert "U59: " in page and "U47: " not in page
    assert "é" * 295 + "\u2026" in page and "é" * 296 not in page, "narratives cut at 300"
    assert page.count('<circle class="dot"') == 48, "the latest 24 updates of 2 targets"
    assert "all 60 are in the" in page
    assert 'href="/api/v1/actions/long-1/progress">JSON</a>' in page
    assert len(progress_of(site, "long-1")["updates"]) == 60


def test_report_form_without_targets(site):
    """An action without measurable targets takes a narrative; an empty update is refused
    next to the narrative."""
    assert import_records(site, [action("form-3", indicators=[])]).code == 0
    b, csrf = site.browsers["coord"], site.csrf["coord"]
    status, _, body = b.request("GET", "/actions/form-3/progress/new")
    assert status == 200 and 'name="value_1"' not in body.decode()
    form = {"csrf": csrf, "date": "2025-06-01", "implementation_status": "planned",
            "narrative": "  "}
    status, _, body = b.form("/actions/form-3/progress/new", form)
    assert status == 400
    assert ('<p class="field-error" id="narrative-error">an update needs a value or a '
            'narrative</p>') in body.decode()
    # the reason in the page's language
    status, _, body = b.form("/actions/form-3/progress/new?lang=fr", form)
    assert status == 400
    assert ('id="narrative-error">un point d&#39;avancement demande une valeur ou un '
            'récit</p>') in body.decode()
    form["narrative"] = "The partners met and agreed the plan."
    status, headers, _ = b.form("/actions/form-3/progress/new", form)
    assert status == 303
    prog = progress_of(site, "form-3")
    assert prog["updates"][0]["implementation_status"] == "planned"
    assert prog["progress"] == {"percent": None, "status": "no_data", "last_update": "2025-06-01",
                                "stale": False, "indicators": []}
