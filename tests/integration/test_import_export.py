"""Import of well-formed files in each format, export, and the round trip export -> import ->
export that docs/data-format.md promises gives the same bytes."""

import csv
import io
import json
import re
import sqlite3
import time

import pytest

import sampledata
from conftest import db_query

FORMATS = ["csv", "json", "jsonl"]


def export(cli, db, fmt, typ, *extra):
    r = cli("export", "--db", db, "--format", fmt, "--type", typ, *extra)
    assert r.code == 0, r
    return r


def exported_records(cli, db):
    """(governments, actions) as exported in JSON Lines with --type all."""
    r = export(cli, db, "jsonl", "all")
    recs = [json.loads(line) for line in r.out.splitlines() if line.strip()]
    govs = [x for x in recs if x.get("type") == "government"]
    acts = [x for x in recs if x.get("type", "action") == "action"]
    assert len(govs) + len(acts) == len(recs), r
    return govs, acts


@pytest.fixture
def sample_db(workdir, cli, db):
    """The database with the sample imported from CSV."""
    path = sampledata.write(workdir / "sample.csv", sampledata.ACTIONS, "csv")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    return db


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_sample(workdir, cli, db, fmt):
    path = sampledata.write(workdir / f"sample.{fmt}", sampledata.ACTIONS, fmt)
    r = cli("import", "--db", db, "--quiet", path)
    n = len(sampledata.ACTIONS)
    assert r.code == 0, r
    assert r.summary() == (n, n, 0, 0, 0), r

    govs, acts = exported_records(cli, db)
    want = {a["external_id"]: sampledata.normalise_action(a) for a in sampledata.ACTIONS}
    got = {a["external_id"]: sampledata.normalise_action(a) for a in acts}
    assert set(got) == set(want)
    for ext_id in want:
        assert got[ext_id] == want[ext_id], ext_id

    # governments were created as cities, with their names as written (accents kept)
    want_govs = sampledata.government_names(sampledata.ACTIONS)
    assert {(g["name"], g["country"]) for g in govs} == want_govs
    assert all(g.get("kind", "city") == "city" for g in govs)
    assert ("São Paulo", "BR") in want_govs and ("Montréal", "CA") in want_govs

    rows = db_query(db, "SELECT count(*) FROM actions")
    assert rows[0][0] == n


def test_joint_pledge_keeps_lead_first(cli, sample_db):
    _, acts = exported_records(cli, sample_db)
    joint = next(a for a in acts if a["external_id"] == "t-kampala-nairobi-jobs")
    names = [(g["name"], g["country"]) for g in joint["governments"]]
    assert names == [("Kampala", "UG"), ("Nairobi", "KE")]
    assert joint["end_date"] == "tbc"
    assert sampledata.money(joint["budget"]) == sampledata.money("1500.5")
    assert joint["currency"] == "USD"
    assert sorted(joint["gcm_objectives"]) == [7, 15, 16]
    assert joint["indicators"][0]["name"] == "People placed in jobs"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reimport_changes_nothing(workdir, cli, db, fmt):
    path = sampledata.write(workdir / f"sample.{fmt}", sampledata.ACTIONS, fmt)
    n = len(sampledata.ACTIONS)
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    before = db_query(db, "SELECT external_id, updated_at, created_at FROM actions ORDER BY 1")
    export_before = export(cli, db, "jsonl", "all").stdout_bytes
    assert len(before) == n
    time.sleep(1.1)  # a rewritten timestamp would now differ

    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    assert r.summary() == (n, 0, 0, n, 0), r
    after = db_query(db, "SELECT external_id, updated_at, created_at FROM actions ORDER BY 1")
    assert after == before
    assert export(cli, db, "jsonl", "all").stdout_bytes == export_before


def test_reimport_with_one_change_updates_one(workdir, cli, db):
    n = len(sampledata.ACTIONS)
    path = sampledata.write(workdir / "sample.csv", sampledata.ACTIONS, "csv")
    assert cli("import", "--db", db, "--quiet", path).code == 0
    before = dict(db_query(db, "SELECT external_id, updated_at FROM actions"))
    time.sleep(1.1)

    changed = sampledata.actions()
    changed[3]["title"] = "Climate migration agenda for Dhaka North, revised"
    path2 = sampledata.write(workdir / "changed.csv", changed, "csv")
    r = cli("import", "--db", db, "--quiet", path2)
    assert r.code == 0, r
    assert r.summary() == (n, 0, 1, n - 1, 0), r
    after = dict(db_query(db, "SELECT external_id, updated_at FROM actions"))
    for ext_id, ts in before.items():
        if ext_id == changed[3]["external_id"]:
            assert after[ext_id] > ts
        else:
            assert after[ext_id] == ts, ext_id
    titles = dict(db_query(db, "SELECT external_id, title FROM actions"))
    assert titles[changed[3]["external_id"]] == changed[3]["title"]


