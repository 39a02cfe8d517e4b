"""Who may write, and from where: the access rules on a real server on 127.0.0.1
(cross-site writes, the Host allow-list, the token, private reads), uploads that
would replace another document, the audit log, and HEAD."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from axiswatch.interfaces.access import Access, AccessError, host_name, serving_access
from conftest import ROOT, free_port, multipart, start_server

ARTICLE = b"Date: 2025-03-01\n\nBelarus has delivered artillery shells to Russia, officials said."
OTHER = b"Date: 2025-03-02\n\nArmenia has sent drones to Russia, officials said."


def request(base: str, path: str, method: str = "GET", headers: dict | None = None,
            files: list[tuple[str, bytes]] | None = None) -> tuple[int, dict, dict]:
    data = None
    headers = dict(headers or {})
    if files is not None:
        data, headers["Content-Type"] = multipart(files)
    req = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw else {}), dict(r.headers)
    except urllib.error.HTTPError as e:
        raw = e.read()
        return e.code, (json.loads(raw) if raw else {}), dict(e.headers)


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """A server on loopback with no token: local use, as after the README's command."""
    db = f"sqlite:///{tmp_path_factory.mktemp('open') / 'open.db'}"
    yield from start_server(db)


@pytest.fixture(scope="module")
def token_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("token")
    db_path = folder / "token.db"
    for base in start_server(f"sqlite:///{db_path}", "--token", "s3cret-token"):
        yield base, db_path


@pytest.fixture(scope="module")
def private_server(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('private') / 'private.db'}"
    yield from start_server(db, "--private", env={"AXISWATCH_TOKEN": "t0k"})


def test_cross_site_uploads_are_refused_and_same_origin_ones_pass(open_server):
    base = open_server
    status, body, _ = request(base, "/api/documents", "POST",
                              {"Origin": "http://evil.example"}, [("a.txt", ARTICLE)])
    assert status == 403 and "origin" in body["error"]
    status, body, _ = request(base, "/api/documents", "POST",
                              {"Sec-Fetch-Site": "cross-site"}, [("a.txt", ARTICLE)])
    assert status == 403 and "cross-site" in body["error"]
    _, health, _ = request(base, "/api/health")
    assert health["documents"] == 0  # nothing was written
    status, body, _ = request(base, "/api/documents", "POST",
                              {"Origin": base, "Sec-Fetch-Site": "same-origin"},
                              [("a.txt", ARTICLE)])
    assert status == 200 and body["items"][0]["outcome"] == "added"


def test_foreign_host_names_are_refused(open_server):
    """DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends its own Host."""
    status, body, _ = request(open_server, "/api/facts", headers={"Host": "evil.example"})
    assert status == 400 and "evil.example" in body["error"]
    status, _, _ = request(open_server, "/api/facts", headers={"Host": "localhost"})
    assert status == 200


def test_an_upload_never_replaces_another_document_silently(open_server):
    base = open_server
    status, body, _ = request(base, "/api/documents", "POST", files=[("same.txt", ARTICLE)])
    assert body["items"][0]["outcome"] == "added"
    status, body, _ = request(base, "/api/documents", "POST", files=[("same.txt", OTHER)])
    assert status == 200 and "replace=true" in body["items"][0]["error"]
    _, doc, _ = request(base, "/api/documents/same")
    assert "Belarus" in doc["text"]  # the first text is still the one stored
    status, body, _ = request(base, "/api/documents?replace=true", "POST",
                              files=[("same.txt", OTHER)])
    assert body["items"][0]["outcome"] == "replaced"
    _, doc, _ = request(base, "/api/documents/same")
    assert "Armenia" in doc["text"]
    _, body, _ = request(base, "/api/documents", "POST", files=[("same.txt", OTHER)])
    assert body["items"][0]["outcome"] == "unchanged"  # same text again: no error


def test_head_answers_like_get_without_a_body(open_server):
    status, body, headers = request(open_server, "/api/health", "HEAD")
    assert status == 200 and body == {}
    assert headers["content-type"].startswith("application/json")
    status, _, _ = request(open_server, "/api/facts", "HEAD")
    assert status == 200


def test_writes_need_the_token_and_are_audited(token_server):
    base, db_path = token_server
    status, body, _ = request(base, "/api/documents", "POST", files=[("t.txt", ARTICLE)])
    assert status == 401 and "token" in body["error"]
    status, _, _ = request(base, "/api/documents", "POST",
                           {"Authorization": "Bearer wrong"}, [("t.txt", ARTICLE)])
    assert status == 401
    status, body, _ = request(base, "/api/documents", "POST",
                              {"Authorization": "Bearer s3cret-token"}, [("t.txt", ARTICLE)])
    assert status == 200 and body["items"][0]["outcome"] == "added"
    status, body, _ = request(base, "/api/documents", "POST",
                              {"X-Axiswatch-Token": "s3cret-token"}, [("u.txt", OTHER)])
    assert status == 200
    status, facts, _ = request(base, "/api/facts")  # reads stay open
    assert status == 200 and facts["items"]
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        rows = conn.execute("SELECT client, action, detail FROM audit_log ORDER BY id").fetchall()
    assert [(client, action) for client, action, _ in rows] == [
        ("127.0.0.1", "upload"), ("127.0.0.1", "upload")]
    assert [json.loads(d)["results"][0]["doc"] for _, _, d in rows] == ["t", "u"]


