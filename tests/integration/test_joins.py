"""Joining (issue 4): a government asks to join on /join, a reviewer approves or declines it on
/review/joins, approval creates the government, the focal point's account with its role, an
invitation link and its mail; a focal point records the government's endorsement of the
Marrakech Mayors Declaration. Every state change is checked for its form token, role and
government, and what each request wrote is read back from the database itself.
"""

import html
import http.client
import json
import re
import time
import urllib.parse

import pytest

from conftest import db_query, db_snapshot

PASSWORD = "correct horse battery"
POLL_SECONDS = 5.0
CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


class Client:
    """One browser: keeps its cookies, follows nothing, sends forms."""

    def __init__(self, server):
        self.server = server
        self.cookies = {}

    def request(self, method, path, form=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        headers = {}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
        finally:
            conn.close()
        for value in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookie_value = rest.split(";", 1)[0]
            if "Max-Age=0" in value or cookie_value == "":
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = cookie_value
        return resp.status, resp.headers, data.decode("utf-8", "replace")

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, form):
        return self.request("POST", path, form)

    def token(self, path):
        """The form token of the page at @path."""
        status, _, text = self.get(path)
        assert status == 200, (path, status, text[:300])
        m = CSRF_FIELD.search(text)
        assert m, f"no form token on {path}"
        return m.group(1)

    def login(self, email, password=PASSWORD):
        token = self.token("/login")
        status, headers, text = self.post("/login", {"csrf": token, "email": email,
                                                     "password": password, "next": "/account"})
        assert status == 303, (status, text[:300])
        assert "la_session" in self.cookies
        return self


def add_user(cli, db, email, role, government=None):
    args = ["user", "add", "--db", db, "--email", email, "--role", role, "--password-stdin"]
    if government:
        args += ["--government", government]
    r = cli(*args, stdin=(PASSWORD + "\n").encode())
    assert r.code == 0, r


def join_form(**over):
    form = {"government_name": "Villeneuve-sur-Test", "country": "FR", "kind": "city",
            "focal_name": "Camille Martin", "focal_title": "Deputy Mayor",
            "focal_email": "camille@villeneuve.example"}
    form.update(over)
    return form


def send_join(client, **over):
    token = client.token("/join")
    return client.post("/join", dict(join_form(**over), csrf=token))


def requests_rows(db):
    return db_query(db, "SELECT id, government_name, country, kind, focal_name, focal_email,"
                        " state, reason, government_id, decided_by FROM join_requests ORDER BY id")


def pending_id(db, email):
    rows = db_query(db, "SELECT id FROM join_requests WHERE focal_email = ? AND state = 'pending'",
                    (email,))
    assert len(rows) == 1, rows
    return rows[0][0]


@pytest.fixture
def site(server, db, cli):
    """The server, its database, a reviewer and a signed-out visitor."""
    add_user(cli, db, "reviewer@secretariat.example", "reviewer")

    class Site:
        pass

    s = Site()
    s.server, s.db, s.cli = server, db, cli
    s.reviewer = Client(server).login("reviewer@secretariat.example")
    s.visitor = Client(server)
    return s


def approve(site, request_id, client=None):
    client = client or site.reviewer
    token = client.token("/review/joins")
    return client.post(f"/review/joins/{request_id}/approve", {"csrf": token})


# ---- the join form -----------------------------------------------------------------------------

def test_join_form_renders_countries_and_kinds(site):
    status, headers, text = site.visitor.get("/join?lang=fr")
    assert status == 200
    assert '<option value="FR">France</option>' in text
    assert '<option value="DE">Allemagne</option>' in text
    assert 'value="metropolitan_area"' in text
    assert "la_csrf" in site.visitor.cookies


