"""Malformed and hostile requests: each case its own test. Whatever the exact status, the
server answers with a client error and keeps serving."""

import socket

import pytest

import sampledata

API = "/api/v1"


def raw_request(server, data, timeout=5):
    """Sends @data as is and returns the status code of the answer (0 if none came)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(data)
        try:
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        chunks = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        except (socket.timeout, ConnectionResetError):
            pass
    head = b"".join(chunks).split(b"\r\n", 1)[0]
    parts = head.split()
    if len(parts) >= 2 and parts[0].startswith(b"HTTP/") and parts[1].isdigit():
        return int(parts[1])
    return 0


def still_serving(server):
    status, _, _ = server.request(f"{API}/taxonomy")
    return status == 200


@pytest.fixture
def srv(start_server, cli, db, workdir):
    """A server over the sample actions."""
    path = sampledata.write(workdir / "sample.jsonl", sampledata.ACTIONS, "jsonl")
    r = cli("import", "--db", db, "--quiet", path)
    assert r.code == 0, r
    return start_server("serve", "--db", db, "--port", "0")


@pytest.mark.parametrize("request_bytes", [
    b"GARBAGE\r\n\r\n",
    b"GET\r\n\r\n",
    b"GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n",
    b"GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    b"GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
], ids=["garbage", "no-path", "header-no-colon",
        "negative-length", "huge-length"])
def test_malformed_request(srv, request_bytes):
    status = raw_request(srv, request_bytes)
    assert status == 0 or 400 <= status < 500, status
    assert still_serving(srv)


def test_folded_header_is_rejected_or_unfolded(srv):
    # RFC 7230 section 3.2.4: a server must reject obsolete line folding with 400 or replace
    # it with spaces. libmicrohttpd does the latter and does not tell us, so both are allowed
    # (c_style_guide.md asks for 400; see the note in docs/architecture.md).
    status = raw_request(
        srv, b"GET /api/v1/actions HTTP/1.1\r\nHost: x\r\nX-A: 1\r\n folded\r\n\r\n")
    assert status in (200, 400), status
    assert still_serving(srv)


def test_url_too_long(srv):
    status, _, _ = srv.request(f"{API}/actions?q=" + "a" * 10000)
    assert status in (400, 414, 431), status
    assert still_serving(srv)


@pytest.mark.parametrize("arg,count,want", [
    ("objective=7", 65, 400),
    ("objective=7", 300, 400),
    ("a", 1000, 400),   # 2 KB of empty arguments once held the connection until its timeout
    ("a=", 3000, 414),  # past the address limit as well
    ("objective=7", 1000, 414),
])
def test_too_many_parameters(srv, arg, count, want):
    query = "&".join([arg] * count)
    status, _, body = srv.request(f"{API}/actions?{query}", timeout=5)
    assert status == want, (status, body[:200])
    assert b"query parameters" in body if want == 400 else b"longer than" in body
    assert still_serving(srv)


def test_sixty_four_parameters_are_read(srv):
    query = "&".join(["objective=7"] * 63 + ["limit=1"])
    status, _, body = srv.request(f"{API}/actions?{query}")
    assert status == 200, body[:200]


@pytest.mark.parametrize("path", [
    f"{API}/actions/%00",
    f"{API}/actions/..%2f..%2fetc%2fpasswd",
    f"{API}/actions/../../etc/passwd",
    f"{API}/governments/%ff%fe",
    f"{API}/actions?q=%ff",
])
def test_hostile_path_or_query(srv, path):
    status, headers, body = srv.request(path)
    assert status in (400, 404), (status, body[:200])
    assert b"root:" not in body
    assert still_serving(srv)


def test_many_connections_in_a_row(srv):
    for _ in range(50):
        assert srv.request(f"{API}/actions?limit=1")[0] == 200
