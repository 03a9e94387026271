"""Large imports, past the batches in which a bulk import indexes search words and past the
queue between its reader and writer threads: what search answers afterwards, governments first
named far into a file, all-or-nothing with batches already indexed, and re-imports that change
texts. Expected answers are computed here from the records, never taken from the binary."""

import json
import random
import urllib.parse

import pytest

from conftest import db_query, db_snapshot

# more than one batch of search words (1,024 actions) and more than the reader's queue
COUNT = 2600
WORDS = ["housing", "school", "clinic", "water", "jobs", "language", "legal", "transport",
         "shelter", "training", "health", "youth", "women", "elders", "dialogue", "records"]


def make_actions(count, seed=7, prefix="big"):
    """Actions with repeated words in every case, shared and new governments, and a few
    accented names; each has a word of its own (PREFIX<n>, repeated) in its description."""
    rng = random.Random(seed)
    govs = [(f"Town {i:03d}", "KE" if i % 2 else "UG") for i in range(60)]
    govs[5] = ("Montréal", "CA")
    records = []
    for n in range(count):
        picked = rng.sample(WORDS, 4)
        text = " ".join(w.upper() if rng.random() < 0.2 else w for w in picked * 5)
        # a government first named late in the file, far behind the reader
        lead = govs[(n * 7) % 60] if n < count - 100 else ("Latecomer City", "UG")
        records.append({
            "external_id": f"{prefix}-{n:05d}",
            "title": f"Action {n} on {picked[0]} and {picked[1]}",
            "summary": f"{picked[2].capitalize()}, {picked[2]} and {picked[3]}.",
            "description": f"{text} {prefix}{n} {prefix}{n} {prefix.upper()}{n}.",
            "language": "en",
            "governments": [{"name": lead[0], "country": lead[1]}],
            "gcm_objectives": [1 + n % 23],
            "start_date": "2021",
        })
    return records


