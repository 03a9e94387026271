"""Rejected imports: each malformed file is its own test. Import is all-or-nothing, so each
test checks the exit code, that stderr names the row and the field (`FILE:ROW: FIELD: reason`),
and that the database did not change at all."""

import json
import re

import pytest

import sampledata
from conftest import db_query, db_snapshot

BAD_INDEX = 2  # the bad record is the third one: CSV row 4, JSON element 3, JSONL line 3
BASELINE = [
    {"external_id": "base-1", "title": "Already there", "governments": ["Accra, GH"],
     "gcm_objectives": [1]},
    {"external_id": "base-2", "title": "Also there", "governments": ["Kampala, UG"],
     "gcm_objectives": [2], "publication_state": "draft"},
]


def row_of(fmt, index):
    return index + 2 if fmt == "csv" else index + 1


def assert_reported(result, fname, row, field):
    """stderr holds `FNAME:ROW: FIELD: reason` (FIELD may be made more precise with [..] or .)."""
    row_re = str(row) if row is not None else r"\d+"
    field_re = re.escape(field) + r"(?:[\[.][^:]*)?" if field is not None else r"[^:]+"
    pat = re.compile(re.escape(fname) + ":" + row_re + ": " + field_re + ": .+")
    assert pat.search(result.err), (
        f"stderr does not report {fname}:{row}: {field}: ...\n{result!r}")


@pytest.fixture
def base_db(workdir, cli, db):
    """A database holding a couple of records, so "unchanged" means something."""
    path = sampledata.write(workdir / "base.jsonl", BASELINE, "jsonl")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    return db


class Unchanged:
    """Snapshots the database and its export; check() asserts neither changed."""

    def __init__(self, cli, db):
        self.cli, self.db = cli, db
        self.rows = db_snapshot(db)
        self.export = self._export()
        assert db_query(db, "SELECT count(*) FROM actions")[0][0] == len(BASELINE)

    def _export(self):
        r = self.cli("export", "--db", self.db, "--format", "jsonl", "--type", "all")
        assert r.code == 0, r
        return r.stdout_bytes

    def check(self):
        assert db_snapshot(self.db) == self.rows, "the database changed"
        assert self._export() == self.export, "the export changed"


def import_bad(cli, db, workdir, fname, content, *options):
    path = workdir / fname
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return cli("import", "--db", db, "--quiet", *options, fname)


def with_bad(field, value, index=BAD_INDEX):
    recs = sampledata.actions()
    if value is None:
        recs[index].pop(field, None)
    else:
        recs[index][field] = value
    return recs


# ---- one bad value in an otherwise good file, in each format -----------------------------------

BAD_VALUES = {
    "objective_24": ("gcm_objectives", [7, 24], "gcm_objectives"),
    "unknown_country": ("governments", [{"name": "Kampala", "country": "XX"}], "governments"),
    "end_before_start": ("end_date", "2019-01-01", "end_date"),  # start is 2019-01-15
    "negative_budget": ("budget", "-100", "budget"),
    "long_title": ("title", "x" * 301, "title"),
    "bad_date": ("start_date", "2019-02-30", "start_date"),
    "bad_external_id": ("external_id", "has spaces/and slash", "external_id"),
    "amount_without_currency": ("currency", None, "currency"),
    "three_decimals": ("funding_secured", "10.125", "funding_secured"),
}


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_bad_value_rejects_file(workdir, cli, base_db, fmt, case):
    field, value, reported = BAD_VALUES[case]
    recs = with_bad(field, value)
    if fmt != "csv" and field == "budget":
        value = -100  # a JSON number
        recs[BAD_INDEX][field] = value
    content = {"csv": sampledata.to_csv, "json": sampledata.to_json,
               "jsonl": sampledata.to_jsonl}[fmt](recs)
    snap = Unchanged(cli, base_db)
    fname = f"bad.{fmt}"
    r = import_bad(cli, base_db, workdir, fname, content)
    assert r.code == 1, r
    assert_reported(r, fname, row_of(fmt, BAD_INDEX), reported)
    snap.check()


