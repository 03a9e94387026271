"""Mail and password reset, against a real SMTP server (Debian's python3-aiosmtpd) on loopback.

`localaction serve --smtp-url smtp://127.0.0.1:PORT --mail-retry-s 1` sends the outbox; the
tests ask for reset links through the website, read the mail the server received, follow the
link, and check that mail waits in the outbox while the SMTP server is down and arrives exactly
once when it comes back.
"""

import email
import email.header
import email.policy
import html
import re
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from aiosmtpd.controller import Controller

OLD_PASSWORD = "correct horse battery"
NEW_PASSWORD = "new staple 2024 pony"
MAIL_WAIT = 15  # seconds a mail may take to arrive


# ---- the SMTP server ---------------------------------------------------------------------------

class Collector:
    """An aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []  # (envelope sender, recipients, content bytes)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos),
                                  bytes(envelope.original_content or envelope.content)))
        return "250 OK"

    def wait(self, n, timeout=MAIL_WAIT):
        """The first N messages, waiting up to TIMEOUT seconds for them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= n:
                    return list(self.messages)
            time.sleep(0.1)
        raise AssertionError(f"{len(self.messages)} mails arrived within {timeout}s, want {n}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SMTP:
    def __init__(self, port):
        self.port = port
        self.handler = Collector()
        self.controller = None

    @property
    def url(self):
        return f"smtp://127.0.0.1:{self.port}"

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp():
    """An SMTP server on a free loopback port, not started (so a test can start it late)."""
    s = SMTP(free_port())
    yield s
    s.stop()


@pytest.fixture
def mail_server(start_server, db, smtp):
    """`localaction serve` sending to @smtp, which is running."""
    smtp.start()
    return start_server("serve", "--db", db, "--port", "0", "--smtp-url", smtp.url,
                        "--mail-retry-s", "1", "--mail-from", "registry@example.org")


# ---- a browser of sorts ------------------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept, redirects not followed, HTTP errors returned as answers."""

    def __init__(self, server, lang=None):
        self.server = server
        self.cookies = {}
        if lang:
            self.cookies["lang"] = lang
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path, form=None):
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        req = urllib.request.Request(self.server.url.rstrip("/") + path, data=data,
                                     headers=headers, method="POST" if form is not None else "GET")
        try:
            resp = self.opener.open(req, timeout=20)
            status, hdrs, body = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            status, hdrs, body = e.code, e.headers, e.read()
        for cookie in hdrs.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "Max-Age=0" not in cookie:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        return status, hdrs, body.decode("utf-8")

    def form_token(self, path):
        status, _, body = self.request(path)
        assert status == 200, (path, status, body[:300])
        m = re.search(r'name="csrf" value="([^"]+)"', body)
        assert m, f"no form token on {path}"
        return html.unescape(m.group(1))

    def post(self, path, fields, token_from=None):
        token = self.form_token(token_from or path)
        return self.request(path, dict(fields, csrf=token))

    def sign_in(self, address, password):
        status, headers, _ = self.post("/login", {"email": address, "password": password})
        return status


def add_user(cli, db, address, password=OLD_PASSWORD, name=None, lang=None):
    args = ["user", "add", "--db", db, "--email", address, "--role", "reviewer",
            "--password-stdin"]
    if name is not None:
        args += ["--name", name]
    if lang is not None:
        args += ["--lang", lang]
    r = cli(*args, stdin=(password + "\n").encode())
    assert r.code == 0, r


def ask_reset(server, address, lang=None):
    b = Browser(server, lang)
    status, _, body = b.post("/reset", {"email": address})
    return status, body


def sent_notice(body):
    m = re.search(r'<p class="notice" role="status">(.*?)</p>', body, re.S)
    return m and m.group(1)


def parse(content):
    return email.message_from_bytes(content, policy=email.policy.default)


def link_of(msg, server):
    body = msg.get_content()
    m = re.search(r"(http://\S+/reset/[A-Za-z0-9_-]+)", body)
    assert m, f"no reset link in {body!r}"
    link = m.group(1)
    assert link.startswith(server.url.rstrip("/") + "/reset/"), link
    return link[len(server.url.rstrip("/")):]


def outbox(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT id, recipient, attempts, last_error, sent_at FROM outbox "
                           "ORDER BY id").fetchall()
    finally:
        con.close()


# ---- the tests ---------------------------------------------------------------------------------

