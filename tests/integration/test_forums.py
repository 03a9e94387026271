"""Review forums and the Progress Declaration tracker (issue 5): forum records in the import,
the API of docs/api.md (list, one forum with its figures, PUT by reviewers), the actions'
`forums` and `declaration_paragraphs` with their filters and facet counts, errors that name
the row and field and write nothing, the round trip through export, and the pages.

The demo's expected figures are computed here from data/demo/imrf2022.jsonl and
data/reference/countries.tsv, and checked against the IMRF 2022 report's own numbers (16
local and regional governments from 5 regions, 5 in national delegations, speakers in 6 of
the 7 official sessions)."""

import json
import re

import pytest

from conftest import DEMO_FILE, Server, db_query, db_snapshot, load_jsonl, read_tsv, run_cli
from test_workflow import PASSWORD, Browser, call

API = "/api/v1"
RECORDS = load_jsonl(DEMO_FILE)
FORUMS = [r for r in RECORDS if r.get("type") == "forum"]
ACTIONS = [r for r in RECORDS if r.get("type", "action") == "action"]
IMRF = next(f for f in FORUMS if f["slug"] == "imrf-2022")
COUNTRIES = {row["alpha2"]: row for row in read_tsv("countries.tsv")}
PARAGRAPHS = read_tsv("declaration_paragraphs.tsv")
SPEAKING = {"speaker", "panellist", "keynote", "moderator"}


def region_of(country):
    """The report's world region: the UN M49 region, the Americas as their two sub-regions."""
    row = COUNTRIES[country]
    return row["subregion"] if row["region_code"] == "019" else row["region"]


def key(g):
    if isinstance(g, str):
        name, country = g.rsplit(",", 1)
        return name.strip().casefold(), country.strip()
    return g["name"].casefold(), g["country"]


def expected_figures(forum, actions):
    govs = forum.get("governments", [])
    local = [g for g in govs if g.get("kind") != "association"]
    kinds = {key(g): g.get("kind", "city") for g in govs}

    def sessions_where(test):
        return [s for s in forum.get("sessions", [])
                if any("government" in p and test(p) for p in s.get("participants", []))]

    official = [s for s in forum.get("sessions", []) if s["kind"] == "official"]
    speaking = [s for s in sessions_where(lambda p: p["role"] in SPEAKING)
                if s["kind"] == "official"]
    events = sessions_where(lambda p: kinds[key(p["government"])] != "association")
    return {
        "actions": sum(1 for a in actions if forum["slug"] in a.get("forums", [])),
        "governments": len(local),
        "countries": len({g["country"] for g in local}),
        "regions": len({region_of(g["country"]) for g in local}),
        "national_delegations": sum(1 for g in local if g.get("national_delegation")),
        "associations": len(govs) - len(local),
        "official_sessions": len(official),
        "official_sessions_with_local_government": len(speaking),
        "events": len(events),
    }


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("forums-demo")
    s = Server(["demo", "--db", d / "demo.db", "--port", "0"], d)
    yield s
    s.stop()


# ---- the demo forum and its figures -----------------------------------------------------------

def test_demo_figures_are_the_reports(demo):
    """The report: '16 LRGs from 5 regions ... 5 of which were included in their national
    government's delegation'; 'speaking roles in 6 of the 7 official IMRF sessions'."""
    body = demo.get_json(f"{API}/forums/imrf-2022")
    fig = body["figures"]
    assert fig == expected_figures(IMRF, ACTIONS)
    assert (fig["governments"], fig["regions"], fig["national_delegations"]) == (16, 5, 5)
    assert (fig["official_sessions_with_local_government"], fig["official_sessions"]) == (6, 7)
    assert fig["actions"] == len(ACTIONS) == 16


