"""Submitting and reviewing an action on the website (the issue's web part): the submit form
with errors next to their fields and the input kept, a draft saved and taken up again, the
review moves with notes, the audit log and comments on the submission's page, the form token
on every POST, other governments kept out, and the edit of a published action with its
versions. Accounts and sign-in as in test_workflow.py."""

import html
import json
import re
import sqlite3

import pytest

from test_workflow import PASSWORD, Browser, poll, tables
from test_workflow import site  # noqa: F401  (the fixture)


def signed_in(site, who):
    b = Browser(site)
    b.login(f"{who}@example.org")
    return b


def token_of(b, path):
    return b.csrf_of(path)


def lead_id(b):
    status, _, body = b.request("GET", "/submit")
    assert status == 200, body[:300]
    m = re.search(rb'<select id="lead" name="lead"[^>]*>\s*<option value="(\d+)"', body)
    assert m, "no lead government to choose"
    return m.group(1).decode()


def fields(b, **extra):
    f = [("csrf", token_of(b, "/submit")), ("kind", "pledge"),
         ("title", "Kampala opens a welcome desk"), ("summary", "A desk for newcomers."),
         ("description", "Staffed every weekday."), ("language", "en"),
         ("lead", extra["lead"] if "lead" in extra else lead_id(b)),
         ("co_governments", "Nairobi, KE"), ("gcm_objectives", "7"), ("gcm_objectives", "15"),
         ("themes", "health"), ("sdg_targets", "10.7, 16.9"), ("start_date", "2024-01"),
         ("end_date", "2025-12"), ("budget", "15000"), ("currency", "USD"),
         ("partners", "UNHCR\nRed Cross"), ("source", "City council"),
         ("source_url", "https://example.org/desk"), ("implementation_status", "planned")]
    f = [(k, v) for k, v in f if k not in extra]
    for k, v in extra.items():
        if isinstance(v, list):
            f += [(k, x) for x in v]
        elif v is not None:
            f.append((k, v))
    return f


def post(b, path, pairs):
    import urllib.parse
    body = urllib.parse.urlencode(pairs).encode()
    return b.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


def submission_id(headers):
    loc = headers.get("Location", "")
    m = re.fullmatch(r"/submissions/(\d+)", loc)
    assert m, f"redirect to {loc!r}"
    return int(m.group(1))


def text(body):
    return html.unescape(re.sub(rb"<[^>]+>", b" ", body).decode())


def move(b, sid, to, note=None):
    pairs = [("csrf", token_of(b, f"/submissions/{sid}")), ("to", to)]
    if note is not None:
        pairs.append(("note", note))
    return post(b, f"/submissions/{sid}/move", pairs)


def test_signed_out_and_others(site):
    anon = Browser(site)
    status, headers, _ = anon.request("GET", "/submit")
    assert status == 303 and headers["Location"] == "/login?next=/submit"
    donor = signed_in(site, "donor")
    assert donor.request("GET", "/submit")[0] == 403
    fp = signed_in(site, "fp")
    status, _, body = fp.request("GET", "/submit")
    assert status == 200
    for name in ("title", "summary", "description", "language", "lead", "co_governments",
                 "sdg_targets", "start_date", "end_date", "end_tbc", "budget", "currency",
                 "funding_secured", "funding_sought", "partners", "source", "source_url",
                 "implementation_status", "kind"):
        assert f'name="{name}"'.encode() in body, name
    assert body.count(b'name="gcm_objectives"') == 23
    # objectives by their number and short title, with the official title as explanation
    assert b"7. " in body and b'id="gcm-7-explain"' in body
    assert b'href="/submit"' in body, "the header links to the form"
    assert b"Kampala" in body and b"Nairobi" not in body.split(b'id="lead"')[1].split(b"</select>")[0]


def test_errors_keep_input(site):
    fp = signed_in(site, "fp")
    before = tables(site.db)
    status, _, body = post(fp, "/submit", fields(fp, end_date="2023-05", budget="-4",
                                                 do="submit"))
    assert status == 400, body[:500]
    assert tables(site.db) == before, "a refused form stored something"
    page = body.decode()
    # each error next to its field, named by it
    assert re.search(r'id="end_date-error">[^<]*before', page), "end date error not by its field"
    assert 'aria-describedby="start_date-hint end_date-error"' in page
    assert 'id="budget-error"' in page and 'aria-invalid="true" aria-describedby="budget-error"' in page
    # everything typed is kept
    for v in ('value="Kampala opens a welcome desk"', "Staffed every weekday.", 'value="10.7, 16.9"',
              'value="2023-05"', 'value="-4"', "UNHCR\nRed Cross", "Nairobi, KE",
              'value="https://example.org/desk"'):
        assert v in page, v
    assert re.search(r'value="7" aria-describedby="gcm-7-explain" checked', page)
    assert re.search(r'name="themes" value="health" checked', page)


