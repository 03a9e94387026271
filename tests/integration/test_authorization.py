"""The authorization matrix (issue 4): every kind of person, and nobody, against every route of
src/http/router.c that changes something (every POST, PATCH and PUT) and every read that is not
public. Each cell is its own test: it makes the object it acts on (a submission, a join request,
an API token, an invitation link) fresh, sends the request with the person's own valid form token
(or, for the JSON API, their own API token) so that CSRF is never the reason for a refusal, and
checks the answer against PERMISSIONS below. A refused request is a 403 or 404 (a signed-out
page GET: a 303 to /login; a signed-out GET /api/v1/me: the documented 401) and changes nothing in
the database.

One server and one set of accounts serve the whole module; the helpers come from
test_workflow.py (Browser, record, tables) and test_joins.py (join_form)."""

import json
import re
import sqlite3

import pytest

from conftest import SANITIZER, Server, db_query, run_cli
from test_joins import join_form
from test_workflow import API, GOVERNMENTS, PASSWORD, Browser, call, record, tables

# who: name -> (role, government slug); "none" is nobody signed in. Kampala is government A,
# Nairobi government B.
PEOPLE = {
    "donor": ("donor", None),
    "fp_a": ("focal_point", "kampala-ug"),
    "fp_b": ("focal_point", "nairobi-ke"),
    "coord_a": ("network_coordinator", "kampala-ug"),
    "reviewer": ("reviewer", None),
    "admin": ("admin", None),
}
WHO = ["none", *PEOPLE]
EVERYONE = set(WHO)
SIGNED_IN = set(PEOPLE)
SUBMITTERS_A = {"fp_a", "coord_a", "admin"}        # submit for Kampala (docs/api.md)
REVIEWERS = {"reviewer", "admin"}                  # review, decide joins
SEE_A = SUBMITTERS_A | REVIEWERS                   # see Kampala's submissions

# endpoint (method path [variant]) -> the people allowed. Derived from docs/website.md and
# docs/api.md: focal points and network coordinators act only for their own government;
# reviewers and administrators review and decide joins; anyone signed in reaches /account;
# donors submit nothing; /login, /logout, /join, /reset and /reset/{token} are public forms.
PERMISSIONS = {
    # the JSON API (Authorization: Bearer)
    "POST /api/v1/actions": SUBMITTERS_A,
    "PATCH /api/v1/actions/{id}": SUBMITTERS_A,
    "POST /api/v1/submissions/{id}/transitions [submit]": SUBMITTERS_A,
    "POST /api/v1/submissions/{id}/transitions [withdraw]": SUBMITTERS_A,
    "POST /api/v1/submissions/{id}/transitions [start review]": REVIEWERS,
    "POST /api/v1/submissions/{id}/transitions [publish]": REVIEWERS,
    "POST /api/v1/submissions/{id}/comments": SEE_A,
    "GET /api/v1/me": SIGNED_IN,
    # "submitters their own governments'" (an empty list for Nairobi), "reviewers every one"
    "GET /api/v1/submissions": SUBMITTERS_A | REVIEWERS | {"fp_b"},
    "GET /api/v1/submissions/{id}": SEE_A,
    # "reviewers and administrators create or replace a forum" (docs/api.md)
    "PUT /api/v1/forums/{slug}": REVIEWERS,
    # the website (form token in `csrf`)
    "POST /login": EVERYONE,
    "POST /logout": SIGNED_IN,
    "GET /account": SIGNED_IN,
    "POST /account/tokens": SIGNED_IN,
    "POST /account/tokens/revoke [own]": SIGNED_IN,
    "POST /account/tokens/revoke [another's]": set(),
    "POST /account/lang": SIGNED_IN,
    "POST /join": EVERYONE,
    "GET /review/joins": REVIEWERS,
    "POST /review/joins/{id}/approve": REVIEWERS,
    "POST /review/joins/{id}/decline": REVIEWERS,
    # "the form shows on /governments/{slug} to that government's focal points, reviewers and
    # administrators only"
    "POST /governments/{slug}/endorsement": {"fp_a", "reviewer", "admin"},
    # "focal points and network coordinators only (others 403)"; an administrator "may do
    # both" (docs/api.md) and the form goes through workflow_propose() as the API does
    "GET /submit": SUBMITTERS_A | {"fp_b"},
    "POST /submit": SUBMITTERS_A,
    # an administrator finds and chooses any government as the lead (docs/website.md)
    "POST /submit [Nairobi]": {"fp_b", "admin"},
    "GET /submissions": {"fp_a", "fp_b", "coord_a", "reviewer", "admin"},
    "GET /submissions/{id}": SEE_A,
    "GET /submissions/{id}/edit": SUBMITTERS_A,
    "POST /submissions/{id}/edit": SUBMITTERS_A,
    "POST /submissions/{id}/move [submit]": SUBMITTERS_A,
    "POST /submissions/{id}/move [start review]": REVIEWERS,
    "POST /submissions/{id}/comments": SEE_A,
    "POST /reset": EVERYONE,
    "POST /reset/{token}": EVERYONE,
    # progress (issue 5): "the focal points and network coordinators of the action's lead or
    # co-pledging governments, reviewers and administrators" (docs/api.md, "Progress")
    "POST /api/v1/actions/{id}/progress": SUBMITTERS_A | REVIEWERS,
    "PUT /api/v1/actions/{id}/progress/{update}": SUBMITTERS_A | REVIEWERS,
    "GET /actions/{id}/progress/new": SUBMITTERS_A | REVIEWERS,
    "POST /actions/{id}/progress/new": SUBMITTERS_A | REVIEWERS,
}