def test_demo_forum_document(demo):
    body = demo.get_json(f"{API}/forums/imrf-2022")
    assert (body["slug"], body["kind"], body["place"]) == ("imrf-2022", "imrf", "New York")
    assert (body["starts_on"], body["ends_on"]) == ("2022-05-16", "2022-05-20")
    by_name = {g["name"]: g for g in body["governments"]}
    assert by_name["Accra"] == {"slug": "accra-gh", "name": "Accra", "country": "GH",
                                "kind": "city", "region": "Africa",
                                "national_delegation": True}
    assert by_name["Montréal"]["region"] == "Northern America"
    assert by_name["Montevideo"]["region"] == "Latin America and the Caribbean"
    assert not by_name["Kampala"]["national_delegation"]
    assert by_name["United Cities and Local Governments"]["kind"] == "association"
    sessions = {s["slug"]: s for s in body["sessions"]}
    assert [s["slug"] for s in body["sessions"]] == [s["slug"] for s in IMRF["sessions"]]
    rt3 = sessions["roundtable-3"]
    assert (rt3["kind"], rt3["day"], rt3["starts_at"], rt3["ends_at"], rt3["room"]) == (
        "official", "2022-05-18", "10:00", "13:00", "Trusteeship Council Chamber")
    assert rt3["participants"][1] == {
        "government": {"slug": "accra-gh", "name": "Accra", "country": "GH"},
        "name": "Elizabeth Sackey", "title": "Mayor", "organisation": None,
        "role": "panellist"}
    # a participant who speaks for no government of the forum
    policy = sessions["policy-debate"]["participants"]
    assert {"government": None, "name": "Ronald Skeldon", "title": "Professor Dr.",
            "organisation": "University of Sussex", "role": "panellist"} in policy
    # what the report does not say stays empty
    assert sessions["mmc-leadership-board"]["day"] is None
    assert sessions["making-social-cohesion-work"]["room"] is None


def test_forum_list(demo):
    body = demo.get_json(f"{API}/forums")
    items = {f["slug"]: f for f in body["items"]}
    assert set(items) == {f["slug"] for f in FORUMS}
    assert items["imrf-2022"]["actions"] == 16
    assert items["grf-2023"] == {"slug": "grf-2023", "name": "Global Refugee Forum 2023",
                                 "kind": "grf", "place": "Geneva", "starts_on": "2023-12-13",
                                 "ends_on": "2023-12-15", "actions": 0}
    # earliest first, forums without dates last
    assert [f["slug"] for f in body["items"]] == ["imrf-2022", "grf-2023", "imrf-2026"]


def test_unknown_forum_is_404(demo):
    status, _, body = demo.request(f"{API}/forums/imrf-1999")
    assert status == 404
    assert b"imrf-1999" in body


def test_taxonomy_paragraphs(demo):
    t = demo.get_json(f"{API}/taxonomy")
    assert t["declaration_paragraphs"] == [
        {"number": int(p["number"]), "topic": p["topic"], "stance": p["stance"]}
        for p in PARAGRAPHS]
    assert [p["number"] for p in t["declaration_paragraphs"]] == [
        21, 24, 31, 38, 46, 51, 53, 54, 55, 59, 61, 64, 69, 70, 75]


# ---- filters and facets ------------------------------------------------------------------------

def test_filter_forum_and_paragraph_with_facets(demo):
    body = demo.get_json(f"{API}/actions?forum=imrf-2022&facets=forum,paragraph&limit=1")
    assert body["total"] == 16
    forums = {f["value"]: f["count"] for f in body["facets"]["forum"]}
    assert forums == {"imrf-2022": 16, "grf-2023": 0, "imrf-2026": 0}
    paragraphs = {int(f["value"]): f["count"] for f in body["facets"]["paragraph"]}
    assert set(paragraphs) == {int(p["number"]) for p in PARAGRAPHS}
    for number, count in paragraphs.items():
        assert count == sum(1 for a in ACTIONS if number in a.get("declaration_paragraphs", []))
    assert paragraphs[54] == 2
    body = demo.get_json(f"{API}/actions?paragraph=54")
    assert sorted(a["external_id"] for a in body["items"]) == sorted(
        a["external_id"] for a in ACTIONS if 54 in a.get("declaration_paragraphs", []))
    body = demo.get_json(f"{API}/actions?forum=grf-2023")
    assert body["total"] == 0
    # values of one filter are alternatives
    body = demo.get_json(f"{API}/actions?paragraph=53,54")
    assert body["total"] == 3


