"""The public website (server-rendered HTML pages) as a visitor and a browser see it.

Most tests share one server over a generated registry big enough to fill every page: 300
actions with long texts across 90 countries and every objective, some drafts and withdrawn
actions, and one action and one government with hostile names. Every expected value is computed
here from the generated records or data/ (catalogs, reference lists), or compared with the JSON
API's own answer on the same server; never copied from a page.
"""

import csv
import gzip
import http.client
import io
import json
import random
import re
import time
import urllib.parse
from html.parser import HTMLParser

import pytest

import sampledata
from conftest import REPO, SANITIZER, Server, read_tsv, run_cli

API = "/api/v1"
PAGE_BUDGET = 61440  # bytes of HTML plus the stylesheet, uncompressed
POLL_SECONDS = 5.0
I18N = REPO / "data" / "i18n"


# ---- requests ----------------------------------------------------------------------------------

class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name):
        return self.headers.get(name)

    @property
    def text(self):
        return self.body.decode("utf-8")

    def __repr__(self):
        return f"<{self.status} {dict(self.headers)} {self.body[:300]!r}>"


def fetch(server, path, method="GET", headers=None):
    """One request as is: no Accept-Encoding unless @headers gives one, nothing decoded."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        resp = conn.getresponse()
        body = resp.read()
        return Answer(resp.status, resp.headers, body)
    finally:
        conn.close()


def get_page(server, path, status=200, headers=None):
    a = fetch(server, path, headers=headers)
    assert a.status == status, f"GET {path}: {a.status}, want {status}: {a.body[:400]!r}"
    return a


def get_json(server, path):
    a = fetch(server, path)
    assert a.status == 200, f"GET {path}: {a!r}"
    assert a.header("Content-Type").startswith("application/json"), a
    return json.loads(a.body)


def q(s):
    return urllib.parse.quote(s, safe="")


# ---- a small DOM over html.parser ---------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag = tag
        self.attrs = {k: (v if v is not None else "") for k, v in attrs}
        self.parent = parent
        self.children = []

    def text(self):
        out = []
        for c in self.children:
            out.append(c if isinstance(c, str) else c.text())
        return "".join(out)

    def iter(self):
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        found = []
        for n in self.iter():
            if tag is not None and n.tag != tag:
                continue
            ok = True
            for k, v in attrs.items():
                k = k.rstrip("_").replace("_", "-")
                have = n.attrs.get(k)
                if k == "class":
                    ok = have is not None and v in have.split()
                elif v is True:
                    ok = have is not None
                else:
                    ok = have == v
                if not ok:
                    break
            if ok:
                found.append(n)
        return found

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        n = Node(tag, attrs, self.cur)
        self.cur.children.append(n)
        if tag not in VOID:
            self.cur = n

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(html_text):
    b = TreeBuilder()
    b.feed(html_text if isinstance(html_text, str) else html_text.decode("utf-8"))
    b.close()
    return b.root


def number_in(text):
    """The integer a count shows, whatever the language's grouping ("1,234", "1 234")."""
    digits = re.sub(r"\D", "", text)
    assert digits, f"no number in {text!r}"
    return int(digits)


def results_count(doc):
    h = doc.find("h2", id="results-h")
    assert h is not None, "no results summary (h2#results-h)"
    return number_in(h.text())


def card_ids(doc):
    """The external ids of the action cards of a list, in order."""
    out = []
    for li in doc.find_all("li", class_="card"):
        a = li.find("h3").find("a")
        href = a.attrs["href"]
        assert href.startswith("/actions/"), href
        out.append(urllib.parse.unquote(href[len("/actions/"):]))
    return out


def enclosing(node, tag):
    while node is not None and node.tag != tag:
        node = node.parent
    return node


def facet_checkboxes(doc):
    """{(name, value): (count shown, checked, label text)} of the facet checkboxes: the count
    is the span.count of the checkbox's list item."""
    out = {}
    for inp in doc.find_all("input", type="checkbox"):
        li = enclosing(inp, "li")
        assert li is not None, f"checkbox {inp} is not in a list item"
        span = li.find("span", class_="count")
        assert span is not None, f"checkbox {inp} shows no count"
        key = (inp.attrs["name"], inp.attrs["value"])
        assert key not in out, f"checkbox {key} twice"
        out[key] = (number_in(span.text()), "checked" in inp.attrs, li.text())
    return out


def href_query(href):
    return urllib.parse.parse_qs(urllib.parse.urlsplit(href).query, keep_blank_values=True)


# ---- gettext catalogs, read independently ------------------------------------------------------

