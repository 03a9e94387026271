"""The JSON API (docs/api.md) over the embedded demo data, served by `localaction demo`.

Every expected value is computed here from data/demo/imrf2022.jsonl and data/reference/, never
copied from an answer of the server.
"""

import json
import urllib.parse
from collections import Counter

import pytest

import sampledata
from conftest import DEMO_FILE, SANITIZER, Server, load_jsonl, read_tsv

API = "/api/v1"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    d = tmp_path_factory.mktemp("demo")
    s = Server(["demo", "--db", d / "demo.db", "--port", "0"], d)
    yield s
    s.stop()
    text = s.log(tail=None)
    found = SANITIZER.search(text)
    assert not found, text[found.start():found.start() + 600]


# ---- what the demo file holds ------------------------------------------------------------------

RECORDS = load_jsonl(DEMO_FILE)
GOVERNMENTS = [r for r in RECORDS if r.get("type") == "government"]
ACTIONS = [r for r in RECORDS if r.get("type", "action") == "action"]
PUBLISHED = [a for a in ACTIONS if a.get("publication_state", "published") == "published"]
COUNTRIES = {row["alpha2"]: row for row in read_tsv("countries.tsv")}
REGION_NAMES = {row["region_code"]: row["region"] for row in COUNTRIES.values() if row["region"]}


def ids(items):
    return [x["external_id"] for x in items]


def gov_key(g):
    return (g["name"], g["country"])


def regions_of(action):
    return {COUNTRIES[g["country"]]["region"] for g in action["governments"]}


def countries_of(action):
    return {g["country"] for g in action["governments"]}


def region_name(value, label=None):
    """A facet or stats value for a region, as its name, whether it is given as code or name."""
    if value in REGION_NAMES:
        return REGION_NAMES[value]
    for name in REGION_NAMES.values():
        if str(value).lower() == name.lower():
            return name
    return label


def counts(items, key=lambda v, lbl: str(v)):
    """{key(value, label): count} of a facet or stats list."""
    out = {}
    for it in items:
        assert isinstance(it["count"], int), it
        k = key(it["value"], it.get("label"))
        assert k not in out, f"value {k} twice in {items}"
        out[k] = it["count"]
    return out


def same_counts(got, want):
    """Equal, treating a value that is absent as a count of 0."""
    keys = set(got) | set(want)
    return {k: got.get(k, 0) for k in keys} == {k: want.get(k, 0) for k in keys}


def list_all(server, query=""):
    """Every item of /actions?query, following next_cursor."""
    items, cursor, pages = [], None, 0
    while True:
        q = query + ("&" if query else "") + "limit=200"
        if cursor:
            q += "&cursor=" + urllib.parse.quote(cursor, safe="")
        body = server.get_json(f"{API}/actions?{q}")
        items += body["items"]
        cursor = body["next_cursor"]
        pages += 1
        assert pages < 100
        if cursor is None:
            return items, body


def expect_error(server, path, status, parameter=None):
    code, headers, raw = server.request(path)
    assert code == status, f"GET {path}: {code}, want {status}: {raw[:300]!r}"
    assert headers.get("Content-Type", "").startswith("application/json"), headers
    body = json.loads(raw)
    err = body["error"]
    assert err["status"] == status, body
    assert isinstance(err["message"], str) and err["message"], body
    if parameter is not None:
        assert err.get("parameter") == parameter, body
        assert parameter in err["message"], body
    return body


# ---- taxonomy ----------------------------------------------------------------------------------

def test_taxonomy(demo):
    t = demo.get_json(f"{API}/taxonomy")
    assert len(t["gcm_objectives"]) == 23
    assert len(t["guiding_principles"]) == 10
    assert len(t["gcr_objectives"]) == 4
    n_sdg = len(read_tsv("sdg_goals.tsv")) + len(read_tsv("sdg_targets.tsv"))
    assert len(t["sdg_targets"]) == n_sdg
    assert len(t["themes"]) == len(read_tsv("themes.tsv"))
    assert len(t["target_groups"]) == len(read_tsv("target_groups.tsv"))
    assert [r["name"] for r in t["regions"]] == ["Africa", "Americas", "Asia", "Europe",
                                                  "Oceania"]
    assert len(t["countries"]) == len(COUNTRIES)
    ug = next(c for c in t["countries"] if c["alpha2"] == "UG")
    assert ug["alpha3"] == "UGA" and ug["name"] == "Uganda"
    first = t["gcm_objectives"][0]
    assert str(first["code"]) == "1" and first["title"] and first["short_title"] == "Data"
    target = next(x for x in t["sdg_targets"] if str(x["code"]) == "10.7")
    assert str(target["goal"]) == "10"
    assert {k["code"] for k in t["government_kinds"]} == {
        "city", "municipality", "metropolitan_area", "region", "association"}
    assert {k["code"] for k in t["action_kinds"]} == {"pledge", "practice"}
    assert {k["code"] for k in t["implementation_statuses"]} == {
        "planned", "in_progress", "completed", "discontinued"}
    assert {k["code"] for k in t["publication_states"]} == {
        "draft", "submitted", "published", "declined", "withdrawn"}


