"""The forum report and the government profile (issue 5): `localaction report` and the pages
/forums/{slug}/report and /governments/{slug}/profile, as HTML, PDF and Markdown.

The demo forum's figures are computed here from data/demo/imrf2022.jsonl (test_forums'
expected_figures(), which checks them against the IMRF 2022 report: 16 governments from 5
regions, 5 in national delegations, speakers in 6 of the 7 official sessions) and must appear
in every format; changing the data moves them. The PDF is checked with poppler's tools: fonts
embedded, every page rendered and not blank, the accented names extracted as written, and the
contents list pointing at the pages where its headings are. The demo report's pages are left as
PNGs in the build tree's screenshots/ for a look."""

import copy
import html
import json
import os
import pty
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, DEMO_FILE, clean_env, load_jsonl, run_cli
from test_forums import expected_figures

RECORDS = load_jsonl(DEMO_FILE)
IMRF = next(r for r in RECORDS if r.get("type") == "forum" and r["slug"] == "imrf-2022")
ACTIONS = [r for r in RECORDS if r.get("type", "action") == "action"]
FIGURES = expected_figures(IMRF, ACTIONS)
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR") or Path(BIN).resolve().parent / "screenshots")
TODAY = "2025-06-30"  # progress statuses depend on the day


def need(tool):
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: run scripts/bootstrap.sh (poppler-utils)")


def report(db, *args, env=None):
    return run_cli("report", "--db", db, *args, env={"LOCALACTION_TODAY": TODAY, **(env or {})})


def write(db, tmp_path, fmt, *args, name=None):
    out = tmp_path / (name or f"report.{fmt}")
    r = report(db, *args, "--format", fmt, "--output", out)
    assert r.code == 0, r
    return out