def read_po(path):
    """{msgctxt: (msgid, msgstr)} of a .po/.pot file (fuzzy entries are skipped)."""
    entries = {}
    cur = {}
    field = None
    fuzzy = False

    def flush():
        nonlocal cur, field, fuzzy
        if "msgctxt" in cur and not fuzzy:
            entries[cur["msgctxt"]] = (cur.get("msgid", ""), cur.get("msgstr", ""))
        cur, field, fuzzy = {}, None, False

    for line in path.read_text("utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        m = re.match(r'^(msgctxt|msgid|msgstr)\s+(".*")$', line)
        if m:
            if m.group(1) == "msgctxt" and "msgctxt" in cur:
                flush()
            field = m.group(1)
            cur[field] = json.loads(m.group(2))
        elif line.startswith('"') and field:
            cur[field] += json.loads(line)
    flush()
    return entries


def ui_text(lang, key):
    """The interface text @key in @lang, as the catalogs give it; fails when it is missing."""
    if lang == "en":
        return read_po(I18N / "ui.pot")[key][0]
    path = I18N / lang / "ui.po"
    assert path.exists(), f"there is no {path.relative_to(REPO)}: the interface is not translated"
    msgid, msgstr = read_po(path).get(key, ("", ""))
    assert msgstr, f"{path.relative_to(REPO)} has no translation of {key!r}"
    return msgstr


def taxonomy_text(lang, key):
    msgid, msgstr = read_po(I18N / lang / "taxonomy.po")[key]
    assert msgstr and msgstr != msgid, (lang, key)
    return msgstr


# ---- the generated registry --------------------------------------------------------------------

COUNTRY_ROWS = [r for r in read_tsv("countries.tsv") if r["region_code"]]
COUNTRY = {r["alpha2"]: r for r in COUNTRY_ROWS}
THEMES = [r["slug"] for r in read_tsv("themes.tsv")]
GROUPS = [r["slug"] for r in read_tsv("target_groups.tsv")]
SDGS = [r["code"] for r in read_tsv("sdg_targets.tsv")]
REGION_NAMES = {r["region_code"]: r["region"] for r in COUNTRY_ROWS}

WORDS = ("migrants refugees city council support housing health education language "
         "employment training access services inclusion community welcome centre rights "
         "protection women children youth workers families integration local plan program "
         "partnership network dialogue climate resilience mobility labour skills legal aid "
         "information data census registration identity documents shelter reception "
         "transport safety trafficking prevention return reintegration diaspora remittances "
         "entrepreneurs markets cooperation neighbourhood volunteers schools clinics "
         "counselling mediation participation consultation budget strategy monitoring").split()

HOSTILE_TITLE = "<script>alert(1)</script>"
HOSTILE_SUMMARY = '"><img src=x onerror=alert(1)>'
HOSTILE_GOV = "Évry <b>bold</b>"
HOSTILE_ID = "w-hostile"
EMPTY_WORD = "zzzznotaword"


def sentence(rng, lo, hi):
    ws = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(ws).capitalize()


def paragraph(rng, max_chars):
    out = ""
    while True:
        s = sentence(rng, 6, 16) + ". "
        if len(out) + len(s) > max_chars:
            return out.strip() or s[:max_chars].strip()
        out += s


def generate_registry(seed=20240607):
    """(government records, action records) of the registry the module serves."""
    rng = random.Random(seed)
    countries = sorted(rng.sample(COUNTRY_ROWS, 90), key=lambda r: r["alpha2"])
    syll = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "be", "zo", "pe", "gu", "ha"]
    govs = []
    seen = set()
    for c in countries:
        for _ in range(2):
            while True:
                name = "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))).capitalize()
                name += rng.choice(["", " City", " North", "-sur-Mer", " Metropolitan"])
                if name not in seen:
                    break
            seen.add(name)
            g = {"type": "government", "name": name, "country": c["alpha2"],
                 "kind": rng.choice(["city", "municipality", "metropolitan_area", "region"]),
                 "subdivision": sentence(rng, 1, 3), "population": rng.randint(1000, 9000000),
                 "website": f"https://www.example.org/{name.lower().replace(' ', '-')}",
                 "networks": rng.sample(["UCLG", "Mayors Migration Council", "Eurocities",
                                         "Metropolis", "ICLEI"], 2)}
            if rng.random() < 0.5:
                g["endorsements"] = [{"declaration": "marrakech-mayors-declaration",
                                      "date": "2018-12-08", "signatory_name": "A. Mayor",
                                      "signatory_title": "Mayor"}]
            govs.append(g)
    actions = []
    base = 1672531200  # 2023-01-01T00:00:00Z
    for i in range(300):
        lead = rng.choice(govs)
        gs = [lead] + ([rng.choice([g for g in govs if g is not lead])] if rng.random() < 0.2
                       else [])
        objectives = set(rng.sample(range(1, 24), rng.randint(1, 3)))
        if rng.random() < 0.4:
            objectives.add(7)
        if rng.random() < 0.2:
            objectives.add(16)
        year = rng.randint(2012, 2024)
        start = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                            f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"])
        state = "published"
        if i % 30 == 3:
            state = "draft"
        elif i % 60 == 5:
            state = "withdrawn"
        ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + i * 3600))
        a = {
            "external_id": f"w-{i:04d}",
            "kind": rng.choice(["pledge", "practice"]),
            "title": (sentence(rng, 6, 14) + " in " + lead["name"])[:300],
            "summary": paragraph(rng, rng.randint(400, 1000)),
            "description": paragraph(rng, 19000 if i % 10 == 0 else rng.randint(1500, 4000)),
            "language": "en",
            "governments": [{"name": g["name"], "country": g["country"]} for g in gs],
            "gcm_objectives": sorted(objectives),
            "guiding_principles": sorted(rng.sample(range(1, 11), rng.randint(0, 3))),
            "gcr_objectives": sorted(rng.sample(range(1, 5), rng.randint(0, 2))),
            "sdg_targets": sorted(rng.sample(SDGS, rng.randint(0, 3))),
            "themes": sorted(rng.sample(THEMES, rng.randint(1, 3))),
            "target_groups": sorted(rng.sample(GROUPS, rng.randint(1, 3))),
            "start_date": start,
            "end_date": rng.choice(["tbc", f"{year + rng.randint(1, 4)}"]),
            "budget": str(rng.randint(0, 5000000)),
            "currency": rng.choice(["USD", "EUR", "XOF"]),
            "partners": rng.sample(["IOM", "UNHCR", "Red Cross", "Chamber of Commerce",
                                    "University", "NGO Forum"], rng.randint(0, 3)),
            "publication_state": state,
            "implementation_status": rng.choice(["planned", "in_progress", "completed",
                                                 "discontinued"]),
            "indicators": [{"name": sentence(rng, 2, 5), "unit": "people", "baseline": 0,
                            "target": rng.randint(10, 5000), "deadline": f"{year + 2}"}],
            "created_at": ts,
            "updated_at": ts,
        }
        if state == "draft":
            a["gcm_objectives"] = sorted(objectives | {7})  # drafts that objective 7 must hide
        actions.append(a)
    hostile_gov = {"type": "government", "name": HOSTILE_GOV, "country": "FR"}
    govs.append(hostile_gov)
    newest = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + 400 * 3600))
    actions.append({
        "external_id": HOSTILE_ID, "kind": "practice", "title": HOSTILE_TITLE,
        "summary": HOSTILE_SUMMARY, "description": HOSTILE_TITLE + " " + HOSTILE_SUMMARY,
        "governments": [{"name": HOSTILE_GOV, "country": "FR"}], "gcm_objectives": [7, 16],
        "partners": [HOSTILE_TITLE], "created_at": newest, "updated_at": newest,
    })
    return govs, actions


GOVS, ACTIONS = generate_registry()
PUBLISHED = [a for a in ACTIONS if a.get("publication_state", "published") == "published"]
HIDDEN = [a for a in ACTIONS if a.get("publication_state", "published") != "published"]
BY_ID = {a["external_id"]: a for a in ACTIONS}


def regions_of(a):
    return {COUNTRY[g["country"]]["region_code"] for g in a["governments"]}


def countries_of(a):
    return {g["country"] for g in a["governments"]}