def test_action_json_carries_links(demo):
    a = demo.get_json(f"{API}/actions/imrf2022-montevideo-basic-support-citizenship-plan")
    assert a["forums"] == ["imrf-2022"]
    assert a["declaration_paragraphs"] == [21, 38]
    a = demo.get_json(f"{API}/actions/imrf2022-mechelen-welcoming-cohesive-city")
    assert a["declaration_paragraphs"] == []


@pytest.mark.parametrize("query,parameter,value", [
    ("forum=imrf-1999", "forum", "imrf-1999"),
    ("paragraph=22", "paragraph", "22"),
    ("paragraph=abc", "paragraph", "abc"),
])
def test_unknown_filter_values_are_400(demo, query, parameter, value):
    status, _, raw = demo.request(f"{API}/actions?{query}")
    assert status == 400
    err = json.loads(raw)["error"]
    assert err["parameter"] == parameter
    assert value in err["message"]


# ---- import: records, errors, all or nothing ---------------------------------------------------

FORUM = {"type": "forum", "slug": "review-2024", "name": "A regional review 2024",
         "kind": "regional_review", "place": "Bangkok", "starts_on": "2024-03-05",
         "ends_on": "2024-03-07",
         "governments": [{"name": "Kampala", "country": "UG", "national_delegation": True},
                         "Nairobi, KE"],
         "sessions": [{"title": "Opening plenary", "kind": "official", "day": "2024-03-05",
                       "starts_at": "9:30", "ends_at": "12:00", "room": "Hall A",
                       "participants": [{"government": "Kampala, UG", "name": "A. Mayor",
                                         "title": "Mayor", "role": "speaker"}]}]}
ACTION = {"external_id": "act-1", "title": "A welcome desk", "governments": ["Kampala, UG"],
          "forums": ["review-2024"], "declaration_paragraphs": "21; 38"}


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def test_import_forum_then_action(workdir, cli, db):
    r = cli("import", "--db", db, write_jsonl(workdir / "a.jsonl", [FORUM, ACTION]))
    assert r.code == 0, r
    assert r.summary() == (2, 2, 0, 0, 0)
    assert db_query(db, "SELECT slug, kind, place FROM forums") == [
        ("review-2024", "regional_review", "Bangkok")]
    assert db_query(db, "SELECT f.slug FROM action_forums af JOIN forums f"
                        " ON f.id = af.forum_id") == [("review-2024",)]
    assert db_query(db, "SELECT paragraph FROM action_paragraphs ORDER BY 1") == [(21,), (38,)]
    assert db_query(db, "SELECT starts_at, ends_at FROM forum_sessions") == [("09:30", "12:00")]
    # the same file again changes nothing
    r = cli("import", "--db", db, workdir / "a.jsonl")
    assert r.summary() == (2, 0, 0, 2, 0)


def test_action_before_its_forum_is_refused(workdir, cli, db):
    before = db_snapshot(db)
    r = cli("import", "--db", db, write_jsonl(workdir / "a.jsonl", [ACTION, FORUM]))
    assert r.code == 1
    assert "a.jsonl:1: forums: 'review-2024' is not a known forum" in r.err
    assert db_snapshot(db) == before


def bad(field_path, value):
    """FORUM with @value at @field_path (a list of keys and indices)."""
    f = json.loads(json.dumps(FORUM))
    target = f
    for k in field_path[:-1]:
        target = target[k]
    target[field_path[-1]] = value
    return f