def pdf_text(path, first=None, last=None, layout=False):
    need("pdftotext")
    args = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    if first is not None:
        args += ["-f", str(first), "-l", str(last if last is not None else first)]
    proc = subprocess.run([*args, str(path), "-"], capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.decode("utf-8")


def pdf_pages(path):
    need("pdfinfo")
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    """The demo data in a database of this module's own."""
    path = tmp_path_factory.mktemp("report") / "demo.db"
    r = run_cli("import", "--db", path, "--quiet", DEMO_FILE)
    assert r.code == 0, r
    return path


def import_records(db, tmp_path, records, name="more.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    r = run_cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r


def fresh_demo(tmp_path, name="demo.db"):
    db = tmp_path / name
    r = run_cli("import", "--db", db, "--quiet", DEMO_FILE)
    assert r.code == 0, r
    return db


# ---- the figures --------------------------------------------------------------------------------

def test_demo_figures_are_the_summary_reports():
    """The numbers of the IMRF 2022 summary report, counted from the demo data."""
    assert FIGURES["governments"] == 16
    assert FIGURES["regions"] == 5
    assert FIGURES["national_delegations"] == 5
    assert FIGURES["official_sessions"] == 7
    assert FIGURES["official_sessions_with_local_government"] == 6


def figure_lines(f):
    """The figures as the Markdown lists them, in order."""
    return [
        f"- **{f['actions']}** actions delivered",
        f"- **{f['governments']}** local and regional governments",
        f"- **{f['countries']}** countries",
        f"- **{f['regions']}** regions",
        f"- **{f['national_delegations']}** in their national government's delegation",
        f"- **{f['official_sessions_with_local_government']} of {f['official_sessions']}** "
        f"official sessions with a local government speaker",
    ]


def html_figures(text):
    """(value, label) of the figures list of a report page."""
    block = re.search(r'<ul class="figures report-figures">(.*?)</ul>', text, re.S).group(1)
    return [(html.unescape(v), html.unescape(label)) for v, label in
            re.findall(r"<li><strong>(.*?)</strong> <span>(.*?)</span></li>", block)]


def pdf_overview_values(path):
    """The big numbers of the PDF's overview page (page 3), in order."""
    text = pdf_text(path, 3)
    start = text.index("1. Overview")
    block = text[start:text.index("actions delivered")]
    return re.findall(r"^(\d+(?: of \d+)?)$", block, re.M)


def check_figures(db, tmp_path, f):
    md = write(db, tmp_path, "md", "--forum", "imrf-2022").read_text("utf-8")
    for line in figure_lines(f):
        assert line in md, f"{line!r} not in the Markdown"
    assert (f"{f['governments']} local and regional governments from {f['regions']} regions "
            f"took part in the forum.") in md
    assert (f"Local governments spoke in {f['official_sessions_with_local_government']} of the "
            f"{f['official_sessions']} official sessions.") in md

    page = write(db, tmp_path, "html", "--forum", "imrf-2022").read_text("utf-8")
    figures = dict((label, value) for value, label in html_figures(page))
    assert figures["actions delivered"] == str(f["actions"])
    assert figures["local and regional governments"] == str(f["governments"])
    assert figures["regions"] == str(f["regions"])
    assert figures["in their national government's delegation"] == str(f["national_delegations"])
    assert figures["official sessions with a local government speaker"] == (
        f"{f['official_sessions_with_local_government']} of {f['official_sessions']}")

    pdf = write(db, tmp_path, "pdf", "--forum", "imrf-2022")
    values = pdf_overview_values(pdf)
    assert values[:5] == [str(f["actions"]), str(f["governments"]), str(f["countries"]),
                          str(f["regions"]), str(f["national_delegations"])], values
    assert f"{f['official_sessions_with_local_government']} of {f['official_sessions']}" in values
    text = pdf_text(pdf)
    assert (f"{f['national_delegations']} of them came in their national government's "
            f"delegation.") in text


def test_figures_in_every_format(demo_db, tmp_path):
    check_figures(demo_db, tmp_path, FIGURES)


def test_figures_follow_the_data(tmp_path):
    """Change the forum (one more government in its national delegation, one speaker less in an
    official session, one more official session) and the report says so."""
    db = fresh_demo(tmp_path)
    forum = copy.deepcopy(IMRF)
    moved = next(g for g in forum["governments"]
                 if not g.get("national_delegation") and g.get("kind") != "association")
    moved["national_delegation"] = True
    official = [s for s in forum["sessions"] if s["kind"] == "official"]
    speaking = next(s for s in official if any("government" in p for p in s.get("participants", [])))
    speaking["participants"] = [p for p in speaking["participants"] if "government" not in p]
    forum["sessions"].append({"title": "Closing plenary, adoption of the Progress Declaration",
                              "kind": "official", "day": forum["starts_on"]})
    import_records(db, tmp_path, [forum])
    changed = expected_figures(forum, ACTIONS)
    assert changed["national_delegations"] == FIGURES["national_delegations"] + 1
    assert changed["official_sessions"] == FIGURES["official_sessions"] + 1
    assert (changed["official_sessions_with_local_government"]
            == FIGURES["official_sessions_with_local_government"] - 1)
    check_figures(db, tmp_path, changed)


# ---- the PDF --------------------------------------------------------------------------------------

def pgm_stats(path):
    """(width, height, mean, standard deviation) of a binary PGM (P5, 8 bits)."""
    data = path.read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, f"{path} is not a PGM"
    w, h, maxval = (int(x) for x in m.groups())
    assert maxval == 255
    pixels = data[m.end():m.end() + w * h]
    assert len(pixels) == w * h
    n = len(pixels)
    mean = sum(pixels) / n
    var = sum((p - mean) ** 2 for p in pixels[::7]) / len(pixels[::7])
    return w, h, mean, var ** 0.5


def test_pdf_fonts_pages_and_names(demo_db, tmp_path):
    pdf = write(demo_db, tmp_path, "pdf", "--forum", "imrf-2022")
    assert pdf.read_bytes().startswith(b"%PDF-")
    pages = pdf_pages(pdf)
    assert pages >= 10

    need("pdffonts")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60)
    assert fonts.returncode == 0, fonts.stderr
    rows = fonts.stdout.splitlines()[2:]
    assert len(rows) >= 2, fonts.stdout  # regular and bold
    for row in rows:
        cols = row.split()
        # name type encoding emb sub uni object ID: every font embedded (as a subset)
        assert cols[-5:-3] == ["yes", "yes"], f"a font is not embedded: {row}"
    assert any("DejaVuSans" in row for row in rows), fonts.stdout

    text = pdf_text(pdf)
    for name in ("São Paulo", "Montréal", "eThekwini", "Dhaka North"):
        assert name in text, f"{name!r} is not in the PDF's text"

    # every page renders, and none is blank
    need("pdftoppm")
    out = tmp_path / "pages"
    out.mkdir()
    proc = subprocess.run(["pdftoppm", "-r", "30", "-gray", str(pdf), str(out / "p")],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert not proc.stderr.strip(), proc.stderr
    pgms = sorted(out.glob("p-*.pgm"))
    assert len(pgms) == pages
    for pgm in pgms:
        w, h, mean, spread = pgm_stats(pgm)
        assert 200 < w < 300 and h > w, (pgm, w, h)  # A4 portrait at 30 dpi
        assert spread > 8, f"{pgm.name} looks blank (mean {mean:.0f}, spread {spread:.1f})"

    # the demo report's pages as PNG, for people to look at
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("report-*.png"):
        old.unlink()
    proc = subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SCREENSHOTS / "report")],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert len(list(SCREENSHOTS.glob("report-*.png"))) == pages