def published_ids(pred):
    return {a["external_id"] for a in PUBLISHED if pred(a)}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A server over the generated registry; the database path in .db."""
    d = tmp_path_factory.mktemp("web")
    db = d / "web.db"
    r = run_cli("init", "--db", db, cwd=d)
    assert r.code == 0, r
    path = d / "registry.jsonl"
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in GOVS + ACTIONS),
                    "utf-8")
    r = run_cli("import", "--db", db, "--quiet", path, cwd=d)
    assert r.code == 0, r
    s = Server(["serve", "--db", db, "--port", "0"], d)
    s.db = db
    s.dir = d
    yield s
    s.stop()
    text = s.log(tail=None)
    found = SANITIZER.search(text)
    assert not found, text[found.start():found.start() + 600]


@pytest.fixture(scope="module")
def ids_of(site):
    """A rich published action and the slug of its lead government, and the hostile ones."""
    a = next(a for a in PUBLISHED if a["guiding_principles"] and a["gcr_objectives"]
             and a["sdg_targets"] and a["partners"] and len(a["governments"]) == 2
             and len(a["description"]) > 15000)
    full = get_json(site, f"{API}/actions/{a['external_id']}")
    hostile = get_json(site, f"{API}/actions/{HOSTILE_ID}")
    return {"action": a["external_id"], "slug": full["governments"][0]["slug"],
            "hostile_slug": hostile["governments"][0]["slug"]}


def page_paths(ids_of):
    return ["/", "/actions", f"/actions/{ids_of['action']}", "/governments",
            f"/governments/{ids_of['slug']}", "/objectives", "/objectives/7", "/principles/1",
            "/gcr-objectives/1", "/statistics", "/data"]


PAGE_NAMES = ["home", "actions", "action", "governments", "government", "objectives",
              "objective-7", "principle-1", "gcr-objective-1", "statistics", "data"]


@pytest.fixture(params=range(len(PAGE_NAMES)), ids=PAGE_NAMES)
def page_path(request, ids_of):
    return page_paths(ids_of)[request.param]


# ---- 1. every page type ------------------------------------------------------------------------

def test_registry_is_loaded(site):
    """The premise of the other tests: the server holds what was generated."""
    body = get_json(site, f"{API}/actions?limit=1")
    assert body["total"] == len(PUBLISHED) > 280
    assert get_json(site, f"{API}/governments?limit=1")["total"] == len(GOVS)


def test_page_is_safe_html(site, page_path):
    a = get_page(site, page_path)
    assert a.header("Content-Type") == "text/html; charset=utf-8"
    assert a.header("X-Content-Type-Options") == "nosniff"
    csp = a.header("Content-Security-Policy")
    assert csp, f"{page_path}: no Content-Security-Policy"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
    assert re.search(r"(^|;)\s*(default-src|script-src)\s", csp), csp
    doc = parse(a.body)
    html_el = doc.find("html")
    assert html_el is not None and html_el.attrs.get("lang") == "en", page_path
    assert a.text.startswith("<!DOCTYPE html>"), page_path
    title = doc.find("title")
    assert title is not None and title.text().strip(), f"{page_path}: no <title>"
    assert doc.find("h1") is not None and doc.find("h1").text().strip(), f"{page_path}: no <h1>"
    for s in doc.find_all("script"):
        assert s.attrs.get("src"), f"{page_path}: inline <script> {s.text()[:100]!r}"
        assert not s.text().strip(), f"{page_path}: <script src> with a body"
    # the policy forbids inline script and style: any of these would be dead or blocked
    assert doc.find("style") is None, f"{page_path}: inline <style> element"
    for n in doc.iter():
        for k in n.attrs:
            assert not k.startswith("on"), f"{page_path}: inline handler {k} on {n}"
            assert k != "style", f"{page_path}: inline style attribute on <{n.tag}>"
        if n.tag == "a":
            assert not n.attrs.get("href", "").lower().startswith("javascript:"), n


# ---- 2. page weight ----------------------------------------------------------------------------

def test_pages_are_full(site, ids_of):
    """The premise of the weight test: the pages hold as much as they ever show."""
    doc = parse(get_page(site, "/actions").body)
    assert len(card_ids(doc)) == 20
    boxes = facet_checkboxes(doc)
    api = get_json(site, f"{API}/actions?facets=country&facet_limit=5000&limit=1")
    countries = [f for f in api["facets"]["country"] if f["count"] > 0]
    shown = [k for k in boxes if k[0] == "country"]
    assert len(shown) >= 15 and len(countries) > len(shown), "the country facet is not full"
    assert len([k for k in boxes if k[0] == "objective"]) == 23
    doc = parse(get_page(site, "/objectives/7").body)
    assert len(doc.find_all("li", class_="card")) == 20
    doc = parse(get_page(site, "/governments").body)
    rows = doc.find("table", class_="directory").find("tbody").find_all("tr")
    assert len(rows) >= 50 and len(rows) < len(GOVS), len(rows)
    assert doc.find("a", rel="next") is not None, "a full directory page has no next link"


def test_page_weight(site, page_path):
    html_len = len(get_page(site, page_path).body)
    css = get_page(site, "/static/style.css")
    total = html_len + len(css.body)
    assert total < PAGE_BUDGET, (
        f"{page_path}: {html_len} bytes of HTML + {len(css.body)} of CSS = {total}, "
        f"over the budget of {PAGE_BUDGET}")


# ---- 3. gzip -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/actions", "/statistics", "/static/style.css"])
def test_gzip(site, path):
    plain = get_page(site, path)
    assert plain.header("Content-Encoding") is None, plain.headers
    zipped = get_page(site, path, headers={"Accept-Encoding": "gzip"})
    assert zipped.header("Content-Encoding") == "gzip", zipped.headers
    assert zipped.body[:2] == b"\x1f\x8b"
    assert len(zipped.body) < len(plain.body)
    assert gzip.decompress(zipped.body) == plain.body
    for a in (plain, zipped):
        vary = [v.strip().lower() for v in (a.header("Vary") or "").split(",")]
        assert "accept-encoding" in vary, a.headers


@pytest.mark.parametrize("accept,gzipped", [
    ("gzip;q=0", False),
    ("gzip; q=0.000", False),
    ("identity", False),
    ("br, gzip;q=0.5", True),
    ("GZIP", True),
    ("*", True),
])
def test_accept_encoding(site, accept, gzipped):
    a = get_page(site, "/actions", headers={"Accept-Encoding": accept})
    if gzipped:
        assert a.header("Content-Encoding") == "gzip", (accept, a.headers)
        assert b"<!DOCTYPE html>" in gzip.decompress(a.body)
    else:
        assert a.header("Content-Encoding") is None, (accept, a.headers)
        assert a.body.startswith(b"<!DOCTYPE html>")


# ---- 4. revalidation and caching ---------------------------------------------------------------

FRESH = {
    "external_id": "t-web-fresh",
    "title": "Quetzalcoatl welcome desk for newcomers",
    "governments": [{"name": "Kampala", "country": "UG"}],
    "gcm_objectives": [15],
    "start_date": "2024",
}


def test_revalidation(start_server, cli, db, workdir):
    path = sampledata.write(workdir / "sample.jsonl", sampledata.ACTIONS, "jsonl")
    assert cli("import", "--db", db, "--quiet", path).code == 0
    s = start_server("serve", "--db", db, "--port", "0")
    first = get_page(s, "/actions")
    etag = first.header("ETag")
    last_modified = first.header("Last-Modified")
    assert etag and last_modified, first.headers
    assert "no-cache" in (first.header("Cache-Control") or ""), first.headers
    assert FRESH["title"].encode() not in first.body

    again = fetch(s, "/actions", headers={"If-None-Match": etag})
    assert again.status == 304, again
    assert again.body == b""
    assert again.header("ETag") == etag
    again = fetch(s, "/actions", headers={"If-None-Match": f'"other", {etag}'})
    assert again.status == 304, again
    again = fetch(s, "/actions", headers={"If-Modified-Since": last_modified})
    assert again.status == 304, again
    assert again.body == b""
    # a different page, or the same page in another language, is not the same copy
    assert fetch(s, "/actions?lang=fr", headers={"If-None-Match": etag}).status == 200
    assert fetch(s, "/governments", headers={"If-None-Match": etag}).status == 200

    time.sleep(1.1)  # Last-Modified has a resolution of one second
    rec = sampledata.write(workdir / "fresh.jsonl", [FRESH], "jsonl")
    assert cli("import", "--db", db, "--quiet", rec).code == 0
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        later = fetch(s, "/actions", headers={"If-None-Match": etag})
        if later.status == 200 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert later.status == 200, f"still 304 {POLL_SECONDS}s after an import"
    assert later.header("ETag") != etag
    assert FRESH["title"].encode() in later.body
    assert FRESH["external_id"] in card_ids(parse(later.body))
    assert results_count(parse(later.body)) == len(sampledata.ACTIONS) + 1
    since = fetch(s, "/actions", headers={"If-Modified-Since": last_modified})
    assert since.status == 200, "If-Modified-Since of before the import still gives 304"


def test_stylesheet_caching(site):
    doc = parse(get_page(site, "/").body)
    link = doc.find("link", rel="stylesheet")
    href = link.attrs["href"]
    m = re.fullmatch(r"/static/style\.css\?v=([0-9a-zA-Z]+)", href)
    assert m, href
    versioned = get_page(site, href)
    assert versioned.header("Content-Type").startswith("text/css"), versioned.headers
    cc = versioned.header("Cache-Control") or ""
    assert "max-age=31536000" in cc and "immutable" in cc, cc
    bare = get_page(site, "/static/style.css")
    assert bare.body == versioned.body
    cc = bare.header("Cache-Control") or ""
    ages = re.findall(r"max-age=(\d+)", cc)
    assert ages and 0 < int(ages[0]) < 31536000 and "immutable" not in cc, cc
    wrong = get_page(site, "/static/style.css?v=0000000000000000")
    assert "immutable" not in (wrong.header("Cache-Control") or ""), wrong.headers
    # the same link on every page, in every language
    for path in ("/actions?lang=fr", "/statistics"):
        assert parse(get_page(site, path).body).find("link", rel="stylesheet").attrs["href"] == href


def test_static_files(site):
    for path, ctype in [("/static/favicon.svg", "image/svg+xml"),
                        ("/static/filters.js", "text/javascript")]:
        a = get_page(site, path)
        assert a.header("Content-Type").startswith(ctype), (path, a.headers)
        assert a.header("X-Content-Type-Options") == "nosniff"
    for path in ("/static/nothing.css", "/static/..%2fCMakeLists.txt", "/static/style.CSS"):
        a = fetch(site, path)
        assert a.status == 404, (path, a)


# ---- 5. languages ------------------------------------------------------------------------------

def lang_of(a):
    return parse(a.body).find("html").attrs.get("lang")


@pytest.mark.parametrize("headers,want", [
    ({}, "en"),
    ({"Cookie": "lang=es"}, "es"),
    ({"Cookie": "theme=dark; lang=fr; other=1"}, "fr"),
    ({"Accept-Language": "fr-CH, es;q=0.9"}, "fr"),
    ({"Accept-Language": "de-DE, es;q=0.5"}, "es"),
    ({"Accept-Language": "de"}, "en"),
    ({"Accept-Language": "es;q=0.2, fr;q=0.8"}, "fr"),
    ({"Accept-Language": "es", "Cookie": "lang=fr"}, "fr"),
])
def test_language_choice(site, headers, want):
    a = get_page(site, "/actions", headers=headers)
    assert lang_of(a) == want, (headers, lang_of(a))
    assert a.header("Content-Language") == want
    assert a.header("Set-Cookie") is None, "only ?lang sets the cookie"
    vary = (a.header("Vary") or "").lower()
    assert "accept-language" in vary and "cookie" in vary, a.headers


def test_lang_parameter_sets_cookie(site):
    a = get_page(site, "/?lang=fr", headers={"Cookie": "lang=es", "Accept-Language": "es"})
    assert lang_of(a) == "fr"
    assert a.header("Content-Language") == "fr"
    cookie = a.header("Set-Cookie")
    assert cookie, a.headers
    parts = [p.strip() for p in cookie.split(";")]
    assert parts[0] == "lang=fr", cookie
    assert "Path=/" in parts, cookie
    assert "SameSite=Lax" in parts, cookie
    # an unknown language is ignored, not stored
    b = get_page(site, "/?lang=de")
    assert lang_of(b) == "en" and b.header("Set-Cookie") is None


@pytest.mark.parametrize("lang", ["fr", "es"])
def test_navigation_is_translated(site, lang):
    doc = parse(get_page(site, f"/statistics?lang={lang}").body)
    menu = doc.find("nav", class_="menu")
    got = [a.text().strip() for a in menu.find_all("a")]
    want = [ui_text(lang, k) for k in ("nav_home", "nav_actions", "nav_governments",
                                       "nav_objectives", "nav_forums", "nav_statistics",
                                       "nav_data")]
    assert got == want
    english = [ui_text("en", k) for k in ("nav_home", "nav_governments", "nav_statistics")]
    assert not set(english) & set(got), f"English navigation on the {lang} page: {got}"
    assert doc.find("h1").text().strip() == ui_text(lang, "statistics_title")


def test_taxonomy_titles_are_translated(site):
    want = taxonomy_text("es", "gcm.7")
    doc = parse(get_page(site, "/objectives/7?lang=es").body)
    assert doc.find("html").attrs["lang"] == "es"
    assert doc.find("h1").text().strip() == want
    assert want in doc.find("title").text()
    english = read_po(I18N / "taxonomy.pot")["gcm.7"][0]
    assert english not in doc.find("h1").text()
    doc = parse(get_page(site, "/objectives?lang=fr").body)
    titles = [s.text() for s in doc.find_all("span", class_="topic-title")]
    assert taxonomy_text("fr", "gcm.7") in titles
    assert taxonomy_text("fr", "gcm.23") in titles
    # facet labels on the list use the short titles
    doc = parse(get_page(site, "/actions?lang=es").body)
    label = facet_checkboxes(doc)[("objective", "7")][2]
    assert taxonomy_text("es", "gcm.7.short") in label, label


def test_language_links_keep_filters(site):
    doc = parse(get_page(site, "/actions?objective=7&region=002&q=city").body)
    links = {a.attrs["hreflang"]: a.attrs["href"]
             for a in doc.find("nav", class_="langs").find_all("a")}
    assert set(links) == {"en", "fr", "es"}
    for code, href in links.items():
        assert urllib.parse.urlsplit(href).path == "/actions"
        qs = href_query(href)
        assert qs.get("objective") == ["7"] and qs.get("region") == ["002"], href
        assert qs.get("q") == ["city"] and qs.get("lang") == [code], href
    # following the French link keeps the selection
    fr = parse(get_page(site, links["fr"]).body)
    assert fr.find("html").attrs["lang"] == "fr"
    assert results_count(fr) == results_count(doc)
    # on a page with ?lang already, the link replaces it rather than adding a second one
    doc = parse(get_page(site, "/actions?objective=7&lang=es").body)
    links = {a.attrs["hreflang"]: a.attrs["href"]
             for a in doc.find("nav", class_="langs").find_all("a")}
    assert href_query(links["fr"]).get("lang") == ["fr"]


# ---- 6. counts agree with the API --------------------------------------------------------------

FACET_PARAMS = ["objective", "principle", "gcr_objective", "region", "country", "theme",
                "target_group", "kind", "status"]


@pytest.mark.parametrize("query,pred", [
    ("objective=7&region=002", lambda a: 7 in a["gcm_objectives"] and "002" in regions_of(a)),
    ("objective=16", lambda a: 16 in a["gcm_objectives"]),
    ("", lambda a: True),
], ids=["objective7-africa", "objective16", "all"])
def test_counts_agree_with_api(site, query, pred):
    doc = parse(get_page(site, "/actions" + ("?" + query if query else "")).body)
    api = get_json(site, f"{API}/actions?{query}{'&' if query else ''}facets=all")
    want = published_ids(pred)
    assert want, "the query selects nothing: the test would prove nothing"
    assert results_count(doc) == api["total"] == len(want)
    boxes = facet_checkboxes(doc)
    api_counts = {(p, f["value"]): f["count"] for p in FACET_PARAMS for f in api["facets"][p]}
    for key, (count, _, _) in boxes.items():
        assert key in api_counts, f"checkbox {key} is not an API facet value"
        assert count == api_counts[key], f"{key}: page says {count}, API {api_counts[key]}"
    for key, count in api_counts.items():
        if count > 0 and key[0] != "country":
            assert key in boxes, f"{key} ({count} actions) has no checkbox"
    # the countries shown are the most frequent ones (all of them when they are few)
    every = get_json(site, f"{API}/actions?{query}{'&' if query else ''}facets=country"
                           f"&facet_limit=5000&limit=1")["facets"]["country"]
    nonzero = {f["value"]: f["count"] for f in every if f["count"] > 0}
    shown = {k[1]: v[0] for k, v in boxes.items() if k[0] == "country"}
    assert shown, "no country checkbox"
    hidden = {c: n for c, n in nonzero.items() if c not in shown}
    assert not hidden or min(shown.values()) >= max(hidden.values()), (shown, hidden)
    if len(nonzero) <= 15:
        assert set(shown) == set(nonzero)
    selected = set(urllib.parse.parse_qsl(query))
    checked = {k for k, (_, c, _) in boxes.items() if c}
    assert checked == selected, (checked, selected)
    # an independent check of a few facet counts: objective counts with the region kept
    if query == "objective=7&region=002":
        for n in (7, 16, 1):
            want_n = len(published_ids(lambda a: n in a["gcm_objectives"]
                                       and "002" in regions_of(a)))
            assert boxes.get(("objective", str(n)), (0,))[0] == want_n


def test_two_values_of_one_facet_are_alternatives(site):
    doc = parse(get_page(site, "/actions?objective=7&objective=16").body)
    api = get_json(site, f"{API}/actions?objective=7&objective=16&limit=1")
    union = published_ids(lambda a: {7, 16} & set(a["gcm_objectives"]))
    only7 = published_ids(lambda a: 7 in a["gcm_objectives"])
    assert len(union) > len(only7)
    assert results_count(doc) == api["total"] == len(union)
    boxes = facet_checkboxes(doc)
    assert boxes[("objective", "7")][1] and boxes[("objective", "16")][1]
    chips = doc.find("div", class_="chips").find_all("a", class_="chip")
    assert len(chips) == 2
    # removing one chip keeps the other value
    for chip in chips:
        assert len(href_query(chip.attrs["href"]).get("objective", [])) == 1, chip.attrs


# ---- 7. hostile strings ------------------------------------------------------------------------

RAW = [b"<script>alert", b"<img src=x", b"<b>bold</b>", b"<svg onload"]


def assert_no_raw(path, body):
    for r in RAW:
        assert r not in body, f"{path}: {r!r} appears unescaped"


def hostile_pages(ids_of):
    return ["/actions", f"/actions/{HOSTILE_ID}", f"/governments/{ids_of['hostile_slug']}",
            "/actions?q=" + q("<script>"), "/governments?country=FR", "/objectives/16",
            f"/actions?government={ids_of['hostile_slug']}"]


def test_hostile_strings_are_escaped(site, ids_of):
    for path in hostile_pages(ids_of):
        a = get_page(site, path)
        assert_no_raw(path, a.body)
        if not path.startswith("/governments?"):
            assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in a.body, f"{path}: title not shown"
        assert "Évry &lt;b&gt;bold&lt;/b&gt;".encode() in a.body, f"{path}: government not shown"
    action = get_page(site, f"/actions/{HOSTILE_ID}")
    doc = parse(action.body)
    assert doc.find("h1").text() == HOSTILE_TITLE
    assert HOSTILE_TITLE in doc.find("title").text()
    assert doc.find("p", class_="lead").text() == HOSTILE_SUMMARY
    assert doc.find("img") is None


def test_hostile_search_lists_the_action(site):
    doc = parse(get_page(site, "/actions?q=" + q("<script>")).body)
    assert HOSTILE_ID in card_ids(doc)
    assert doc.find("input", id="q").attrs["value"] == "<script>"


def test_search_box_reflects_quotes_escaped(site):
    hostile = '"><svg onload=1>'
    a = get_page(site, "/actions?q=" + q(hostile))
    assert_no_raw("/actions?q=...", a.body)
    assert b'"><svg' not in a.body
    doc = parse(a.body)
    box = doc.find("input", id="q")
    assert box is not None and box.attrs["value"] == hostile
    assert doc.find("svg", onload=True) is None
    assert b'value="&quot;&gt;&lt;svg onload=1&gt;"' in a.body


@pytest.mark.parametrize("query", ["support=housing", "legal:aid", "(shelter)", "skills++ legal",
                                   "welcome-centre", "data*", '"housing"', "shelter(legal)",
                                   "legal.aid", "skills/training"])
def test_search_with_punctuation(site, query):
    """Punctuation separates words as spaces do: a search is never a server error."""
    want = published_ids(lambda a: sampledata.text_matches(a, query))
    assert want, "the query matches nothing: the test would prove little"
    a = fetch(site, f"{API}/actions?q={q(query)}&limit=1")
    assert a.status == 200, (query, a)
    assert json.loads(a.body)["total"] == len(want)
    doc = parse(get_page(site, f"/actions?q={q(query)}").body)
    assert results_count(doc) == len(want)


# ---- 8. errors ---------------------------------------------------------------------------------

def assert_html_error(a, status, lang="en"):
    assert a.status == status, a
    assert a.header("Content-Type") == "text/html; charset=utf-8", a.headers
    doc = parse(a.body)
    assert doc.find("html").attrs.get("lang") == lang
    assert a.header("Content-Language") == lang
    assert a.header("Content-Security-Policy"), a.headers
    assert doc.find("h1") is not None
    return doc


def test_not_found_page(site):
    doc = assert_html_error(fetch(site, "/nothing"), 404)
    assert doc.find("h1").text().strip() == ui_text("en", "error_not_found")
    assert doc.find("nav", class_="menu") is not None, "the error page has no navigation"
    assert_html_error(fetch(site, "/nothing?lang=es"), 404, "es")
    assert_html_error(fetch(site, "/nothing", headers={"Accept-Language": "fr"}), 404, "fr")
    assert_html_error(fetch(site, "/actions/does-not-exist"), 404)
    assert_html_error(fetch(site, "/governments/does-not-exist"), 404)
    assert_html_error(fetch(site, "/objectives/24"), 404)
    assert_html_error(fetch(site, "/objectives/0"), 404)
    assert_html_error(fetch(site, "/principles/11"), 404)
    assert_html_error(fetch(site, "/actions/a/b"), 404)
    for hidden in HIDDEN[:3]:  # drafts and withdrawn actions are not on the website
        assert_html_error(fetch(site, f"/actions/{hidden['external_id']}"), 404)


def test_not_found_page_is_translated(site):
    doc = assert_html_error(fetch(site, "/nothing?lang=fr"), 404, "fr")
    assert doc.find("h1").text().strip() == ui_text("fr", "error_not_found")


def test_bad_filter_is_an_html_400(site):
    a = fetch(site, "/actions?objective=99")
    doc = assert_html_error(a, 400)
    message = doc.find("p", class_="error-message")
    assert message is not None and "objective" in message.text(), a.text[-1500:]
    assert "99" in message.text()
    assert a.header("Cache-Control") == "no-store" or "no-cache" in a.header("Cache-Control")
    assert_html_error(fetch(site, "/actions?region=Atlantis"), 400)
    assert_html_error(fetch(site, "/actions?objective=99&lang=es"), 400, "es")


def test_api_errors_stay_json(site):
    for path, status in [(f"{API}/nothing", 404), (f"{API}/actions?objective=99", 400),
                         (f"{API}/actions/does-not-exist", 404)]:
        a = fetch(site, path, headers={"Accept-Language": "fr"})
        assert a.status == status, (path, a)
        assert a.header("Content-Type").startswith("application/json"), (path, a.headers)
        assert json.loads(a.body)["error"]["status"] == status


def test_unknown_parameters(site, ids_of):
    for path in ["/actions?utm_source=x", "/?utm_source=x&fbclid=1",
                 f"/actions/{ids_of['action']}?utm_source=x", "/statistics?ref=mail",
                 "/governments?utm_source=x", "/objectives/7?utm_source=x"]:
        a = get_page(site, path)
        assert a.header("Content-Type").startswith("text/html"), path
    a = fetch(site, f"{API}/actions?utm_source=x")
    assert a.status == 400, a
    err = json.loads(a.body)["error"]
    assert err["parameter"] == "utm_source", err
    assert fetch(site, f"{API}/governments?utm_source=x").status == 400


def test_method_not_allowed_on_a_page(site):
    a = fetch(site, "/actions", method="POST")
    assert a.status == 405, a
    assert a.header("Content-Type") == "text/html; charset=utf-8"
    assert "GET" in (a.header("Allow") or "")


# ---- 9. the empty result -----------------------------------------------------------------------

def empty_links(doc):
    box = doc.find("div", class_="empty")
    assert box is not None, "no empty state"
    return [a.attrs["href"] for a in box.find_all("a")]


def test_empty_search(site):
    doc = parse(get_page(site, f"/actions?q={EMPTY_WORD}").body)
    assert results_count(doc) == 0
    assert card_ids(doc) == []
    links = empty_links(doc)
    assert links, "the empty state offers no way out"
    for href in links:
        assert "q" not in href_query(href), href
        widened = parse(get_page(site, href).body)
        assert results_count(widened) == len(PUBLISHED)


def test_empty_with_two_filters(site):
    # an objective and a country that each have actions, but none together
    pick = None
    for n in range(1, 24):
        for c in sorted(COUNTRY):
            if (published_ids(lambda a: n in a["gcm_objectives"])
                    and len(published_ids(lambda a: c in countries_of(a))) >= 2
                    and not published_ids(lambda a: n in a["gcm_objectives"]
                                          and c in countries_of(a))):
                pick = (n, c)
                break
        if pick:
            break
    assert pick
    n, c = pick
    doc = parse(get_page(site, f"/actions?objective={n}&country={c}").body)
    assert results_count(doc) == 0
    links = empty_links(doc)
    assert len(links) == 2, links
    kept = sorted(tuple(sorted((k, tuple(v)) for k, v in href_query(h).items())) for h in links)
    assert kept == sorted([(("country", (c,)),), (("objective", (str(n),)),)]), links
    for href in links:
        qs = href_query(href)
        if "country" in qs:
            want = published_ids(lambda a: c in countries_of(a))
        else:
            want = published_ids(lambda a: n in a["gcm_objectives"])
        assert results_count(parse(get_page(site, href).body)) == len(want), href


# ---- 10. paging --------------------------------------------------------------------------------

def api_ids(site, query):
    items, cursor = [], None
    for _ in range(50):
        path = f"{API}/actions?{query}&limit=200"
        if cursor:
            path += "&cursor=" + q(cursor)
        body = get_json(site, path)
        items += [x["external_id"] for x in body["items"]]
        cursor = body["next_cursor"]
        if cursor is None:
            return items
    raise AssertionError("no end to the API's pages")


def test_paging(site):
    query = "objective=7"
    want = api_ids(site, query)
    assert len(want) > 40 and set(want) == published_ids(lambda a: 7 in a["gcm_objectives"])
    path = f"/actions?{query}&lang=en"
    seen, pages = [], 0
    while path:
        doc = parse(get_page(site, path).body)
        ids = card_ids(doc)
        pages += 1
        assert not set(ids) & set(seen), f"page {pages} repeats {set(ids) & set(seen)}"
        nxt = doc.find("a", rel="next")
        if nxt is not None:
            assert len(ids) == 20, (path, len(ids))
            qs = href_query(nxt.attrs["href"])
            assert qs.get("objective") == ["7"] and qs.get("lang") == ["en"], nxt.attrs
            assert len(qs.get("cursor", [])) == 1, nxt.attrs
        else:
            assert 0 < len(ids) <= 20
        assert results_count(doc) == len(want)
        seen += ids
        path = nxt.attrs["href"] if nxt is not None else None
        assert pages < 50
    assert pages == (len(want) + 19) // 20
    assert seen == want


# ---- 11. exports -------------------------------------------------------------------------------

def test_export_csv_round_trip(site, tmp_path):
    a = get_page(site, f"{API}/export/actions.csv?objective=7")
    assert a.header("Content-Type").startswith("text/csv"), a.headers
    disp = a.header("Content-Disposition") or ""
    assert disp.startswith("attachment") and "filename=" in disp and ".csv" in disp, disp
    rows = list(csv.DictReader(io.StringIO(a.body.decode("utf-8"), newline="")))
    want = published_ids(lambda x: 7 in x["gcm_objectives"])
    total = get_json(site, f"{API}/actions?objective=7&limit=1")["total"]
    got = [r["external_id"] for r in rows]
    assert len(got) == len(set(got)) == total == len(want)
    assert set(got) == want
    assert not set(got) & {h["external_id"] for h in HIDDEN}
    assert HOSTILE_ID in got

    path = tmp_path / "download.csv"
    path.write_bytes(a.body)
    db = tmp_path / "fresh.db"
    assert run_cli("init", "--db", db, cwd=tmp_path).code == 0
    r = run_cli("import", "--db", db, path, cwd=tmp_path)
    assert r.code == 0, r
    assert r.summary()[1] == len(want), r
    r = run_cli("export", "--db", db, "--format", "jsonl", "--type", "actions", cwd=tmp_path)
    assert r.code == 0, r
    back = [json.loads(line) for line in r.out.splitlines() if line.strip()]
    assert {b["external_id"] for b in back} == want
    for b in back:
        assert sampledata.normalise_action(b) == sampledata.normalise_action(
            BY_ID[b["external_id"]]), b["external_id"]


def test_export_json(site):
    a = get_page(site, f"{API}/export/actions.json?objective=7")
    assert a.header("Content-Type").startswith("application/json"), a.headers
    assert (a.header("Content-Disposition") or "").startswith("attachment")
    body = json.loads(a.body)
    assert isinstance(body, list)
    assert {x["external_id"] for x in body} == published_ids(lambda x: 7 in x["gcm_objectives"])
    everything = json.loads(get_page(site, f"{API}/export/actions.json").body)
    assert len(everything) == len(PUBLISHED)
    assert {x["external_id"] for x in everything} == {x["external_id"] for x in PUBLISHED}
    assert all(x.get("publication_state", "published") == "published" for x in everything)
    none = json.loads(get_page(site, f"{API}/export/actions.json?q={EMPTY_WORD}").body)
    assert none == []


def test_export_follows_the_list_filters(site):
    query = "objective=7&region=002&kind=practice"
    want = published_ids(lambda x: 7 in x["gcm_objectives"] and "002" in regions_of(x)
                         and x.get("kind", "pledge") == "practice")
    rows = list(csv.DictReader(io.StringIO(
        get_page(site, f"{API}/export/actions.csv?{query}").body.decode("utf-8"), newline="")))
    assert {r["external_id"] for r in rows} == want
    # the list page offers the same selection as a download
    doc = parse(get_page(site, f"/actions?{query}&sort=title").body)
    links = [a.attrs["href"] for a in doc.find_all("a") if "/export/actions.csv" in
             a.attrs.get("href", "")]
    assert len(links) == 1
    rows = list(csv.DictReader(io.StringIO(get_page(site, links[0]).body.decode("utf-8"),
                                           newline="")))
    assert {r["external_id"] for r in rows} == want
    assert fetch(site, f"{API}/export/actions.csv?objective=99").status == 400
    assert fetch(site, f"{API}/export/actions.xml").status == 404


# ---- 12. statistics downloads ------------------------------------------------------------------

def test_statistics_by_objective_csv(site):
    a = get_page(site, "/statistics/by-objective.csv")
    assert a.header("Content-Type").startswith("text/csv"), a.headers
    assert (a.header("Content-Disposition") or "").startswith("attachment")
    rows = list(csv.reader(io.StringIO(a.body.decode("utf-8"), newline="")))
    assert len(rows) == 24, rows
    header, rows = rows[0], rows[1:]
    assert header[0] == "objective" and len(header) == 3
    stats = get_json(site, f"{API}/stats")
    api = {x["value"]: x["count"] for x in stats["by_objective"]}
    got = {r[0]: int(r[2]) for r in rows}
    assert got == api
    assert [r[0] for r in rows] == [str(n) for n in range(1, 24)]
    for n in range(1, 24):
        assert got[str(n)] == len(published_ids(lambda x: n in x["gcm_objectives"]))


def test_statistics_objective_by_region_csv(site):
    a = get_page(site, "/statistics/objective-by-region.csv")
    assert a.header("Content-Type").startswith("text/csv"), a.headers
    rows = list(csv.reader(io.StringIO(a.body.decode("utf-8"), newline="")))
    header, rows = rows[0], rows[1:]
    assert len(rows) == 23
    regions = header[2:]
    name_to_code = {v: k for k, v in REGION_NAMES.items()}
    assert set(regions) == {REGION_NAMES[c] for a in PUBLISHED for c in regions_of(a)}
    for r in rows:
        n = int(r[0])
        for name, cell in zip(regions, r[2:]):
            code = name_to_code[name]
            want = len(published_ids(lambda x: n in x["gcm_objectives"] and code in regions_of(x)))
            assert int(cell) == want, (n, name, cell, want)
    for n, name in [(7, regions[0]), (16, regions[-1]), (23, regions[len(regions) // 2])]:
        total = get_json(site, f"{API}/actions?objective={n}&region={q(name)}&limit=1")["total"]
        cell = rows[n - 1][2 + regions.index(name)]
        assert int(cell) == total, (n, name)
    assert fetch(site, "/statistics/nothing.csv").status == 404


def test_statistics_page_matches_stats(site):
    doc = parse(get_page(site, "/statistics").body)
    stats = get_json(site, f"{API}/stats")
    heat = doc.find("figure", class_="heat")
    assert heat is not None
    body_rows = heat.find("tbody").find_all("tr")
    assert len(body_rows) == 23
    by_objective = {x["value"]: x["count"] for x in stats["by_objective"]}
    # the heat map's rows sum, per objective, to at least the objective's count (joint
    # actions across regions count once per region)
    for i, tr in enumerate(body_rows, start=1):
        cells = [int(td.text()) for td in tr.find_all("td")]
        assert sum(cells) >= by_objective[str(i)]


# ---- 13. HEAD ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/actions?objective=7", "/statistics",
                                  "/static/style.css", "/nothing"])
def test_head(site, path):
    got = fetch(site, path)
    head = fetch(site, path, method="HEAD")
    assert head.status == got.status, (head, got.status)
    assert head.body == b""
    for h in ("Content-Type", "Content-Language", "ETag", "Last-Modified", "Cache-Control",
              "Content-Security-Policy", "Vary"):
        assert head.header(h) == got.header(h), h
    if head.header("Content-Length") is not None:
        assert int(head.header("Content-Length")) == len(got.body)


# ---- the pages say what the registry holds ------------------------------------------------------

def test_governments_directory(site):
    """Every government once over the directory's pages, each with its published actions."""
    published = {}
    for a in PUBLISHED:
        for g in a["governments"]:
            published[(g["name"], g["country"])] = published.get((g["name"], g["country"]), 0) + 1
    seen = {}
    path, pages = "/governments", 0
    while path:
        doc = parse(get_page(site, path).body)
        assert number_in(doc.find("p", class_="count-line").text()) == len(GOVS)
        for tr in doc.find("table", class_="directory").find("tbody").find_all("tr"):
            link = tr.find("th").find("a")
            slug = link.attrs["href"].rsplit("/", 1)[1]
            assert slug not in seen, f"{slug} on two pages"
            seen[slug] = (link.text(), number_in(tr.find("td", class_="num").text()))
        nxt = doc.find("a", rel="next")
        path = nxt.attrs["href"] if nxt is not None else None
        pages += 1
        assert pages < 20
    assert len(seen) == len(GOVS)
    assert sorted(name for name, _ in seen.values()) == sorted(g["name"] for g in GOVS)
    by_name = {g["name"]: (g["name"], g["country"]) for g in GOVS}
    for name, count in seen.values():
        assert count == published.get(by_name[name], 0), name