@pytest.mark.parametrize("record,message", [
    (dict(ACTION, forums=["imrf-1999"]), "2: forums: 'imrf-1999' is not a known forum"),
    (dict(ACTION, forums=["Not a slug!"]), "2: forums: 'Not a slug!' is not a forum slug"),
    (dict(ACTION, declaration_paragraphs=[22]),
     "2: declaration_paragraphs: '22' is not a tracked paragraph"),
    (bad(["sessions", 0, "kind"], "lunch"),
     "2: sessions[1].kind: 'lunch' is not one of: official, side_event, network_event"),
    (bad(["sessions", 0, "day"], "2024-02-30"), "2: sessions[1].day: '2024-02-30' is not a date"),
    (bad(["sessions", 0, "day"], "2024-03-09"),
     "2: sessions[1].day: 2024-03-09 is outside the forum's days (2024-03-05 to 2024-03-07)"),
    (bad(["sessions", 0, "starts_at"], "25:00"),
     "2: sessions[1].starts_at: '25:00' is not a time of day"),
    (bad(["sessions", 0, "ends_at"], "09:00"),
     "2: sessions[1].ends_at: 09:00 is not after the start 09:30"),
    (bad(["sessions", 0, "participants", 0, "role"], None),
     "2: sessions[1].participants[1].role: is required"),
    (bad(["sessions", 0, "participants", 0, "government"], "Accra, GH"),
     "2: sessions[1].participants[1].government: 'Accra, GH' is not one of the forum's"),
    (bad(["sessions", 0, "participants", 0, "government"], 5),
     "2: sessions[1].participants[1].government: must be an object or 'NAME, COUNTRY'"),
    (bad(["governments", 1], "Kampala, Uganda"),
     "2: governments[2]: 'Kampala' is listed twice"),
    (bad(["governments", 1], "Nairobi"),
     "2: governments[2]: 'Nairobi' does not end with a known country"),
    (bad(["sessions", 0, "participants"], "A. Mayor"),
     "2: sessions[1].participants: must be a list"),
    (bad(["slug"], "Review 2024"), "2: slug: 'Review 2024' may only hold a-z"),
    (bad(["ends_on"], "2024-03-01"), "2: ends_on: 2024-03-01 is before the start 2024-03-05"),
    (bad(["colour"], "blue"), "2: colour: is not a known field"),
])
def test_bad_records_are_named_and_nothing_is_written(workdir, cli, db, record, message):
    ok_forum = dict(FORUM, slug="other-2024")
    path = write_jsonl(workdir / "bad.jsonl", [ok_forum, record])
    before = db_snapshot(db)
    r = cli("import", "--db", db, path)
    assert r.code == 1, r
    assert f"bad.jsonl:{message}" in r.err, r.err
    assert db_snapshot(db) == before


# ---- the round trip ----------------------------------------------------------------------------

def test_round_trip_jsonl(workdir, cli, db):
    assert cli("import", "--db", db, DEMO_FILE).code == 0
    first = cli("export", "--db", db, "--format", "jsonl")
    assert first.code == 0, first
    lines = [json.loads(line) for line in first.out.splitlines()]
    types = [r.get("type") for r in lines]
    # governments, then forums, then actions: the file imports back in one pass
    assert types == sorted(types, key=["government", "forum", "action"].index)
    exported = {r["slug"]: r for r in lines if r["type"] == "forum"}
    assert exported["imrf-2022"]["sessions"] == IMRF["sessions"]
    assert {key(g) for g in exported["imrf-2022"]["governments"]} == {
        key(g) for g in IMRF["governments"]}
    acts = {r["external_id"]: r for r in lines if r["type"] == "action"}
    for a in ACTIONS:
        assert acts[a["external_id"]]["forums"] == a["forums"]
        assert acts[a["external_id"]].get("declaration_paragraphs", []) == sorted(
            a.get("declaration_paragraphs", []))
    dump = workdir / "dump.jsonl"
    dump.write_bytes(first.stdout_bytes)
    fresh = workdir / "fresh.db"
    assert cli("init", "--db", fresh).code == 0
    r = cli("import", "--db", fresh, dump)
    assert r.code == 0, r
    again = cli("export", "--db", fresh, "--format", "jsonl")
    assert again.stdout_bytes == first.stdout_bytes