@pytest.mark.parametrize("field,value,message", [
    ("government_name", "", "This field is required."),
    ("focal_name", "   ", "This field is required."),
    ("focal_email", "", "This field is required."),
    ("focal_email", "not-an-address", "Enter an e-mail address"),
    ("focal_email", "a@b", "Enter an e-mail address"),
    ("focal_email", "two@@example.org", "Enter an e-mail address"),
    ("country", "XX", "Choose a country from the list."),
    ("country", "France", "Choose a country from the list."),
    ("kind", "village", "Choose a kind of government"),
    ("government_name", "x" * 201, "too long"),
    ("government_name", "A;B", "semicolon"),
    ("focal_title", "line\nbreak", "one line"),
])
def test_join_form_refuses_bad_fields(site, field, value, message):
    status, _, text = send_join(site.visitor, **{field: value})
    assert status == 400, text[:500]
    # the field is named next to its error, and what was typed comes back
    assert f'id="{field}-error"' in text
    assert message in text
    assert f'aria-describedby="{field}-error"' in text
    assert 'value="Camille Martin"' in text or field == "focal_name"
    assert 'value="camille@villeneuve.example"' in text or field == "focal_email"
    assert '<option value="FR" selected>' in text or field == "country"
    assert requests_rows(site.db) == []


def test_join_form_keeps_hostile_input_escaped(site):
    status, _, text = send_join(site.visitor, focal_name='<script>alert("x")</script>',
                                focal_email="bad")
    assert status == 400
    assert "<script>alert" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text


def test_join_request_is_stored(site):
    status, headers, _ = send_join(site.visitor, focal_email="Camille@Villeneuve.example")
    assert status == 303 and headers["Location"] == "/join/thanks"
    rows = requests_rows(site.db)
    assert len(rows) == 1
    _, name, country, kind, focal, email, state, reason, gov, decided_by = rows[0]
    assert (name, country, kind, focal, email, state) == (
        "Villeneuve-sur-Test", "FR", "city", "Camille Martin", "camille@villeneuve.example",
        "pending")
    assert reason is None and gov is None and decided_by is None
    status, _, text = site.visitor.get("/join/thanks")
    assert status == 200 and "Thank you" in text


def test_duplicate_pending_request_is_refused_politely(site):
    assert send_join(site.visitor)[0] == 303
    status, _, text = send_join(site.visitor, government_name="Another name",
                                focal_email="CAMILLE@villeneuve.example")
    assert status == 409
    assert "already waiting for review" in text
    assert 'value="Another name"' in text
    assert len(requests_rows(site.db)) == 1


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_join_without_the_form_token_is_refused(site, token):
    site.visitor.token("/join")  # the cookie is there; the form does not repeat it
    form = join_form()
    if token:
        form["csrf"] = token
    status, _, _ = site.visitor.post("/join", form)
    assert status == 403
    assert requests_rows(site.db) == []


# ---- the reviewers' queue ----------------------------------------------------------------------

def test_review_queue_needs_a_reviewer(site, cli, db):
    status, headers, _ = site.visitor.get("/review/joins")
    assert status == 303
    assert headers["Location"] == "/login?next=/review/joins"
    cli("import", "--db", db, "-", stdin=json.dumps(
        {"type": "government", "name": "Otherville", "country": "DE", "kind": "city"}).encode())
    add_user(cli, db, "fp@otherville.example", "focal_point", "otherville-de")
    focal = Client(site.server).login("fp@otherville.example")
    status, _, _ = focal.get("/review/joins")
    assert status == 403


def test_review_queue_lists_pending_first_with_counts(site):
    send_join(site.visitor)
    send_join(site.visitor, government_name="Porto Test", country="PT",
              focal_email="ana@porto.example", focal_name="Ana Silva")
    status, _, text = site.reviewer.get("/review/joins")
    assert status == 200
    assert "Villeneuve-sur-Test" in text and "Porto Test" in text and "Portugal" in text
    assert re.search(r"Waiting for review: <strong>2</strong>", text)
    assert re.search(r"Approved: <strong>0</strong>", text)
    # the older request first: the queue is worked in order
    assert text.index("Villeneuve-sur-Test") < text.index("Porto Test")