def test_contents_points_at_the_headings(demo_db, tmp_path):
    pdf = write(demo_db, tmp_path, "pdf", "--forum", "imrf-2022")
    pages = pdf_pages(pdf)
    contents = pdf_text(pdf, 2, layout=True)
    assert contents.lstrip().startswith("Contents")
    entries = re.findall(r"^ *(\d+\.\d*\.? .*?) {2,}(\d+) *$", contents, re.M)
    titles = [t for t, _ in entries]
    assert titles[0] == "1. Overview" and "8. About this report" in titles, titles
    assert any(t.startswith("4.1 ") for t in titles) and any(t.startswith("6.1 ") for t in titles)
    previous = 0
    for title, page in entries:
        page = int(page)
        assert 3 <= page <= pages and page >= previous, (title, page)
        previous = page
        # a title cut with an ellipsis in the list is whole on its page
        shown = title.rstrip("…").strip()
        text = " ".join(pdf_text(pdf, page).split())
        assert shown in text, f"{title!r} is not on page {page}"
    # each page says which it is
    assert f"Page 3 of {pages}" in pdf_text(pdf, 3)


# ---- the command line ------------------------------------------------------------------------------

def test_cli_usage(demo_db, tmp_path):
    r = run_cli("report", "--help")
    assert r.code == 0 and "--forum SLUG" in r.out and "--government SLUG" in r.out
    for args in ([], ["--forum", "imrf-2022", "--government", "accra-gh"],
                 ["--forum", "imrf-2022", "--format", "docx"],
                 ["--forum", "imrf-2022", "--lang", "de"], ["--forum", "imrf-2022", "extra"]):
        r = report(demo_db, *args)
        assert r.code == 2, r
        assert "see 'localaction report --help'" in r.err
    r = run_cli("report", "--db", tmp_path / "missing.db", "--forum", "imrf-2022")
    assert r.code == 3 and "does not exist" in r.err
    assert not (tmp_path / "missing.db").exists()
    # the format follows the file's extension; HTML to standard output by default
    md = tmp_path / "r.md"
    assert report(demo_db, "--forum", "imrf-2022", "-o", md).code == 0
    assert md.read_text("utf-8").startswith("# International Migration Review Forum 2022")
    r = report(demo_db, "--forum", "imrf-2022")
    assert r.code == 0 and r.out.startswith("<!DOCTYPE html>")
    # a PDF is not written to a terminal
    leader, follower = pty.openpty()
    try:
        proc = subprocess.run([BIN, "report", "--db", str(demo_db), "--forum", "imrf-2022",
                               "--format", "pdf"], stdout=follower, stderr=subprocess.PIPE,
                              env=clean_env(), timeout=60)
    finally:
        os.close(follower)
        os.close(leader)
    assert proc.returncode == 2
    assert b"not written to a terminal" in proc.stderr


def test_unknown_forum_and_government(demo_db):
    for args in (["--forum", "no-such-forum"], ["--government", "nowhere-xx"],
                 ["--forum", "a/b"]):
        for fmt in ("html", "pdf", "md"):
            r = report(demo_db, *args, "--format", fmt, "--output", "/dev/null")
            assert r.code == 3, r
            assert "there is no" in r.err


def test_languages(demo_db, tmp_path):
    fr = write(demo_db, tmp_path, "md", "--forum", "imrf-2022", "--lang", "fr").read_text("utf-8")
    assert "## 1. Vue d'ensemble" in fr and "6 sur 7" in fr and "16–20 mai 2022" in fr
    es = write(demo_db, tmp_path, "md", "--forum", "imrf-2022", "--lang", "es").read_text("utf-8")
    assert "## 1. Panorama general" in es and "6 de 7" in es and "16–20 mayo 2022" in es
    pdf = write(demo_db, tmp_path, "pdf", "--forum", "imrf-2022", "--lang", "fr")
    assert "Sommaire" in pdf_text(pdf, 2) and "Vue d'ensemble" in pdf_text(pdf, 3)
    page = write(demo_db, tmp_path, "html", "--forum", "imrf-2022", "--lang", "es")
    text = page.read_text("utf-8")
    assert '<html lang="es">' in text
    # a file stands alone: the site's stylesheet and the report's own, inlined; no link out
    assert ".report-head{" in text.replace(" ", "") and ".figures{" in text.replace(" ", "")
    assert "<link" not in text and 'href="/' not in text


