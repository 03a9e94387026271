"""The whole journey of issue 4 over HTTP, with mail through a real SMTP server that is down
at first: a government asks to join, a reviewer approves, the invitation arrives once the
mail server is up, the focal point sets a password from it, submits a pledge with a mistake,
fixes it, the reviewer requests changes, the focal point resubmits, the reviewer publishes,
and the action is in the public list and search; every mail arrives exactly once."""

import email
import email.policy
import re
import time
import urllib.parse

from test_mail import SMTP, free_port
from test_submit_web import fields, move, post, submission_id
from test_workflow import PASSWORD, Browser, poll

NEW_PASSWORD = "kisumu welcomes 2026"
MAIL_WAIT = 20


def mails(smtp, n):
    messages = smtp.handler.wait(n, timeout=MAIL_WAIT)
    return [email.message_from_bytes(m[2], policy=email.policy.default) for m in messages]


def test_join_submit_review_publish_with_mail(cli, db, start_server, workdir):
    assert cli("user", "add", "--db", db, "--email", "reviewer@example.org", "--role",
               "reviewer", "--name", "Rita Reviewer", "--password-stdin",
               stdin=PASSWORD.encode()).code == 0
    smtp = SMTP(free_port())  # not started: the mail server is down
    server = start_server("serve", "--db", db, "--port", "0", "--smtp-url", smtp.url,
                          "--mail-retry-s", "1", "--mail-from", "registry@example.org")
    try:
        # a government asks to join
        visitor = Browser(server)
        token = visitor.csrf_of("/join")
        status, headers, _ = visitor.form("/join", {
            "csrf": token, "government_name": "Kisumu", "country": "KE", "kind": "city",
            "focal_name": "Achieng Otieno", "focal_title": "Director of Social Services",
            "focal_email": "achieng@kisumu.example"})
        assert status == 303, headers

        # a reviewer approves it
        reviewer = Browser(server)
        reviewer.login("reviewer@example.org")
        status, _, page = reviewer.request("GET", "/review/joins")
        assert status == 200 and b"Kisumu" in page
        [request_id] = re.findall(rb'action="/review/joins/(\d+)/approve"', page)
        token = reviewer.csrf_of("/review/joins")
        status, _, _ = reviewer.form(f"/review/joins/{request_id.decode()}/approve",
                                     {"csrf": token})
        assert status == 303

        # the mail server is down: the invitation waits, retried, not lost
        time.sleep(2.5)
        assert smtp.handler.messages == []
        smtp.start()
        [invitation] = mails(smtp, 1)
        assert invitation["To"] == "achieng@kisumu.example"
        link = re.search(r"http://\S+(/reset/[A-Za-z0-9_-]+)", invitation.get_content()).group(1)

        # the focal point sets a password from the invitation and signs in
        focal = Browser(server)
        token = focal.csrf_of(link)
        status, headers, _ = focal.form(link, {"csrf": token, "password": NEW_PASSWORD,
                                               "password2": NEW_PASSWORD})
        assert status == 303
        token = focal.csrf_of("/login")
        status, _, _ = focal.form("/login", {"csrf": token, "email": "achieng@kisumu.example",
                                             "password": NEW_PASSWORD, "next": "/account"})
        assert status == 303 and "la_session" in focal.cookies

        # a pledge with a mistake, refused next to its field; then fixed and submitted
        title = "Kisumu opens a lakeside welcome centre"
        status, _, body = post(focal, "/submit", fields(
            focal, title=title, co_governments="", end_date="2023-01", do="submit"))
        assert status == 400 and re.search(rb'id="end_date-error"', body)
        status, headers, _ = post(focal, "/submit", fields(
            focal, title=title, co_governments="", do="submit"))
        assert status == 303, headers
        sid = submission_id(headers)

        # review: changes requested, resubmitted, published
        assert move(reviewer, sid, "in_review")[0] == 303
        assert move(reviewer, sid, "changes_requested", "Please name the partners.")[0] == 303
        assert move(focal, sid, "submitted")[0] == 303
        assert move(reviewer, sid, "in_review")[0] == 303
        assert move(reviewer, sid, "published")[0] == 303

        # public, in the list and in search
        def public_total():
            status, _, body = Browser(server).request(
                "GET", "/api/v1/actions?q=" + urllib.parse.quote("lakeside welcome"))
            return status == 200 and b'"total":1' in body
        assert poll(public_total), "the published action is not in search"
        status, _, page = Browser(server).request("GET", "/actions")
        assert title.encode() in page

        # every mail once: the invitation, received twice, changes requested, published
        time.sleep(2)
        got = mails(smtp, 5)
        subjects = [m["Subject"] for m in got]
        assert len(got) == 5, subjects
        assert subjects[1:] == [f"We received your submission: {title}",
                                f"Changes requested: {title}",
                                f"We received your submission: {title}",
                                f"Published: {title}"]
        assert all(m["To"] == "achieng@kisumu.example" for m in got)
        assert "Please name the partners." in got[2].get_content()
        assert len({m["Message-ID"] for m in got}) == 5
    finally:
        smtp.stop()