# ---- the list ----------------------------------------------------------------------------------

def test_list_total(demo):
    body = demo.get_json(f"{API}/actions")
    assert body["total"] == len(PUBLISHED) == 16
    assert body["limit"] == 20
    assert body["sort"] == "updated"
    assert len(body["items"]) == len(PUBLISHED)
    assert set(ids(body["items"])) == set(ids(PUBLISHED))
    assert body["next_cursor"] is None


def test_list_item_shape(demo):
    body = demo.get_json(f"{API}/actions?objective=10")
    item = body["items"][0]
    assert item["external_id"] == "imrf2022-entebbe-trafficking-prevention"
    g = item["governments"][0]
    assert g["name"] == "Entebbe" and g["country"] == "UG"
    assert g["slug"] == "entebbe-ug" and g["country_name"] == "Uganda"
    assert sorted(item["gcm_objectives"]) == [6, 7, 10]
    assert item["start_date"] == "2022-05" and item["end_date"] == "tbc"


def test_filter_objective(demo):
    body = demo.get_json(f"{API}/actions?objective=10")
    want = {a["external_id"] for a in PUBLISHED if 10 in a["gcm_objectives"]}
    assert "imrf2022-entebbe-trafficking-prevention" in want
    assert set(ids(body["items"])) == want
    assert body["total"] == len(want)


def test_filter_values_are_alternatives(demo):
    body = demo.get_json(f"{API}/actions?objective=10,19&limit=200")
    want = {a["external_id"] for a in PUBLISHED if {10, 19} & set(a["gcm_objectives"])}
    assert set(ids(body["items"])) == want
    again = demo.get_json(f"{API}/actions?objective=10&objective=19&limit=200")
    assert set(ids(again["items"])) == want


def test_filters_combine(demo):
    body = demo.get_json(f"{API}/actions?objective=7&region=Africa&limit=200")
    want = {a["external_id"] for a in PUBLISHED
            if 7 in a["gcm_objectives"] and "Africa" in regions_of(a)}
    assert want and set(ids(body["items"])) == want


@pytest.mark.parametrize("param,value,pick", [
    ("country", "UG", lambda a: "UG" in countries_of(a)),
    ("country", "Uganda", lambda a: "UG" in countries_of(a)),
    ("country", "BRA", lambda a: "BR" in countries_of(a)),
    ("region", "Europe", lambda a: "Europe" in regions_of(a)),
    ("region", "002", lambda a: "Africa" in regions_of(a)),
    ("subregion", "sub-saharan-africa",
     lambda a: any(COUNTRIES[g["country"]]["subregion"] == "Sub-Saharan Africa"
                   for g in a["governments"])),
    ("government", "milan-it", lambda a: ("Milan", "IT") in {gov_key(g) for g in a["governments"]}),
    ("kind", "pledge", lambda a: a.get("kind", "pledge") == "pledge"),
    ("status", "planned", lambda a: a.get("implementation_status", "planned") == "planned"),
    ("principle", "10", lambda a: 10 in a.get("guiding_principles", [])),
    ("sdg", "10.7", lambda a: "10.7" in a.get("sdg_targets", [])),
    ("sdg", "10", lambda a: any(s.split(".")[0] == "10" for s in a.get("sdg_targets", []))),
    ("theme", "social-cohesion", lambda a: "social-cohesion" in a.get("themes", [])),
    ("target_group", "migrant-workers", lambda a: "migrant-workers" in a.get("target_groups", [])),
    ("year_from", "2021", lambda a: "start_date" in a and int(a["start_date"][:4]) >= 2021),
    ("year_to", "2020", lambda a: "start_date" in a and int(a["start_date"][:4]) <= 2020),
])
def test_filter(demo, param, value, pick):
    items, body = list_all(demo, f"{param}={urllib.parse.quote(value)}")
    want = {a["external_id"] for a in PUBLISHED if pick(a)}
    assert want, "the demo should have a match for this filter"
    assert set(ids(items)) == want
    assert body["total"] == len(want)