def test_draft_preview_and_review(site):
    fp = signed_in(site, "fp")
    reviewer = signed_in(site, "reviewer")
    # a preview shows the action as its page would, saving nothing
    before = tables(site.db)
    status, _, body = post(fp, "/submit", fields(fp, do="preview"))
    assert status == 200, body[:500]
    assert b'class="preview"' in body and b"<h1>Kampala opens a welcome desk</h1>" in body
    assert tables(site.db) == before, "a preview stored something"
    # a draft is saved and comes back
    status, headers, body = post(fp, "/submit", fields(fp, do="draft", end_date=None,
                                                       end_tbc="1"))
    assert status == 303, body[:500]
    sid = submission_id(headers)
    status, _, body = fp.request("GET", f"/submissions/{sid}/edit")
    assert status == 200
    page = body.decode()
    assert 'value="Kampala opens a welcome desk"' in page and 'name="end_tbc" value="1" checked' in page
    assert "UNHCR\nRed Cross" in page and 'value="10.7, 16.9"' in page
    # submit it from the edit form
    pairs = fields(fp, do="submit", title="Kampala opens two welcome desks")
    pairs[0] = ("csrf", token_of(fp, f"/submissions/{sid}/edit"))
    status, headers, _ = post(fp, f"/submissions/{sid}/edit", pairs)
    assert status == 303 and submission_id(headers) == sid
    status, _, body = reviewer.request("GET", "/submissions")
    assert status == 200 and f'href="/submissions/{sid}"'.encode() in body
    assert re.search(rb'state=submitted"[^>]*>Submitted <span class="count">1</span>', body)
    # start, request changes without a note (refused), with a note
    assert move(reviewer, sid, "in_review")[0] == 303
    assert move(reviewer, sid, "changes_requested")[0] == 400
    assert move(reviewer, sid, "changes_requested", "Add the partners' roles.")[0] == 303
    pairs = [("csrf", token_of(reviewer, f"/submissions/{sid}")), ("body", "See the note.")]
    assert post(reviewer, f"/submissions/{sid}/comments", pairs)[0] == 303
    # the focal point edits and submits again
    pairs = fields(fp, do="submit", title="Kampala opens two welcome desks",
                   partners="UNHCR (training)\nRed Cross (staff)")
    pairs[0] = ("csrf", token_of(fp, f"/submissions/{sid}/edit"))
    status, headers, body = post(fp, f"/submissions/{sid}/edit", pairs)
    assert status == 303, body[:500]
    assert move(reviewer, sid, "in_review")[0] == 303
    assert move(reviewer, sid, "published")[0] == 303
    status, _, body = fp.request("GET", f"/submissions/{sid}")
    assert status == 200
    page = text(body)
    assert "Published" in page and "See the note." in page and "Add the partners' roles." in page
    audit = body.split(b'class="audit"')[1]
    rows = re.findall(rb"<tr><td>[^<]*</td><td>([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td>",
                      audit)
    assert [tuple(x.decode() for x in r) for r in rows] == [
        ("Fp", "", "Draft"), ("Fp", "Draft", "Submitted"), ("Reviewer", "Submitted", "In review"),
        ("Reviewer", "In review", "Changes requested"),
        ("Fp", "Changes requested", "Submitted"), ("Reviewer", "Submitted", "In review"),
        ("Reviewer", "In review", "Published")]
    found = poll(lambda: b"Kampala opens two welcome desks" in
                 site.request("/actions?q=welcome")[2])
    assert found, "the published action is not on /actions"


