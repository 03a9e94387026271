"""Submitting and reviewing actions through the real server: the JSON API's journey from a
draft to a published (and edited, and withdrawn) action, the audit log, and who may do what.
Accounts are made with `localaction user add`; browsers sign in through /login and scripts
use API tokens made through the /account/tokens form."""

import http.client
import json
import re
import sqlite3
import time
import urllib.parse

import pytest

from conftest import db_query, db_snapshot

API = "/api/v1"
PASSWORD = "correct horse battery staple"
POLL_SECONDS = 5.0

GOVERNMENTS = [
    {"type": "government", "name": "Kampala", "country": "UG", "kind": "city"},
    {"type": "government", "name": "Nairobi", "country": "KE", "kind": "city"},
]

# who signs in: name -> (role, government slug)
PEOPLE = {
    "fp": ("focal_point", "kampala-ug"),
    "coord": ("network_coordinator", "kampala-ug"),
    "fp_other": ("focal_point", "nairobi-ke"),
    "reviewer": ("reviewer", None),
    "donor": ("donor", None),
    "admin": ("admin", None),
}


def record(external_id="kla-1", title="Kampala welcomes newcomers", **extra):
    r = {"external_id": external_id, "kind": "pledge", "title": title,
         "summary": "Reception centres for newcomers.",
         "governments": [{"name": "Kampala", "country": "UG"}],
         "gcm_objectives": [7, 15], "start_date": "2024", "end_date": "tbc"}
    r.update(extra)
    return r


# ---- HTTP without following redirects, with cookies by hand --------------------------------

