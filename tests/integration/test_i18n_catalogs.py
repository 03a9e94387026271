"""The gettext catalogs: data/i18n/{taxonomy,ui}.pot and their French and Spanish .po files.

Every key of a template is translated exactly once in each language, with the template's
English, nothing fuzzy, placeholders kept; the taxonomy template is what scripts/i18n_taxonomy.py
makes from the TSVs, and the ui .po files are merged from the hand-written ui.pot. Every
interface key the templates and the C code use is in ui.pot, and every key of ui.pot is used.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "data" / "i18n"
TEMPLATES = REPO / "data" / "templates"
WEB_SRC = REPO / "src" / "web"
LANGUAGES = ("fr", "es")
DOMAINS = ("taxonomy", "ui")
UNESCAPE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
PLACEHOLDER = re.compile(r"\{\w+\}")


def unquote(s):
    s = s.strip()
    assert len(s) >= 2 and s[0] == '"' and s[-1] == '"', f"not a quoted string: {s!r}"
    return re.sub(r"\\(.)", lambda m: UNESCAPE.get(m.group(1), m.group(1)), s[1:-1])


def parse(path):
    """[(msgctxt, msgid, msgstr, flags)] of the entries of PATH, header entry left out."""
    text = path.read_bytes().decode("utf-8")  # raises on invalid UTF-8
    entries = []
    for block in re.split(r"\n\s*\n", text):
        fields, flags, field = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[field] += unquote(line)
            elif line.strip():
                field, _, rest = line.partition(" ")
                assert field in ("msgctxt", "msgid", "msgstr"), f"{path}: bad line {line!r}"
                assert field not in fields, f"{path}: {field} twice in {block!r}"
                fields[field] = unquote(rest)
        if "msgid" not in fields:
            continue
        if "msgctxt" not in fields and fields["msgid"] == "":
            continue  # the header entry
        assert "msgctxt" in fields, f"{path}: entry without msgctxt: {block!r}"
        entries.append((fields["msgctxt"], fields["msgid"], fields.get("msgstr"), flags))
    return entries


def read_template(domain):
    entries = parse(I18N / f"{domain}.pot")
    keys = [e[0] for e in entries]
    assert len(keys) == len(set(keys)), f"duplicate keys in {domain}.pot"
    assert all(e[2] == "" for e in entries), f"{domain}.pot has translations"
    assert all(e[1] for e in entries), f"{domain}.pot has an entry without English"
    return {e[0]: e[1] for e in entries}


@pytest.fixture(scope="module")
def pot():
    return read_template("taxonomy")


@pytest.fixture(scope="module")
def ui_pot():
    return read_template("ui")


def test_template_covers_the_vocabularies(pot):
    for key in ("gcm.1", "gcm.23", "gcm.7.short", "principle.10", "gcr.4", "sdg.17",
                "sdg.10.short", "sdg_target.10.7", "theme.health", "target_group.refugees",
                "country.FR", "region.002", "subregion.202", "government_kind.city",
                "action_kind.pledge", "implementation_status.in_progress",
                "publication_state.published"):
        assert key in pot, key
    assert pot["gcm.7"] == "Address and reduce vulnerabilities in migration"
    assert pot["region.002"] == "Africa"


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_translated_once(domain, lang):
    template = read_template(domain)
    entries = parse(I18N / lang / f"{domain}.po")
    keys = [e[0] for e in entries]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"{lang}/{domain}: duplicate keys {dupes}"
    assert sorted(keys) == sorted(template), (
        f"{lang}/{domain}: missing {sorted(set(template) - set(keys))[:10]}, "
        f"extra {sorted(set(keys) - set(template))[:10]}")
    for key, msgid, msgstr, flags in entries:
        assert msgid == template[key], f"{lang}/{domain} {key}: msgid differs from the template"
        assert msgstr and msgstr.strip(), f"{lang}/{domain} {key}: empty translation"
        assert "fuzzy" not in flags, f"{lang}/{domain} {key}: fuzzy"
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), (
            f"{lang}/{domain} {key}: placeholders {PLACEHOLDER.findall(msgid)} not kept "
            f"in {msgstr!r}")


def test_spot_translations():
    fr = {e[0]: e[2] for e in parse(I18N / "fr" / "taxonomy.po")}
    es = {e[0]: e[2] for e in parse(I18N / "es" / "taxonomy.po")}
    assert fr["region.002"] == "Afrique" and es["region.002"] == "África"
    assert fr["country.DE"] == "Allemagne" and es["country.DE"] == "Alemania"
    assert fr["gcm.7"].startswith("S'attaquer")


def test_spot_ui_translations(ui_pot):
    fr = {e[0]: e[2] for e in parse(I18N / "fr" / "ui.po")}
    es = {e[0]: e[2] for e in parse(I18N / "es" / "ui.po")}
    assert fr["month_1"] == "janvier" and es["month_1"] == "enero"
    assert fr["guiding_principles"] == "Principes directeurs"
    assert es["guiding_principles"] == "Principios rectores"
    assert fr["marrakech_declaration"] == "Déclaration des maires de Marrakech"
    assert es["marrakech_declaration"] == "Declaración de Alcaldes de Marrakech"
    # an example host name, not a text
    assert fr["data_api_host"] == es["data_api_host"] == ui_pot["data_api_host"]


@pytest.mark.parametrize("domain", DOMAINS)
def test_catalogs_up_to_date(domain):
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "i18n_taxonomy.py"),
                           "--domain", domain, "--check"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


# ---- the keys the code uses --------------------------------------------------------------------

C_TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|("(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')', re.S)
C_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
C_KEYWORDS = {"if", "while", "for", "switch", "return", "sizeof", "else", "do"}
# Functions whose parameter `key` is a catalog key, with that parameter's position. Other
# catalog-key parameters and struct fields are found by name: `*_key` (and `key` in tables).
KEY_FUNCTIONS = {"page_t": 1, "i18n_get": 1, "i18n_find": 1, "page_plural": 1,
                 "model_plural": 1, "field_errors_say": 2}
# Functions whose key argument is the base of a _one/_other pair.
PLURAL_FUNCTIONS = ("page_plural", "model_plural")
# Functions that also use their title key + "_desc" (a chart's description).
CHART_FUNCTIONS = ("figures_group_chart", "bar_chart")


def strip_comments(text):
    """TEXT without its comments, and its character literals ('"', '{') made 0."""
    return C_TOKENS.sub(lambda m: " " if not m.group(1) else
                        "0" if m.group(1)[0] == "'" else m.group(1), text)


def balanced(text, start):
    """The text between the bracket at START and its partner, string literals skipped."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i = C_STRING.match(text, i).end()
            continue
        if c in pairs:
            depth += 1
        elif c in pairs.values():
            depth -= 1
            if depth == 0:
                return text[start + 1:i]
        i += 1
    raise AssertionError(f"unbalanced {text[start]!r} at {start}")