def test_approval_creates_government_account_role_and_invitation(site):
    send_join(site.visitor)
    rid = pending_id(site.db, "camille@villeneuve.example")
    status, headers, text = approve(site, rid)
    assert status == 303 and headers["Location"] == "/review/joins", text[:300]

    gov = site.server.get_json("/api/v1/governments/villeneuve-sur-test-fr")
    assert gov["name"] == "Villeneuve-sur-Test" and gov["kind"] == "city"
    gov_id = db_query(site.db, "SELECT id FROM governments WHERE slug = ?",
                      ("villeneuve-sur-test-fr",))[0][0]

    users = db_query(site.db, "SELECT id, name, password_hash FROM users WHERE email = ?",
                     ("camille@villeneuve.example",))
    assert len(users) == 1
    user_id, name, password_hash = users[0]
    assert name == "Camille Martin" and password_hash is None
    roles = db_query(site.db, "SELECT role, government_id FROM user_roles WHERE user_id = ?",
                     (user_id,))
    assert roles == [("focal_point", gov_id)]

    resets = db_query(site.db, "SELECT expires_at - created_at, used_at FROM password_resets"
                               " WHERE user_id = ?", (user_id,))
    assert resets == [(7 * 24 * 3600, None)]
    mails = db_query(site.db, "SELECT subject, body FROM outbox WHERE recipient = ?",
                     ("camille@villeneuve.example",))
    assert len(mails) == 1
    subject, body = mails[0]
    assert "Villeneuve-sur-Test" in subject
    assert "Camille Martin" in body
    assert re.search(r"/reset/[A-Za-z0-9_-]{43}\b", body), body

    row = requests_rows(site.db)[0]
    assert row[6] == "approved" and row[8] == gov_id
    reviewer_id = db_query(site.db, "SELECT id FROM users WHERE email = ?",
                           ("reviewer@secretariat.example",))[0][0]
    assert row[9] == reviewer_id


def test_approval_reuses_an_existing_government_and_account(site, cli, db):
    cli("import", "--db", db, "-", stdin=json.dumps(
        {"type": "government", "name": "Villeneuve-sur-Test", "country": "FR",
         "kind": "municipality"}).encode())
    add_user(cli, db, "camille@villeneuve.example", "donor")
    send_join(site.visitor, government_name="VILLENEUVE SUR TEST")
    assert approve(site, pending_id(db, "camille@villeneuve.example"))[0] == 303
    assert db_query(db, "SELECT count(*) FROM governments")[0][0] == 1
    users = db_query(db, "SELECT id, password_hash FROM users WHERE email = ?",
                     ("camille@villeneuve.example",))
    assert len(users) == 1 and users[0][1]  # the password set before is kept
    roles = sorted(r[0] for r in db_query(db, "SELECT role FROM user_roles WHERE user_id = ?",
                                          (users[0][0],)))
    assert roles == ["donor", "focal_point"]


def test_approving_twice_is_refused(site):
    send_join(site.visitor)
    rid = pending_id(site.db, "camille@villeneuve.example")
    assert approve(site, rid)[0] == 303
    before = db_snapshot(site.db)
    status, _, text = approve(site, rid)
    assert status == 409 and "already been decided" in text
    token = site.reviewer.token("/review/joins")
    status, _, _ = site.reviewer.post(f"/review/joins/{rid}/decline",
                                      {"csrf": token, "reason": "changed my mind"})
    assert status == 409
    assert db_snapshot(site.db) == before