def test_round_trip_csv_actions(workdir, cli, db):
    assert cli("import", "--db", db, write_jsonl(workdir / "a.jsonl", [FORUM, ACTION])).code == 0
    first = cli("export", "--db", db, "--format", "csv", "--type", "actions")
    header = first.out.splitlines()[0].split(",")
    assert header[-2:] == ["forums", "declaration_paragraphs"]
    assert first.out.splitlines()[1].endswith(",review-2024,21;38")
    csv = workdir / "actions.csv"
    csv.write_bytes(first.stdout_bytes)
    r = cli("import", "--db", db, csv)
    assert r.summary() == (1, 0, 0, 1, 0)


# ---- the data changes, the figures move --------------------------------------------------------

def serve_demo_copy(workdir, cli):
    db = workdir / "demo.db"
    assert cli("init", "--db", db).code == 0
    assert cli("import", "--db", db, DEMO_FILE).code == 0
    return db


def wait_for(server, path, test, tries=50):
    import time
    body = None
    for _ in range(tries):
        body = server.get_json(path)
        if test(body):
            return body
        time.sleep(0.1)
    raise AssertionError(f"{path} never changed: {body}")


def test_figures_follow_the_data(workdir, cli, start_server):
    db = serve_demo_copy(workdir, cli)
    server = start_server("serve", "--db", db, "--port", "0")
    fig = server.get_json(f"{API}/forums/imrf-2022")["figures"]
    assert (fig["governments"], fig["regions"], fig["national_delegations"]) == (16, 5, 5)
    changed = json.loads(json.dumps(IMRF))
    # one more government, in its national delegation, from a sixth region
    changed["governments"].append({"name": "Suva", "country": "FJ", "national_delegation": True})
    # the plenary gets a local government speaker; Roundtable 4 loses its own
    plenary = next(s for s in changed["sessions"] if s["slug"] == "plenary")
    plenary["participants"] = [{"government": "Suva, FJ", "role": "speaker"}]
    rt4 = next(s for s in changed["sessions"] if s["slug"] == "roundtable-4")
    rt4["participants"][0]["role"] = "delegate"
    # and an eighth official session where nobody local speaks
    changed["sessions"].append({"title": "A closing dialogue", "kind": "official",
                                "day": "2022-05-20"})
    r = cli("import", "--db", db, write_jsonl(workdir / "change.jsonl", [changed]))
    assert r.code == 0, r
    assert r.summary() == (1, 0, 1, 0, 0)
    fig = wait_for(server, f"{API}/forums/imrf-2022",
                   lambda b: b["figures"]["governments"] == 17)["figures"]
    assert fig == expected_figures(changed, ACTIONS)
    assert (fig["governments"], fig["regions"], fig["national_delegations"]) == (17, 6, 6)
    assert (fig["official_sessions_with_local_government"], fig["official_sessions"]) == (6, 8)
    # an action withdrawn from the forum leaves its count
    act = dict(next(a for a in ACTIONS if a["external_id"].startswith("imrf2022-grigny")))
    act["forums"] = []
    assert cli("import", "--db", db, write_jsonl(workdir / "act.jsonl", [act])).code == 0
    body = wait_for(server, f"{API}/forums", lambda b: b["items"][0]["actions"] == 15)
    assert body["items"][0]["actions"] == 15


# ---- PUT /api/v1/forums/{slug} -----------------------------------------------------------------

@pytest.fixture
def reviewer_server(workdir, cli, start_server):
    db = serve_demo_copy(workdir, cli)
    for name, role in (("rev", "reviewer"), ("fp", "focal_point")):
        args = ["user", "add", "--db", db, "--email", f"{name}@example.org", "--role", role,
                "--name", name, "--password-stdin"]
        if role == "focal_point":
            args += ["--government", "kampala-ug"]
        r = cli(*args, stdin=PASSWORD.encode())
        assert r.code == 0, r
    server = start_server("serve", "--db", db, "--port", "0")
    tokens = {}
    for name in ("rev", "fp"):
        b = Browser(server)
        b.login(f"{name}@example.org")
        tokens[name] = b.api_token()
    return server, db, tokens