def test_invalid_utf8_in_csv_cell(workdir, cli, base_db):
    text = sampledata.to_csv(sampledata.actions())
    good_title = sampledata.ACTIONS[BAD_INDEX]["title"]
    content = text.encode("utf-8").replace(good_title.encode("utf-8"), b"Caf\xe9 \xff title")
    assert content != text.encode("utf-8")
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", content)
    assert r.code == 1, r
    assert_reported(r, "bad.csv", row_of("csv", BAD_INDEX), "title")
    snap.check()


def test_nul_byte_in_csv_cell(workdir, cli, base_db):
    text = sampledata.to_csv(sampledata.actions())
    good_title = sampledata.ACTIONS[BAD_INDEX]["title"]
    content = text.encode("utf-8").replace(good_title.encode("utf-8"), b"Nul\x00byte")
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", content)
    assert r.code == 1, r
    assert_reported(r, "bad.csv", row_of("csv", BAD_INDEX), "title")
    snap.check()


def test_objective_24_in_csv_cell(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[BAD_INDEX]["gcm_objectives"] = "7;15;24"
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", sampledata.to_csv(recs))
    assert r.code == 1, r
    assert_reported(r, "bad.csv", 4, "gcm_objectives")
    snap.check()


def test_unknown_country_in_csv_governments_cell(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[BAD_INDEX]["governments"] = "Kampala, UG; Atlantis City, Atlantis"
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", sampledata.to_csv(recs))
    assert r.code == 1, r
    assert_reported(r, "bad.csv", 4, "governments")
    snap.check()


def test_duplicate_external_id_in_file(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[5]["external_id"] = recs[1]["external_id"]
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", sampledata.to_csv(recs))
    assert r.code == 1, r
    # the second occurrence is the one reported: record 6, CSV row 7
    assert_reported(r, "bad.csv", 7, "external_id")
    snap.check()


def test_duplicate_external_id_in_jsonl(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[5]["external_id"] = recs[1]["external_id"]
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.jsonl", sampledata.to_jsonl(recs))
    assert r.code == 1, r
    assert_reported(r, "bad.jsonl", 6, "external_id")
    snap.check()


def test_unknown_column(workdir, cli, base_db):
    recs = sampledata.actions()
    for rec in recs:
        rec["colour"] = "blue"
    content = sampledata.to_csv(recs, sampledata.CSV_COLUMNS + ["colour"])
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", content)
    assert r.code == 1, r
    # reported on the header (row 1) or on the records: the docs do not say which
    assert_reported(r, "bad.csv", None, "colour")
    snap.check()


def test_unknown_field_in_jsonl(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[BAD_INDEX]["colour"] = "blue"
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.jsonl", sampledata.to_jsonl(recs))
    assert r.code == 1, r
    assert_reported(r, "bad.jsonl", 3, "colour")
    snap.check()


def test_malformed_csv_unterminated_quote(workdir, cli, base_db):
    text = sampledata.to_csv(sampledata.actions())
    lines = text.split("\r\n")
    # row 4 (the third record) opens a quoted cell that never closes
    lines[3] = lines[3].replace(sampledata.ACTIONS[BAD_INDEX]["external_id"],
                                '"' + sampledata.ACTIONS[BAD_INDEX]["external_id"] + " oops", 1)
    content = "\r\n".join(lines)
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", content)
    assert r.code == 1, r
    m = re.search(r"bad\.csv:(\d+): ", r.err)
    assert m, r
    assert int(m.group(1)) >= 4, r
    snap.check()


def test_invalid_json_array(workdir, cli, base_db):
    content = sampledata.to_json(sampledata.actions())
    content = content.rstrip().rstrip("]").rstrip().rstrip("}") + ', "title": }]'
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.json", content)
    assert r.code == 1, r
    assert re.search(r"bad\.json:\d+: ", r.err), r
    snap.check()


def test_json_not_an_array(workdir, cli, base_db):
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.json", '{"external_id": "x"}')
    assert r.code == 1, r
    assert "bad.json" in r.err, r
    snap.check()


def test_invalid_jsonl_line(workdir, cli, base_db):
    lines = sampledata.to_jsonl(sampledata.actions()).splitlines()
    lines[BAD_INDEX] = lines[BAD_INDEX][:-5]  # cut inside the object
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.jsonl", "\n".join(lines) + "\n")
    assert r.code == 1, r
    assert re.search(r"bad\.jsonl:3: ", r.err), r
    snap.check()


def test_strict_rejects_unknown_government(workdir, cli, base_db):
    recs = [
        {"external_id": "s-1", "title": "Known lead", "governments": ["Accra, GH"]},
        {"external_id": "s-2", "title": "Known too", "governments": ["Kampala, Uganda"]},
        {"external_id": "s-3", "title": "Not registered", "governments": ["Kampala, UG",
                                                                          "Nairobi, KE"]},
    ]
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "strict.jsonl", sampledata.to_jsonl(recs), "--strict")
    assert r.code == 1, r
    assert_reported(r, "strict.jsonl", 3, "governments")
    assert "strict.jsonl:1:" not in r.err and "strict.jsonl:2:" not in r.err, r
    snap.check()

    # without --strict the same file goes in and Nairobi is created
    r = import_bad(cli, base_db, workdir, "strict.jsonl", sampledata.to_jsonl(recs))
    assert r.code == 0, r
    assert db_query(base_db, "SELECT count(*) FROM governments WHERE name = 'Nairobi'")[0][0] == 1


def test_partial_writes_good_rows(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[BAD_INDEX]["gcm_objectives"] = [24]
    path = sampledata.write(workdir / "partial.csv", recs, "csv")
    r = cli("import", "--db", base_db, "--quiet", "--partial", "partial.csv")
    n = len(recs)
    assert r.code == 6, r
    assert_reported(r, "partial.csv", 4, "gcm_objectives")
    assert r.summary() == (n, n - 1, 0, 0, 1), r
    ids = {row[0] for row in db_query(base_db, "SELECT external_id FROM actions")}
    want = {x["external_id"] for x in BASELINE} | {
        x["external_id"] for i, x in enumerate(recs) if i != BAD_INDEX}
    assert ids == want
    assert path.exists()


def test_partial_with_all_good_rows_exits_0(workdir, cli, base_db):
    path = sampledata.write(workdir / "good.csv", sampledata.ACTIONS, "csv")
    r = cli("import", "--db", base_db, "--quiet", "--partial", path)
    assert r.code == 0, r


def test_errors_reported_for_every_bad_row(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[1]["gcm_objectives"] = [99]
    recs[4]["end_date"] = "someday"
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", sampledata.to_csv(recs))
    assert r.code == 1, r
    assert_reported(r, "bad.csv", 3, "gcm_objectives")
    assert_reported(r, "bad.csv", 6, "end_date")
    snap.check()


def test_missing_file_is_io_error(workdir, cli, base_db):
    snap = Unchanged(cli, base_db)
    r = cli("import", "--db", base_db, "--quiet", workdir / "no-such-file.csv")
    assert r.code == 4, r
    assert "no-such-file.csv" in r.err, r
    snap.check()


def test_row_counts_records_not_lines(workdir, cli, base_db):
    """Record 6 has a line break inside its description cell; the record after it is still
    CSV row 8 (ROW counts records, the header being row 1)."""
    recs = sampledata.actions()
    assert "\n" in recs[5]["description"]
    recs[6]["gcm_objectives"] = [42]
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.csv", sampledata.to_csv(recs))
    assert r.code == 1, r
    assert_reported(r, "bad.csv", 8, "gcm_objectives")
    snap.check()


def test_nul_escape_in_json_text(workdir, cli, base_db):
    recs = sampledata.actions()
    recs[BAD_INDEX]["title"] = "before\u0000after"
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.jsonl", sampledata.to_jsonl(recs))
    assert r.code == 1, r
    # rejected by the JSON reader or by the title check: either way line 3 is named
    assert re.search(r"bad\.jsonl:3: ", r.err), r
    snap.check()


def test_lone_surrogate_escape_in_json(workdir, cli, base_db):
    lines = sampledata.to_jsonl(sampledata.actions()).splitlines()
    title = sampledata.ACTIONS[BAD_INDEX]["title"]
    lines[BAD_INDEX] = lines[BAD_INDEX].replace(json.dumps(title, ensure_ascii=False),
                                                '"bad \\ud800 surrogate"')
    assert "ud800" in lines[BAD_INDEX]
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "bad.jsonl", "\n".join(lines) + "\n")
    assert r.code == 1, r
    assert re.search(r"bad\.jsonl:3: ", r.err), r
    snap.check()


def test_governments_csv_bad_latitude(workdir, cli, base_db):
    content = ("name,country,latitude,longitude\r\n"
               "Nairobi,KE,-1.29,36.82\r\n"
               "Mombasa,KE,95,39.66\r\n")
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "govs.csv", content, "--type", "governments")
    assert r.code == 1, r
    assert_reported(r, "govs.csv", 3, "latitude")
    snap.check()


def test_government_unknown_country_in_jsonl(workdir, cli, base_db):
    content = (json.dumps({"type": "government", "name": "Nairobi", "country": "KE"}) + "\n" +
               json.dumps({"type": "government", "name": "Atlantis", "country": "Atlantis"}) +
               "\n")
    snap = Unchanged(cli, base_db)
    r = import_bad(cli, base_db, workdir, "govs.jsonl", content)
    assert r.code == 1, r
    assert_reported(r, "govs.jsonl", 2, "country")
    snap.check()


def test_reasons_are_said_in_english(workdir, cli, base_db):
    """The importer says every reason in English, `FILE:ROW: FIELD: reason`, whatever language
    the website speaks: the same rules and texts as the pages' (data/i18n/ui.pot)."""
    bad = {"external_id": "a b", "title": "", "governments": ["Kampala", {"name": "Y",
           "country": "ZZ"}], "gcm_objectives": [24], "start_date": "2024-05",
           "end_date": "2023", "currency": "dollars", "partners": ["a;b"],
           "indicators": [{"name": "Jobs", "baseline": "abc"}, 5]}
    unchanged = Unchanged(cli, base_db)
    (workdir / "bad.jsonl").write_text(json.dumps(bad) + "\n", encoding="utf-8")
    r = cli("import", "--db", base_db, "--quiet", "bad.jsonl",
            env={"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr"})
    assert r.code == 1, r
    for line in (
            "bad.jsonl:1: external_id: 'a b' may only hold letters, digits and . _ : -",
            "bad.jsonl:1: title: is required and must not be empty",
            "bad.jsonl:1: governments: 'Kampala' does not end with a known country "
            "('NAME, COUNTRY')",
            "bad.jsonl:1: governments: country 'ZZ' is not a known country",
            "bad.jsonl:1: gcm_objectives: '24' is not a number from 1 to 23",
            "bad.jsonl:1: end_date: 2023 is before the start date 2024-05",
            "bad.jsonl:1: currency: is 7 characters long; at most 3 are allowed",
            "bad.jsonl:1: partners: item 1 contains ';', which separates items",
            "bad.jsonl:1: indicators: item 1: baseline 'abc' is not a number",
            "bad.jsonl:1: indicators: item 2 is not an object"):
        assert line in r.err.splitlines(), f"{line!r} not in\n{r.err}"
    unchanged.check()
