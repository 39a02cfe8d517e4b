"""CSV ids follow rows, not physical lines; the size limit reads the same everywhere."""

from __future__ import annotations

import json

from axiswatch.ingest.corpus import Fields, iter_csv
from axiswatch.ingest.reader import MAX_BYTES
from axiswatch.model import Article
from conftest import ROOT, run_cli

ROWS = ("id,text\n"
        ",\"North Korea shipped 1,000 containers of shells to Russia in May 2023.\n\n"
        "Officials said so on Monday.\"\n"
        ",Iran sent drones to Russia in June 2023, officials said.\n"
        ",\"Belarus sent fuel to Russia\nin July 2023.\"\n"
        ",China sent parts to Russia in August 2023.\n")


def test_csv_row_ids_are_row_numbers_whatever_quoted_cells_hold(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text(ROWS, "utf-8")
    out = list(iter_csv(path, Fields()))
    assert all(isinstance(a, Article) for a in out)
    # the header is row 1: a file with one row a line keeps the ids it always had
    assert [a.doc_id for a in out] == ["dump-2", "dump-3", "dump-4", "dump-5"]
    # origins name the physical line each row starts on
    assert [a.origin.rsplit(":", 1)[1] for a in out] == ["2", "5", "6", "8"]
    assert "Officials said so" in out[0].text and "in July 2023" in out[2].text


def test_csv_ids_of_one_line_rows_are_unchanged(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("text\nIran sent drones to Russia.\nChina sent parts to Russia.\n", "utf-8")
    assert [a.doc_id for a in iter_csv(path, Fields())] == ["plain-2", "plain-3"]


def test_size_limit_reads_20_mb_in_the_cli_the_api_and_the_readme(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: just over the limit
    result = run_cli("ingest", str(big), "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert result.returncode == 1
    assert "limit 20 MB" in result.stderr and "21 MB" not in result.stderr
    api = (ROOT / "src" / "axiswatch" / "interfaces" / "api.py").read_text("utf-8")
    assert "MAX_BYTES // 1_000_000} MB" in api and MAX_BYTES // 1_000_000 == 20
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "size limit (20 MB)" in readme and "21 MB" not in readme


def test_csv_ingest_through_the_cli_keeps_row_ids(tmp_path):
    path = tmp_path / "dump.csv"
    path.write_text(ROWS, "utf-8")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    assert run_cli("ingest", str(path), "--db", db).returncode == 0
    listed = json.loads(run_cli("events", "--db", db, "--format", "json").stdout)
    docs = {e["doc"] for e in listed}
    assert "dump-4" in docs and docs <= {"dump-2", "dump-3", "dump-4", "dump-5"}