@pytest.mark.parametrize("query", ["Sao Paulo", "São Paulo", "SAO PAULO", "Montevideo",
                                   "Montevid", "trafficking", "informal workers"])
def test_search(demo, query):
    items, body = list_all(demo, "q=" + urllib.parse.quote(query))
    want = {a["external_id"] for a in PUBLISHED if sampledata.text_matches(a, query)}
    assert want, f"the demo should have a match for {query!r}"
    assert set(ids(items)) == want
    assert body["total"] == len(want)
    assert body["sort"] == "relevance"


@pytest.mark.parametrize("query, words", [
    ("sao-paulo", "Sao Paulo"),                      # a hyphen splits words as the index does
    ("S\u00e3o\u2019Paulo", "Sao Paulo"),             # so does a typographic apostrophe
    ("\u00abMontevideo\u00bb", "Montevideo"),          # and guillemets
    ('"><svg onload=1>', "svg onload 1"),            # markup is just words, never an error
])
def test_search_splits_words_like_the_index(demo, query, words):
    items, body = list_all(demo, "q=" + urllib.parse.quote(query))
    want = {a["external_id"] for a in PUBLISHED if sampledata.text_matches(a, words)}
    assert set(ids(items)) == want
    assert body["total"] == len(want)


def test_search_folds_diacritics(demo):
    plain, _ = list_all(demo, "q=Sao+Paulo")
    accented, _ = list_all(demo, "q=" + urllib.parse.quote("São Paulo"))
    sao_paulo = {a["external_id"] for a in PUBLISHED
                 if ("São Paulo", "BR") in {gov_key(g) for g in a["governments"]}}
    assert len(sao_paulo) == 3
    assert sao_paulo <= set(ids(plain))
    assert set(ids(plain)) == set(ids(accented))


def test_search_every_word_must_match(demo):
    items, body = list_all(demo, "q=" + urllib.parse.quote("Montevideo trafficking"))
    want = {a["external_id"] for a in PUBLISHED
            if sampledata.text_matches(a, "Montevideo trafficking")}
    assert set(ids(items)) == want
    nothing, body = list_all(demo, "q=" + urllib.parse.quote("Montevideo zzzzqqq"))
    assert nothing == [] and body["total"] == 0


def test_sort_title_reverses(demo):
    up, _ = list_all(demo, "sort=title")
    down, _ = list_all(demo, "sort=-title")
    assert len(up) == len(PUBLISHED)
    assert ids(up) == list(reversed(ids(down)))
    titles = [sampledata.fold(x["title"]) for x in up]
    assert titles == sorted(titles)