def test_form_token_and_other_government(site):
    fp = signed_in(site, "fp")
    status, headers, _ = post(fp, "/submit", fields(fp, do="draft"))
    sid = submission_id(headers)
    before = tables(site.db)
    pairs = [(k, v) for k, v in fields(fp, do="submit") if k != "csrf"]
    assert post(fp, "/submit", pairs)[0] == 403
    assert post(fp, f"/submissions/{sid}/edit", pairs)[0] == 403
    assert post(fp, f"/submissions/{sid}/move", [("to", "submitted")])[0] == 403
    assert post(fp, f"/submissions/{sid}/comments", [("body", "hello")])[0] == 403
    assert tables(site.db) == before, "a POST without the form token changed something"

    other = signed_in(site, "fp_other")
    for path in (f"/submissions/{sid}", f"/submissions/{sid}/edit"):
        assert other.request("GET", path)[0] == 403, path
    token = token_of(other, "/account")
    pairs = [("csrf", token)] + [(k, v) for k, v in fields(fp, do="submit") if k != "csrf"]
    assert post(other, f"/submissions/{sid}/edit", pairs)[0] == 403
    assert post(other, f"/submissions/{sid}/move", [("csrf", token), ("to", "submitted")])[0] == 403
    assert post(other, f"/submissions/{sid}/comments", [("csrf", token), ("body", "x")])[0] == 403
    # submitting for Kampala from Nairobi's account: refused, next to the lead government
    status, _, body = post(other, "/submit", pairs)
    assert status == 403 and b'id="lead-error"' in body
    assert tables(site.db) == before
    status, _, body = other.request("GET", "/submissions")
    assert f'/submissions/{sid}"'.encode() not in body


def publish(site, fp, reviewer, pairs, path="/submit"):
    status, headers, body = post(fp, path, pairs)
    assert status == 303, body[:800]
    sid = submission_id(headers)
    assert move(reviewer, sid, "in_review")[0] == 303
    assert move(reviewer, sid, "published")[0] == 303
    return sid


def test_edit_of_published_action(site):
    fp = signed_in(site, "fp")
    reviewer = signed_in(site, "reviewer")
    sid = publish(site, fp, reviewer, fields(fp, do="submit", title="Kampala night school"))
    status, _, body = fp.request("GET", f"/submissions/{sid}")
    m = re.search(rb'href="/actions/([^"]+)"', body)
    assert m, "no link to the public page"
    ext = m.group(1).decode()
    assert poll(lambda: site.request(f"/actions/{ext}")[0] == 200)
    status, _, body = fp.request("GET", f"/actions/{ext}")
    assert f'href="/submit?action={ext}"'.encode() in body, "no edit link for its focal point"
    assert b"/submit?action=" not in Browser(site).request("GET", f"/actions/{ext}")[2]
    status, _, body = fp.request("GET", f"/submit?action={ext}")
    assert status == 200 and b'value="Kampala night school"' in body
    assert f'name="external_id" value="{ext}"'.encode() in body
    pairs = fields(fp, do="submit", title="Kampala night school, now on weekends",
                   external_id=ext)
    status, headers, _ = post(fp, "/submit", pairs)
    assert status == 303
    sid2 = submission_id(headers)
    assert sid2 != sid
    # the public page keeps the published version while the edit is in review
    assert b"Kampala night school</h1>" in site.request(f"/actions/{ext}")[2]
    assert move(reviewer, sid2, "in_review")[0] == 303
    assert move(reviewer, sid2, "published")[0] == 303
    assert poll(lambda: b"now on weekends</h1>" in site.request(f"/actions/{ext}")[2])
    status, _, body = site.request(f"/actions/{ext}/versions")
    assert status == 200
    assert f'/actions/{ext}/versions/1"'.encode() in body
    assert f'/actions/{ext}/versions/2"'.encode() in body
    assert b"Kampala night school</h1>" in site.request(f"/actions/{ext}/versions/1")[2]
    assert b"now on weekends</h1>" in site.request(f"/actions/{ext}/versions/2")[2]


def test_measurable_targets_one_a_line(site):
    fp = signed_in(site, "fp")
    lines = "Newcomers advised; people; 0; 5000; 2026-12-31\nDesks open; desks;; 2"
    # a target that is not a number is refused next to the field, the lines kept
    status, _, body = post(fp, "/submit", fields(fp, indicators=lines + "\nBad; x; none",
                                                 do="draft"))
    assert status == 400, body[:300]
    page = body.decode()
    assert re.search(r'id="indicators-error">[^<]*item 3', page), "no error by the targets"
    assert "Desks open; desks;; 2" in page
    # accepted, kept and shown back the same way
    status, headers, body = post(fp, "/submit", fields(fp, indicators=lines, do="draft"))
    assert status == 303, body[:300]
    sid = submission_id(headers)
    status, _, body = fp.request("GET", f"/submissions/{sid}/edit")
    page = html.unescape(body.decode())
    assert "Newcomers advised; people; 0; 5000; 2026-12-31" in page
    assert "Desks open; desks; ; 2; " in page