class Browser:
    """One visitor: its cookies, and requests that never follow redirects."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        for name, value in resp.getheaders():
            if name.lower() == "set-cookie":
                k, _, rest = value.partition("=")
                self.cookies[k] = rest.split(";")[0]
        conn.close()
        return resp.status, dict(resp.getheaders()), data

    def form(self, path, fields):
        body = urllib.parse.urlencode(fields).encode()
        return self.request("POST", path, body,
                            {"Content-Type": "application/x-www-form-urlencoded"})

    def csrf_of(self, path):
        status, _, body = self.request("GET", path)
        assert status == 200, (path, status, body[:300])
        m = re.search(rb'name="csrf" value="([^"]+)"', body)
        assert m, f"no form token on {path}"
        return m.group(1).decode()

    def login(self, email):
        token = self.csrf_of("/login")
        status, headers, body = self.form("/login", {"csrf": token, "email": email,
                                                     "password": PASSWORD, "next": "/account"})
        assert status == 303, (status, body[:300])
        assert "la_session" in self.cookies
        return self.csrf_of("/account")

    def api_token(self):
        token = self.csrf_of("/account")
        status, _, body = self.form("/account/tokens", {"csrf": token, "name": "tests"})
        assert status == 200, (status, body[:300])
        m = re.search(rb'<code class="token">([^<]+)</code>', body)
        assert m, "the new token is not shown"
        return m.group(1).decode()


def call(server, method, path, body=None, token=None, headers=None):
    """(status, JSON or None) of an API call with an optional Bearer token."""
    h = {"Content-Type": "application/json"}
    if token:
        h["Authorization"] = f"Bearer {token}"
    h.update(headers or {})
    data = json.dumps(body).encode() if body is not None else None
    status, _, raw = server.request(path, method=method, data=data, headers=h)
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw


def poll(fn, seconds=POLL_SECONDS):
    deadline = time.monotonic() + seconds
    while True:
        value = fn()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(0.1)


# ---- fixtures -------------------------------------------------------------------------------

@pytest.fixture
def site(workdir, cli, db, start_server):
    """A server over two governments and one account per kind of person, with API tokens."""
    path = workdir / "governments.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in GOVERNMENTS), encoding="utf-8")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    for name, (role, gov) in PEOPLE.items():
        args = ["user", "add", "--db", db, "--email", f"{name}@example.org", "--role", role,
                "--name", name.title(), "--password-stdin"]
        if gov:
            args += ["--government", gov]
        r = cli(*args, stdin=PASSWORD.encode())
        assert r.code == 0, r
    server = start_server("serve", "--db", db, "--port", "0")
    tokens = {}
    for name in PEOPLE:
        b = Browser(server)
        b.login(f"{name}@example.org")
        tokens[name] = b.api_token()
    tokens["none"] = None
    server.tokens = tokens
    server.db = db
    return server


def tables(db):
    """The tables the workflow may change (sessions and tokens note their use on every call)."""
    snap = db_snapshot(db)
    for t in ("sessions", "api_tokens", "login_failures"):
        snap.pop(t, None)
    return snap


def move(site, who, sid, to, note=None):
    body = {"to": to} if note is None else {"to": to, "note": note}
    return call(site, "POST", f"{API}/submissions/{sid}/transitions", body, site.tokens[who])


def public(site, external_id):
    return call(site, "GET", f"{API}/actions/{external_id}")


# ---- the journey ----------------------------------------------------------------------------

def test_journey(site):
    db = site.db
    before = tables(db)
    bad = record(gcm_objectives=[99])
    status, body = call(site, "POST", f"{API}/actions", dict(bad, submit=True), site.tokens["fp"])
    assert status == 400, body
    assert [f["field"] for f in body["error"]["fields"]] == ["gcm_objectives"]
    assert tables(db) == before, "a refused submission stored something"

    status, body = call(site, "POST", f"{API}/actions", dict(record(), submit=True),
                        site.tokens["fp"])
    assert status == 201, body
    sid = body["id"]
    assert body["state"] == "submitted" and body["errors"] == []
    assert body["record"]["title"] == "Kampala welcomes newcomers"
    assert public(site, "kla-1")[0] == 404, "a submission is not public"

    assert move(site, "reviewer", sid, "in_review")[0] == 200
    assert move(site, "reviewer", sid, "in_review")[0] == 409, "a second start is a conflict"
    status, _ = call(site, "POST", f"{API}/submissions/{sid}/comments",
                     {"body": "Please add the end date."}, site.tokens["reviewer"])
    assert status == 201
    assert move(site, "reviewer", sid, "changes_requested", "see the comment")[0] == 200

    status, body = call(site, "PATCH", f"{API}/actions/kla-1",
                        dict(record(end_date="2026-12"), submit=True), site.tokens["fp"])
    assert status == 200, body
    assert body["id"] == sid and body["state"] == "submitted"
    status, _ = call(site, "POST", f"{API}/submissions/{sid}/comments",
                     {"body": "Done: ends in December 2026."}, site.tokens["fp"])
    assert status == 201
    assert move(site, "reviewer", sid, "in_review")[0] == 200
    status, body = move(site, "reviewer", sid, "published")
    assert status == 200, body
    assert body["state"] == "published"

    assert poll(lambda: public(site, "kla-1")[0] == 200), "not public after publishing"
    assert public(site, "kla-1")[1]["end_date"] == "2026-12"
    found = poll(lambda: [a["external_id"] for a in
                          call(site, "GET", f"{API}/actions?q=newcomers")[1]["items"]])
    assert found == ["kla-1"]

    status, body = call(site, "GET", f"{API}/submissions/{sid}", token=site.tokens["fp"])
    assert status == 200
    steps = [(a["from"], a["to"], a["actor"]) for a in body["audit"]]
    assert steps == [
        (None, "draft", "Fp"), ("draft", "submitted", "Fp"),
        ("submitted", "in_review", "Reviewer"), ("in_review", "changes_requested", "Reviewer"),
        ("changes_requested", "submitted", "Fp"), ("submitted", "in_review", "Reviewer"),
        ("in_review", "published", "Reviewer")]
    assert body["audit"][3]["note"] == "see the comment"
    assert [c["author"] for c in body["comments"]] == ["Reviewer", "Fp"]

    subjects = [r[0] for r in db_query(db, "SELECT subject FROM outbox ORDER BY id")]
    # the subjects are the catalog's (data/i18n/ui.pot, mail_<kind>_subject), in English
    assert subjects == ["We received your submission: Kampala welcomes newcomers",
                        "Changes requested: Kampala welcomes newcomers",
                        "We received your submission: Kampala welcomes newcomers",
                        "Published: Kampala welcomes newcomers"]

    con = sqlite3.connect(str(db))
    try:
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("UPDATE audit_log SET note = 'rewritten'")
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            con.execute("DELETE FROM audit_log")
    finally:
        con.close()

    # an edit goes through review while the published version stays public
    status, body = call(site, "PATCH", f"{API}/actions/kla-1",
                        dict(record(title="Kampala welcomes newcomers and families",
                                    end_date="2026-12"), submit=True), site.tokens["fp"])
    assert status == 200, body
    edit = body["id"]
    assert edit != sid and body["state"] == "submitted"
    time.sleep(1.5)
    assert public(site, "kla-1")[1]["title"] == "Kampala welcomes newcomers"
    assert move(site, "reviewer", edit, "in_review")[0] == 200
    assert move(site, "reviewer", edit, "published")[0] == 200
    assert poll(lambda: public(site, "kla-1")[1]["title"].endswith("and families"))

    status, body = call(site, "GET", f"{API}/actions/kla-1/versions")
    assert status == 200
    assert [v["version"] for v in body["versions"]] == [1, 2]
    assert [v["submission_id"] for v in body["versions"]] == [sid, edit]
    one = call(site, "GET", f"{API}/actions/kla-1/versions/1")[1]
    two = call(site, "GET", f"{API}/actions/kla-1/versions/2")[1]
    assert one["record"]["title"] == "Kampala welcomes newcomers"
    assert two["record"]["title"] == "Kampala welcomes newcomers and families"
    assert call(site, "GET", f"{API}/actions/kla-1/versions/3")[0] == 404

    # only the submission whose version is public can take it down
    assert move(site, "fp", sid, "withdrawn")[0] == 409
    status, body = move(site, "fp", edit, "withdrawn", "the programme was cancelled")
    assert status == 200, body
    assert poll(lambda: public(site, "kla-1")[0] == 404), "a withdrawn action is still public"
    assert poll(lambda: call(site, "GET", f"{API}/actions?q=newcomers")[1]["total"] == 0)
    state = db_query(db, "SELECT publication_state FROM actions WHERE external_id = 'kla-1'")
    assert state == [("withdrawn",)]
    # withdrawn: the versions are no longer public, but its government still sees them
    assert call(site, "GET", f"{API}/actions/kla-1/versions")[0] == 404
    assert call(site, "GET", f"{API}/actions/kla-1/versions", token=site.tokens["fp"])[0] == 200


def test_decline_needs_a_reason(site):
    status, body = call(site, "POST", f"{API}/actions", dict(record("kla-2"), submit=True),
                        site.tokens["fp"])
    assert status == 201
    sid = body["id"]
    assert move(site, "reviewer", sid, "in_review")[0] == 200
    before = tables(site.db)
    status, body = move(site, "reviewer", sid, "declined")
    assert status == 400
    assert body["error"]["fields"][0]["field"] == "note"
    assert tables(site.db) == before
    status, body = move(site, "reviewer", sid, "declined", "out of scope")
    assert status == 200
    assert body["state"] == "declined"
    assert body["audit"][-1]["note"] == "out of scope"
    mail = db_query(site.db, "SELECT subject, body FROM outbox ORDER BY id DESC LIMIT 1")[0]
    assert mail[0] == "Not published: Kampala welcomes newcomers" and "out of scope" in mail[1]


def test_publishing_validates_again(site):
    """A record that broke the rules by the time it is published is refused then."""
    status, body = call(site, "POST", f"{API}/actions", dict(record("kla-3"), submit=True),
                        site.tokens["fp"])
    sid = body["id"]
    assert move(site, "reviewer", sid, "in_review")[0] == 200
    con = sqlite3.connect(str(site.db))
    with con:
        broken = json.dumps(record("kla-3", gcm_objectives=[42]))
        con.execute("UPDATE submissions SET record = ? WHERE id = ?", (broken, sid))
    con.close()
    before = tables(site.db)
    status, body = move(site, "reviewer", sid, "published")
    assert status == 400
    assert body["error"]["fields"][0]["field"] == "gcm_objectives"
    assert tables(site.db) == before


def test_a_draft_is_kept_and_comes_back(site):
    status, body = call(site, "POST", f"{API}/actions", record("kla-4"), site.tokens["coord"])
    assert status == 201 and body["state"] == "draft"
    sid = body["id"]
    status, body = call(site, "PATCH", f"{API}/actions/kla-4", record("kla-4", title="Better"),
                        site.tokens["fp"])
    assert status == 200 and body["id"] == sid and body["title"] == "Better"
    assert body["allowed"] == ["submitted", "withdrawn"]
    status, body = call(site, "GET", f"{API}/submissions?state=draft", token=site.tokens["fp"])
    assert [i["id"] for i in body["items"]] == [sid]
    assert body["counts"]["draft"] == 1
    # the lead government cannot be changed to another
    status, body = call(site, "PATCH", f"{API}/actions/kla-4",
                        record("kla-4", governments=[{"name": "Nairobi", "country": "KE"}]),
                        site.tokens["fp"])
    assert status == 403


def test_reviewer_queue_filters_and_counts(site):
    for i, who in enumerate(["fp", "fp_other", "fp"]):
        rec = record(f"q-{i}")
        if who == "fp_other":
            rec["governments"] = [{"name": "Nairobi", "country": "KE"}]
        assert call(site, "POST", f"{API}/actions", dict(rec, submit=i < 2),
                    site.tokens[who])[0] == 201
    body = call(site, "GET", f"{API}/submissions", token=site.tokens["reviewer"])[1]
    assert len(body["items"]) == 3
    assert body["counts"]["submitted"] == 2 and body["counts"]["draft"] == 1
    body = call(site, "GET", f"{API}/submissions?country=KE", token=site.tokens["reviewer"])[1]
    assert [i["external_id"] for i in body["items"]] == ["q-1"]
    body = call(site, "GET", f"{API}/submissions?government=kampala-ug&state=submitted",
                token=site.tokens["reviewer"])[1]
    assert [i["external_id"] for i in body["items"]] == ["q-0"]
    assert body["counts"]["draft"] == 1
    # a focal point sees only its own government's
    body = call(site, "GET", f"{API}/submissions", token=site.tokens["fp_other"])[1]
    assert [i["external_id"] for i in body["items"]] == ["q-1"]
    assert call(site, "GET", f"{API}/submissions?state=nonsense",
                token=site.tokens["reviewer"])[0] == 400


# ---- who may do what ------------------------------------------------------------------------

ROLES = ["none", "donor", "fp_other", "fp", "coord", "reviewer", "admin"]


def new_submission(site, ext, submit=False):
    status, body = call(site, "POST", f"{API}/actions", dict(record(ext), submit=submit),
                        site.tokens["fp"])
    assert status == 201, body
    return body["id"]


def in_state(site, ext, state):
    sid = new_submission(site, ext, submit=state != "draft")
    if state in ("in_review", "published"):
        assert move(site, "reviewer", sid, "in_review")[0] == 200
    if state == "published":
        assert move(site, "reviewer", sid, "published")[0] == 200
    return sid


# (what, state of the submission it acts on, who may) -> a request
OPERATIONS = [
    ("create", None, {"fp", "coord", "admin"}),
    ("patch_draft", "draft", {"fp", "coord", "admin"}),
    ("submit", "draft", {"fp", "coord", "admin"}),
    ("withdraw", "submitted", {"fp", "coord", "admin"}),
    ("start_review", "submitted", {"reviewer", "admin"}),
    ("request_changes", "in_review", {"reviewer", "admin"}),
    ("publish", "in_review", {"reviewer", "admin"}),
    ("decline", "in_review", {"reviewer", "admin"}),
    ("withdraw_published", "published", {"fp", "coord", "admin"}),
    ("comment", "submitted", {"fp", "coord", "reviewer", "admin"}),
]

counter = iter(range(10**6))


def perform(site, what, who, sid, ext):
    token = site.tokens[who]
    if what == "create":
        return call(site, "POST", f"{API}/actions", record(f"new-{next(counter)}"), token)[0]
    if what == "patch_draft":
        return call(site, "PATCH", f"{API}/actions/{ext}", record(ext, title="Changed"), token)[0]
    if what == "comment":
        return call(site, "POST", f"{API}/submissions/{sid}/comments", {"body": "hello"},
                    token)[0]
    to = {"submit": "submitted", "withdraw": "withdrawn", "start_review": "in_review",
          "request_changes": "changes_requested", "publish": "published",
          "decline": "declined", "withdraw_published": "withdrawn"}[what]
    return move(site, who, sid, to, "a reason")[0]


@pytest.mark.parametrize("what,state,allowed", OPERATIONS, ids=[o[0] for o in OPERATIONS])
def test_authorization_matrix(site, what, state, allowed):
    for who in ROLES:
        ext = f"m-{what}-{who}"
        sid = in_state(site, ext, state) if state else None
        before = tables(site.db)
        status = perform(site, what, who, sid, ext)
        if who in allowed:
            assert status in (200, 201), f"{who} may {what}, got {status}"
        else:
            assert status in (403, 404), f"{who} may not {what}, got {status}"
            assert tables(site.db) == before, f"{who}'s refused {what} changed the database"


def test_non_public_reads(site):
    sid = new_submission(site, "r-1")
    for who in ROLES:
        status, _ = call(site, "GET", f"{API}/submissions/{sid}", token=site.tokens[who])
        want = who in ("fp", "coord", "reviewer", "admin")
        assert (status == 200) == want, (who, status)
        assert status in (200, 403, 404)
        status, _ = call(site, "GET", f"{API}/submissions", token=site.tokens[who])
        assert (status == 200) == (who in ("fp", "coord", "fp_other", "reviewer", "admin")), who
    assert call(site, "GET", f"{API}/submissions/999999", token=site.tokens["admin"])[0] == 404


# ---- CSRF -----------------------------------------------------------------------------------

def test_session_calls_need_the_form_token(site):
    b = Browser(site)
    csrf = b.login("fp@example.org")
    body = json.dumps(record("c-1")).encode()
    before = tables(site.db)
    for headers in ({}, {"X-CSRF-Token": "wrong"}):
        status, _, _ = b.request("POST", f"{API}/actions", body,
                                 dict(headers, **{"Content-Type": "application/json"}))
        assert status == 403
    assert tables(site.db) == before
    status, _, raw = b.request("POST", f"{API}/actions", body,
                               {"Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert status == 201, raw[:300]
    # a read needs no token
    sid = json.loads(raw)["id"]
    assert b.request("GET", f"{API}/submissions/{sid}")[0] == 200


def test_bad_bodies(site):
    t = site.tokens["fp"]
    for raw in (b"", b"[]", b"{not json", json.dumps(dict(record("b-1"), submit="yes")).encode()):
        status, _, _ = site.request(f"{API}/actions", method="POST", data=raw,
                                    headers={"Authorization": f"Bearer {t}",
                                             "Content-Type": "application/json"})
        assert status == 400, raw
    assert call(site, "POST", f"{API}/actions", record("b-2"), t)[0] == 201
    assert call(site, "POST", f"{API}/actions", record("b-2"), t)[0] == 409
    assert call(site, "PATCH", f"{API}/actions/nothing-here", record("nothing-here"), t)[0] == 404
    assert move(site, "fp", 1, "no_such_state")[0] == 400


def test_refusals_in_the_language_asked(site):
    """The field messages of a refused record come in the language the request asks for
    (?lang=, else Accept-Language), English otherwise; a language we do not speak is a 400."""
    t = site.tokens["fp"]
    before = tables(site.db)
    bad = record("lang-1", gcm_objectives=[99], currency="dollars")
    want = {
        "en": ["'99' is not a number from 1 to 23", "is 7 characters long; at most 3 are allowed"],
        "fr": ["« 99 » n'est pas un nombre de 1 à 23", "compte 7 caractères ; 3 au plus sont permis"],
        "es": ["«99» no es un número del 1 al 23", "tiene 7 caracteres; se permiten 3 como máximo"],
    }
    for path, headers, lang in (
            (f"{API}/actions", {}, "en"),
            (f"{API}/actions", {"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"}, "fr"),
            (f"{API}/actions?lang=es", {"Accept-Language": "fr"}, "es"),
            (f"{API}/actions?lang=fr", {}, "fr")):
        status, raw_headers, raw = site.request(
            path, method="POST", data=json.dumps(bad).encode(),
            headers=dict(headers, Authorization=f"Bearer {t}", **{"Content-Type": "application/json"}))
        body = json.loads(raw)
        assert status == 400, body
        fields = body["error"]["fields"]
        assert [f["field"] for f in fields] == ["gcm_objectives", "currency"], fields
        assert [f["message"] for f in fields] == want[lang], (path, headers)
        assert body["error"]["message"] == want[lang][0]
        assert raw_headers.get("Content-Language") == lang
    status, body = call(site, "POST", f"{API}/actions?lang=de", bad, t)
    assert status == 400 and body["error"]["parameter"] == "lang", body
    # a transition's refusal too
    status, body = call(site, "POST", f"{API}/actions", record("lang-2"), t)
    assert status == 201, body
    status, body = call(site, "POST", f"{API}/submissions/{body['id']}/transitions?lang=fr",
                        {"to": "nowhere"}, t)
    assert status == 400 and body["error"]["fields"][0]["message"] == (
        "doit être un état (submitted, in_review, ...)"), body
    # and a request that succeeds may ask for a language too
    status, _ = call(site, "POST", f"{API}/actions?lang=es", record("lang-3"), t)
    assert status == 201
    after = tables(site.db)
    assert len(after["submissions"]) == len(before["submissions"]) + 2


def test_mail_in_the_authors_language(site):
    """The workflow's mail to a submitter is written in the language of their account."""
    b = Browser(site)
    csrf = b.login("fp@example.org")
    status, _, _ = b.form("/account/lang", {"csrf": csrf, "mail_lang": "fr"})
    assert status == 303
    status, body = call(site, "POST", f"{API}/actions", dict(record("mail-fr"), submit=True),
                        site.tokens["fp"])
    assert status == 201, body
    sid = body["id"]
    assert move(site, "reviewer", sid, "in_review")[0] == 200
    assert move(site, "reviewer", sid, "published")[0] == 200
    subjects = [s for (s,) in db_query(site.db, "SELECT subject FROM outbox WHERE recipient = ?"
                                                " ORDER BY id", ("fp@example.org",))]
    assert subjects == ["Nous avons reçu votre contribution : Kampala welcomes newcomers",
                        "Publiée : Kampala welcomes newcomers"], subjects


@pytest.mark.parametrize("method,path,body", [
    ("POST", f"{API}/actions?bogus=1", "record"),
    ("POST", f"{API}/actions?lang=fr&lang=es", "record"),
])
def test_a_refused_write_changes_nothing(site, method, path, body):
    """A write the API refuses for its address (a parameter it does not read, one given twice)
    is refused before it is made: the database is as it was."""
    before = tables(site.db)
    status, answer = call(site, method, path, dict(record("qp-1"), submit=True), site.tokens["fp"])
    assert status == 400, answer
    assert tables(site.db) == before, "a refused request changed the database"


def test_a_write_may_name_its_language(site):
    status, answer = call(site, "POST", f"{API}/actions?lang=fr", dict(record("qp-2"), submit=True),
                          site.tokens["fp"])
    assert status == 201, answer
    status, answer = call(site, "POST", f"{API}/actions?lang=fr",
                          dict(record("qp-3", gcm_objectives=[99]), submit=True), site.tokens["fp"])
    assert status == 400 and "n'est pas un nombre de 1 à 23" in json.dumps(answer,
                                                                           ensure_ascii=False)