# ---- progress and the government profile -------------------------------------------------------

TRACKED = {
    "type": "action", "external_id": "report-accra-shelters", "kind": "pledge",
    "title": "Shelter places for newcomers in Accra", "language": "en",
    "summary": "More shelter places for newcomers, whatever their status.",
    "governments": [{"name": "Accra", "country": "GH"}], "gcm_objectives": [15],
    "start_date": "2024-01-01", "end_date": "2026-12-31", "implementation_status": "in_progress",
    "forums": ["imrf-2022"], "publication_state": "published",
    "indicators": [
        {"name": "Shelter places", "unit": "beds", "baseline": 0, "target": 200,
         "deadline": "2026-12-31"},
        {"name": "Caseworkers hired", "unit": "people", "baseline": 2, "target": 12,
         "deadline": "2025-12-31"},
    ],
}
UPDATE = {"type": "progress_update", "id": "report-accra-shelters-1",
          "action": "report-accra-shelters", "date": "2025-06-01",
          "implementation_status": "in_progress", "narrative": "Two shelters opened.",
          "values": [{"indicator": 1, "value": 90}, {"indicator": 2, "value": 12}]}


@pytest.fixture
def tracked_db(tmp_path):
    db = fresh_demo(tmp_path)
    import_records(db, tmp_path, [TRACKED, UPDATE])
    return db


def progress_row(md, label):
    m = re.search(rf"^\| {re.escape(label)} \| (\d+) \|$", md, re.M)
    assert m, f"no progress row {label!r}"
    return int(m.group(1))


def test_progress_of_pledges(tracked_db, tmp_path):
    md = write(tracked_db, tmp_path, "md", "--forum", "imrf-2022").read_text("utf-8")
    # 90 of 200 beds (45%) after 17 of 36 months, and 12 of 12 caseworkers: on track
    assert progress_row(md, "On track") == 1
    assert progress_row(md, "No data yet") == 16
    assert "1 action reports progress against a measurable target." in md
    row = next(line for line in md.splitlines() if line.startswith("| Shelter places"))
    assert "72 % · On track" in row.replace("\u00a0", " ")  # the mean of 45% and 100%
    # the next forum's report counts these pledges as earlier ones
    md = write(tracked_db, tmp_path, "md", "--forum", "imrf-2026").read_text("utf-8")
    earlier = md[md.index("### Pledges made at earlier forums"):]
    assert "International Migration Review Forum 2022 · 16–20 May 2022 · 17 actions" in earlier
    assert progress_row(earlier, "On track") == 1
    # a later day moves the status: past the caseworkers' deadline... still achieved; past the
    # beds' deadline with 45%, overdue
    r = run_cli("report", "--db", tracked_db, "--forum", "imrf-2022", "--format", "md",
                env={"LOCALACTION_TODAY": "2027-03-01"})
    assert r.code == 0, r
    assert progress_row(r.out, "Overdue") == 1 and progress_row(r.out, "On track") == 0


def test_government_profile(tracked_db, tmp_path):
    md = write(tracked_db, tmp_path, "md", "--government", "accra-gh").read_text("utf-8")
    assert md.startswith("# Accra\n")
    assert "- **3** published actions" in md
    assert "- **2** measurable targets" in md
    assert "- **1** action achieved or on track" in md
    assert "### 2.3 Shelter places for newcomers in Accra" in md or \
        re.search(r"^### 2\.\d Shelter places for newcomers in Accra$", md, re.M)
    targets = re.findall(r"^\| (Shelter places \(beds\)|Caseworkers hired \(people\)) \| (.*) \|$",
                         md, re.M)
    cells = {name: [c.strip() for c in rest.split("|")] for name, rest in targets}
    assert cells["Shelter places (beds)"][:2] == ["0", "200"]
    assert "45 %" in cells["Shelter places (beds)"][4].replace("\u00a0", " ")
    assert "Achieved" in cells["Caseworkers hired (people)"][4]
    # the forums it took part in, and its sessions
    forums = md[md.index("## 3. Forums and sessions"):]
    assert "International Migration Review Forum 2022" in forums
    assert "in its national government's delegation" in forums
    assert "Roundtable 3" in forums and "panellist" in forums

    pdf = write(tracked_db, tmp_path, "pdf", "--government", "accra-gh")
    text = pdf_text(pdf)
    assert "Shelter places for newcomers in Accra" in text and "Caseworkers hired" in text
    assert "Government profile" in pdf_text(pdf, 1)
    page = write(tracked_db, tmp_path, "html", "--government", "accra-gh").read_text("utf-8")
    assert "Shelter places (beds)" in page and "Roundtable 3" in page