@pytest.mark.parametrize("lang,expected", [
    ("fr", {"title": "est obligatoire",
            "end_date": "2023-05 précède la date de début 2024-01",
            "currency": "compte 7 caractères ; 3 au plus sont permis",
            "indicators": "élément 1 : baseline « none » n'est pas un nombre"}),
    ("es", {"title": "es obligatorio",
            "end_date": "2023-05 es anterior a la fecha de inicio 2024-01",
            "currency": "tiene 7 caracteres; se permiten 3 como máximo",
            "indicators": "elemento 1: baseline «none» no es un número"}),
    ("en", {"title": "is required",
            "end_date": "2023-05 is before the start date 2024-01",
            "currency": "is 7 characters long; at most 3 are allowed",
            "indicators": "item 1: baseline 'none' is not a number"}),
])
def test_errors_in_the_page_language(site, lang, expected):
    """The importer's rules, said in the page's language next to each field and in the summary,
    while what was typed is kept; nothing is stored."""
    fp = signed_in(site, "fp")
    fp.cookies["lang"] = lang
    before = tables(site.db)
    status, _, body = post(fp, "/submit", fields(fp, title="", end_date="2023-05",
                                                 currency="dollars", indicators="Jobs; x; none",
                                                 do="submit"))
    assert status == 400, body[:500]
    assert tables(site.db) == before
    page = html.unescape(body.decode())
    assert f'<html lang="{lang}"' in page
    for field, message in expected.items():
        m = re.search(rf'id="{field}-error">([^<]*)<', page)
        assert m, f"no error by {field}"
        assert m.group(1) == message, (field, m.group(1))
        assert re.search(rf'<a href="#{field}">[^<]*: {re.escape(message)}</a>', page), (
            f"the summary does not say {message!r}")
    assert 'value="dollars"' in page and "Jobs; x; none" in page


def test_publication_refused_in_the_reviewers_language(site):
    """A rule broken at publication is said on the page in the reviewer's language, with its
    field; the action stays unpublished."""
    fp = signed_in(site, "fp")
    status, headers, body = post(fp, "/submit", fields(fp, do="submit"))
    assert status == 303, body[:300]
    sid = submission_id(headers)
    # the stored record breaks a rule (as if the rules had changed since it was submitted)
    con = sqlite3.connect(site.db)
    with con:
        rec = json.loads(con.execute("SELECT record FROM submissions WHERE id = ?",
                                     (sid,)).fetchone()[0])
        rec["currency"] = "dollars"
        con.execute("UPDATE submissions SET record = ? WHERE id = ?", (json.dumps(rec), sid))
    con.close()
    reviewer = signed_in(site, "reviewer")
    reviewer.cookies["lang"] = "fr"
    assert move(reviewer, sid, "in_review")[0] == 303
    status, _, body = move(reviewer, sid, "published")
    assert status == 400, body[:300]
    assert "currency: compte 7 caractères ; 3 au plus sont permis" in html.unescape(body.decode())


def options_of(page):
    """[(value, label, selected)] of the lead government list."""
    select = page.split('<select id="lead" name="lead"')[1].split("</select>")[0]
    return [(v, html.unescape(label), bool(sel)) for v, sel, label in
            re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)]


def gov_id(site, slug):
    return str(site_query(site, "SELECT id FROM governments WHERE slug = ?", (slug,))[0][0])