def test_put_creates_then_replaces(reviewer_server):
    server, db, tokens = reviewer_server
    doc = {k: v for k, v in FORUM.items() if k not in ("type", "slug")}
    status, body = call(server, "PUT", f"{API}/forums/review-2024", doc, tokens["rev"])
    assert status == 201, body
    assert body["slug"] == "review-2024"
    assert body["figures"]["governments"] == 2
    assert body["figures"]["official_sessions_with_local_government"] == 1
    # Nairobi was not registered: created as an action's government would be
    assert db_query(db, "SELECT kind FROM governments WHERE slug = 'nairobi-ke'") == [("city",)]
    status, body = call(server, "PUT", f"{API}/forums/review-2024", doc, tokens["rev"])
    assert status == 200, body
    # the GET document goes back in as it is
    got = server.get_json(f"{API}/forums/review-2024")
    got["sessions"][0]["participants"][0]["role"] = "delegate"
    status, body = call(server, "PUT", f"{API}/forums/review-2024", got, tokens["rev"])
    assert status == 200, body
    assert body["figures"]["official_sessions_with_local_government"] == 0


def test_put_refusals_change_nothing(reviewer_server):
    server, db, tokens = reviewer_server
    before = db_snapshot(db)
    doc = {k: v for k, v in FORUM.items() if k != "type"}
    status, body = call(server, "PUT", f"{API}/forums/another-slug", doc, tokens["rev"])
    assert status == 400
    assert body["error"]["fields"][0]["field"] == "slug"
    status, body = call(server, "PUT", f"{API}/forums/review-2024",
                        bad(["sessions", 0, "kind"], "lunch"), tokens["rev"])
    assert status == 400
    assert {"field": "sessions[1].kind",
            "message": "'lunch' is not one of: official, side_event, network_event"} in (
        body["error"]["fields"])
    # the forum's own reasons in the language asked, each naming its field as in English
    broken = bad(["sessions", 0, "starts_at"], "25:00")
    broken["ends_on"] = "2024-03-01"
    broken["sessions"][0]["day"] = "2024-03"
    broken["sessions"][0]["participants"][0]["government"] = "Accra, GH"
    broken["governments"][0]["national_delegation"] = "yes"
    status, body = call(server, "PUT", f"{API}/forums/review-2024?lang=fr", broken, tokens["rev"])
    assert status == 400
    assert body["error"]["fields"] == [
        {"field": "ends_on", "message": "2024-03-01 précède la date de début 2024-03-05"},
        {"field": "governments[1]", "message": "national_delegation doit valoir true ou false"},
        {"field": "sessions[1].day", "message": "« 2024-03 » n'est pas une date complète (AAAA-MM-JJ)"},
        {"field": "sessions[1].starts_at",
         "message": "« 25:00 » n'est pas une heure de la journée (HH:MM, de 00:00 à 23:59)"},
        {"field": "sessions[1].participants[1].government",
         "message": "« Accra, GH » ne fait pas partie des gouvernements du forum"}], body
    status, body = call(server, "PUT", f"{API}/forums/review-2024?lang=es",
                        bad(["sessions", 0, "kind"], None), tokens["rev"])
    assert status == 400
    assert body["error"]["fields"] == [
        {"field": "sessions[1].kind",
         "message": "es obligatorio (official, side_event o network_event)"}], body
    status, body = call(server, "PUT", f"{API}/forums/review-2024", doc, tokens["fp"])
    assert status == 403
    status, body = call(server, "PUT", f"{API}/forums/review-2024", doc)
    assert status == 403
    tables = db_snapshot(db)
    for t in ("sessions", "api_tokens", "login_failures"):
        tables.pop(t, None)
        before.pop(t, None)
    assert tables == before


# ---- the pages ----------------------------------------------------------------------------------

