"""A small hand-written set of actions, and writers that put it in each import format.

The records are the JSON form of docs/data-format.md; `write_csv` turns them into the
spreadsheet form (lists as `a;b`, governments as `NAME, CC; NAME, CC`, indicators as a JSON cell).
Tests derive every expected count from these records, never from what the server answers.
"""

import copy
import csv
import io
import json
import re
import unicodedata
from decimal import Decimal

ACTIONS = [
    {
        "external_id": "t-kampala-nairobi-jobs",
        "kind": "pledge",
        "title": "Jobs for young people in Kampala and Nairobi",
        "summary": "A joint pledge of two East African capitals.",
        "language": "en",
        "governments": [{"name": "Kampala", "country": "UG"}, {"name": "Nairobi", "country": "KE"}],
        "gcm_objectives": [7, 15, 16],
        "guiding_principles": [1, 5],
        "sdg_targets": ["8.5", "10.7"],
        "themes": ["employment-livelihoods"],
        "target_groups": ["youth", "migrants"],
        "start_date": "2022-05",
        "end_date": "tbc",
        "budget": "1500.5",
        "currency": "USD",
        "partners": ["IOM", "Chamber of Commerce"],
        "indicators": [{"name": "People placed in jobs", "unit": "people", "baseline": 0,
                        "target": 500, "deadline": "2024-12"}],
    },
    {
        "external_id": "t-sao-paulo-council",
        "kind": "practice",
        "title": "Conselho Municipal de Imigrantes de São Paulo",
        "summary": "Migrant participation in the policies of São Paulo.",
        "language": "pt",
        "governments": [{"name": "São Paulo", "country": "BR"}],
        "gcm_objectives": [16],
        "themes": ["participation", "governance"],
        "target_groups": ["migrants"],
        "start_date": "2016",
        "implementation_status": "in_progress",
        "source_url": "https://www.prefeitura.sp.gov.br/",
    },
    {
        "external_id": "t-montreal-welcome",
        "kind": "practice",
        "title": "Accueil des personnes immigrantes à Montréal",
        "summary": "Un bureau d'intégration des nouveaux arrivants.",
        "language": "fr",
        "governments": [{"name": "Montréal", "country": "CA"}],
        "gcm_objectives": [15, 16],
        "sdg_targets": ["10.2"],
        "target_groups": ["refugees", "asylum-seekers"],
        "start_date": "2019-01-15",
        "end_date": "2023-12-31",
        "funding_secured": "250000",
        "funding_sought": "1000000.25",
        "currency": "CAD",
        "implementation_status": "completed",
    },
    {
        "external_id": "t-dhaka-climate",
        "kind": "pledge",
        "title": "Climate migration agenda for Dhaka North",
        "governments": [{"name": "Dhaka North", "country": "BD"}],
        "gcm_objectives": [2, 23],
        "gcr_objectives": [1],
        "sdg_targets": ["13.1"],
        "themes": ["climate-disasters"],
        "target_groups": ["climate-displaced"],
        "start_date": "2021",
        "end_date": "2025-06",
    },
    {
        "external_id": "t-freetown-milan",
        "kind": "practice",
        "title": "City-to-city partnership between Freetown and Milan",
        "governments": [{"name": "Freetown", "country": "SL"}, {"name": "Milan", "country": "IT"}],
        "gcm_objectives": [23],
        "guiding_principles": [2],
        "partners": ["Africa Europe Mayors' Dialogue"],
        "implementation_status": "in_progress",
    },
    {
        "external_id": "t-grigny-services",
        "kind": "practice",
        "title": 'Access to "essential" services, for all',
        "description": "Line one.\nLine two, with a comma; and a semicolon.",
        "governments": [{"name": "Grigny", "country": "FR"}],
        "gcm_objectives": [15, 7],
        "target_groups": ["migrants", "women", "children"],
    },
    {
        "external_id": "t-montevideo-support",
        "kind": "practice",
        "title": "Basic support regardless of status in Montevideo",
        "language": "es",
        "governments": [{"name": "Montevideo", "country": "UY"}],
        "gcm_objectives": [15, 7],
        "guiding_principles": [1, 6],
        "start_date": "2020",
        "budget": "0",
        "currency": "UYU",
        "implementation_status": "in_progress",
    },
    {
        "external_id": "t-entebbe-trafficking",
        "kind": "pledge",
        "title": "Job opportunities to prevent trafficking in Entebbe",
        "governments": [{"name": "Entebbe", "country": "UG"}],
        "gcm_objectives": [10, 7, 6],
        "target_groups": ["trafficking-survivors"],
        "start_date": "2022-05-17",
        "end_date": "tbc",
        "publication_state": "published",
    },
]