def test_round_trip_jsonl_all(workdir, cli, sample_db):
    first = export(cli, sample_db, "jsonl", "all").stdout_bytes
    lines = first.decode("utf-8").splitlines()
    types = [json.loads(line).get("type") for line in lines]
    n_govs = len(sampledata.government_names(sampledata.ACTIONS))
    # governments first, then actions
    assert types == ["government"] * n_govs + ["action"] * len(sampledata.ACTIONS)

    dump = workdir / "dump.jsonl"
    dump.write_bytes(first)
    fresh = workdir / "fresh.db"
    assert cli("init", "--db", fresh).code == 0
    r = cli("import", "--db", fresh, "--quiet", dump)
    assert r.code == 0, r
    second = export(cli, fresh, "jsonl", "all").stdout_bytes
    assert second == first


def test_round_trip_json_all(workdir, cli, sample_db):
    first = export(cli, sample_db, "json", "all").stdout_bytes
    recs = json.loads(first)
    assert isinstance(recs, list)
    assert len(recs) == len(sampledata.ACTIONS) + len(sampledata.government_names(
        sampledata.ACTIONS))
    dump = workdir / "dump.json"
    dump.write_bytes(first)
    fresh = workdir / "fresh.db"
    assert cli("init", "--db", fresh).code == 0
    r = cli("import", "--db", fresh, "--quiet", dump)
    assert r.code == 0, r
    assert export(cli, fresh, "json", "all").stdout_bytes == first


def test_round_trip_csv_actions(workdir, cli, sample_db):
    first = export(cli, sample_db, "csv", "actions").stdout_bytes
    rows = list(csv.DictReader(io.StringIO(first.decode("utf-8"), newline="")))
    assert len(rows) == len(sampledata.ACTIONS)
    by_id = {row["external_id"]: row for row in rows}
    assert set(by_id) == {a["external_id"] for a in sampledata.ACTIONS}
    # the cell forms of data-format.md
    assert by_id["t-kampala-nairobi-jobs"]["governments"] == "Kampala, UG; Nairobi, KE"
    assert sorted(by_id["t-kampala-nairobi-jobs"]["gcm_objectives"].split(";"),
                  key=int) == ["7", "15", "16"]
    assert by_id["t-grigny-services"]["title"] == 'Access to "essential" services, for all'
    assert by_id["t-grigny-services"]["description"] == sampledata.ACTIONS[5]["description"]
    assert json.loads(by_id["t-kampala-nairobi-jobs"]["indicators"])[0]["target"] == 500

    dump = workdir / "dump.csv"
    dump.write_bytes(first)
    fresh = workdir / "fresh.db"
    assert cli("init", "--db", fresh).code == 0
    r = cli("import", "--db", fresh, "--quiet", dump)
    assert r.code == 0, r
    n = len(sampledata.ACTIONS)
    assert r.summary() == (n, n, 0, 0, 0), r
    assert export(cli, fresh, "csv", "actions").stdout_bytes == first


def test_round_trip_csv_governments(workdir, cli, sample_db):
    first = export(cli, sample_db, "csv", "governments").stdout_bytes
    rows = list(csv.DictReader(io.StringIO(first.decode("utf-8"), newline="")))
    assert {(r["name"], r["country"]) for r in rows} == sampledata.government_names(
        sampledata.ACTIONS)
    assert "title" not in rows[0]
    dump = workdir / "govs.csv"
    dump.write_bytes(first)
    fresh = workdir / "fresh.db"
    assert cli("init", "--db", fresh).code == 0
    r = cli("import", "--db", fresh, "--quiet", dump)
    assert r.code == 0, r
    assert export(cli, fresh, "csv", "governments").stdout_bytes == first


def test_export_output_file_matches_stdout(workdir, cli, sample_db):
    stdout = export(cli, sample_db, "jsonl", "all").stdout_bytes
    out = workdir / "out.jsonl"
    r = cli("export", "--db", sample_db, "--format", "jsonl", "--type", "all", "--output", out)
    assert r.code == 0, r
    assert out.read_bytes() == stdout
    assert len(stdout) > 0