def test_private_reads_need_the_token(private_server):
    status, _, _ = request(private_server, "/api/facts")
    assert status == 401
    status, _, _ = request(private_server, "/api/facts", headers={"Authorization": "Bearer t0k"})
    assert status == 200
    status, _, _ = request(private_server, "/api/health")  # for load balancers
    assert status == 200


def test_listening_beyond_loopback_needs_host_names_and_makes_a_token(tmp_path):
    db = f"sqlite:///{tmp_path / 'wide.db'}"
    done = subprocess.run([sys.executable, "-m", "axiswatch", "serve", "--db", db,
                           "--host", "0.0.0.0", "--port", str(free_port())],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 2 and "--allow-host" in done.stderr
    assert "Traceback" not in done.stderr
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "axiswatch", "serve", "--db", db,
                             "--host", "0.0.0.0", "--port", str(port),
                             "--allow-host", "127.0.0.1"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        token = None
        for line in proc.stderr:
            if "token" in line:
                token = line.rsplit(" ", 1)[-1].strip()
                break
        assert token and len(token) >= 24
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, _, _ = request(base, "/api/health")
                break
            except OSError:
                import time
                time.sleep(0.2)
        status, _, _ = request(base, "/api/documents", "POST", files=[("w.txt", ARTICLE)])
        assert status == 401
        status, body, _ = request(base, "/api/documents", "POST",
                                  {"Authorization": f"Bearer {token}"}, [("w.txt", ARTICLE)])
        assert status == 200 and body["items"][0]["outcome"] == "added"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize(("method", "headers", "expected"), [
    ("GET", {"host": "127.0.0.1:8000"}, None),
    ("GET", {"host": "[::1]:8000"}, None),
    ("GET", {"host": "localhost"}, None),
    ("GET", {"host": "attacker.example:8000"}, 400),
    ("GET", {}, 400),
    ("POST", {"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:8000"}, 401),
    ("POST", {"host": "127.0.0.1:8000", "origin": "http://127.0.0.1:9999"}, 403),
    ("POST", {"host": "127.0.0.1:8000", "origin": "null"}, 403),
    ("DELETE", {"host": "127.0.0.1:8000", "sec-fetch-site": "same-site"}, 403),
    ("POST", {"host": "127.0.0.1:8000", "authorization": "Bearer k"}, None),
    ("POST", {"host": "127.0.0.1:8000", "authorization": "bearer k"}, None),
    ("POST", {"host": "127.0.0.1:8000", "x-axiswatch-token": "k"}, None),
])
def test_access_rules(method, headers, expected):
    refusal = Access(token="k").check(method, "/api/documents", headers)
    assert (refusal.status if refusal else None) == expected


def test_serving_settings():
    access, notes = serving_access("127.0.0.1", None, False, [])
    assert access.token is None and "localhost" in access.allowed_hosts and not notes
    with pytest.raises(AccessError, match="--allow-host"):
        serving_access("0.0.0.0", None, False, [])
    with pytest.raises(AccessError, match="token"):
        serving_access("127.0.0.1", None, True, [])
    access, notes = serving_access("10.1.2.3", "given", False, ["axis.example.org"])
    assert access.token == "given" and access.allowed_hosts == {"axis.example.org"}
    assert host_name("AXIS.example.org:443") == "axis.example.org"


@pytest.mark.parametrize("path", [
    "/api/alerts?since=9999-12-31T23:59:59-23:59",
    "/api/events?doc=a%00",
    "/api/documents/x%00y",
    "/api/facts?source=PR%00K",
    "/api/search?q=shells%00",
])
def test_hostile_parameters_are_422_not_500(open_server, path):
    status, body, _ = request(open_server, path)
    assert status == 422, body


def test_upload_names_with_control_characters_give_safe_ids(open_server):
    status, body, _ = request(open_server, "/api/documents", "POST",
                              files=[("evil\nname\u202e.txt", ARTICLE.replace(b"Belarus",
                                                                            b"Georgia"))])
    assert status == 200
    [item] = body["items"]
    assert item["doc"] == "evil_name_" and item["outcome"] == "added"


def test_nul_bytes_in_parameters_on_postgresql(pg_url):
    for base in start_server(pg_url):
        for path in ("/api/events?doc=a%00", "/api/documents/x%00y", "/api/facts?item=dr%00"):
            status, body, _ = request(base, path)
            assert status == 422, (path, body)
        status, _, _ = request(base, "/api/health")
        assert status == 200
