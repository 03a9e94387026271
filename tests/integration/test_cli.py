"""The command line contract: --help, exit codes, the database from --db or $LOCALACTION_DB,
init and stats."""

import re
import sqlite3

import pytest

import sampledata
from conftest import db_query

COMMANDS = ["init", "import", "export", "serve", "demo", "stats"]


def test_top_level_help(cli):
    r = cli("--help")
    assert r.code == 0, r
    assert "usage" in r.out.lower()
    for c in COMMANDS:
        assert c in r.out


@pytest.mark.parametrize("command", COMMANDS)
def test_command_help(cli, workdir, command):
    r = cli(command, "--help", timeout=10)
    assert r.code == 0, r
    assert "usage" in r.out.lower(), r
    assert command in r.out, r
    # --help does nothing else: no database appears
    assert not (workdir / "localaction.db").exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_is_usage_error(cli, workdir, command):
    r = cli(command, "--db", workdir / "x.db", "--no-such-option", timeout=10)
    assert r.code == 2, r
    assert "no-such-option" in r.err, r


def test_unknown_command_is_usage_error(cli):
    r = cli("frobnicate")
    assert r.code == 2, r
    assert "frobnicate" in r.err


def test_no_command_is_usage_error(cli):
    r = cli()
    assert r.code == 2, r


def test_import_without_file_is_usage_error(cli, db):
    r = cli("import", "--db", db)
    assert r.code == 2, r


@pytest.mark.parametrize("args", [
    ["import", "--format", "xml"],
    ["import", "--type", "people"],
    ["export", "--format", "xml"],
    ["export", "--type", "people"],
])
def test_bad_option_value_is_usage_error(cli, workdir, db, args):
    path = sampledata.write(workdir / "s.csv", sampledata.ACTIONS, "csv")
    extra = [path] if args[0] == "import" else []
    r = cli(args[0], "--db", db, *args[1:], *extra)
    assert r.code == 2, r
    assert db_query(db, "SELECT count(*) FROM actions")[0][0] == 0


def test_init_creates_empty_database(cli, workdir):
    path = workdir / "new.db"
    r = cli("init", "--db", path)
    assert r.code == 0, r
    assert path.exists()
    con = sqlite3.connect(path)
    try:
        tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master")}
        assert {"actions", "governments"} <= tables
        assert con.execute("SELECT count(*) FROM actions").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM governments").fetchone()[0] == 0
    finally:
        con.close()
    # init again is harmless
    r = cli("init", "--db", path)
    assert r.code == 0, r


def test_init_twice_keeps_data(cli, workdir, db):
    path = sampledata.write(workdir / "s.csv", sampledata.ACTIONS, "csv")
    assert cli("import", "--db", db, "--quiet", path).code == 0
    r = cli("init", "--db", db)
    assert r.code == 0, r
    assert db_query(db, "SELECT count(*) FROM actions")[0][0] == len(sampledata.ACTIONS)


def test_db_from_environment(cli, workdir):
    path = workdir / "env.db"
    env = {"LOCALACTION_DB": str(path)}
    r = cli("init", env=env)
    assert r.code == 0, r
    assert path.exists()
    data = sampledata.write(workdir / "s.jsonl", sampledata.ACTIONS, "jsonl")
    r = cli("import", "--quiet", data, env=env)
    assert r.code == 0, r
    n = len(sampledata.ACTIONS)
    assert r.summary() == (n, n, 0, 0, 0)
    assert db_query(path, "SELECT count(*) FROM actions")[0][0] == n
    via_env = cli("export", "--format", "jsonl", "--type", "all", env=env)
    via_opt = cli("export", "--db", path, "--format", "jsonl", "--type", "all")
    assert via_env.code == 0 and via_opt.code == 0
    assert via_env.stdout_bytes == via_opt.stdout_bytes
    assert len(via_env.stdout_bytes) > 0
    assert not (workdir / "localaction.db").exists()


def test_db_option_wins_over_environment(cli, workdir):
    env_db = workdir / "env.db"
    opt_db = workdir / "opt.db"
    env = {"LOCALACTION_DB": str(env_db)}
    assert cli("init", "--db", opt_db, env=env).code == 0
    assert opt_db.exists()
    assert not env_db.exists()


def test_stats_prints_counts(cli, workdir, db):
    data = sampledata.write(workdir / "s.csv", sampledata.ACTIONS, "csv")
    assert cli("import", "--db", db, "--quiet", data).code == 0
    r = cli("stats", "--db", db)
    assert r.code == 0, r
    n_actions = len(sampledata.ACTIONS)
    n_govs = len(sampledata.government_names(sampledata.ACTIONS))

    def count_near(word):
        for line in r.out.splitlines():
            if re.search(word, line, re.I):
                nums = re.findall(r"\d+", line)
                if nums:
                    return [int(x) for x in nums]
        return []

    assert n_actions in count_near(r"\bactions?\b"), r
    assert n_govs in count_near(r"\bgovernments?\b"), r


def test_stats_on_empty_database(cli, db):
    r = cli("stats", "--db", db)
    assert r.code == 0, r
    assert re.search(r"\b0\b", r.out), r


def test_not_a_database_is_database_error(cli, workdir):
    junk = workdir / "junk.db"
    junk.write_bytes(b"this is not an SQLite database, just some text\n" * 100)
    r = cli("stats", "--db", junk)
    assert r.code == 5, r
    r = cli("export", "--db", junk, "--format", "jsonl", "--type", "all")
    assert r.code == 5, r


def test_export_to_unwritable_path_is_io_error(cli, workdir, db):
    r = cli("export", "--db", db, "--format", "jsonl", "--type", "all",
            "--output", workdir / "no-such-dir" / "out.jsonl")
    assert r.code == 4, r


@pytest.mark.parametrize("command", ["export", "stats"])
def test_reading_a_missing_database_is_not_found(cli, workdir, command):
    missing = workdir / "missing.db"
    r = cli(command, "--db", missing)
    assert r.code == 3, r
    assert "does not exist" in r.err, r
    assert not missing.exists(), "a reading command created an empty database"