def split_top(text):
    """TEXT split at the commas outside brackets and string literals, stripped."""
    parts, depth, cur, i = [], 0, [], 0
    while i < len(text):
        c = text[i]
        if c == '"':
            end = C_STRING.match(text, i).end()
            cur.append(text[i:end])
            i = end
            continue
        if c in "({[":
            depth += 1
        elif c in ")}]":
            depth -= 1
        if c == "," and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def declared_names(decls):
    """The names declared by C declarations ("const char *a, *b" -> a, b), in order."""
    names = []
    for decl in decls:
        for i, piece in enumerate(split_top(decl)):
            piece = re.sub(r"\[[^\]]*\]", "", piece).strip()
            m = re.search(r"(\w+)\s*$", piece)
            if m and (i > 0 or re.search(r"\w[\s*]+\w+\s*$", piece)):
                names.append(m.group(1))
            else:
                names.append(None)
    return names


def is_key_name(name):
    return name is not None and (name == "key" or name.endswith("_key"))


def c_sources():
    # the website's files, the workflow's, which writes its mail from the ui catalog, the
    # reports', which write their words from it, and those that say why a record or a request
    # is refused (field_errors_say(), translated on pages and in the API)
    files = (sorted(WEB_SRC.glob("*.[ch]")) + sorted((REPO / "src" / "workflow").glob("*.[ch]"))
             + sorted((REPO / "src" / "report").glob("*.[ch]"))
             + sorted((REPO / "src" / "api").glob("*.[ch]"))
             + [REPO / "src" / "domain" / "validate.c"])
    # and any other file that says reasons (a progress update's, domain/progress_record.c)
    files += [p for p in sorted((REPO / "src").rglob("*.c"))
              if p not in files and "field_errors_say" in p.read_text(encoding="utf-8")]
    return {p: strip_comments(p.read_text(encoding="utf-8")) for p in files}


def key_functions(sources):
    """{function: [argument positions]} of the catalog-key parameters: KEY_FUNCTIONS and every
    function declared in src/web/ with a parameter named *_key."""
    found = {f: {i} for f, i in KEY_FUNCTIONS.items()}
    for text in sources.values():
        text = C_STRING.sub('""', text)  # no brackets inside strings
        for m in re.finditer(r"\b(\w+)\s*\(([^()]*)\)\s*[;{]", text):
            if m.group(1) in C_KEYWORDS:
                continue
            names = declared_names(split_top(m.group(2)))
            for i, name in enumerate(names):
                if name is not None and name.endswith("_key"):
                    found.setdefault(m.group(1), set()).add(i)
    return found