def test_decline_records_the_reason_and_sends_nothing(site):
    send_join(site.visitor)
    rid = pending_id(site.db, "camille@villeneuve.example")
    token = site.reviewer.token("/review/joins")
    status, _, text = site.reviewer.post(f"/review/joins/{rid}/decline",
                                         {"csrf": token, "reason": "  "})
    assert status == 400 and "Give a reason" in text
    assert requests_rows(site.db)[0][6] == "pending"
    status, _, _ = site.reviewer.post(f"/review/joins/{rid}/decline",
                                      {"csrf": token, "reason": "Not a local government"})
    assert status == 303
    row = requests_rows(site.db)[0]
    assert row[6] == "declined" and row[7] == "Not a local government" and row[8] is None
    assert db_query(site.db, "SELECT count(*) FROM outbox")[0][0] == 0
    assert db_query(site.db, "SELECT count(*) FROM governments")[0][0] == 0
    assert db_query(site.db, "SELECT count(*) FROM users")[0][0] == 1  # the reviewer
    status, _, text = site.reviewer.get("/review/joins")
    assert "Not a local government" in text
    # a new request from the same address may now be sent
    assert send_join(site.visitor)[0] == 303


def test_unknown_request_is_404(site):
    assert approve(site, 999)[0] == 404
    token = site.reviewer.token("/review/joins")
    assert site.reviewer.post("/review/joins/abc/approve", {"csrf": token})[0] == 404


def test_signed_out_and_focal_points_cannot_decide(site, cli, db):
    send_join(site.visitor)
    rid = pending_id(db, "camille@villeneuve.example")
    cli("import", "--db", db, "-", stdin=json.dumps(
        {"type": "government", "name": "Otherville", "country": "DE", "kind": "city"}).encode())
    add_user(cli, db, "fp@otherville.example", "focal_point", "otherville-de")
    before = db_snapshot(db)
    token = site.visitor.token("/join")
    assert site.visitor.post(f"/review/joins/{rid}/approve", {"csrf": token})[0] == 403
    focal = Client(site.server).login("fp@otherville.example")
    token = focal.token("/account")
    assert focal.post(f"/review/joins/{rid}/approve", {"csrf": token})[0] == 403
    assert focal.post(f"/review/joins/{rid}/decline",
                      {"csrf": token, "reason": "no"})[0] == 403
    after = db_snapshot(db)
    after.pop("sessions"), before.pop("sessions")  # signing in is the only change
    assert after == before


@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_decisions_need_the_form_token(site, token):
    send_join(site.visitor)
    rid = pending_id(site.db, "camille@villeneuve.example")
    before = db_snapshot(site.db)
    form = {"csrf": token} if token else {}
    assert site.reviewer.post(f"/review/joins/{rid}/approve", form)[0] == 403
    assert site.reviewer.post(f"/review/joins/{rid}/decline",
                              dict(form, reason="spam"))[0] == 403
    assert db_snapshot(site.db) == before


def test_get_on_a_decision_is_405(site):
    status, headers, _ = site.reviewer.get("/review/joins/1/approve")
    assert status == 405 and headers["Allow"] == "POST"


# ---- the endorsement ---------------------------------------------------------------------------

def wait_for(pred, what):
    deadline = time.monotonic() + POLL_SECONDS
    while True:
        value = pred()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {POLL_SECONDS}s: {what}")
        time.sleep(0.2)


@pytest.fixture
def joined(site, cli, db):
    """Villeneuve-sur-Test approved, with a focal point who has a password, and Otherville with
    its own focal point."""
    send_join(site.visitor)
    assert approve(site, pending_id(db, "camille@villeneuve.example"))[0] == 303
    add_user(cli, db, "deputy@villeneuve.example", "focal_point", "villeneuve-sur-test-fr")
    cli("import", "--db", db, "-", stdin=json.dumps(
        {"type": "government", "name": "Otherville", "country": "DE", "kind": "city"}).encode())
    add_user(cli, db, "fp@otherville.example", "focal_point", "otherville-de")
    site.focal = Client(site.server).login("deputy@villeneuve.example")
    site.other = Client(site.server).login("fp@otherville.example")
    return site