def site_query(site, sql, params=()):
    con = sqlite3.connect(site.db)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def test_an_administrator_finds_the_lead_among_all_governments(site):
    """The API lets an administrator submit for any government, so the form does too: the
    lead is found by name (or country) and chosen; finding saves nothing, and a form without a
    lead is refused next to it."""
    admin = signed_in(site, "admin")
    status, _, body = admin.request("GET", "/submit")
    assert status == 200
    page = body.decode()
    assert 'name="lead_search"' in page and 'value="find_lead"' in page
    assert options_of(page) == [("", "— choose a government —", False)]
    before = tables(site.db)
    token = token_of(admin, "/submit")
    # by name, by country (in the page's language too): one match, chosen
    for query in ("nairo", "KENYA", "nairobi ke"):
        status, _, body = post(admin, "/submit", [("csrf", token), ("title", "Kept"),
                                                  ("lead_search", query), ("do", "find_lead")])
        assert status == 200, body[:300]
        page = body.decode()
        assert options_of(page)[1:] == [(gov_id(site, "nairobi-ke"), "Nairobi (Kenya)", True)], query
        assert "One government found" in page and 'value="Kept"' in page
    admin.cookies["lang"] = "fr"
    status, _, body = post(admin, "/submit", [("csrf", token), ("lead_search", "ouganda"),
                                              ("do", "find_lead")])
    assert options_of(body.decode())[1:] == [(gov_id(site, "kampala-ug"), "Kampala (Ouganda)",
                                             True)]
    admin.cookies["lang"] = "en"
    status, _, body = post(admin, "/submit", [("csrf", token), ("lead_search", "atlantis"),
                                              ("do", "find_lead")])
    assert "No registered government matches" in body.decode()
    assert options_of(body.decode()) == [("", "— choose a government —", False)]
    assert tables(site.db) == before, "finding a government stored something"
    # no lead chosen: refused by the field, nothing stored
    status, _, body = post(admin, "/submit", fields(admin, lead="", do="submit"))
    assert status == 400
    page = html.unescape(body.decode())
    assert re.search(r'id="lead-error">choose the lead government in the list<', page)
    assert tables(site.db) == before
    # chosen: saved for Nairobi, which the administrator holds no role for
    status, headers, body = post(admin, "/submit", fields(admin, lead=gov_id(site, "nairobi-ke"),
                                                          co_governments="", do="draft"))
    assert status == 303, body[:500]
    sid = submission_id(headers)
    assert site_query(site, "SELECT g.slug, s.state FROM submissions s JOIN governments g"
                            " ON g.id = s.government_id WHERE s.id = ?", (sid,)) == [
        ("nairobi-ke", "draft")]
    # taken up again, the lead is listed and chosen without a search
    status, _, body = admin.request("GET", f"/submissions/{sid}/edit")
    assert status == 200
    assert options_of(body.decode()) == [("", "— choose a government —", False),
                                         (gov_id(site, "nairobi-ke"), "Nairobi (Kenya)", True)]


def test_a_search_lists_at_most_fifty(site, cli, workdir):
    path = workdir / "many.jsonl"
    path.write_text("".join(json.dumps({"type": "government", "name": f"Testville {n}",
                                        "country": "FR"}) + "\n" for n in range(1, 61)),
                    encoding="utf-8")
    assert cli("import", "--db", site.db, "--quiet", path).code == 0
    admin = signed_in(site, "admin")
    status, _, body = post(admin, "/submit", [("csrf", token_of(admin, "/submit")),
                                              ("lead_search", "testville"), ("do", "find_lead")])
    assert status == 200
    page = body.decode()
    assert len(options_of(page)) == 1 + 50
    assert "60 governments found; the list below shows the first 50" in page
    assert len(body) < 60 * 1024


@pytest.mark.parametrize("who,lang,why,link", [
    ("reviewer", "en", "Reviewers check and publish the actions", "/submissions"),
    ("reviewer", "fr", "Les évaluateurs vérifient et publient", "/submissions"),
    ("donor", "en", "your account is neither", "/join"),
    ("donor", "es", "su cuenta no es ninguno de los dos", "/join"),
])
def test_those_who_cannot_submit_are_told_why(site, who, lang, why, link):
    """A reviewer or a donor has no government to submit for (the API refuses them too): the
    page says why and what to do, with a link, in the page's language; posting is refused."""
    b = signed_in(site, who)
    b.cookies["lang"] = lang
    status, _, body = b.request("GET", "/submit")
    assert status == 403
    page = html.unescape(body.decode())
    assert why in page and f'href="{link}"' in page and 'href="/account"' in page
    assert 'name="title"' not in page
    before = tables(site.db)
    token = token_of(b, "/account")
    status, _, _ = post(b, "/submit", [("csrf", token), ("title", "x"), ("do", "submit")])
    assert status == 403
    assert tables(site.db) == before