def page(server, path):
    status, headers, body = server.request(path)
    assert status == 200, (path, status, body[:300])
    assert headers.get("Content-Type", "").startswith("text/html")
    return body.decode("utf-8")


def test_forum_page_shows_figures_programme_delegation(demo):
    html = page(demo, "/forums/imrf-2022")
    assert "<h1>International Migration Review Forum 2022</h1>" in html
    assert "<strong>6 of 7</strong> <span>official sessions with local government speakers" in html
    assert "<strong>16</strong> <span>local and regional governments</span>" in html
    assert "<strong>5</strong> <span>regions</span>" in html
    assert "<strong>5</strong> <span>in their national government&#39;s delegation</span>" in html
    # the programme by day, in order, with time, kind, room, who and in what role
    days = re.findall(r'<h3 id="day-([0-9-]+|unknown)"', html)
    assert days == ["2022-05-16", "2022-05-17", "2022-05-18", "2022-05-19", "unknown"]
    assert ('<span class="time">15:00–18:00</span> · <span class="tag">Official session</span>'
            " · Trusteeship Council Chamber</p>\n<h4>Policy debate</h4>") in html
    assert ('Yvonne Aki-Sawyerr, Mayor — <a href="/governments/freetown-sl">Freetown</a>'
            ' <span class="role">(panellist)</span>') in html
    assert 'Ronald Skeldon, Professor Dr., University of Sussex <span class="role">(panellist)' in html
    # the delegation with its national-delegation marks
    row = re.search(r'<tr><th scope="row"><a href="/governments/accra-gh">Accra</a></th>'
                    r'<td>Ghana</td><td class="hide-narrow">Africa</td><td>(.*?)</td></tr>', html)
    assert row and row.group(1) == "Yes"
    row = re.search(r'<a href="/governments/kampala-ug">Kampala</a></th><td>Uganda</td>'
                    r'<td class="hide-narrow">Africa</td><td>(.*?)</td>', html)
    assert row and row.group(1) == ""
    assert html.count('href="/actions?forum=imrf-2022"') >= 2
    assert len(html.encode()) < 60_000 - 12_000   # with the stylesheet, under 60 KB


def test_forum_pages_in_french_and_spanish(demo):
    html = page(demo, "/forums/imrf-2022?lang=fr")
    assert "<strong>6 sur 7</strong>" in html
    assert "Session officielle" in html and "(panéliste)" in html
    html = page(demo, "/forums?lang=es")
    assert "Foros de examen" in html and "16 acciones presentadas" in html


def test_forum_list_page(demo):
    html = page(demo, "/forums")
    assert '<a href="/forums/imrf-2022">International Migration Review Forum 2022</a>' in html
    assert "Global Refugee Forum · Geneva · 2023-12-13 – 2023-12-15" in html
    assert '<a href="/actions?forum=imrf-2022">16 actions submitted</a>' in html
    assert '<a href="/forums" aria-current="page">Forums</a>' in html


def test_declaration_pages(demo):
    html = page(demo, "/progress-declaration")
    numbers = re.findall(r'<a href="/progress-declaration/(\d+)"><span class="onum">', html)
    assert numbers == [p["number"] for p in PARAGRAPHS]
    m = re.search(r'href="/progress-declaration/54">.*?<span class="count">(\d+)</span>', html)
    assert m and m.group(1) == "2"
    assert "(Member States commit)" in html and "(Member States recognise)" in html
    html = page(demo, "/progress-declaration/54")
    assert "Paragraph 54 · Member States commit" in html
    assert '<a href="/actions?paragraph=54">2 actions advance this paragraph</a>' in html
    assert "/actions/imrf2022-sao-paulo-preventing-systemic-racism" in html
    assert "/actions/imrf2022-montevideo-public-spaces-social-cohesion" in html
    html = page(demo, "/progress-declaration/54?lang=fr")
    assert "Paragraphe 54" in html
    for path in ("/progress-declaration/22", "/progress-declaration/x", "/forums/imrf-1999"):
        status, _, _ = demo.request(path)
        assert status == 404, path