CSV_COLUMNS = [
    "external_id", "kind", "title", "summary", "description", "language", "governments",
    "gcm_objectives", "guiding_principles", "gcr_objectives", "sdg_targets", "themes",
    "target_groups", "start_date", "end_date", "budget", "funding_secured", "funding_sought",
    "currency", "partners", "source", "source_url", "publication_state",
    "implementation_status", "indicators",
]

LIST_FIELDS = {"gcm_objectives", "guiding_principles", "gcr_objectives", "sdg_targets",
               "themes", "target_groups", "partners"}
MONEY_FIELDS = ("budget", "funding_secured", "funding_sought")


def actions():
    """A deep copy of the sample, to change freely."""
    return copy.deepcopy(ACTIONS)


def government_names(records):
    """{(name, alpha2)} of every government the records name."""
    return {(g["name"], g["country"]) for r in records for g in r["governments"]}


# ---- writers -----------------------------------------------------------------------------------

def csv_cell(field, value):
    if value is None:
        return ""
    if field == "governments":
        if isinstance(value, str):
            return value
        return "; ".join(g if isinstance(g, str) else f"{g['name']}, {g['country']}"
                         for g in value)
    if field == "indicators":
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return str(value)


def to_csv(records, columns=None):
    """The records as CSV text (CRLF line ends, like a spreadsheet's export)."""
    columns = columns or CSV_COLUMNS
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(columns)
    for r in records:
        w.writerow([csv_cell(c, r.get(c)) for c in columns])
    return out.getvalue()


def json_form(record):
    """A record as JSON import takes it: money as numbers."""
    r = dict(record)
    for f in MONEY_FIELDS:
        if f in r and isinstance(r[f], str):
            r[f] = float(r[f]) if "." in r[f] else int(r[f])
    return r


def to_json(records):
    return json.dumps([json_form(r) for r in records], ensure_ascii=False, indent=1)


def to_jsonl(records):
    return "".join(json.dumps(json_form(r), ensure_ascii=False) + "\n" for r in records)


def write(path, records, fmt):
    """Writes @records to @path in @fmt ("csv", "json", "jsonl"); returns the path."""
    text = {"csv": to_csv, "json": to_json, "jsonl": to_jsonl}[fmt](records)
    path.write_bytes(text.encode("utf-8"))
    return path


# ---- comparing what came back ------------------------------------------------------------------

def money(v):
    return None if v is None or v == "" else Decimal(str(v))


def normalise_action(r):
    """The parts of an action record that must survive import and export, in a comparable form.
    Absent fields and their defaults compare equal."""
    govs = r.get("governments") or []
    out = {
        "external_id": r["external_id"],
        "kind": r.get("kind") or "pledge",
        "title": r["title"],
        "summary": r.get("summary") or None,
        "description": r.get("description") or None,
        "language": r.get("language") or "en",
        "governments": [(g["name"], g["country"]) if isinstance(g, dict) else g for g in govs],
        "start_date": r.get("start_date") or None,
        "end_date": r.get("end_date") or None,
        "currency": r.get("currency") or None,
        "source_url": r.get("source_url") or None,
        "publication_state": r.get("publication_state") or "published",
        "implementation_status": r.get("implementation_status") or "planned",
        "partners": list(r.get("partners") or []),
    }
    for f in ("gcm_objectives", "guiding_principles", "gcr_objectives"):
        out[f] = sorted(int(x) for x in (r.get(f) or []))
    for f in ("sdg_targets", "themes", "target_groups"):
        out[f] = sorted(str(x) for x in (r.get(f) or []))
    for f in MONEY_FIELDS:
        out[f] = money(r.get(f))
    inds = []
    for i in r.get("indicators") or []:
        inds.append((i["name"], i.get("unit") or None,
                     None if i.get("baseline") is None else float(i["baseline"]),
                     None if i.get("target") is None else float(i["target"]),
                     i.get("deadline") or None))
    out["indicators"] = inds
    return out


# ---- the full-text matching the API documents, done independently -----------------------------

def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.lower()


def words(s):
    return re.findall(r"[0-9a-z]+", fold(s))


def text_matches(record, query):
    """Every word of @query is a word of the record's title, summary, description or government
    names; the last word may also be a prefix."""
    text = " ".join([record.get("title") or "", record.get("summary") or "",
                     record.get("description") or ""] +
                    [g["name"] for g in record.get("governments") or []])
    have = set(words(text))
    q = words(query)
    if not q:
        return False
    for w in q[:-1]:
        if w not in have:
            return False
    last = q[-1]
    return any(h == last or h.startswith(last) for h in have)