ENDORSEMENT = {"date": "2018-12-08", "signatory_name": "Jeanne Dupont", "signatory_title": "Mayor"}
PAGE = "/governments/villeneuve-sur-test-fr"


def endorsements(db):
    return db_query(db, "SELECT declaration, date, signatory_name, signatory_title"
                        " FROM endorsements")


def test_endorsement_form_only_for_its_focal_point(joined):
    status, _, text = joined.focal.get(PAGE)
    assert status == 200 and 'action="/governments/villeneuve-sur-test-fr/endorsement"' in text
    status, _, text = joined.other.get(PAGE)
    assert status == 200 and "/endorsement" not in text
    status, _, text = joined.visitor.get(PAGE)
    assert status == 200 and "/endorsement" not in text


def test_endorsement_refused_to_others(joined):
    before = db_snapshot(joined.db)
    path = PAGE + "/endorsement"
    token = joined.other.token("/account")
    assert joined.other.post(path, dict(ENDORSEMENT, csrf=token))[0] == 403
    token = joined.visitor.token("/join")
    assert joined.visitor.post(path, dict(ENDORSEMENT, csrf=token))[0] == 403
    assert joined.focal.post(path, dict(ENDORSEMENT, csrf="wrong"))[0] == 403
    assert joined.focal.post("/governments/nowhere-xx/endorsement",
                             dict(ENDORSEMENT, csrf=joined.focal.token("/account")))[0] == 404
    after = db_snapshot(joined.db)
    after.pop("sessions"), before.pop("sessions")
    assert after == before


@pytest.mark.parametrize("field,value,message", [
    ("date", "2018-13-01", "YYYY-MM-DD"),
    ("date", "2018", "YYYY-MM-DD"),
    ("date", "", "YYYY-MM-DD"),
    ("signatory_name", "", "signatory&#39;s name"),
    ("signatory_title", "t" * 201, "signatory&#39;s title"),
])
def test_endorsement_fields_are_checked(joined, field, value, message):
    token = joined.focal.token(PAGE)
    status, _, text = joined.focal.post(PAGE + "/endorsement",
                                        dict(ENDORSEMENT, csrf=token, **{field: value}))
    assert status == 400 and message in text, text[:800]
    assert endorsements(joined.db) == []


def test_endorsement_errors_beside_their_fields(joined):
    """A refused endorsement comes back on the government's page, in the page's language:
    every problem next to its field and in a summary, what was typed kept, nothing stored."""
    joined.focal.cookies["lang"] = "fr"
    token = joined.focal.token(PAGE)
    status, _, text = joined.focal.post(PAGE + "/endorsement",
                                        {"csrf": token, "date": "2018-13-01",
                                         "signatory_name": "", "signatory_title": "Maire"})
    assert status == 400
    page = html.unescape(text)
    assert "<h1>Villeneuve-sur-Test</h1>" in page
    assert re.search(r'id="endorse-date-error">La date de l.adhésion doit être un jour écrit'
                     r' AAAA-MM-JJ\.<', page)
    assert re.search(r'id="endorse-name-error">Indiquez le nom du signataire', page)
    assert "endorse-title-error" not in page
    assert 'aria-invalid="true" aria-describedby="endorse-date-error"' in page
    assert 'class="error-message" role="alert"' in page and 'href="#endorse-date"' in page
    assert 'value="2018-13-01"' in page and 'value="Maire"' in page
    assert endorsements(joined.db) == []