def test_action_page_links_forum_and_paragraphs(demo):
    html = page(demo, "/actions/imrf2022-montevideo-basic-support-citizenship-plan")
    assert '<a href="/forums/imrf-2022">International Migration Review Forum 2022</a>' in html
    assert '<a href="/progress-declaration/21">Paragraph 21</a>' in html
    assert '<a href="/progress-declaration/38">Paragraph 38</a>' in html


# ---- submitting an action to a forum -----------------------------------------------------------

def test_submission_names_forums_and_paragraphs(reviewer_server):
    server, db, tokens = reviewer_server
    from test_workflow import record
    before = db_snapshot(db)
    status, body = call(server, "POST", f"{API}/actions",
                        record("kla-forum", forums=["imrf-1999"]), tokens["fp"])
    assert status == 400
    assert body["error"]["fields"] == [
        {"field": "forums", "message": "'imrf-1999' is not a known forum (see /forums)"}]
    status, body = call(server, "POST", f"{API}/actions",
                        record("kla-forum", declaration_paragraphs=[22]), tokens["fp"])
    assert status == 400
    assert body["error"]["fields"][0]["field"] == "declaration_paragraphs"
    status, body = call(server, "POST", f"{API}/actions?lang=fr",
                        record("kla-forum", forums=["Not a slug!"], declaration_paragraphs=[22]),
                        tokens["fp"])
    assert status == 400
    assert body["error"]["fields"] == [
        {"field": "forums", "message": "« Not a slug! » n'est pas une adresse de forum "
                                       "(a-z, 0-9 et « - », comme dans imrf-2022)"},
        {"field": "declaration_paragraphs",
         "message": "« 22 » n'est pas l'un des paragraphes suivis de la Déclaration sur les "
                    f"progrès ({', '.join(p['number'] for p in PARAGRAPHS)})"}], body
    for t in ("sessions", "api_tokens", "login_failures"):
        before.pop(t, None)
    after = db_snapshot(db)
    for t in ("sessions", "api_tokens", "login_failures"):
        after.pop(t, None)
    assert after == before
    status, body = call(server, "POST", f"{API}/actions",
                        record("kla-forum", forums=["imrf-2022"], declaration_paragraphs=[31]),
                        tokens["fp"], headers=None)
    assert status == 201, body
    sid = body["id"]
    for to in ("submitted", "in_review", "published"):
        who = "fp" if to == "submitted" else "rev"
        status, body = call(server, "POST", f"{API}/submissions/{sid}/transitions", {"to": to},
                            tokens[who])
        assert status == 200, body
    got = wait_for(server, f"{API}/actions?forum=imrf-2022&paragraph=31",
                   lambda b: b["total"] == 2)
    assert "kla-forum" in {a["external_id"] for a in got["items"]}


def test_submit_form_has_the_fields(reviewer_server):
    server, _, _ = reviewer_server
    b = Browser(server)
    b.login("fp@example.org")
    status, _, body = b.request("GET", "/submit")
    assert status == 200
    html = body.decode()
    assert '<input id="forums" type="text" name="forums"' in html
    assert '<input id="declaration_paragraphs" type="text" name="declaration_paragraphs"' in html
    assert 'id="forums-hint">The addresses of the review forums' in html


def test_action_list_keeps_forum_and_paragraph_filters(demo):
    html = page(demo, "/actions?forum=imrf-2022&paragraph=54")
    assert '<input type="hidden" name="forum" value="imrf-2022">' in html
    assert '<input type="hidden" name="paragraph" value="54">' in html
    assert 'class="chip">International Migration Review Forum 2022<' in html
    # removing the forum keeps the paragraph, and the other way round
    assert 'href="/actions?paragraph=54" class="chip">International Migration Review Forum' in html
    assert "/actions/imrf2022-sao-paulo-preventing-systemic-racism" in html
    status, _, _ = demo.request("/actions?forum=imrf-1999")
    assert status == 400