# what an allowed request answers (every one of them is a real, valid request)
OK = {"GET": {200}, "POST": {200, 201, 303}, "PATCH": {200}, "PUT": {200, 201}}

counter = iter(range(10**6))
PROGRESS_ACTION = "authz-progress"
PROGRESS_UPDATE = {"date": "2024-01-01", "implementation_status": "in_progress", "values": "1=5"}


# ---- the site: one server for the module ----------------------------------------------------

class Site:
    pass


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("authz")
    db = workdir / "test.db"
    assert run_cli("init", "--db", db, cwd=workdir).code == 0
    path = workdir / "governments.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in GOVERNMENTS), encoding="utf-8")
    r = run_cli("import", "--db", db, "--quiet", path, cwd=workdir)
    assert r.code == 0, r
    # a published Kampala action with a measurable target, for the progress endpoints
    path = workdir / "actions.jsonl"
    path.write_text(json.dumps(dict(record(PROGRESS_ACTION), indicators=[
        {"name": "Families housed", "target": 100}])) + "\n", encoding="utf-8")
    r = run_cli("import", "--db", db, "--quiet", path, cwd=workdir)
    assert r.code == 0, r
    for name, (role, gov) in PEOPLE.items():
        args = ["user", "add", "--db", db, "--email", f"{name}@example.org", "--role", role,
                "--name", name.title(), "--password-stdin"]
        if gov:
            args += ["--government", gov]
        r = run_cli(*args, cwd=workdir, stdin=PASSWORD.encode())
        assert r.code == 0, r
    server = Server(["serve", "--db", db, "--port", "0"], workdir)
    s = Site()
    s.server, s.db = server, db
    s.browsers, s.csrf, s.tokens = {}, {}, {"none": None}
    for name in PEOPLE:
        b = Browser(server)
        s.csrf[name] = b.login(f"{name}@example.org")
        s.tokens[name] = b.api_token()
        s.browsers[name] = b
    anon = Browser(server)
    s.csrf["none"] = anon.csrf_of("/join")     # the signed-out form token (la_csrf cookie)
    s.browsers["none"] = anon
    s.kampala = db_query(db, "SELECT id FROM governments WHERE slug = 'kampala-ug'")[0][0]
    s.nairobi = db_query(db, "SELECT id FROM governments WHERE slug = 'nairobi-ke'")[0][0]
    yield s
    server.stop()
    found = SANITIZER.search(server.log(tail=None))
    if found:
        pytest.fail("sanitizer report from the server: " + server.log(tail=None)[found.start():][:600])