# ---- text from the data is text --------------------------------------------------------------

def test_hostile_text_is_escaped(tmp_path):
    db = fresh_demo(tmp_path)
    forum = copy.deepcopy(IMRF)
    hostile = "*Cities* [act](javascript:alert(1)) <b>now</b> | # 1. x"
    forum["sessions"][0]["title"] = hostile
    import_records(db, tmp_path, [forum])
    md = write(db, tmp_path, "md", "--forum", "imrf-2022").read_text("utf-8")
    assert hostile not in md
    assert r"\*Cities\* \[act\](javascript:alert(1)) \<b\>now\</b\> \| # 1. x" in md
    page = write(db, tmp_path, "html", "--forum", "imrf-2022").read_text("utf-8")
    assert "<b>now</b>" not in page and "&lt;b&gt;now&lt;/b&gt;" in page
    pdf = write(db, tmp_path, "pdf", "--forum", "imrf-2022")
    assert hostile in pdf_text(pdf).replace("\n", " ") or "*Cities* [act]" in pdf_text(pdf)


# ---- the website ------------------------------------------------------------------------------------

def test_report_pages(start_server, demo_db):
    s = start_server("serve", "--db", demo_db, "--port", "0",
                     env={"LOCALACTION_TODAY": TODAY})
    status, headers, body = s.request("/forums/imrf-2022/report")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    page = body.decode("utf-8")
    figures = dict((label, value) for value, label in html_figures(page))
    assert figures["official sessions with a local government speaker"] == "6 of 7"
    assert 'href="/forums/imrf-2022/report.pdf?lang=en"' in page
    assert 'href="/forums/imrf-2022/report.md?lang=en"' in page
    assert '<link rel="stylesheet" href="/static/report.css">' in page
    assert s.request("/static/report.css")[0] == 200

    status, headers, body = s.request("/forums/imrf-2022/report.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'inline; filename="imrf-2022-report-en.pdf"'
    assert body.startswith(b"%PDF-")
    etag = headers["ETag"]
    assert s.request("/forums/imrf-2022/report.pdf", headers={"If-None-Match": etag})[0] == 304

    status, headers, body = s.request("/forums/imrf-2022/report.md?lang=fr")
    assert status == 200 and headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert headers["Content-Disposition"] == 'attachment; filename="imrf-2022-report-fr.md"'
    assert headers["Content-Language"] == "fr"
    assert "6 sur 7" in body.decode("utf-8")

    status, headers, body = s.request("/governments/accra-gh/profile")
    assert status == 200 and "Roundtable 3" in body.decode("utf-8")
    status, headers, body = s.request("/governments/accra-gh/profile.pdf?lang=es")
    assert status == 200 and body.startswith(b"%PDF-")
    assert headers["Content-Disposition"] == 'inline; filename="accra-gh-profile-es.pdf"'
    status, headers, body = s.request("/governments/accra-gh/profile.md")
    assert status == 200 and body.decode("utf-8").startswith("# Accra")
    # the government's page links its profile report
    assert 'href="/governments/accra-gh/profile"' in s.request("/governments/accra-gh")[2].decode()

    for path in ("/forums/nope/report", "/forums/nope/report.pdf", "/forums/nope/report.md",
                 "/governments/nope-xx/profile", "/governments/nope-xx/profile.pdf",
                 "/governments/nope-xx/profile.md"):
        status, headers, body = s.request(path)
        assert status == 404, path
        assert headers["Content-Type"].startswith("text/html")


def test_action_list_with_progress(start_server, tmp_path):
    db = fresh_demo(tmp_path)
    import_records(db, tmp_path, [TRACKED, UPDATE])
    s = start_server("serve", "--db", db, "--port", "0", env={"LOCALACTION_TODAY": TODAY})
    answer = s.get_json("/api/v1/actions?forum=imrf-2022&include=progress&limit=200")
    assert answer["total"] == 17
    by_id = {a["external_id"]: a for a in answer["items"]}
    tracked = by_id["report-accra-shelters"]["progress"]
    assert tracked["status"] == "on_track" and tracked["percent"] == pytest.approx(72.5)
    single = s.get_json("/api/v1/actions/report-accra-shelters")["progress"]
    assert single == tracked
    assert all("progress" in a for a in answer["items"])
    # without it, the cards are as before; and a wrong value is a 400 naming it
    assert "progress" not in s.get_json("/api/v1/actions?forum=imrf-2022")["items"][0]
    err = s.get_json("/api/v1/actions?include=everything", want_status=400)
    assert err["error"]["parameter"] == "include"