def write_jsonl(path, records):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def search_ids(server, query):
    """Every external id the API lists for q=QUERY, following the cursors."""
    ids, cursor = [], None
    while True:
        path = "/api/v1/actions?limit=100&q=" + urllib.parse.quote(query)
        if cursor:
            path += "&cursor=" + urllib.parse.quote(cursor)
        page = server.get_json(path)
        ids += [item["external_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            return set(ids)


def expected(records, *words):
    """External ids of the records whose texts hold every word, the last also as a prefix, as
    the search promises (ASCII words, any case)."""
    def tokens(r):
        names = " ".join(g["name"] for g in r["governments"])
        text = " ".join([r["title"], r["summary"], r["description"], names]).lower()
        return set(text.replace(",", " ").replace(".", " ").replace(":", " ").split())

    def holds(r):
        t = tokens(r)
        *whole, last = [w.lower() for w in words]
        return all(w in t for w in whole) and any(x.startswith(last) for x in t)
    return {r["external_id"] for r in records if holds(r)}


@pytest.fixture
def big_file(workdir):
    return write_jsonl(workdir / "big.jsonl", make_actions(COUNT))


def test_search_finds_every_action_of_a_large_import(cli, db, big_file, start_server):
    records = make_actions(COUNT)
    r = cli("import", "--db", db, "--quiet", big_file)
    assert r.code == 0, r
    assert r.summary() == (COUNT, COUNT, 0, 0, 0), r
    server = start_server("serve", "--db", db, "--port", "0")
    for query in (["housing"], ["SCHOOL"], ["water", "jobs"], ["big17"], ["big2599"],
                  ["latecomer"], ["montreal"]):
        want = expected(records, *query) if query != ["montreal"] else {
            rec["external_id"] for rec in records
            if rec["governments"][0]["name"] == "Montréal"}
        assert want, query
        assert search_ids(server, " ".join(query)) == want, query
    # actions whose title holds the words come first: the title index has them all too
    in_title = {rec["external_id"] for rec in records
                if {"housing", "school"} <= set(rec["title"].split())}
    assert 0 < len(in_title) < len(expected(records, "housing", "school"))
    page = server.get_json(f"/api/v1/actions?limit={len(in_title) + 1}&q=school+housing")
    ids = [i["external_id"] for i in page["items"]]
    assert set(ids[:-1]) == in_title and ids[-1] not in in_title


def test_governments_named_far_into_the_file_are_one_government(cli, db, big_file):
    records = make_actions(COUNT)
    assert cli("import", "--db", db, "--quiet", big_file).code == 0
    names = {(r["governments"][0]["name"], r["governments"][0]["country"]) for r in records}
    govs = db_query(db, "SELECT name, country, slug FROM governments")
    assert {(n, c) for n, c, _ in govs} == names
    slug = {(n, c): s for n, c, s in govs}
    assert slug[("Latecomer City", "UG")] == "latecomer-city-ug"
    # each action's stored JSON names its government's slug, whichever thread resolved it
    rows = db_query(db, "SELECT external_id, api_rest, card_json FROM actions")
    by_id = {r["external_id"]: r for r in records}
    for ext_id, rest, card in rows:
        g = by_id[ext_id]["governments"][0]
        want = slug[(g["name"], g["country"])]
        assert json.loads(card)["governments"][0]["slug"] == want, ext_id
        assert json.loads("{" + rest.lstrip(","))["governments"][0]["slug"] == want, ext_id


def test_a_bad_record_after_indexed_batches_writes_nothing(cli, db, workdir):
    records = make_actions(COUNT)
    records[-1]["gcm_objectives"] = [99]
    path = write_jsonl(workdir / "bad.jsonl", records)
    before = db_snapshot(db)
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code != 0, r
    assert f"{path}:{COUNT}: gcm_objectives" in r.err, r
    assert db_snapshot(db) == before
    assert db_query(db, "SELECT count(*) FROM action_search WHERE action_search MATCH 'housing'"
                    ) == [(0,)]


def test_partial_import_indexes_only_the_good_records(cli, db, workdir, start_server):
    records = make_actions(COUNT)
    bad = {100, 1500, 2500}
    for n in bad:
        records[n]["kind"] = "wish"
    path = write_jsonl(workdir / "partial.jsonl", records)
    r = cli("import", "--db", db, "--quiet", "--partial", path)
    assert r.code == 6, r
    assert r.summary() == (COUNT, COUNT - 3, 0, 0, 3), r
    server = start_server("serve", "--db", db, "--port", "0")
    good = [rec for n, rec in enumerate(records) if n not in bad]
    assert search_ids(server, "housing") == expected(good, "housing")
    assert search_ids(server, "big1500") == set()
    assert search_ids(server, "big1501") == {"big-01501"}
    assert search_ids(server, "big15") == expected(good, "big15")


def test_reimport_with_changed_texts_searches_the_new_words(cli, db, big_file, workdir,
                                                            start_server):
    records = make_actions(COUNT)
    assert cli("import", "--db", db, "--quiet", big_file).code == 0
    changed = make_actions(COUNT)
    for n in range(0, COUNT, 3):
        changed[n]["description"] = f"Rewritten: quokka QUOKKA quokka fresh{n}."
        changed[n]["title"] = f"Renamed action {n}"
    changed += make_actions(50, seed=9, prefix="new")
    path = write_jsonl(workdir / "changed.jsonl", changed)
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    n_changed = len(range(0, COUNT, 3))
    assert r.summary() == (COUNT + 50, 50, n_changed, COUNT - n_changed, 0), r
    server = start_server("serve", "--db", db, "--port", "0")
    assert search_ids(server, "quokka") == expected(changed, "quokka")
    assert len(search_ids(server, "quokka")) == n_changed
    assert search_ids(server, "big3") == expected(changed, "big3")
    assert "big-00003" not in expected(changed, "big3")  # its old description is gone
    assert search_ids(server, "big4") == expected(changed, "big4")
    assert "big-00004" in expected(changed, "big4")
    assert search_ids(server, "new4") == expected(changed, "new4")
    assert search_ids(server, "housing") == expected(changed, "housing")
    assert search_ids(server, "renamed") == expected(changed, "renamed")
    # the same answers as a fresh database given the changed file
    fresh = workdir / "fresh.db"
    assert cli("init", "--db", fresh).code == 0
    assert cli("import", "--db", fresh, "--quiet", path).code == 0
    for query in ("housing", "quokka", "water jobs", "town"):
        want = {e for (e,) in db_query(
            fresh, "SELECT a.external_id FROM action_search s JOIN actions a ON a.id = s.rowid"
                   " WHERE action_search MATCH ?", (query,))}
        assert search_ids(server, query) == want, query
