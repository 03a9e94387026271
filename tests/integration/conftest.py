"""Fixtures for the integration tests: they drive the real `localaction` binary.

LOCALACTION_BIN names the binary (ctest sets it); each test gets its own temporary directory;
`cli` runs a command and returns its exit code and output; `server` starts
`localaction serve --db PATH --port 0`, reads the URL from the first line it prints and stops
the process at teardown.
"""

import json
import os
import re
import sqlite3
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO_FILE = REPO / "data" / "demo" / "imrf2022.jsonl"
REFERENCE = REPO / "data" / "reference"

BIN = os.environ.get("LOCALACTION_BIN") or str(REPO / "build" / "localaction")

LISTENING = re.compile(r"^listening on (http://127\.0\.0\.1:(\d+)/)$")
SUMMARY = re.compile(
    r"(\d+) read, (\d+) inserted, (\d+) updated, (\d+) unchanged, (\d+) rejected")

SANITIZER = re.compile(r"ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:")

CLI_TIMEOUT = 60
START_TIMEOUT = 15


# ---- running the CLI ---------------------------------------------------------------------------

class Result:
    """What one run of the CLI did."""

    def __init__(self, args, proc):
        self.args = args
        self.code = proc.returncode
        self.stdout_bytes = proc.stdout
        self.stderr_bytes = proc.stderr
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    def __repr__(self):
        return (f"<localaction {' '.join(map(str, self.args))}: exit {self.code}\n"
                f"--- stdout ---\n{self.out[:3000]}\n--- stderr ---\n{self.err[:3000]}>")

    def summary(self):
        """(read, inserted, updated, unchanged, rejected) from the import summary line."""
        m = SUMMARY.search(self.out)
        assert m, f"no import summary on stdout: {self!r}"
        return tuple(int(x) for x in m.groups())


def clean_env(extra=None):
    env = dict(os.environ)
    env.pop("LOCALACTION_DB", None)
    env["LC_ALL"] = "C.UTF-8"
    if extra:
        env.update(extra)
    return env


def run_cli(*args, cwd=None, env=None, stdin=None, timeout=CLI_TIMEOUT):
    args = [str(a) for a in args]
    proc = subprocess.run([BIN, *args], cwd=cwd, env=clean_env(env), input=stdin,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return Result(args, proc)


@pytest.fixture
def workdir(tmp_path):
    """A fresh temporary directory for one test."""
    return tmp_path


@pytest.fixture
def cli(workdir):
    """Runs the CLI with the test's temporary directory as working directory."""

    def run(*args, **kw):
        kw.setdefault("cwd", workdir)
        return run_cli(*args, **kw)

    return run


@pytest.fixture
def db(workdir, cli):
    """An initialised, empty database."""
    path = workdir / "test.db"
    r = cli("init", "--db", path)
    assert r.code == 0, r
    return path


# ---- the server --------------------------------------------------------------------------------

class Server:
    """A running `localaction serve` or `localaction demo`."""

    def __init__(self, args, logdir, env=None):
        self.args = [str(a) for a in args]
        self.stderr_path = Path(logdir) / f"server-{os.getpid()}-{time.monotonic_ns()}.log"
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([BIN, *self.args], stdout=subprocess.PIPE,
                                     stderr=self._stderr, env=clean_env(env))
        self.lines = []
        first = self._read_first_line()
        m = LISTENING.match(first)
        if not m:
            self.stop()
            raise AssertionError(f"first stdout line of {self.args} is {first!r}, want "
                                 f"'listening on http://127.0.0.1:PORT/'; stderr: {self.log()}")
        self.url = m.group(1)
        self.port = int(m.group(2))
        # keep draining stdout so that a chatty server never blocks on a full pipe
        self._drain = threading.Thread(target=self._drain_stdout, daemon=True)
        self._drain.start()

    def _read_first_line(self):
        box = {}

        def reader():
            box["line"] = self.proc.stdout.readline()

        t = threading.Thread(target=reader, daemon=True)
        t.start()
        t.join(START_TIMEOUT)
        if t.is_alive() or not box.get("line"):
            code = self.proc.poll()
            self.stop()
            raise AssertionError(f"{self.args} printed no first line within {START_TIMEOUT}s "
                                 f"(exit {code}); stderr: {self.log()}")
        return box["line"].decode("utf-8", "replace").rstrip("\r\n")

    def _drain_stdout(self):
        for line in self.proc.stdout:
            self.lines.append(line)

    def log(self, tail=4000):
        """The server's stderr (its last @tail characters, or all of it when @tail is None)."""
        try:
            if not self._stderr.closed:
                self._stderr.flush()
            text = self.stderr_path.read_text("utf-8", "replace")
        except OSError:
            return ""
        return text if tail is None else text[-tail:]

    def request(self, path, method="GET", data=None, headers=None, timeout=10):
        """(status, headers, body bytes) of one request; HTTP errors are answers too."""
        req = urllib.request.Request(self.url.rstrip("/") + path, method=method, data=data,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as e:
            body = e.read()
            return e.code, e.headers, body

    def get_json(self, path, want_status=200):
        status, headers, body = self.request(path)
        assert status == want_status, (
            f"GET {path}: status {status}, want {want_status}: {body[:500]!r}")
        ctype = headers.get("Content-Type", "")
        assert ctype.startswith("application/json"), f"GET {path}: Content-Type {ctype!r}"
        try:
            return json.loads(body)
        except ValueError as e:
            raise AssertionError(f"GET {path}: body is not JSON ({e}): {body[:500]!r}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        if self.proc.stdout:
            self.proc.stdout.close()
        self._stderr.close()


@pytest.fixture
def start_server(workdir):
    """Starts `localaction ARGS...` (serve or demo); every server is stopped at teardown."""
    servers = []

    def start(*args, env=None):
        s = Server(args, workdir, env=env)
        servers.append(s)
        return s

    yield start
    complaints = []
    for s in servers:
        s.stop()
        # under LOCALACTION_SANITIZE, a report in the server's log is a failure
        text = s.log(tail=None)
        found = SANITIZER.search(text)
        if found:
            complaints.append(f"{s.args}: {text[found.start():found.start() + 600]}")
    if complaints:
        pytest.fail("sanitizer report from the server:\n" + "\n".join(complaints))


@pytest.fixture
def server(start_server, db):
    """`localaction serve` on the test's (empty, initialised) database."""
    return start_server("serve", "--db", db, "--port", "0")


# ---- the database as Python sees it ------------------------------------------------------------

def db_snapshot(path):
    """Every row of every ordinary table, to show that a rejected import wrote nothing."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")]
        snap = {}
        for t in tables:
            rows = con.execute(f'SELECT * FROM "{t}"').fetchall()
            snap[t] = sorted(rows, key=repr)
        return snap
    finally:
        con.close()


def db_query(path, sql, params=()):
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


# ---- the demo data and the reference files, read independently of the binary ------------------

def read_tsv(name):
    with open(REFERENCE / name, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        return [dict(zip(header, line.rstrip("\n").split("\t"))) for line in f if line.strip()]


def load_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def countries():
    """alpha2 -> row of countries.tsv."""
    return {row["alpha2"]: row for row in read_tsv("countries.tsv")}


@pytest.fixture(scope="session")
def demo_records():
    return load_jsonl(DEMO_FILE)