def snapshot(db):
    """tables(), plus the sessions and API tokens (without their last-use times), so that a
    refused sign-out or token revocation is seen too."""
    snap = tables(db)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        snap["sessions"] = sorted(con.execute(
            "SELECT token_hash, user_id, csrf, created_at FROM sessions").fetchall())
        snap["api_tokens"] = sorted(con.execute(
            "SELECT id, user_id, name, token_hash, created_at, revoked_at FROM api_tokens"
        ).fetchall())
    finally:
        con.close()
    return snap


# ---- making the objects a request acts on ---------------------------------------------------

def submission(site, state):
    """A fresh Kampala submission by its focal point, in @state: (id, external_id)."""
    ext = f"authz-{next(counter)}"
    status, body = call(site.server, "POST", f"{API}/actions",
                        dict(record(ext), submit=state != "draft"), site.tokens["fp_a"])
    assert status == 201, body
    sid = body["id"]
    for to in {"draft": [], "submitted": [], "in_review": ["in_review"]}[state]:
        status, body = call(site.server, "POST", f"{API}/submissions/{sid}/transitions",
                            {"to": to}, site.tokens["reviewer"])
        assert status == 200, body
    return sid, ext


def join_request(site):
    """A fresh pending join request, written straight into the database: /join lets one
    address send only ten an hour (POST /join has cells of its own)."""
    n = next(counter)
    con = sqlite3.connect(str(site.db))
    try:
        with con:
            cur = con.execute(
                "INSERT INTO join_requests (government_name, country, kind, focal_name,"
                " focal_title, focal_email, state, created_at)"
                " VALUES (?, 'FR', 'city', 'Camille Martin', 'Deputy Mayor', ?, 'pending',"
                " strftime('%s', 'now'))",
                (f"Joinville {n}", f"focal{n}@joinville.example"))
            return cur.lastrowid
    finally:
        con.close()


def invitation(site):
    """The /reset/{token} of a fresh invitation (an approved join request's mail)."""
    rid = join_request(site)
    b = site.browsers["reviewer"]
    status, _, body = b.form(f"/review/joins/{rid}/approve", {"csrf": site.csrf["reviewer"]})
    assert status == 303, body[:300]
    mail = db_query(site.db, "SELECT body FROM outbox ORDER BY id DESC LIMIT 1")[0][0]
    m = re.search(r"/reset/([A-Za-z0-9_-]{43})\b", mail)
    assert m, mail
    return m.group(1)


def own_token_id(site, who):
    """A fresh API token of @who (of the focal point for nobody): its id."""
    owner = "fp_a" if who == "none" else who
    status, _, body = site.browsers[owner].form("/account/tokens",
                                                {"csrf": site.csrf[owner], "name": "to revoke"})
    assert status == 200, body[:300]
    return db_query(site.db, "SELECT max(id) FROM api_tokens")[0][0]


def submit_form(site, csrf, **extra):
    f = {"csrf": csrf, "kind": "pledge", "title": "Kampala opens a welcome desk",
         "summary": "A desk for newcomers.", "language": "en", "lead": str(site.kampala),
         "gcm_objectives": "7", "start_date": "2024-01", "end_date": "2025-12",
         "implementation_status": "planned", "do": "draft"}
    f.update(extra)
    return f


# ---- each endpoint: (setup, then the request) -----------------------------------------------

