"""The API over a database the test fills itself: what is visible (only published actions),
and imports done while the server runs."""

import json
import time
import urllib.parse

import pytest

import sampledata

API = "/api/v1"
POLL_SECONDS = 3.0


def import_records(cli, db, workdir, name, records, *options):
    path = sampledata.write(workdir / name, records, "jsonl")
    r = cli("import", "--db", db, "--quiet", *options, path)
    assert r.code == 0, r
    return r


def poll(fn, seconds=POLL_SECONDS):
    """Calls fn() until it returns a true value or @seconds pass; returns the last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = fn()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.1)


def status_of(server, path):
    return server.request(path)[0]


DRAFT = {
    "external_id": "t-draft-secret",
    "title": "Zanzibar draft pledge not yet public",
    "summary": "Quixotic unpublished wording.",
    "governments": [{"name": "Zanzibar City", "country": "TZ"}],
    "gcm_objectives": [3],
    "start_date": "2024",
    "publication_state": "draft",
}


@pytest.fixture
def sample_server(workdir, cli, db, start_server):
    """A server over the sample actions plus one draft."""
    recs = sampledata.actions() + [dict(DRAFT)]
    import_records(cli, db, workdir, "sample.jsonl", recs)
    return start_server("serve", "--db", db, "--port", "0")


def test_serve_prints_listening_line(server):
    s = server  # started on an empty database; the fixture checked the first line's form
    assert s.url == f"http://127.0.0.1:{s.port}/"
    assert 0 < s.port < 65536
    body = s.get_json(f"{API}/actions")
    assert body["total"] == 0 and body["items"] == [] and body["next_cursor"] is None


def test_two_servers_get_different_ports(start_server, db, workdir, cli):
    other = workdir / "other.db"
    assert cli("init", "--db", other).code == 0
    a = start_server("serve", "--db", db, "--port", "0")
    b = start_server("serve", "--db", other, "--port", "0")
    assert a.port != b.port


def test_draft_not_in_list(sample_server):
    items = sample_server.get_json(f"{API}/actions?limit=200")["items"]
    got = {x["external_id"] for x in items}
    assert got == {a["external_id"] for a in sampledata.ACTIONS}
    assert DRAFT["external_id"] not in got


def test_draft_not_found(sample_server):
    code, _, raw = sample_server.request(f"{API}/actions/{DRAFT['external_id']}")
    assert code == 404, raw
    assert json.loads(raw)["error"]["status"] == 404
    # a published one is there
    assert status_of(sample_server, f"{API}/actions/t-entebbe-trafficking") == 200


def test_draft_not_in_search(sample_server):
    body = sample_server.get_json(f"{API}/actions?q=Quixotic")
    assert body["total"] == 0 and body["items"] == []
    body = sample_server.get_json(f"{API}/actions?q=Zanzibar")
    assert body["total"] == 0


def test_draft_not_in_stats_or_facets(sample_server):
    n = len(sampledata.ACTIONS)
    s = sample_server.get_json(f"{API}/stats")
    assert s["actions"] == n
    by_objective = {str(int(x["value"])): x["count"] for x in s["by_objective"]}
    assert by_objective.get("3", 0) == 0
    assert s["governments"] == len(sampledata.government_names(sampledata.ACTIONS))
    facets = sample_server.get_json(f"{API}/actions?facets=objective")["facets"]["objective"]
    assert {str(int(x["value"])): x["count"] for x in facets}.get("3", 0) == 0
    body = sample_server.get_json(f"{API}/actions?objective=3")
    assert body["total"] == 0


def test_draft_not_counted_for_its_government(sample_server):
    govs = sample_server.get_json(f"{API}/governments")["items"]
    zanzibar = [g for g in govs if g["name"] == "Zanzibar City"]
    for g in zanzibar:
        assert g["published_actions"] == 0
    for g in govs:
        want = sum(1 for a in sampledata.ACTIONS
                   if (g["name"], g["country"]) in {(x["name"], x["country"])
                                                   for x in a["governments"]})
        assert g["published_actions"] == want, g
    profile = sample_server.get_json(f"{API}/governments/zanzibar-city-tz")
    assert profile["actions"] == []


def test_sample_search_montreal(sample_server):
    for q in ("Montreal", "montréal", "MONTREAL"):
        body = sample_server.get_json(f"{API}/actions?q=" + urllib.parse.quote(q))
        want = {a["external_id"] for a in sampledata.ACTIONS if sampledata.text_matches(a, q)}
        assert want == {"t-montreal-welcome"}
        assert {x["external_id"] for x in body["items"]} == want, q


def test_import_while_serving_becomes_visible(sample_server, cli, db, workdir):
    n = len(sampledata.ACTIONS)
    assert sample_server.get_json(f"{API}/actions")["total"] == n
    new = {"external_id": "t-live-addition", "title": "Added while the server runs",
           "governments": ["Kampala, UG"], "gcm_objectives": [21]}
    import_records(cli, db, workdir, "live.jsonl", [new])
    assert poll(lambda: status_of(sample_server, f"{API}/actions/t-live-addition") == 200), \
        "the new action did not appear within 3 s"
    assert poll(lambda: sample_server.get_json(f"{API}/actions")["total"] == n + 1)
    body = sample_server.get_json(f"{API}/actions?objective=21")
    assert [x["external_id"] for x in body["items"]] == ["t-live-addition"]
    assert sample_server.get_json(f"{API}/stats")["actions"] == n + 1


def test_update_while_serving_becomes_visible(sample_server, cli, db, workdir):
    recs = sampledata.actions()
    recs[0]["title"] = "Jobs for young people in Kampala and Nairobi, extended"
    import_records(cli, db, workdir, "update.jsonl", recs)
    path = f"{API}/actions/{recs[0]['external_id']}"
    assert poll(lambda: sample_server.get_json(path)["title"] == recs[0]["title"])


def test_publishing_a_draft_while_serving(sample_server, cli, db, workdir):
    published = dict(DRAFT, publication_state="published")
    import_records(cli, db, workdir, "publish.jsonl", [published])
    assert poll(lambda: status_of(sample_server, f"{API}/actions/{DRAFT['external_id']}") == 200)

    def found():
        body = sample_server.get_json(f"{API}/actions?q=Quixotic")
        return [x["external_id"] for x in body["items"]]

    assert poll(found) == [DRAFT["external_id"]], "the published draft is not found by q"


def test_cursor_is_stable_across_additions(sample_server, cli, db, workdir):
    first = sample_server.get_json(f"{API}/actions?sort=title&limit=3")
    assert len(first["items"]) == 3 and first["next_cursor"]
    # an action whose title sorts before everything arrives between the pages
    new = {"external_id": "t-aaa-first", "title": "Aaaa first by title",
           "governments": ["Kampala, UG"]}
    import_records(cli, db, workdir, "early.jsonl", [new])
    assert poll(lambda: status_of(sample_server, f"{API}/actions/t-aaa-first") == 200)

    seen = [x["external_id"] for x in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        body = sample_server.get_json(
            f"{API}/actions?sort=title&limit=3&cursor=" + urllib.parse.quote(cursor, safe=""))
        seen += [x["external_id"] for x in body["items"]]
        cursor = body["next_cursor"]
    assert len(seen) == len(set(seen)), seen
    assert set(seen) == {a["external_id"] for a in sampledata.ACTIONS}


@pytest.mark.parametrize("state", ["draft", "submitted", "declined", "withdrawn"])
def test_only_published_is_visible(workdir, cli, db, start_server, state):
    recs = [
        {"external_id": "v-published", "title": "Visible one", "governments": ["Accra, GH"],
         "gcm_objectives": [1]},
        {"external_id": "v-hidden", "title": "Hidden one", "governments": ["Accra, GH"],
         "gcm_objectives": [2], "publication_state": state},
    ]
    import_records(cli, db, workdir, "states.jsonl", recs)
    s = start_server("serve", "--db", db, "--port", "0")
    body = s.get_json(f"{API}/actions?facets=objective")
    assert [x["external_id"] for x in body["items"]] == ["v-published"]
    assert body["total"] == 1
    assert {str(int(x["value"])): x["count"] for x in body["facets"]["objective"]}.get("2", 0) == 0
    assert status_of(s, f"{API}/actions/v-hidden") == 404
    assert s.get_json(f"{API}/stats")["actions"] == 1
    accra = s.get_json(f"{API}/governments/accra-gh")
    assert [x["external_id"] for x in accra["actions"]] == ["v-published"]


def test_default_sort_is_newest_update_first(workdir, cli, db, start_server):
    recs = sampledata.actions()
    for i, rec in enumerate(recs):
        rec["created_at"] = "2020-01-01T00:00:00Z"
        rec["updated_at"] = f"2023-0{(i * 5) % 8 + 1}-01T00:00:00Z"  # distinct, shuffled
    import_records(cli, db, workdir, "ts.jsonl", recs)
    s = start_server("serve", "--db", db, "--port", "0")
    want = [r["external_id"] for r in sorted(recs, key=lambda r: r["updated_at"], reverse=True)]
    body = s.get_json(f"{API}/actions")
    assert body["sort"] == "updated"
    assert [x["external_id"] for x in body["items"]] == want
    assert [x["updated_at"] for x in body["items"]] == sorted(
        (r["updated_at"] for r in recs), reverse=True)
    body = s.get_json(f"{API}/actions?sort=-updated")
    assert [x["external_id"] for x in body["items"]] == list(reversed(want))
    # pages of 3 keep that order
    seen, cursor = [], None
    while True:
        q = "limit=3" + ("&cursor=" + urllib.parse.quote(cursor, safe="") if cursor else "")
        page = s.get_json(f"{API}/actions?{q}")
        seen += [x["external_id"] for x in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == want


def test_endorsements(workdir, cli, db, start_server):
    govs = [
        {"type": "government", "name": "Accra", "country": "GH",
         "endorsements": [{"declaration": "marrakech-mayors-declaration", "date": "2018-12-08",
                           "signatory_name": "A. Mayor", "signatory_title": "Mayor"}]},
        {"type": "government", "name": "Kampala", "country": "UG"},
    ]
    path = workdir / "govs.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in govs), encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    import_records(cli, db, workdir, "acts.jsonl", [
        {"external_id": "e-1", "title": "One", "governments": ["Kampala, UG"]}])
    s = start_server("serve", "--db", db, "--port", "0")
    items = {g["name"]: g for g in s.get_json(f"{API}/governments")["items"]}
    assert items["Accra"]["endorsed_marrakech_declaration"] is True
    assert items["Kampala"]["endorsed_marrakech_declaration"] is False
    profile = s.get_json(f"{API}/governments/accra-gh")
    assert profile["endorsements"][0]["declaration"] == "marrakech-mayors-declaration"
    assert profile["endorsements"][0]["date"] == "2018-12-08"
    stats = s.get_json(f"{API}/stats")
    assert stats["endorsements"] == 1
    assert stats["actions"] == 1 and stats["governments"] == 1


@pytest.mark.parametrize("query,parameter", [
    ("country=Atlantis", "country"),
    ("region=Atlantis", "region"),
    ("kind=village", "kind"),
    ("colour=blue", "colour"),
])
def test_governments_bad_filter_is_400(sample_server, query, parameter):
    code, _, raw = sample_server.request(f"{API}/governments?{query}")
    assert code == 400, raw
    err = json.loads(raw)["error"]
    assert err["status"] == 400 and err["parameter"] == parameter
    assert parameter in err["message"]


FACET_PATHS = [
    f"{API}/actions?facets=all",
    f"{API}/actions?facets=all&objective=7",
    f"{API}/actions?facets=all&objective=15,7&kind=pledge",
    f"{API}/actions?kind=pledge&objective=7&objective=15&facets=all",
    f"{API}/actions?facets=objective,country&q=migrants",
    f"{API}/actions?facets=government,region&facet_limit=2&region=africa",
]


def test_remembered_facets_equal_computed_ones(workdir, cli, db, start_server):
    import_records(cli, db, workdir, "sample.jsonl", sampledata.ACTIONS)
    fresh = start_server("serve", "--db", db, "--port", "0", "--cache-mb", "0")
    cached = start_server("serve", "--db", db, "--port", "0")
    for _ in range(2):  # the second round answers from the memo
        for path in FACET_PATHS:
            assert fresh.get_json(path) == cached.get_json(path), path


def test_remembered_facets_follow_an_import(sample_server, cli, db, workdir):
    path = f"{API}/actions?facets=objective&objective=7"
    before = sample_server.get_json(path)
    count = {f["value"]: f["count"] for f in before["facets"]["objective"]}
    new = dict(sampledata.ACTIONS[0], external_id="t-new-objective-23", gcm_objectives=[7, 23])
    import_records(cli, db, workdir, "more.jsonl", [new])

    def objective_23():
        facets = sample_server.get_json(path)["facets"]["objective"]
        return {f["value"]: f["count"] for f in facets}["23"] == count["23"] + 1
    assert poll(objective_23)


def test_relevance_puts_title_matches_first(workdir, cli, db, start_server):
    base = dict(sampledata.ACTIONS[0])
    older_title = dict(base, external_id="r-title", title="Mobile clinic for newcomers",
                       description="A service.", updated_at="2020-01-01T00:00:00Z",
                       created_at="2020-01-01T00:00:00Z")
    newer_text = dict(base, external_id="r-text", title="Health outreach",
                      description="A mobile clinic visits the port.",
                      updated_at="2024-01-01T00:00:00Z", created_at="2024-01-01T00:00:00Z")
    import_records(cli, db, workdir, "rel.jsonl", [newer_text, older_title])
    srv = start_server("serve", "--db", db, "--port", "0")
    body = srv.get_json(f"{API}/actions?q=mobile%20clinic")
    assert body["sort"] == "relevance"
    assert [i["external_id"] for i in body["items"]] == ["r-title", "r-text"]
    newest = srv.get_json(f"{API}/actions?q=mobile%20clinic&sort=updated")
    assert [i["external_id"] for i in newest["items"]] == ["r-text", "r-title"]