def test_endorsement_shows_and_counts(joined):
    status, _, text = joined.visitor.get(PAGE)  # cached for signed-out visitors
    assert "Not endorsed" in text or "Jeanne Dupont" not in text
    before = joined.server.get_json("/api/v1/stats")["endorsements"]
    token = joined.focal.token(PAGE)
    status, headers, _ = joined.focal.post(PAGE + "/endorsement", dict(ENDORSEMENT, csrf=token))
    assert status == 303 and headers["Location"] == PAGE
    assert endorsements(joined.db) == [("marrakech-mayors-declaration", "2018-12-08",
                                        "Jeanne Dupont", "Mayor")]
    gov = joined.server.get_json("/api/v1/governments/villeneuve-sur-test-fr")
    assert gov["endorsements"][0]["signatory_name"] == "Jeanne Dupont"
    wait_for(lambda: joined.server.get_json("/api/v1/stats")["endorsements"] == before + 1,
             "the statistics count the endorsement")
    text = wait_for(lambda: (lambda t: t if "Jeanne Dupont" in t else None)(
        joined.visitor.get(PAGE)[2]), "the public page shows the endorsement")
    assert '<time datetime="2018-12-08">' in text and "Jeanne Dupont, Mayor" in text
    # a second endorsement replaces the first; the reviewer may record it too
    token = joined.reviewer.token(PAGE)
    status, _, _ = joined.reviewer.post(PAGE + "/endorsement",
                                        {"csrf": token, "date": "2019-01-02",
                                         "signatory_name": "Paul Durand", "signatory_title": ""})
    assert status == 303
    assert endorsements(joined.db) == [("marrakech-mayors-declaration", "2019-01-02",
                                        "Paul Durand", None)]


def test_one_address_cannot_flood_the_queue(site):
    """The form is open to anyone, and each request lands in the secretariat's queue: ten an
    hour from one address, then a 429 that stores nothing."""
    for i in range(10):
        status, _, body = send_join(site.visitor, focal_email=f"person{i}@flood.example",
                                    government_name=f"Floodville {i}")
        assert status == 303, (i, status, body[:300])
    status, _, body = send_join(site.visitor, focal_email="one-more@flood.example",
                                government_name="Floodville 10")
    assert status == 429 and "Too many requests to join" in body
    rows = db_query(site.db, "SELECT count(*) FROM join_requests")
    assert rows == [(10,)]


# ---- the language of the invitation ----------------------------------------------------------

def test_french_request_gets_a_french_account_and_invitation(site):
    """A request sent from the French page keeps its language; approval (by a reviewer reading
    English) gives the new account that language, and the invitation is written in it."""
    site.visitor.cookies["lang"] = "fr"
    assert send_join(site.visitor)[0] == 303
    rid = pending_id(site.db, "camille@villeneuve.example")
    assert db_query(site.db, "SELECT lang FROM join_requests WHERE id = ?", (rid,)) == [("fr",)]
    assert approve(site, rid)[0] == 303
    assert db_query(site.db, "SELECT lang FROM users WHERE email = ?",
                    ("camille@villeneuve.example",)) == [("fr",)]
    [(subject, body)] = db_query(site.db, "SELECT subject, body FROM outbox WHERE recipient = ?",
                                 ("camille@villeneuve.example",))
    assert subject == "Invitation à publier les actions de Villeneuve-sur-Test"
    assert body.startswith("Bonjour Camille Martin,\n\nUn compte a été créé pour vous"), body


def test_an_existing_account_keeps_its_language(site, cli, db):
    """Someone who has an account already gets the invitation in the language they chose, not
    the one of the page the request came from."""
    r = cli("user", "add", "--db", db, "--email", "camille@villeneuve.example", "--role",
            "donor", "--lang", "es", "--password-stdin", stdin=(PASSWORD + "\n").encode())
    assert r.code == 0, r
    site.visitor.cookies["lang"] = "fr"
    assert send_join(site.visitor)[0] == 303
    assert approve(site, pending_id(db, "camille@villeneuve.example"))[0] == 303
    assert db_query(db, "SELECT lang FROM users WHERE email = ?",
                    ("camille@villeneuve.example",)) == [("es",)]
    [(subject,)] = db_query(db, "SELECT subject FROM outbox")
    assert subject == "Invitación a publicar las acciones de Villeneuve-sur-Test"
