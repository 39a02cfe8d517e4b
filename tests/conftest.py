from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "gold" / "seeds.jsonl"
SAMPLE = ROOT / "examples" / "corpus"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"  # Debian's, for the browser tests

# The suites written against the hand rules pin them (here and in every process a test
# starts), so that their assertions test the rules and the stages after extraction;
# test_model.py runs the trained model, the default everywhere else.
os.environ["AXISWATCH_MODEL"] = "rules"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not GOLD.is_file():
        pytest.skip(f"shared seed corpus not found at {SHARED} (it sits beside the checkout "
                    "in development and CI, not in a user's clone)")
    return SEEDS


@pytest.fixture(scope="session")
def gold_path(seeds_dir: Path) -> Path:
    return GOLD


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def pg_url():
    psycopg = pytest.importorskip("psycopg")
    admin = os.environ.get("AXISWATCH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL server at {admin}: {exc}")
    name = f"axiswatch_test_{uuid.uuid4().hex[:10]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    base = admin.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None,
            timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the real `axiswatch` command in a child process."""
    return subprocess.run([sys.executable, "-m", "axiswatch", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, cwd=cwd or ROOT,
                          timeout=timeout)


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body of ``files`` (field "files") and its content type."""
    boundary = uuid.uuid4().hex
    body = b""
    for name, data in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                 f"filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n").encode()
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, *options: str, env: dict | None = None, log: Path | None = None):
    """`axiswatch serve` in a child process on a free port; yields its base URL.
    With ``log``, what the server prints (its access log too) goes to that file."""
    import time
    import urllib.request

    port = free_port()
    sink = log.open("wb") if log else subprocess.PIPE
    proc = subprocess.Popen([sys.executable, "-m", "axiswatch", "serve", "--db", db,
                             "--port", str(port), *options], cwd=ROOT,
                            env={**os.environ, **(env or {})},
                            stdout=sink, stderr=subprocess.STDOUT if log else subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/api/health", timeout=2):
                break
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start: " + _printed(proc, log))
    if proc.poll() is not None:
        pytest.fail("server exited: " + _printed(proc, log))
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if log:
            sink.close()  # type: ignore[union-attr]


def _printed(proc: subprocess.Popen, log: Path | None) -> str:
    text = log.read_bytes() if log else (proc.stderr.read() if proc.stderr else b"")
    return text.decode("utf-8", "replace")[-2000:]


FUSION_CORPUS = ROOT / "tests" / "data" / "fusion"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A real API server over a store holding the fusion corpus (one per test module)."""
    folder = tmp_path_factory.mktemp("served")
    db = f"sqlite:///{folder / 'served.db'}"
    ingest = run_cli("ingest", str(FUSION_CORPUS), "--db", db)
    assert ingest.returncode == 0, ingest.stderr
    # a watch over an empty folder that alerts on what the store holds: alerts, no new facts
    (folder / "inbox").mkdir()
    (folder / "watch.yaml").write_text(
        f"name: served\ndb: {db}\nsources: [{{folder: inbox}}]\nalert_existing: true\n"
        "alerts: {console: false}\nrules:\n"
        "  - {name: prk-rus, when: new_fact, actors: [PRK, RUS], types: [transfer]}\n"
        "  - {name: disputes, when: new_conflict}\n", "utf-8")
    watch = run_cli("watch", str(folder / "watch.yaml"), "--once")
    assert watch.returncode == 0, watch.stderr
    yield from start_server(db)


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, for the browser tests (they skip
    themselves when chromium is not installed)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM,
                                     args=["--no-sandbox", "--disable-gpu"])
        yield launched
        launched.close()
