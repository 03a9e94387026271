"""The taxonomy's gettext catalogs: data/i18n/taxonomy.pot and its French and Spanish .po files.

Every key of the template is translated exactly once in each language, with the template's
English, nothing fuzzy; and the template is what scripts/i18n_taxonomy.py makes from the TSVs.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "data" / "i18n"
LANGUAGES = ("fr", "es")
UNESCAPE = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


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


@pytest.fixture(scope="module")
def pot():
    entries = parse(I18N / "taxonomy.pot")
    keys = [e[0] for e in entries]
    assert len(keys) == len(set(keys)), "duplicate keys in the template"
    assert all(e[2] == "" for e in entries), "the template has translations"
    return {e[0]: e[1] for e in entries}


def test_template_covers_the_vocabularies(pot):
    for key in ("gcm.1", "gcm.23", "gcm.7.short", "principle.10", "gcr.4", "sdg.17",
                "sdg.10.short", "sdg_target.10.7", "theme.health", "target_group.refugees",
                "country.FR", "region.002", "subregion.202", "government_kind.city",
                "action_kind.pledge", "implementation_status.in_progress",
                "publication_state.published"):
        assert key in pot, key
    assert pot["gcm.7"] == "Address and reduce vulnerabilities in migration"
    assert pot["region.002"] == "Africa"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_translated_once(pot, lang):
    entries = parse(I18N / lang / "taxonomy.po")
    keys = [e[0] for e in entries]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    assert not dupes, f"{lang}: duplicate keys {dupes}"
    assert sorted(keys) == sorted(pot), (
        f"{lang}: missing {sorted(set(pot) - set(keys))[:10]}, "
        f"extra {sorted(set(keys) - set(pot))[:10]}")
    for key, msgid, msgstr, flags in entries:
        assert msgid == pot[key], f"{lang} {key}: msgid differs from the template"
        assert msgstr and msgstr.strip(), f"{lang} {key}: empty translation"
        assert "fuzzy" not in flags, f"{lang} {key}: fuzzy"


def test_spot_translations():
    fr = {e[0]: e[2] for e in parse(I18N / "fr" / "taxonomy.po")}
    es = {e[0]: e[2] for e in parse(I18N / "es" / "taxonomy.po")}
    assert fr["region.002"] == "Afrique" and es["region.002"] == "África"
    assert fr["country.DE"] == "Allemagne" and es["country.DE"] == "Alemania"
    assert fr["gcm.7"].startswith("S'attaquer")


def test_template_up_to_date():
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "i18n_taxonomy.py"), "--check"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