def test_export_types(cli, sample_db):
    acts = json.loads(export(cli, sample_db, "json", "actions").out)
    assert sorted(a["external_id"] for a in acts) == sorted(
        a["external_id"] for a in sampledata.ACTIONS)
    assert all(a.get("type", "action") == "action" for a in acts)
    govs = json.loads(export(cli, sample_db, "json", "governments").out)
    assert {(g["name"], g["country"]) for g in govs} == sampledata.government_names(
        sampledata.ACTIONS)
    assert all(g.get("type") == "government" for g in govs)


def test_export_csv_all_is_usage_error(cli, sample_db):
    r = cli("export", "--db", sample_db, "--format", "csv", "--type", "all")
    assert r.code == 2, r


def test_format_option_overrides_extension(workdir, cli, db):
    path = workdir / "records.txt"
    path.write_text(sampledata.to_jsonl(sampledata.ACTIONS), encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", "--format", "jsonl", path)
    n = len(sampledata.ACTIONS)
    assert r.code == 0, r
    assert r.summary() == (n, n, 0, 0, 0), r


def test_csv_government_and_country_columns(workdir, cli, db):
    path = workdir / "sheet.csv"
    path.write_text("external_id,title,government,country,gcm_objectives\r\n"
                    "s-1,First,Kampala,Uganda,7\r\n"
                    "s-2,Second,São Paulo,BRA,16;17\r\n", encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    assert r.summary() == (2, 2, 0, 0, 0), r
    govs, acts = exported_records(cli, db)
    assert {(g["name"], g["country"]) for g in govs} == {("Kampala", "UG"), ("São Paulo", "BR")}
    by_id = {a["external_id"]: a for a in acts}
    assert [g["name"] for g in by_id["s-2"]["governments"]] == ["São Paulo"]
    assert sorted(by_id["s-2"]["gcm_objectives"]) == [16, 17]


def test_governments_file_then_strict_actions(workdir, cli, db):
    govs = workdir / "govs.jsonl"
    govs.write_text(
        json.dumps({"type": "government", "name": "United Cities and Local Governments",
                    "country": "Spain", "kind": "association", "latitude": 41.3851,
                    "longitude": 2.1734, "networks": ["UCLG"]}) + "\n" +
        json.dumps({"type": "government", "name": "Kampala", "country": "UGA",
                    "population": 1680600}) + "\n", encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", govs)
    assert r.code == 0, r
    acts = workdir / "acts.jsonl"
    acts.write_text(json.dumps({"external_id": "k-1", "title": "Known government",
                                "governments": ["Kampala, UG"]}) + "\n", encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", "--strict", acts)
    assert r.code == 0, r
    assert r.summary()[1] == 1, r
    exported_govs, _ = exported_records(cli, db)
    by_name = {g["name"]: g for g in exported_govs}
    assert by_name["United Cities and Local Governments"]["country"] == "ES"  # as alpha-2
    assert by_name["United Cities and Local Governments"]["kind"] == "association"
    assert by_name["Kampala"]["country"] == "UG"
    assert len(exported_govs) == 2  # the action matched Kampala instead of creating it again


def test_reimport_governments_file_changes_nothing(workdir, cli, db):
    govs = workdir / "govs.csv"
    govs.write_text("name,country,kind,latitude,longitude\r\n"
                    "Kampala,UG,city,0.3476,32.5825\r\n"
                    "Montréal,CA,city,45.5019,-73.5674\r\n", encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", "--type", "governments", govs)
    assert r.code == 0, r
    assert r.summary() == (2, 2, 0, 0, 0), r
    r = cli("import", "--db", db, "--quiet", "--type", "governments", govs)
    assert r.code == 0, r
    assert r.summary() == (2, 0, 0, 2, 0), r
    assert db_query(db, "SELECT count(*) FROM governments")[0][0] == 2


def test_given_timestamps_are_kept(workdir, cli, db):
    recs = sampledata.actions()[:2]
    recs[0]["created_at"] = "2021-03-04T05:06:07Z"
    recs[0]["updated_at"] = "2022-05-17T12:00:00Z"
    path = sampledata.write(workdir / "ts.jsonl", recs, "jsonl")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    _, acts = exported_records(cli, db)
    by_id = {a["external_id"]: a for a in acts}
    assert by_id[recs[0]["external_id"]]["created_at"] == "2021-03-04T05:06:07Z"
    assert by_id[recs[0]["external_id"]]["updated_at"] == "2022-05-17T12:00:00Z"
    # absent ones are set by the import, in the documented form
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", by_id[recs[1]["external_id"]]
                        ["created_at"])


def exported_governments(cli, db):
    """{external_id: [(name, country), ...]} of the actions `export` writes."""
    out = cli("export", "--db", db, "--type", "actions", "--format", "jsonl")
    recs = [json.loads(line) for line in out.out.splitlines()]
    return {r["external_id"]: [(g["name"], g["country"]) for g in r["governments"]] for r in recs}


def test_spreadsheet_forms_are_understood(cli, db, workdir):
    """docs/data-format.md: 'What a spreadsheet may write instead'."""
    path = workdir / "cities.csv"
    path.write_text(
        "External ID,Title,Lead Government,Country,Objectives,Principles,SDGs,Themes,"
        "Target Groups,Status,Start,End,Budget,Currency\n"
        'len-1,Lenient one,Kampala,Uganda,"Objective 7, 15","1; 9","SDG 10.7, 16.9",'
        '"Health, Employment and livelihoods","Refugees; internally displaced people",'
        'In progress,2023,tbc,"1,500,000.50",usd\n', encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    out = cli("export", "--db", db, "--type", "actions", "--format", "jsonl")
    rec = json.loads(out.out.splitlines()[0])
    assert rec["governments"] == [{"name": "Kampala", "country": "UG", "kind": "city"}]
    assert rec["gcm_objectives"] == [7, 15]
    assert rec["guiding_principles"] == [1, 9]
    assert rec["sdg_targets"] == ["10.7", "16.9"]
    assert rec["themes"] == ["health", "employment-livelihoods"]
    assert rec["target_groups"] == ["refugees", "internally-displaced"]
    assert rec["implementation_status"] == "in_progress"
    assert rec["budget"] == 1500000.5 and rec["currency"] == "USD"


def test_more_ways_cities_write_records(cli, db, workdir):
    """Real pledge sheets: UN country names, dates and amounts as people write them, synonyms of
    codes and terms, a "Type" column of pledges and practices (docs/data-format.md, 'What a
    spreadsheet may write instead')."""
    path = workdir / "sheet.csv"
    path.write_text(
        "ID,Title,Government,Country,Type,Status,Start,End,Budget,Currency,Objectives,Themes,"
        "Target groups,Language,URL\n"
        "w-1,One,London,United Kingdom of Great Britain and Northern Ireland,Good practice,"
        "Ongoing,May 2022,31/12/2025,1 500 000,GBP,Obj. 7,Livelihoods,IDPs,French,"
        "www.example.org/w-1\n"
        "w-2,Two,Seoul,\"Korea, Republic of\",Commitment,Not started,2023/3/1,1 de mayo de 2026,"
        "2'000'000.50,KRW,GCM 16,Climate change,Internally displaced persons,Espa\u00f1ol,\n",
        encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    out = cli("export", "--db", db, "--type", "actions", "--format", "jsonl")
    recs = {json.loads(l)["external_id"]: json.loads(l) for l in out.out.splitlines()}
    one, two = recs["w-1"], recs["w-2"]
    assert one["governments"][0]["country"] == "GB" and two["governments"][0]["country"] == "KR"
    assert (one["kind"], one["implementation_status"]) == ("practice", "in_progress")
    assert (two["kind"], two["implementation_status"]) == ("pledge", "planned")
    assert (one["start_date"], one["end_date"]) == ("2022-05", "2025-12-31")
    assert (two["start_date"], two["end_date"]) == ("2023-03-01", "2026-05-01")
    assert one["budget"] == 1500000 and two["budget"] == 2000000.5
    assert one["gcm_objectives"] == [7] and two["gcm_objectives"] == [16]
    assert one["themes"] == ["employment-livelihoods"] and two["themes"] == ["climate-disasters"]
    assert one["target_groups"] == two["target_groups"] == ["internally-displaced"]
    assert (one["language"], two["language"]) == ("fr", "es")
    assert one["source_url"] == "https://www.example.org/w-1"


def test_government_and_country_cells_as_people_fill_them(cli, db, workdir):
    """A joint pledge written 'Tyre and Zürich' / 'Lebanon, Switzerland'; a government cell that
    carries its country when there is no country; names with 'and' that are one government."""
    path = workdir / "govs.csv"
    path.write_text(
        "external_id,title,government,country\n"
        'g-1,T,Kampala (Uganda),\n'
        'g-2,T,"Kampala, Uganda; Nairobi, KE",\n'
        'g-3,T,Tyre and Zürich,"Lebanon; Switzerland"\n'
        'g-4,T,"Kampala, Nairobi","Uganda, Kenya"\n'
        'g-5,T,Kampala & Nairobi,Uganda & Kenya\n'
        'g-6,T,Lampedusa and Linosa,Italy\n'
        'g-7,T,Port of Spain,Trinidad and Tobago\n'
        'g-8,T,Seoul,"Korea, Republic of"\n', encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    govs = exported_governments(cli, db)
    kampala_nairobi = [("Kampala", "UG"), ("Nairobi", "KE")]
    assert govs == {"g-1": [("Kampala", "UG")], "g-2": kampala_nairobi,
                    "g-3": [("Tyre", "LB"), ("Zürich", "CH")], "g-4": kampala_nairobi,
                    "g-5": kampala_nairobi, "g-6": [("Lampedusa and Linosa", "IT")],
                    "g-7": [("Port of Spain", "TT")], "g-8": [("Seoul", "KR")]}


@pytest.mark.parametrize("cells", ['Kampala,', 'Kampala and Nairobi,"Uganda; Kenya; Ghana"',
                                   'Kampala,"Uganda, Atlantis"'])
def test_government_cells_that_cannot_be_read_are_refused(cli, db, workdir, cells):
    path = workdir / "govs.csv"
    path.write_text(f"external_id,title,government,country\ng-1,T,{cells}\n", encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 1, r
    assert "govs.csv:2: " in r.err and ("country" in r.err or "governments" in r.err), r


@pytest.mark.parametrize("start", ["01/05/2022", "Q1 2022", "2022-02-30"])
def test_dates_read_two_ways_are_refused(cli, db, workdir, start):
    path = workdir / "date.csv"
    path.write_text('external_id,title,governments,start_date\n'
                    f'd-1,T,"Kampala, UG",{start}\n', encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 1, r
    assert f"date.csv:2: start_date: '{start}' is not a date" in r.err, r


@pytest.mark.parametrize("budget", ["1.500,50", "1,5", "12,34,567", "1 000,50", "10 00"])
def test_ambiguous_amounts_are_refused(cli, db, workdir, budget):
    path = workdir / "amount.csv"
    path.write_text('external_id,title,governments,budget,currency\n'
                    f'a-1,T,"Kampala, UG","{budget}",USD\n', encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 1, r
    assert "amount.csv:2: budget:" in r.err, r


def test_government_and_country_columns_name_joint_pledges(cli, db, workdir):
    path = workdir / "joint.csv"
    path.write_text("external_id,title,government,country\n"
                    'j-1,Joint,"Kampala; Nairobi","Uganda; Kenya"\n'
                    'j-2,Two in one,"Kampala; Entebbe",UG\n', encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    govs = exported_governments(cli, db)
    assert govs == {"j-1": [("Kampala", "UG"), ("Nairobi", "KE")],
                    "j-2": [("Kampala", "UG"), ("Entebbe", "UG")]}


def test_government_and_country_columns_must_pair(cli, db, workdir):
    path = workdir / "joint.csv"
    path.write_text('external_id,title,government,country\nj-3,Bad,"A; B; C","UG; KE"\n',
                    encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 1, r
    assert "joint.csv:2: country:" in r.err, r


def test_import_leaves_the_database_in_wal_mode(workdir, cli, db):
    """A bulk import alone on the database writes through a rollback journal, then the file
    goes back to WAL mode with no journal left beside it."""
    path = sampledata.write(workdir / "all.jsonl", sampledata.actions(), "jsonl")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    assert db_query(db, "PRAGMA journal_mode") == [("wal",)]
    assert not (workdir / "test.db-journal").exists()


def test_import_with_a_reader_attached_keeps_wal_and_does_not_wait(workdir, cli, db):
    """With another connection open the import stays in WAL mode, at once, rather than wait
    for the reader (the busy timeout is 10 s)."""
    reader = sqlite3.connect(db)
    try:
        assert reader.execute("SELECT count(*) FROM actions").fetchall() == [(0,)]
        path = sampledata.write(workdir / "all.jsonl", sampledata.actions(), "jsonl")
        start = time.monotonic()
        r = cli("import", "--db", db, "--quiet", path)
        assert r.code == 0, r
        assert time.monotonic() - start < 5
        n = reader.execute("SELECT count(*) FROM actions").fetchall()[0][0]
        assert n == len(sampledata.ACTIONS)
    finally:
        reader.close()
    assert db_query(db, "PRAGMA journal_mode") == [("wal",)]
