from __future__ import annotations

import os
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
