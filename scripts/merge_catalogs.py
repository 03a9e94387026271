#!/usr/bin/python3
"""Merges a catalog that two branches both appended to: OURS, then the entries of THEIRS whose
msgctxt OURS lacks, in their order. Git's line merge glues such entries together (their
`msgstr ""` and blank lines look shared), so take each side whole instead:

    git show HEAD:data/i18n/ui.pot > /tmp/ours; git show BRANCH:data/i18n/ui.pot > /tmp/theirs
    scripts/merge_catalogs.py /tmp/ours /tmp/theirs data/i18n/ui.pot
"""
import sys


def entries(text):
    blocks, cur = [], []
    for line in text.split("\n"):
        if line.strip():
            cur.append(line)
        elif cur:
            blocks.append("\n".join(cur))
            cur = []
    if cur:
        blocks.append("\n".join(cur))
    return blocks


def context(block):
    return next((line for line in block.split("\n") if line.startswith("msgctxt ")), None)


def main(ours_path, theirs_path, out_path):
    ours = open(ours_path, encoding="utf-8").read()
    theirs = open(theirs_path, encoding="utf-8").read()
    have = {context(b) for b in entries(ours)}
    extra = [b for b in entries(theirs) if context(b) is not None and context(b) not in have]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write(ours.rstrip("\n") + "\n" + "".join("\n" + b + "\n" for b in extra))
    print(f"{out_path}: {len(extra)} entries added")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: merge_catalogs.py OURS THEIRS OUT")
    main(*sys.argv[1:])