def request(site, endpoint, who):
    """Sets up what @endpoint acts on, then sends it as @who: (status, headers, body)."""
    token, csrf = site.tokens[who], site.csrf[who]
    b = site.browsers[who]

    def api(method, path, body=None):
        status, _, raw = site.server.request(
            path, method=method, data=json.dumps(body).encode() if body is not None else None,
            headers=dict({"Content-Type": "application/json"},
                         **({"Authorization": f"Bearer {token}"} if token else {})))
        return status, {}, raw

    def transition(state, to):
        sid, _ = submission(site, state)
        return lambda: api("POST", f"{API}/submissions/{sid}/transitions",
                           {"to": to, "note": "a reason"})

    def web_move(state, to):
        sid, _ = submission(site, state)
        return lambda: b.form(f"/submissions/{sid}/move", {"csrf": csrf, "to": to})

    e = endpoint
    if e == "POST /api/v1/actions":
        send = lambda: api("POST", f"{API}/actions", record(f"authz-new-{next(counter)}"))
    elif e == "PATCH /api/v1/actions/{id}":
        _, ext = submission(site, "draft")
        send = lambda: api("PATCH", f"{API}/actions/{ext}", record(ext, title="Changed"))
    elif e == "POST /api/v1/submissions/{id}/transitions [submit]":
        send = transition("draft", "submitted")
    elif e == "POST /api/v1/submissions/{id}/transitions [withdraw]":
        send = transition("submitted", "withdrawn")
    elif e == "POST /api/v1/submissions/{id}/transitions [start review]":
        send = transition("submitted", "in_review")
    elif e == "POST /api/v1/submissions/{id}/transitions [publish]":
        send = transition("in_review", "published")
    elif e == "POST /api/v1/submissions/{id}/comments":
        sid, _ = submission(site, "submitted")
        send = lambda: api("POST", f"{API}/submissions/{sid}/comments", {"body": "hello"})
    elif e == "GET /api/v1/me":
        send = lambda: api("GET", f"{API}/me")
    elif e == "GET /api/v1/submissions":
        send = lambda: api("GET", f"{API}/submissions")
    elif e == "GET /api/v1/submissions/{id}":
        sid, _ = submission(site, "draft")
        send = lambda: api("GET", f"{API}/submissions/{sid}")
    elif e == "PUT /api/v1/forums/{slug}":
        slug = f"authz-forum-{next(counter)}"
        send = lambda: api("PUT", f"{API}/forums/{slug}", {
            "name": "A regional review", "kind": "regional_review",
            "governments": [{"name": "Kampala", "country": "UG", "national_delegation": True}],
            "sessions": [{"title": "Opening", "kind": "official", "participants": [
                {"government": "Kampala, UG", "role": "speaker"}]}]})
    elif e == "POST /login":
        b = Browser(site.server)
        if who != "none":
            b.login(f"{who}@example.org")
        form_token = b.csrf_of("/login")
        email = "donor@example.org" if who == "none" else f"{who}@example.org"
        send = lambda: b.form("/login", {"csrf": form_token, "email": email,
                                         "password": PASSWORD, "next": "/account"})
    elif e == "POST /logout":
        b = Browser(site.server)   # a session of its own: the module's sessions live on
        form_token = b.login(f"{who}@example.org") if who != "none" else b.csrf_of("/join")
        send = lambda: b.form("/logout", {"csrf": form_token})
    elif e == "GET /account":
        send = lambda: b.request("GET", "/account")
    elif e == "POST /account/tokens":
        send = lambda: b.form("/account/tokens", {"csrf": csrf, "name": "matrix"})
    elif e == "POST /account/tokens/revoke [own]":
        tid = own_token_id(site, who)
        send = lambda: b.form("/account/tokens/revoke", {"csrf": csrf, "id": str(tid)})
    elif e == "POST /account/tokens/revoke [another's]":
        tid = own_token_id(site, "fp_b" if who == "fp_a" else "fp_a")
        send = lambda: b.form("/account/tokens/revoke", {"csrf": csrf, "id": str(tid)})
    elif e == "POST /account/lang":
        lang = ("fr", "es", "en")[next(counter) % 3]
        send = lambda: b.form("/account/lang", {"csrf": csrf, "mail_lang": lang})
    elif e == "POST /join":
        n = next(counter)
        form_token = b.csrf_of("/join")
        send = lambda: b.form("/join", dict(join_form(government_name=f"Matrixville {n}",
                                                      focal_email=f"m{n}@matrix.example"),
                                            csrf=form_token))
    elif e == "GET /review/joins":
        send = lambda: b.request("GET", "/review/joins")
    elif e == "POST /review/joins/{id}/approve":
        rid = join_request(site)
        send = lambda: b.form(f"/review/joins/{rid}/approve", {"csrf": csrf})
    elif e == "POST /review/joins/{id}/decline":
        rid = join_request(site)
        send = lambda: b.form(f"/review/joins/{rid}/decline", {"csrf": csrf, "reason": "no"})
    elif e == "POST /governments/{slug}/endorsement":
        send = lambda: b.form("/governments/kampala-ug/endorsement",
                              {"csrf": csrf, "date": "2018-12-08",
                               "signatory_name": f"Signatory {next(counter)}",
                               "signatory_title": "Mayor"})
    elif e == "GET /submit":
        send = lambda: b.request("GET", "/submit")
    elif e == "POST /submit":
        send = lambda: b.form("/submit", submit_form(site, csrf))
    elif e == "POST /submit [Nairobi]":
        send = lambda: b.form("/submit", submit_form(site, csrf, lead=str(site.nairobi)))
    elif e == "GET /submissions":
        send = lambda: b.request("GET", "/submissions")
    elif e == "GET /submissions/{id}":
        sid, _ = submission(site, "draft")
        send = lambda: b.request("GET", f"/submissions/{sid}")
    elif e == "GET /submissions/{id}/edit":
        sid, _ = submission(site, "draft")
        send = lambda: b.request("GET", f"/submissions/{sid}/edit")
    elif e == "POST /submissions/{id}/edit":
        sid, _ = submission(site, "draft")
        send = lambda: b.form(f"/submissions/{sid}/edit", submit_form(site, csrf))
    elif e == "POST /submissions/{id}/move [submit]":
        send = web_move("draft", "submitted")
    elif e == "POST /submissions/{id}/move [start review]":
        send = web_move("submitted", "in_review")
    elif e == "POST /submissions/{id}/comments":
        sid, _ = submission(site, "submitted")
        send = lambda: b.form(f"/submissions/{sid}/comments", {"csrf": csrf, "body": "hello"})
    elif e == "POST /reset":
        form_token = b.csrf_of("/reset")
        send = lambda: b.form("/reset", {"csrf": form_token,
                                         "email": f"nobody{next(counter)}@example.org"})
    elif e == "POST /reset/{token}":
        link = f"/reset/{invitation(site)}"
        form_token = b.csrf_of(link)
        send = lambda: b.form(link, {"csrf": form_token, "password": "a new password 1",
                                     "password2": "a new password 1"})
    elif e == "POST /api/v1/actions/{id}/progress":
        send = lambda: api("POST", f"{API}/actions/{PROGRESS_ACTION}/progress", PROGRESS_UPDATE)
    elif e == "PUT /api/v1/actions/{id}/progress/{update}":
        uid = f"authz-u-{next(counter)}"
        send = lambda: api("PUT", f"{API}/actions/{PROGRESS_ACTION}/progress/{uid}",
                           PROGRESS_UPDATE)
    elif e == "GET /actions/{id}/progress/new":
        send = lambda: b.request("GET", f"/actions/{PROGRESS_ACTION}/progress/new")
    elif e == "POST /actions/{id}/progress/new":
        send = lambda: b.form(f"/actions/{PROGRESS_ACTION}/progress/new",
                              {"csrf": csrf, "date": "2024-01-01",
                               "implementation_status": "in_progress", "value_1": "5"})
    else:
        raise AssertionError(f"no request for {e}")
    before = snapshot(site.db)
    status, headers, body = send()
    return status, headers, body, before


CELLS = [(e, who) for e in PERMISSIONS for who in WHO]


@pytest.mark.parametrize("endpoint,who", CELLS, ids=[f"{e} | {w}" for e, w in CELLS])
def test_authorization_matrix(site, endpoint, who):
    method = endpoint.split()[0]
    status, headers, body, before = request(site, endpoint, who)
    said = f"{who}: {endpoint} -> {status} {body[:300]!r}"
    if who in PERMISSIONS[endpoint]:
        assert status in OK[method], "allowed but refused or failed: " + said
        if status == 303 and method == "POST":
            assert not headers.get("Location", "").startswith("/login?next"), said
        return
    refused = {403, 404}
    if who == "none" and method == "GET" and not endpoint.startswith("GET /api/"):
        refused = {303}
        assert headers.get("Location", "").startswith("/login"), said
    if who == "none" and endpoint == "GET /api/v1/me":
        refused = {401}   # docs/api.md: "without a valid session or token the answer is 401"
    assert status in refused, "not refused: " + said
    assert snapshot(site.db) == before, "a refused request changed the database: " + said