def test_reset_link_sets_a_new_password(mail_server, smtp, cli, db):
    add_user(cli, db, "ana@example.org", name="Ana Pérez")
    session = Browser(mail_server)
    assert session.sign_in("ana@example.org", OLD_PASSWORD) == 303
    assert session.request("/account")[0] == 200

    status, body = ask_reset(mail_server, "ANA@example.org")  # any case
    assert status == 200 and "a link" in sent_notice(body)
    [(sender, rcpts, content)] = smtp.handler.wait(1)
    assert sender == "registry@example.org" and rcpts == ["ana@example.org"]
    msg = parse(content)
    assert msg["To"] == "ana@example.org"
    assert msg["From"] == "registry@example.org"
    assert msg["Subject"] == "Reset your localaction password"
    assert re.fullmatch(r"<localaction\.\d+\.[0-9a-f]{16}@127\.0\.0\.1>", msg["Message-ID"])
    assert msg["Date"] and msg.get_content_charset() == "utf-8"
    assert "Hello Ana Pérez," in msg.get_content()
    path = link_of(msg, mail_server)

    b = Browser(mail_server)
    status, _, page = b.request(path)
    assert status == 200 and 'name="password2"' in page
    # refused: passwords that differ, a short one, a missing form token
    status, _, page = b.post(path, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert status == 400 and "differ" in page
    status, _, page = b.post(path, {"password": "short", "password2": "short"})
    assert status == 400 and "at least 10 characters" in page
    status, _, _ = Browser(mail_server).request(path, {"password": NEW_PASSWORD,
                                                       "password2": NEW_PASSWORD})
    assert status == 403
    # accepted
    status, headers, _ = b.post(path, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert status == 303 and headers["Location"] == "/login?changed=1"
    status, _, page = b.request("/login?changed=1")
    assert "Your password has been changed" in page
    assert 'href="/reset"' in page  # "Forgot your password?"

    # signed out everywhere; the old password fails, the new one works
    assert session.request("/account")[0] == 303
    assert Browser(mail_server).sign_in("ana@example.org", OLD_PASSWORD) == 401
    assert Browser(mail_server).sign_in("ana@example.org", NEW_PASSWORD) == 303

    # the link works once
    status, _, page = b.request(path)
    assert status == 404 and "does not work" in page
    status, _, page = b.post("/reset/" + path.rsplit("/", 1)[1],
                             {"password": "another password 1", "password2": "another password 1"},
                             token_from="/reset")
    assert status == 404 and "does not work" in page
    assert Browser(mail_server).sign_in("ana@example.org", NEW_PASSWORD) == 303


def test_expired_and_unknown_links(mail_server, smtp, cli, db):
    add_user(cli, db, "bo@example.org")
    ask_reset(mail_server, "bo@example.org")
    [(_, _, content)] = smtp.handler.wait(1)
    path = link_of(parse(content), mail_server)
    con = sqlite3.connect(db)
    with con:
        con.execute("UPDATE password_resets SET expires_at = strftime('%s', 'now') - 1")
    con.close()
    b = Browser(mail_server)
    answers = []
    for p in (path, "/reset/" + "A" * 43, "/reset/not*a*token"):
        status, _, page = b.request(p)
        assert status == 404, p
        answers.append(re.search(r'<p class="error-message" role="alert">(.*?)</p>', page).group(1))
    assert len(set(answers)) == 1  # one message for expired and unknown
    status, _, page = b.post(path, {"password": NEW_PASSWORD, "password2": NEW_PASSWORD},
                             token_from="/reset")
    assert status == 404
    assert Browser(mail_server).sign_in("bo@example.org", OLD_PASSWORD) == 303


def test_unknown_address_gets_the_same_answer_and_no_mail(mail_server, smtp, cli, db):
    add_user(cli, db, "cy@example.org")
    status, unknown = ask_reset(mail_server, "nobody@example.org")
    assert status == 200
    status, known = ask_reset(mail_server, "cy@example.org")
    assert status == 200
    assert sent_notice(unknown) == sent_notice(known)
    # the worker sends oldest first: once the known address's mail is here, a mail for the
    # unknown one would have come before it
    smtp.handler.wait(1)
    time.sleep(1.5)
    assert [m[1] for m in smtp.handler.messages] == [["cy@example.org"]]
    assert [row[1] for row in outbox(db)] == ["cy@example.org"]


def test_mail_waits_while_the_smtp_server_is_down(start_server, smtp, cli, db):
    add_user(cli, db, "di@example.org")
    # nothing listens on smtp.port yet
    server = start_server("serve", "--db", db, "--port", "0", "--smtp-url", smtp.url,
                          "--mail-retry-s", "1")
    status, _ = ask_reset(server, "di@example.org")
    assert status == 200
    time.sleep(2.5)
    [(_, recipient, attempts, last_error, sent_at)] = outbox(db)
    assert recipient == "di@example.org" and sent_at is None
    assert attempts >= 1 and last_error
    smtp.start()
    [(_, rcpts, content)] = smtp.handler.wait(1)
    assert rcpts == ["di@example.org"]
    time.sleep(2)  # longer than the back-off in force: a second copy would be here by now
    assert len(smtp.handler.messages) == 1
    [(_, _, _, _, sent_at)] = outbox(db)
    assert sent_at is not None
    assert link_of(parse(content), server)


def test_header_injection(mail_server, smtp, cli, db):
    add_user(cli, db, "mallory@example.org\r\nBcc: evil@example.org")
    add_user(cli, db, "eve@example.org", name="Eve\r\nBcc: evil@example.org")
    status, body = ask_reset(mail_server, "mallory@example.org\r\nBcc: evil@example.org")
    assert status == 200 and sent_notice(body)  # the same answer, and nothing sent
    status, _ = ask_reset(mail_server, "eve@example.org")
    assert status == 200
    [(_, rcpts, content)] = smtp.handler.wait(1)
    time.sleep(1.5)
    assert len(smtp.handler.messages) == 1
    assert rcpts == ["eve@example.org"]
    head = content.split(b"\r\n\r\n", 1)[0].decode("ascii")
    names = [line.split(":", 1)[0] for line in head.split("\r\n") if not line.startswith(" ")]
    assert sorted(names) == sorted(["Date", "From", "To", "Subject", "Message-ID",
                                    "MIME-Version", "Content-Type",
                                    "Content-Transfer-Encoding", "Auto-Submitted"])
    assert "evil" not in head


def test_french_mail_is_utf8_with_an_encoded_subject(mail_server, smtp, cli, db):
    add_user(cli, db, "fa@example.org", name="Fañch Élodie", lang="fr")
    status, body = ask_reset(mail_server, "fa@example.org", lang="fr")
    assert status == 200 and "un lien" in sent_notice(body)
    [(_, _, content)] = smtp.handler.wait(1)
    content.decode("utf-8")  # raises on invalid UTF-8
    raw_subject = re.search(rb"^Subject: ([^\r\n]*(?:\r\n [^\r\n]*)*)", content, re.M).group(1).decode("ascii")
    assert raw_subject.startswith("=?UTF-8?B?")
    subject = str(email.header.make_header(email.header.decode_header(raw_subject)))
    assert subject == "Réinitialisation de votre mot de passe localaction"
    msg = parse(content)
    assert msg["Content-Transfer-Encoding"] == "8bit"
    text = msg.get_content()
    assert text.startswith("Bonjour Fañch Élodie,") and "ouvrez ce lien" in text


def test_mail_is_in_the_language_of_the_account(mail_server, smtp, cli, db):
    """A reset mail is written in the language the account chose (on the account page), not in
    the language of the page that asked for it."""
    add_user(cli, db, "lu@example.org", name="Lucía")
    b = Browser(mail_server)
    assert b.sign_in("lu@example.org", OLD_PASSWORD) == 303
    status, _, _ = b.post("/account/lang", {"mail_lang": "es"}, token_from="/account")
    assert status == 303
    status, body = ask_reset(mail_server, "lu@example.org", lang="en")
    assert status == 200 and "a link" in sent_notice(body)  # the page speaks English
    [(_, rcpts, content)] = smtp.handler.wait(1)
    msg = parse(content)
    assert rcpts == ["lu@example.org"]
    assert msg["Subject"] == "Restablecimiento de su contraseña de localaction"
    text = msg.get_content()
    assert text.startswith("Hola, Lucía:") and "abra este enlace" in text
    assert link_of(msg, mail_server)


def test_asking_is_throttled_per_address(mail_server, smtp, cli, db):
    add_user(cli, db, "gu@example.org")
    statuses = [ask_reset(mail_server, "gu@example.org")[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    smtp.handler.wait(3)
    time.sleep(1.5)
    assert len(smtp.handler.messages) == 3


def test_serve_mail_options(cli, db):
    r = cli("serve", "--help")
    assert r.code == 0
    for option in ("--smtp-url", "--mail-from", "--mail-retry-s", "--base-url",
                   "LOCALACTION_SMTP_PASSWORD"):
        assert option in r.out
    # no password on the command line, not even inside the URL
    assert cli("serve", "--db", db, "--smtp-password", "x").code == 2
    r = cli("serve", "--db", db, "--smtp-url", "smtp://user:secret@127.0.0.1:25")
    assert r.code == 2 and "LOCALACTION_SMTP_PASSWORD" in r.err
    assert cli("serve", "--db", db, "--smtp-url", "http://127.0.0.1:25").code == 2
    assert cli("serve", "--db", db, "--mail-from", "a@b\r\nBcc: c@d").code == 2
    assert cli("serve", "--db", db, "--mail-retry-s", "0").code == 2


def test_base_url_is_used_in_links(start_server, smtp, cli, db):
    smtp.start()
    add_user(cli, db, "ha@example.org")
    server = start_server("serve", "--db", db, "--port", "0", "--smtp-url", smtp.url,
                          "--mail-retry-s", "1", "--base-url", "https://registry.example.org/")
    ask_reset(server, "ha@example.org")
    [(_, _, content)] = smtp.handler.wait(1)
    msg = parse(content)
    assert re.search(r"^https://registry\.example\.org/reset/[A-Za-z0-9_-]{43}\r?$",
                     msg.get_content(), re.M)
    assert msg["Message-ID"].endswith("@registry.example.org>")