def test_pagination(demo):
    seen, cursor, pages = [], None, 0
    while True:
        q = "limit=5" + ("&cursor=" + urllib.parse.quote(cursor, safe="") if cursor else "")
        body = demo.get_json(f"{API}/actions?{q}")
        assert body["total"] == len(PUBLISHED)
        assert body["limit"] == 5
        assert len(body["items"]) <= 5
        seen += ids(body["items"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
        assert len(body["items"]) == 5
        assert pages <= len(PUBLISHED)
    assert len(seen) == len(set(seen)), "an item came twice"
    assert set(seen) == set(ids(PUBLISHED))
    assert pages == -(-len(PUBLISHED) // 5)
    # one page of 16 is the same order
    whole = demo.get_json(f"{API}/actions?limit=200")
    assert ids(whole["items"]) == seen


# ---- facets ------------------------------------------------------------------------------------

def test_facets_region_without_selection(demo):
    body = demo.get_json(f"{API}/actions?facets=all")
    total = body["total"]
    assert total == len(PUBLISHED)
    got = counts(body["facets"]["region"], region_name)
    want = Counter(r for a in PUBLISHED for r in regions_of(a))
    assert same_counts(got, want), (got, want)
    # each action counts once per region it has a government in; the demo's one
    # Freetown-Milan action spans Africa and Europe, every other action one region
    assert sum(got.values()) == sum(len(regions_of(a)) for a in PUBLISHED)
    single = [a for a in PUBLISHED if len(regions_of(a)) == 1]
    assert sum(got.values()) == total + (len(PUBLISHED) - len(single))


def test_facets_objective_without_selection(demo):
    body = demo.get_json(f"{API}/actions?facets=objective")
    got = counts(body["facets"]["objective"], lambda v, lbl: str(int(v)))
    want = Counter(str(o) for a in PUBLISHED for o in a["gcm_objectives"])
    assert same_counts(got, want), (got, want)
    labels = {str(int(it["value"])): it["label"] for it in body["facets"]["objective"]}
    assert labels.get("1") in (None, "Data")
    # only the dimensions asked for
    assert set(body["facets"]) == {"objective"}


def test_facets_kind_and_status(demo):
    body = demo.get_json(f"{API}/actions?facets=kind,status")
    assert same_counts(counts(body["facets"]["kind"]),
                       Counter(a.get("kind", "pledge") for a in PUBLISHED))
    assert same_counts(counts(body["facets"]["status"]),
                       Counter(a.get("implementation_status", "planned") for a in PUBLISHED))


def test_facets_keep_alternatives_of_selected_dimension(demo):
    body = demo.get_json(f"{API}/actions?objective=15&facets=all")
    with15 = [a for a in PUBLISHED if 15 in a["gcm_objectives"]]
    assert body["total"] == len(with15) > 0
    objective = counts(body["facets"]["objective"], lambda v, lbl: str(int(v)))
    assert objective["15"] == body["total"]
    # the other objectives are alternatives: counted as if selected in place of, or
    # together with, 15 (docs/api.md allows either reading), never only within 15
    for o in range(1, 24):
        alone = sum(1 for a in PUBLISHED if o in a["gcm_objectives"])
        either = sum(1 for a in PUBLISHED if {o, 15} & set(a["gcm_objectives"]))
        assert objective.get(str(o), 0) in (alone, either), (o, objective)
    # other dimensions keep the objective filter
    region = counts(body["facets"]["region"], region_name)
    assert same_counts(region, Counter(r for a in with15 for r in regions_of(a)))


# ---- one action --------------------------------------------------------------------------------

def test_get_action(demo):
    a = demo.get_json(f"{API}/actions/imrf2022-entebbe-trafficking-prevention")
    src = next(x for x in ACTIONS if x["external_id"] == "imrf2022-entebbe-trafficking-prevention")
    assert a["external_id"] == src["external_id"]
    assert a["governments"][0]["name"] == "Entebbe"
    g = a["governments"][0]
    assert g["country"] == "UG" and g["slug"] == "entebbe-ug"
    assert g["country_name"] == "Uganda" and g["kind"] == "city"
    region = g["region"]["name"] if isinstance(g["region"], dict) else region_name(g["region"])
    assert region == "Africa"
    assert a["title"] == src["title"] and a["description"] == src["description"]
    assert sorted(a["gcm_objectives"]) == sorted(src["gcm_objectives"])
    assert sorted(a["sdg_targets"]) == sorted(src["sdg_targets"])
    # every field of the import format is there
    for field in src:
        if field != "type":
            assert field in a, field
    # and empty lists where the action has none
    assert a["gcr_objectives"] == []
    assert a["partners"] == []


def test_get_action_joint(demo):
    a = demo.get_json(f"{API}/actions/imrf2022-freetown-africa-europe-mayors-dialogue")
    assert [g["name"] for g in a["governments"]] == ["Freetown", "Milan"]


def test_get_unknown_action_is_404(demo):
    expect_error(demo, f"{API}/actions/no-such-action", 404)


def test_unknown_path_is_404(demo):
    expect_error(demo, f"{API}/nothing-here", 404)


# ---- bad requests ------------------------------------------------------------------------------

@pytest.mark.parametrize("query,parameter", [
    ("objective=99", "objective"),
    ("objective=0", "objective"),
    ("objective=abc", "objective"),
    ("objective=7,99", "objective"),
    ("principle=11", "principle"),
    ("gcr_objective=5", "gcr_objective"),
    ("sdg=10.99", "sdg"),
    ("theme=nonsense", "theme"),
    ("country=Atlantis", "country"),
    ("region=Atlantis", "region"),
    ("government=no-such-city-xx", "government"),
    ("kind=promise", "kind"),
    ("status=done", "status"),
    ("year_from=soon", "year_from"),
    ("sort=bogus", "sort"),
    ("limit=0", "limit"),
    ("limit=201", "limit"),
    ("limit=1000", "limit"),
    ("limit=-1", "limit"),
    ("limit=ten", "limit"),
    ("facets=bogus", "facets"),
    ("cursor=not-a-cursor", "cursor"),
    # a NUL byte does not cut a value short: "7\0" is not objective 7
    ("objective=7%00", "objective"),
    ("objective=%00", "objective"),
    ("country=UG%00", "country"),
])
def test_bad_filter_value_is_400(demo, query, parameter):
    expect_error(demo, f"{API}/actions?{query}", 400, parameter)


def test_unknown_parameter_is_400(demo):
    expect_error(demo, f"{API}/actions?colour=blue", 400, "colour")


@pytest.mark.parametrize("query,parameter", [
    ("limit=1&limit=2", "limit"),
    ("sort=title&sort=-title", "sort"),
    ("q=housing&q=health", "q"),
    ("year_from=2020&year_from=2021", "year_from"),
])
def test_a_single_value_given_twice_is_400(demo, query, parameter):
    """Which of two limits was meant cannot be guessed; filters may repeat (they add values)."""
    for _ in range(2):  # the second time too: a refused answer is not one to remember
        body = expect_error(demo, f"{API}/actions?{query}", 400, parameter)
        assert "given more than once" in body["error"]["message"]
    assert demo.get_json(f"{API}/actions?objective=7&objective=15")["total"] >= 1


def test_unknown_parameter_on_governments_is_400(demo):
    expect_error(demo, f"{API}/governments?colour=blue", 400, "colour")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_write_methods_are_405(demo, method):
    """Only the workflow's writes exist (POST on the list, PATCH on one action), and they need
    credentials; every other write method is a 405."""
    paths = (f"{API}/actions", f"{API}/actions/imrf2022-entebbe-trafficking-prevention")
    for path, writable in zip(paths, ("POST", "PATCH")):
        code, headers, raw = demo.request(path, method=method, data=b"{}",
                                          headers={"Content-Type": "application/json"})
        want = 403 if method == writable else 405
        assert code == want, (method, path, code, raw[:200])
        assert json.loads(raw)["error"]["status"] == want


def test_head_is_allowed(demo):
    code, headers, raw = demo.request(f"{API}/actions", method="HEAD")
    assert code == 200
    assert raw == b""
    assert headers.get("Content-Type", "").startswith("application/json")


def test_content_type(demo):
    code, headers, _ = demo.request(f"{API}/actions")
    assert code == 200
    assert headers["Content-Type"].replace(" ", "").lower() == "application/json;charset=utf-8"


# ---- governments -------------------------------------------------------------------------------

def published_count(gkey):
    return sum(1 for a in PUBLISHED if gkey in {gov_key(g) for g in a["governments"]})


def test_governments_list(demo):
    body = demo.get_json(f"{API}/governments")
    assert body["total"] == len(GOVERNMENTS) == 18  # 16 local governments, UCLG and the MMC
    assert len(body["items"]) == len(GOVERNMENTS)
    by_key = {gov_key(g): g for g in body["items"]}
    assert set(by_key) == {gov_key(g) for g in GOVERNMENTS}
    for g in GOVERNMENTS:
        item = by_key[gov_key(g)]
        assert item["published_actions"] == published_count(gov_key(g)), g["name"]
        assert item["kind"] == g["kind"]
        assert item["country_name"] == COUNTRIES[g["country"]]["name"]
        assert item["endorsed_marrakech_declaration"] is False
    assert by_key[("United Cities and Local Governments", "ES")]["kind"] == "association"
    assert by_key[("United Cities and Local Governments", "ES")]["published_actions"] == 0


def test_governments_filters(demo):
    body = demo.get_json(f"{API}/governments?country=UG")
    assert sorted(g["name"] for g in body["items"]) == sorted(
        g["name"] for g in GOVERNMENTS if g["country"] == "UG")
    body = demo.get_json(f"{API}/governments?region=Europe")
    assert {gov_key(g) for g in body["items"]} == {
        gov_key(g) for g in GOVERNMENTS if COUNTRIES[g["country"]]["region"] == "Europe"}
    assert body["total"] == len(body["items"])
    body = demo.get_json(f"{API}/governments?kind=association")
    assert [g["name"] for g in body["items"]] == [
        "Mayors Migration Council", "United Cities and Local Governments"]


def test_government_profile(demo):
    g = demo.get_json(f"{API}/governments/kampala-ug")
    src = next(x for x in GOVERNMENTS if x["name"] == "Kampala")
    assert g["name"] == "Kampala" and g["country"] == "UG" and g["slug"] == "kampala-ug"
    assert g["country_name"] == "Uganda"
    assert g["subdivision"] == src["subdivision"]
    assert g["website"] == src["website"]
    assert g["networks"] == src["networks"]
    assert abs(g["latitude"] - src["latitude"]) < 1e-9
    want = {a["external_id"] for a in PUBLISHED
            if ("Kampala", "UG") in {gov_key(x) for x in a["governments"]}}
    assert want and set(ids(g["actions"])) == want
    assert g["published_actions"] == len(want)
    listed = demo.get_json(g["actions_url"])
    assert set(ids(listed["items"])) == want


def test_government_profile_lists_co_pledged_actions(demo):
    g = demo.get_json(f"{API}/governments/milan-it")
    want = {a["external_id"] for a in PUBLISHED
            if ("Milan", "IT") in {gov_key(x) for x in a["governments"]}}
    assert "imrf2022-freetown-africa-europe-mayors-dialogue" in want
    assert set(ids(g["actions"])) == want


def test_government_slug_folds_accents(demo):
    g = demo.get_json(f"{API}/governments/sao-paulo-br")
    assert g["name"] == "São Paulo"
    assert len(g["actions"]) == published_count(("São Paulo", "BR"))


def test_unknown_government_is_404(demo):
    expect_error(demo, f"{API}/governments/atlantis-xx", 404)


# ---- stats -------------------------------------------------------------------------------------

def test_stats(demo):
    s = demo.get_json(f"{API}/stats")
    active = {gov_key(g) for a in PUBLISHED for g in a["governments"]}
    assert s["actions"] == len(PUBLISHED)
    assert s["governments"] == len(active)
    assert s["endorsements"] == 0
    assert s["regions"] == len({COUNTRIES[c]["region"] for _, c in active})
    assert s["countries"] == len({c for _, c in active})
    assert same_counts(counts(s["by_region"], region_name),
                       Counter(r for a in PUBLISHED for r in regions_of(a)))
    assert same_counts(counts(s["by_objective"], lambda v, lbl: str(int(v))),
                       Counter(str(o) for a in PUBLISHED for o in a["gcm_objectives"]))
    assert same_counts(counts(s["by_kind"]), Counter(a.get("kind", "pledge") for a in PUBLISHED))
    assert same_counts(counts(s["by_country"]),
                       Counter(c for a in PUBLISHED for c in countries_of(a)))
    assert same_counts(counts(s["by_year"]),
                       Counter(a["start_date"][:4] for a in PUBLISHED if a.get("start_date")))


# ---- more of docs/api.md -----------------------------------------------------------------------

def test_facets_one_is_all(demo):
    a = demo.get_json(f"{API}/actions?facets=all")
    b = demo.get_json(f"{API}/actions?facets=1")
    assert a["facets"] == b["facets"]
    assert {"objective", "principle", "gcr_objective", "sdg", "theme", "target_group", "region",
            "subregion", "country", "government", "kind", "status", "year"} <= set(a["facets"])


def test_no_facets_unless_asked(demo):
    body = demo.get_json(f"{API}/actions")
    assert not body.get("facets")


def test_facet_country_and_year(demo):
    body = demo.get_json(f"{API}/actions?facets=country,year")
    assert same_counts(counts(body["facets"]["country"]),
                       Counter(c for a in PUBLISHED for c in countries_of(a)))
    assert same_counts(counts(body["facets"]["year"]),
                       Counter(a["start_date"][:4] for a in PUBLISHED if a.get("start_date")))


@pytest.mark.parametrize("limit", [1, 200])
def test_limit_bounds_accepted(demo, limit):
    body = demo.get_json(f"{API}/actions?limit={limit}")
    assert body["limit"] == limit
    assert len(body["items"]) == min(limit, len(PUBLISHED))


def test_sort_start_earliest_first(demo):
    items, body = list_all(demo, "sort=start")
    assert body["sort"] == "start"
    assert set(ids(items)) == set(ids(PUBLISHED))
    starts = {a["external_id"]: a.get("start_date") for a in PUBLISHED}
    years = [int(starts[i][:4]) for i in ids(items) if starts[i]]
    assert years == sorted(years)
    back, _ = list_all(demo, "sort=-start")
    years_back = [int(starts[i][:4]) for i in ids(back) if starts[i]]
    assert years_back == sorted(years_back, reverse=True)


def test_sort_given_with_q_is_kept(demo):
    body = demo.get_json(f"{API}/actions?q=migrants&sort=title&limit=200")
    assert body["sort"] == "title"
    titles = [sampledata.fold(x["title"]) for x in body["items"]]
    assert titles == sorted(titles)


def test_governments_ordered_by_name(demo):
    body = demo.get_json(f"{API}/governments")
    names = [g["name"] for g in body["items"]]
    # by name as people read it: case and accents do not change the order
    assert names == sorted(names, key=sampledata.fold)


def test_government_profile_has_regions(demo):
    g = demo.get_json(f"{API}/governments/entebbe-ug")
    for field in ("slug", "country_name", "region", "subregion"):
        assert field in g, field
    src = next(x for x in GOVERNMENTS if x["name"] == "Entebbe")
    for field in src:
        if field != "type":
            assert field in g, field


def test_governments_published_actions_sum(demo):
    body = demo.get_json(f"{API}/governments")
    assert sum(g["published_actions"] for g in body["items"]) == sum(
        len(a["governments"]) for a in PUBLISHED)


def test_facet_value_lists(demo):
    f = demo.get_json(f"{API}/actions?facets=all")["facets"]
    # vocabularies, regions, kinds and statuses: every value, zero counts included, in order
    assert [str(int(x["value"])) for x in f["objective"]] == [str(i) for i in range(1, 24)]
    assert [str(int(x["value"])) for x in f["principle"]] == [str(i) for i in range(1, 11)]
    assert [str(int(x["value"])) for x in f["gcr_objective"]] == ["1", "2", "3", "4"]
    assert [region_name(x["value"], x.get("label")) for x in f["region"]] == [
        "Africa", "Americas", "Asia", "Europe", "Oceania"]
    assert [x["value"] for x in f["kind"]] == ["pledge", "practice"]
    assert [x["value"] for x in f["status"]] == ["planned", "in_progress", "completed",
                                                 "discontinued"]
    assert len(f["theme"]) == len(read_tsv("themes.tsv"))
    # subregion and year: only the values that have actions
    assert all(x["count"] > 0 for x in f["subregion"] + f["year"])
    # country and government: values with actions, most first
    country = [x["count"] for x in f["country"]]
    assert all(c > 0 for c in country) and country == sorted(country, reverse=True)
    assert len(f["country"]) == len({c for a in PUBLISHED for c in countries_of(a)})
    gov = [x["count"] for x in f["government"]]
    assert all(c > 0 for c in gov) and gov == sorted(gov, reverse=True)


def test_facet_limit(demo):
    per_country = Counter(c for a in PUBLISHED for c in countries_of(a))
    (top, top_count), (_, second_count) = per_country.most_common(2)
    assert top_count > second_count  # the demo has one clear leader (BR)
    f = demo.get_json(f"{API}/actions?facets=country&facet_limit=1")["facets"]["country"]
    assert [(x["value"], x["count"]) for x in f] == [(top, top_count)]
    # a selected value is listed even beyond the limit
    f = demo.get_json(f"{API}/actions?country=UG&facets=country&facet_limit=1")["facets"]
    values = {x["value"]: x["count"] for x in f["country"]}
    assert set(values) == {top, "UG"}
    assert values["UG"] == per_country["UG"]


@pytest.mark.parametrize("value", ["0", "5001", "many"])
def test_bad_facet_limit_is_400(demo, value):
    expect_error(demo, f"{API}/actions?facets=country&facet_limit={value}", 400, "facet_limit")


def test_government_list_pages(demo):
    everyone = demo.get_json(f"{API}/governments?limit=1000")["items"]
    assert len(everyone) == len(GOVERNMENTS)
    paged = []
    for offset in range(0, len(everyone), 5):
        page = demo.get_json(f"{API}/governments?limit=5&offset={offset}")
        assert page["total"] == len(everyone)
        paged += page["items"]
    assert [g["slug"] for g in paged] == [g["slug"] for g in everyone]