def table_keys(text):
    """String literals at the `key` / `*_key` fields of the initialised struct tables of TEXT."""
    defs = {m.group(1): m.group(2)
            for m in re.finditer(r"\bstruct\s+(\w+)\s*\{([^{}]*)\}\s*;", text)}
    tables = []  # (fields, initializer, is array)
    for m in re.finditer(r"\bstruct\s*\{([^{}]*)\}\s*\w+\s*(\[[^\]]*\])?\s*=\s*\{", text):
        tables.append((m.group(1), balanced(text, m.end() - 1), m.group(2) is not None))
    for m in re.finditer(r"\bstruct\s+(\w+)\s+\w+\s*(\[[^\]]*\])?\s*=\s*\{", text):
        if m.group(1) in defs:
            tables.append((defs[m.group(1)], balanced(text, m.end() - 1), m.group(2) is not None))
    keys = []
    for body, init, is_array in tables:
        fields = declared_names(d for d in body.split(";") if d.strip())
        if not any(is_key_name(f) for f in fields):
            continue
        rows = [balanced(r, r.index("{")) for r in split_top(init)] if is_array else [init]
        for row in rows:
            for i, value in enumerate(split_top(row)):
                name = fields[i] if i < len(fields) else None
                designated = re.match(r"\.(\w+)\s*=\s*(.*)$", value, re.S)
                if designated:
                    name, value = designated.groups()
                if is_key_name(name):
                    keys.extend(C_STRING.findall(value))
    return keys


def used_keys():
    """{key: [where it is used]} of the catalog keys the templates and src/web/*.c name."""
    used = {}

    def add(key, where):
        used.setdefault(key, []).append(where)

    for path in sorted(TEMPLATES.glob("*.html")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"\{\{\{?\s*[#^/&]?\s*t\.(\w+)", text):
            add(m.group(1), path.name)
    sources = c_sources()
    functions = key_functions(sources)
    title_keys = []
    for path, text in sources.items():
        where = path.name
        for function, positions in functions.items():
            for m in re.finditer(rf"\b{function}\s*\(", text):
                args = split_top(balanced(text, m.end() - 1))
                if text[m.end():].lstrip().startswith(("const", "enum", "struct")):
                    continue  # the declaration, not a call
                for i in positions:
                    # every literal of the argument: `n == 1 ? "results_one" : "results_other"`
                    for key in C_STRING.findall(args[i]) if i < len(args) else []:
                        if function in PLURAL_FUNCTIONS:
                            # the base of a plural pair: page_plural(p, "results", n)
                            add(key + "_one", f"{where} ({function})")
                            add(key + "_other", f"{where} ({function})")
                            continue
                        add(key, f"{where} ({function})")
                        if function in CHART_FUNCTIONS:
                            title_keys.append(key)
        for key in table_keys(text):
            add(key, f"{where} (table)")
    all_c = "\n".join(sources.values())
    # Keys the code builds at run time, each allowed only while the code still builds it:
    # the month names of dates ("month_%d", web_action.c) ...
    if '"month_%d"' in all_c:
        for n in range(1, 13):
            add(f"month_{n}", "month_%d")
    # ... the names of roles ("role_%s" with the codes of role_codes, store/accounts.c) ...
    if '"role_%s"' in all_c:
        accounts = (REPO / "src" / "store" / "accounts.c").read_text(encoding="utf-8")
        table = re.search(r"role_codes\[ROLE_COUNT\]\s*=\s*\{(.*?)\}", accounts, re.S)
        for code in re.findall(r'"([a-z_]+)"', table.group(1)):
            add(f"role_{code}", "role_%s")
    # ... the names of submission states and of the moves to them ("state_%s",
    # "review_move_%s" with the codes of sub_state_codes, store/workflow.c) ...
    if '"state_%s"' in all_c and '"review_move_%s"' in all_c:
        workflow = (REPO / "src" / "store" / "workflow.c").read_text(encoding="utf-8")
        table = re.search(r"sub_state_codes\[SUB_STATE_COUNT\]\s*=\s*\{(.*?)\}", workflow, re.S)
        for code in re.findall(r'"([a-z_]+)"', table.group(1)):
            add(f"state_{code}", "state_%s")
            add(f"review_move_{code}", "review_move_%s")
    # ... the subject and body of each kind of mail ("mail_%s_subject", "mail_%s_body" with the
    # kinds of mail_kinds[], src/mail/compose.c) ...
    compose = (REPO / "src" / "mail" / "compose.c").read_text(encoding="utf-8")
    if '"mail_%s_subject"' in compose and '"mail_%s_body"' in compose:
        table = re.search(r"mail_kinds\[\]\s*=\s*\{(.*?)\}", compose, re.S)
        for kind in re.findall(r'"([a-z_]+)"', table.group(1)):
            add(f"mail_{kind}_subject", "mail_%s_subject")
            add(f"mail_{kind}_body", "mail_%s_body")
    # ... and a chart's description, its title key + "_desc" ("%s_desc", figures.c).
    if '"%s_desc"' in all_c:
        for key in title_keys:
            add(f"{key}_desc", "%s_desc")
    # Plural forms come in pairs: a text with a _one form is used with its _other form
    # (results_one / results_other, picked by the count in web_actions.c).
    for key in list(used):
        for a, b in (("_one", "_other"), ("_other", "_one")):
            if key.endswith(a):
                add(key[:-len(a)] + b, key)
    return used


