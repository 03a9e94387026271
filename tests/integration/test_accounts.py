"""Accounts and sessions: `localaction user add`, signing in and out, cookie flags, the form
token on every state-changing POST, throttling, session expiry, API tokens and /api/v1/me."""
import http.client
import json
import re
import sqlite3
import time
import urllib.parse

import pytest

PASSWORD = "correct horse battery"
TOKEN_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """A client that keeps cookies and does not follow redirects, so tests see each answer."""

    def __init__(self, server, headers=None):
        self.port = server.port
        self.cookies = {}
        self.headers = headers or {}

    def request(self, method, path, form=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        h = dict(self.headers)
        h.update(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            h["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        set_cookies = resp.headers.get_all("Set-Cookie") or []
        for c in set_cookies:
            name, _, rest = c.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in c:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        conn.close()
        return resp.status, resp.headers, data.decode("utf-8", "replace"), set_cookies

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, form, **kw):
        return self.request("POST", path, form=form, **kw)

    def token(self, path):
        status, _, body, _ = self.get(path)
        assert status == 200, (path, status, body[:300])
        m = TOKEN_FIELD.search(body)
        assert m, f"no form token on {path}"
        return m.group(1)

    def sign_in(self, email, password=PASSWORD):
        token = self.token("/login")
        return self.post("/login", {"csrf": token, "email": email, "password": password,
                                    "next": "/account"})


def add_user(cli, db, email, role, government=None, password=PASSWORD, name=""):
    args = ["user", "add", "--db", db, "--email", email, "--role", role, "--password-stdin"]
    if government:
        args += ["--government", government]
    if name:
        args += ["--name", name]
    return cli(*args, stdin=(password + "\n").encode())


def rows(db, sql, *params):
    with sqlite3.connect(db) as c:
        return c.execute(sql, params).fetchall()


@pytest.fixture
def site(cli, workdir, start_server):
    """The demo registry with an admin, a reviewer and Kampala's focal point, served."""
    path = workdir / "accounts.db"
    demo = start_server("demo", "--db", path, "--port", "0")
    demo.stop()
    assert add_user(cli, path, "admin@example.org", "admin", name="Ada Admin").code == 0
    assert add_user(cli, path, "reviewer@example.org", "reviewer").code == 0
    assert add_user(cli, path, "fp@kampala.example", "focal_point", "kampala-ug").code == 0
    server = start_server("serve", "--db", path, "--port", "0")
    return server, path


# ---- user add ----------------------------------------------------------------------------------

def test_user_add_refuses_bad_input_and_writes_nothing(cli, db):
    r = add_user(cli, db, "a@example.org", "admin", password="short")
    assert r.code == 1 and "shorter than 10 characters" in r.err
    r = add_user(cli, db, "b@example.org", "focal_point")
    assert r.code == 2 and "needs --government" in r.err
    r = add_user(cli, db, "c@example.org", "focal_point", government="nowhere-xx")
    assert r.code == 1 and "no government 'nowhere-xx'" in r.err
    r = add_user(cli, db, "d@example.org", "emperor")
    assert r.code == 2 and "not a role" in r.err
    r = add_user(cli, db, "not-an-address", "admin")
    assert r.code == 1 and "not an e-mail address" in r.err
    assert rows(db, "SELECT count(*) FROM users") == [(0,)]


def test_user_add_stores_an_argon2id_hash_never_the_password(cli, db):
    assert add_user(cli, db, "Admin@Example.org", "admin").code == 0
    [(email, hashed)] = rows(db, "SELECT email, password_hash FROM users")
    assert email == "admin@example.org"
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    # a second role for the same account keeps its password
    assert add_user(cli, db, "admin@example.org", "reviewer", password="ignored").code == 0
    assert rows(db, "SELECT password_hash FROM users") == [(hashed,)]
    assert sorted(r for (r,) in rows(db, "SELECT role FROM user_roles")) == ["admin", "reviewer"]


# ---- signing in ---------------------------------------------------------------------------------

def test_sign_in_sets_a_session_cookie_with_the_right_flags(site):
    server, path = site
    b = Browser(server)
    status, headers, _, cookies = b.sign_in("ADMIN@example.org")
    assert status == 303 and headers["Location"] == "/account"
    [session] = [c for c in cookies if c.startswith("la_session=")]
    flags = [f.strip() for f in session.split(";")[1:]]
    assert "HttpOnly" in flags and "SameSite=Lax" in flags and "Path=/" in flags
    assert "Secure" not in flags  # plain HTTP on loopback
    value = session.split(";")[0].split("=", 1)[1]
    assert len(value) >= 43
    # only a hash of the cookie is stored
    [(stored,)] = rows(path, "SELECT token_hash FROM sessions")
    assert stored != value and len(stored) == 64
    status, _, body, _ = b.get("/account")
    assert status == 200 and "Ada Admin" in body and "admin@example.org" in body
    status, headers, _, _ = b.get("/")
    assert "Ada Admin" in b.get("/")[2], "the header names who is signed in"
    assert "private" in headers["Cache-Control"]


def test_cookies_are_secure_behind_a_trusted_proxy(cli, workdir, start_server):
    path = workdir / "p.db"
    assert cli("init", "--db", path).code == 0
    assert add_user(cli, path, "admin@example.org", "admin").code == 0
    server = start_server("serve", "--db", path, "--port", "0", "--trust-proxy")
    b = Browser(server, headers={"X-Forwarded-Proto": "https"})
    status, _, _, cookies = b.sign_in("admin@example.org")
    assert status == 303
    assert all("Secure" in c for c in cookies if c.startswith(("la_session=", "la_csrf=")))
    # without --trust-proxy the header is not believed
    plain = start_server("serve", "--db", path, "--port", "0")
    b = Browser(plain, headers={"X-Forwarded-Proto": "https"})
    _, _, _, cookies = b.sign_in("admin@example.org")
    assert not any("Secure" in c for c in cookies)


def test_wrong_password_and_unknown_account_get_the_same_answer(site):
    server, path = site
    b = Browser(server)
    s1, _, body1, c1 = b.sign_in("admin@example.org", "wrong password!!")
    s2, _, body2, c2 = b.sign_in("nobody@example.org", "wrong password!!")
    assert s1 == s2 == 401
    message = "The e-mail address or the password is not right."
    assert message in body1 and message in body2
    assert not any(c.startswith("la_session=") for c in c1 + c2)
    assert rows(path, "SELECT count(*) FROM sessions") == [(0,)]


def test_sign_in_without_the_form_token_is_refused(site):
    server, path = site
    b = Browser(server)
    b.token("/login")
    status, _, _, _ = b.post("/login", {"email": "admin@example.org", "password": PASSWORD})
    assert status == 403
    status, _, _, _ = b.post("/login", {"csrf": "forged", "email": "admin@example.org",
                                        "password": PASSWORD})
    assert status == 403
    assert rows(path, "SELECT count(*) FROM sessions") == [(0,)]


def test_throttling_after_five_failures_even_with_the_right_password(site):
    server, path = site
    b = Browser(server)
    for _ in range(5):
        assert b.sign_in("reviewer@example.org", "not the password")[0] == 401
    status, _, body, cookies = b.sign_in("reviewer@example.org")
    assert status == 429 and "Too many attempts" in body
    assert not any(c.startswith("la_session=") for c in cookies)
    # another account is not slowed down by this one's failures (the address allows 20)
    other = Browser(server)
    assert other.sign_in("admin@example.org")[0] == 303


def test_next_only_leads_within_the_site(site):
    server, _ = site
    for evil in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        b = Browser(server)
        token = b.token("/login")
        status, headers, _, _ = b.post("/login", {"csrf": token, "email": "admin@example.org",
                                                  "password": PASSWORD, "next": evil})
        assert status == 303 and headers["Location"] == "/account", evil


def test_account_page_needs_a_session(site):
    server, _ = site
    status, headers, _, _ = Browser(server).get("/account")
    assert status == 303 and headers["Location"] == "/login?next=/account"


# ---- signing out ----------------------------------------------------------------------------------

def test_sign_out_needs_the_token_and_ends_the_session(site):
    server, path = site
    b = Browser(server)
    b.sign_in("admin@example.org")
    status, _, _, _ = b.post("/logout", {"csrf": "forged"})
    assert status == 403
    assert rows(path, "SELECT count(*) FROM sessions") == [(1,)]
    token = b.token("/account")
    status, headers, _, cookies = b.post("/logout", {"csrf": token})
    assert status == 303 and headers["Location"] == "/"
    assert any(c.startswith("la_session=;") and "Max-Age=0" in c for c in cookies)
    assert rows(path, "SELECT count(*) FROM sessions") == [(0,)]


def test_sign_out_everywhere_ends_every_session(site):
    server, path = site
    phone, laptop = Browser(server), Browser(server)
    phone.sign_in("admin@example.org")
    laptop.sign_in("admin@example.org")
    assert rows(path, "SELECT count(*) FROM sessions") == [(2,)]
    stolen = dict(phone.cookies)
    token = laptop.token("/account")
    assert laptop.post("/logout", {"csrf": token, "everywhere": "1"})[0] == 303
    assert rows(path, "SELECT count(*) FROM sessions") == [(0,)]
    phone.cookies = stolen
    assert phone.get("/account")[0] == 303


def test_idle_and_old_sessions_expire(site):
    server, path = site
    b = Browser(server)
    b.sign_in("admin@example.org")
    assert b.get("/account")[0] == 200
    with sqlite3.connect(path) as c:
        c.execute("UPDATE sessions SET seen_at = seen_at - 3 * 3600")
    assert b.get("/account")[0] == 303
    assert rows(path, "SELECT count(*) FROM sessions") == [(0,)]
    b.sign_in("admin@example.org")
    with sqlite3.connect(path) as c:
        c.execute("UPDATE sessions SET created_at = created_at - 13 * 3600")
    assert b.get("/account")[0] == 303


# ---- API tokens ---------------------------------------------------------------------------------

def test_api_tokens_are_shown_once_stored_hashed_and_revocable(site):
    server, path = site
    b = Browser(server)
    b.sign_in("fp@kampala.example")
    token = b.token("/account")
    status, headers, body, _ = b.post("/account/tokens", {"csrf": token, "name": "uploader"})
    assert status == 200 and headers["Cache-Control"] == "no-store"
    [secret] = re.findall(r'<code class="token">(la_[A-Za-z0-9_-]+)</code>', body)
    [(stored, name)] = rows(path, "SELECT token_hash, name FROM api_tokens")
    assert name == "uploader" and secret not in stored
    assert secret not in b.get("/account")[2], "a token is shown only once"

    script = Browser(server, headers={"Authorization": f"Bearer {secret}"})
    status, _, body, _ = script.get("/api/v1/me")
    me = json.loads(body)
    assert status == 200 and me["email"] == "fp@kampala.example" and me["via_token"] is True
    assert [r["role"] for r in me["roles"]] == ["focal_point"]

    [(token_id,)] = rows(path, "SELECT id FROM api_tokens")
    status, _, _, _ = b.post("/account/tokens/revoke", {"csrf": token, "id": str(token_id)})
    assert status == 303
    assert script.get("/api/v1/me")[0] == 401
    # someone else's token cannot be revoked
    other = Browser(server)
    other.sign_in("reviewer@example.org")
    other_token = other.token("/account")
    assert other.post("/account/tokens/revoke", {"csrf": other_token,
                                                 "id": str(token_id)})[0] == 404


def test_me_says_when_nobody_is_signed_in(site):
    server, _ = site
    status, _, body, _ = Browser(server).get("/api/v1/me")
    assert status == 401 and "not signed in" in body
    status, _, _, _ = Browser(server, headers={"Authorization": "Bearer la_nonsense"}).get(
        "/api/v1/me")
    assert status == 401


def test_signed_in_pages_are_never_shared_with_others(site):
    server, _ = site
    admin = Browser(server)
    admin.sign_in("admin@example.org")
    assert "Ada Admin" in admin.get("/actions")[2]
    for _ in range(2):  # the second would come from the page memo if it were shared
        status, _, body, _ = Browser(server).get("/actions")
        assert status == 200 and "Ada Admin" not in body and "Sign in" in body


# ---- the language of a person's mail --------------------------------------------------------------

def test_user_add_sets_the_mail_language(cli, db):
    assert add_user(cli, db, "en@example.org", "admin").code == 0
    r = cli("user", "add", "--db", db, "--email", "es@example.org", "--role", "reviewer",
            "--lang", "es", "--password-stdin", stdin=(PASSWORD + "\n").encode())
    assert r.code == 0, r
    r = cli("user", "add", "--db", db, "--email", "de@example.org", "--role", "reviewer",
            "--lang", "de", "--password-stdin", stdin=(PASSWORD + "\n").encode())
    assert r.code == 2 and "--lang: 'de'" in r.err
    assert rows(db, "SELECT email, lang FROM users ORDER BY id") == [
        ("en@example.org", "en"), ("es@example.org", "es")]
    # a role added later keeps the language, unless --lang says otherwise
    assert add_user(cli, db, "es@example.org", "donor").code == 0
    assert rows(db, "SELECT lang FROM users WHERE email = 'es@example.org'") == [("es",)]
    r = cli("user", "add", "--db", db, "--email", "es@example.org", "--role", "donor",
            "--lang", "fr")
    assert r.code == 0, r
    assert rows(db, "SELECT lang FROM users WHERE email = 'es@example.org'") == [("fr",)]


def test_account_page_sets_the_mail_language(site):
    """The account page offers the three languages, the account's selected; saving needs the
    form token and a language from the list, and changes only this account."""
    server, path = site
    b = Browser(server)
    b.sign_in("fp@kampala.example")
    status, _, page, _ = b.get("/account")
    assert status == 200
    assert re.search(r'<option value="en" lang="en" selected>English</option>', page)
    assert '<option value="fr" lang="fr">Français</option>' in page
    before = rows(path, "SELECT email, lang FROM users ORDER BY id")
    # without the form token, or with a language not in the list: nothing changes
    assert b.post("/account/lang", {"csrf": "forged", "mail_lang": "fr"})[0] == 403
    token = b.token("/account?lang=fr")
    status, _, page, _ = b.post("/account/lang", {"csrf": token, "mail_lang": "de"})
    assert status == 400
    assert 'id="mail-lang-error">Choisissez l&#39;une des langues de la liste.<' in page
    assert 'aria-invalid="true"' in page
    assert rows(path, "SELECT email, lang FROM users ORDER BY id") == before
    # saved, said on the page it leads back to, and shown selected
    status, headers, _, _ = b.post("/account/lang", {"csrf": token, "mail_lang": "es"})
    assert status == 303 and headers["Location"] == "/account?saved=mail_lang"
    status, _, page, _ = b.get(headers["Location"])
    assert 'class="notice" role="status"' in page
    assert '<option value="es" lang="es" selected>Español</option>' in page
    after = dict(rows(path, "SELECT email, lang FROM users"))
    assert after.pop("fp@kampala.example") == "es"
    assert all(lang == "en" for lang in after.values())


def test_a_refused_token_name_is_said_beside_its_field(site):
    server, path = site
    b = Browser(server)
    b.sign_in("fp@kampala.example")
    token = b.token("/account?lang=es")
    for name in ("", "x" * 101, "two\nlines"):
        status, _, page, _ = b.post("/account/tokens", {"csrf": token, "name": name})
        assert status == 400, name
        assert 'id="token-name-error">Dé al token un nombre de 100 caracteres' in page, name
        assert 'aria-invalid="true" aria-describedby="token-name-error"' in page
    status, _, page, _ = b.post("/account/tokens", {"csrf": token, "name": "y" * 101})
    assert f'value="{"y" * 101}"' in page, "what was typed is kept"
    assert rows(path, "SELECT count(*) FROM api_tokens") == [(0,)]
    # a hundred characters, not bytes
    status, _, _, _ = b.post("/account/tokens", {"csrf": token, "name": "é" * 100})
    assert status == 200
    assert rows(path, "SELECT name FROM api_tokens") == [("é" * 100,)]