def test_action_page_shows_the_action(site, ids_of):
    a = BY_ID[ids_of["action"]]
    doc = parse(get_page(site, f"/actions/{a['external_id']}").body)
    assert doc.find("h1").text() == a["title"]
    assert doc.find("p", class_="lead").text() == a["summary"]
    gov_links = [x.attrs["href"] for x in doc.find("p", class_="govs").find_all("a")]
    assert len(gov_links) == len(a["governments"]) == 2
    objectives = [x.attrs["href"] for x in doc.find("ul", class_="objective-list").find_all("a")]
    assert objectives == [f"/objectives/{n}" for n in a["gcm_objectives"]]
    principles = {x.attrs["href"] for x in doc.find_all("a") if
                  x.attrs.get("href", "").startswith("/principles/")}
    assert principles == {f"/principles/{n}" for n in a["guiding_principles"]}


def test_government_page_lists_its_actions(site, ids_of):
    slug = ids_of["slug"]
    gov = get_json(site, f"{API}/governments/{slug}")
    doc = parse(get_page(site, f"/governments/{slug}").body)
    assert doc.find("h1").text() == gov["name"]
    mine = published_ids(lambda a: (gov["name"], gov["country"]) in
                         {(g["name"], g["country"]) for g in a["governments"]})
    assert set(card_ids(doc)) == mine


def test_topic_page_counts(site):
    for path, pred in [("/objectives/7", lambda a: 7 in a["gcm_objectives"]),
                       ("/principles/1", lambda a: 1 in a.get("guiding_principles", [])),
                       ("/gcr-objectives/1", lambda a: 1 in a.get("gcr_objectives", []))]:
        doc = parse(get_page(site, path).body)
        want = published_ids(pred)
        assert number_in(doc.find("p", class_="lead").text()) == len(want), path
        assert set(card_ids(doc)) <= want and len(card_ids(doc)) == min(20, len(want)), path