@pytest.fixture(scope="module")
def used():
    u = used_keys()
    # the extraction itself: a key of each kind of use is found
    for key in ("nav_actions", "error_title", "results_one", "results_other", "figure_actions",
                "sort_relevance", "implementation_status", "gcm_objective",
                "guiding_principle", "chart_by_region", "chart_by_status_desc", "month_12"):
        assert key in u, f"the test no longer finds the use of {key}"
    return u


def test_every_used_key_exists(used, ui_pot, pot):
    """An interface key (no dot) must be in ui.pot; a taxonomy key (dotted) in taxonomy.pot."""
    missing = [f"{k} (used in {', '.join(sorted(set(w)))})" for k, w in sorted(used.items())
               if k not in (pot if "." in k else ui_pot)]
    assert not missing, "keys used but in no catalog: " + "; ".join(missing)


def test_every_ui_key_used(used, ui_pot):
    unused = sorted(set(ui_pot) - set(used))
    assert not unused, "keys of ui.pot that no template or C file uses: " + ", ".join(unused)


# ---- the reasons a record or a request is refused ----------------------------------------------

def c_unescape(s):
    return re.sub(r"\\(.)", lambda m: UNESCAPE.get(m.group(1), m.group(1)), s)


def said_reasons():
    """[(key, English, where)] of every field_errors_say() call of src/ and of the table of
    nested reasons (validate.c's nest_texts)."""
    found = []
    for path in sorted((REPO / "src").rglob("*.c")):
        text = strip_comments(path.read_text(encoding="utf-8"))
        for m in re.finditer(r"\bfield_errors_say\s*\(", text):
            if text[m.end():].lstrip().startswith(("struct", "const")):
                continue  # the definition
            args = split_top(balanced(text, m.end() - 1))
            key = C_STRING.findall(args[2])
            english = "".join(C_STRING.findall(args[3]))
            assert len(key) == 1 and english, f"{path.name}: {args[:4]}: not two literals"
            found.append((key[0], c_unescape(english), path.name))
        table = re.search(r"nest_texts\[\]\s*=\s*\{", text)
        if table:
            for row in split_top(balanced(text, table.end() - 1)):
                key, english = (C_STRING.findall(v) for v in split_top(balanced(row, row.index("{"))))
                found.append((key[0], c_unescape("".join(english)), f"{path.name} (nest_texts)"))
    return found


def test_reasons_match_the_catalog(ui_pot):
    """A reason's English in the C code is its msgid in ui.pot, one text per key, with the same
    placeholders, so the importer's English and the pages' English never drift apart."""
    reasons = said_reasons()
    keys = {k for k, _, _ in reasons}
    for key in ("valid_required", "valid_too_long", "valid_in_item", "valid_lead_not_yours"):
        assert key in keys, f"the test no longer finds the reason {key}"
    texts = {}
    for key, english, where in reasons:
        assert key.startswith("valid_"), f"{where}: reason keys start with valid_: {key}"
        assert key in ui_pot, f"{where}: {key} is not in ui.pot"
        assert ui_pot[key] == english, f"{where}: {key} says {english!r}, ui.pot {ui_pot[key]!r}"
        assert texts.setdefault(key, english) == english, f"{key} has two English texts"


def test_only_the_importer_refuses_in_english_only():
    """field_errors_add() gives a reason no catalog translates: only the importer's own (CLI)
    reasons may use it; a page or the API says every reason in the reader's language."""
    for path in sorted((REPO / "src").rglob("*.c")):
        if path.parent.name == "io" or path.name == "validate.c":
            continue
        text = strip_comments(path.read_text(encoding="utf-8"))
        assert not re.search(r"\bfield_errors_add\s*\(", text), (
            f"{path.relative_to(REPO)} uses field_errors_add(): say it with field_errors_say()")
    validate = strip_comments((REPO / "src" / "domain" / "validate.c").read_text(encoding="utf-8"))
    calls = re.findall(r"\bfield_errors_add\s*\(", validate)
    assert len(calls) == 1, "validate.c's rules must say their reasons with field_errors_say()"
