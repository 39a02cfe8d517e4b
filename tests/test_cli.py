"""The `axiswatch` command, run as a real process on real files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import SAMPLE, run_cli


def make_hostile_folder(folder: Path) -> dict[str, str]:
    """Files that must each be refused with a clear reason, and two good ones."""
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 100)
    with open(folder / "huge.txt", "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    (folder / "dangling.txt").symlink_to(folder / "gone.txt")
    (folder / "latin1.txt").write_bytes(
        " date 2024-01-05 Belarus a livré des obus à la Serbie, déclare le ministère.\n\n"
        "Belarus sent artillery shells to Serbia, the ministry said.".encode("latin-1"))
    (folder / "quiet.txt").write_text(" date 2024-01-05 The weather was mild all week.")
    (folder / "good.txt").write_text(" date 2024-01-06 Iran has supplied drones to Russia.")
    return {"empty.txt": "empty file", "binary.txt": "binary content",
            "huge.txt": "too large", "dangling.txt": "no such file"}


def test_ingest_survives_hostile_files_and_reports_each(tmp_path):
    bad = make_hostile_folder(tmp_path / "in")
    db = f"sqlite:///{tmp_path / 'a.db'}"
    result = run_cli("ingest", str(tmp_path / "in"), "--db", db)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for name, reason in bad.items():
        line = next(line for line in result.stderr.splitlines() if name in line)
        assert reason in line
    assert "3 added" in result.stderr and "4 failed" in result.stderr
    listed = run_cli("events", "--db", db, "--format", "json")
    events = json.loads(listed.stdout)
    assert {(e["doc"], e["source"], e["target"]) for e in events} == {
        ("latin1", "BLR", "SRB"), ("good", "IRN", "RUS")}
    again = run_cli("ingest", str(tmp_path / "in" / "good.txt"), "--db", db)
    assert again.returncode == 0 and "1 unchanged" in again.stderr


def test_ingest_a_folder_of_thousands(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(2000):
        (folder / f"{i:04d}.txt").write_text(
            f" date 2024-02-{i % 28 + 1:02d} Report {i}: Iran sent {i + 1} drones to Russia.")
    db = f"sqlite:///{tmp_path / 'many.db'}"
    result = run_cli("ingest", str(folder), "--db", db, "--workers", "2", timeout=600)
    assert result.returncode == 0, result.stderr
    assert "2000 added" in result.stderr
    rows = list(csv.DictReader(io.StringIO(
        run_cli("events", "--db", db, "--format", "csv", "--doc", "0041").stdout)))
    assert [(r["source"], r["target"], r["quantity"]) for r in rows] == [("IRN", "RUS", "42.0")]


def test_sample_corpus_listing_filters_and_show(tmp_path):
    db = f"sqlite:///{tmp_path / 's.db'}"
    assert run_cli("ingest", str(SAMPLE), "--db", db).returncode == 0
    rows = json.loads(run_cli("events", "--db", db, "--format", "json", "--source", "PRK",
                              "--target", "RUS", "--item", "ammunition").stdout)
    assert rows and all(r["source"] == "PRK" and r["target"] == "RUS" for r in rows)
    figures = {r["quantity"] for r in rows if r["unit"] == "containers"}
    assert {1000, 6700, 10000} <= figures
    hedged = json.loads(run_cli("events", "--db", db, "--format", "json",
                                "--certainty", "asserted").stdout)
    assert all(r["certainty"] == "asserted" for r in hedged)
    shown = run_cli("show", str(rows[0]["id"]), "--db", db)
    assert shown.returncode == 0 and rows[0]["evidence"] in shown.stdout.replace("\n", " ")
    actors = run_cli("actors", "--db", db, "--format", "json")
    assert "PRK" in {a["id"] for a in json.loads(actors.stdout)}
    missing = run_cli("show", "999999", "--db", db)
    assert missing.returncode == 2 and "no event with id 999999" in missing.stderr


def test_bad_options_are_clear(tmp_path):
    db = f"sqlite:///{tmp_path / 'o.db'}"
    for args, message in ((("--type", "hugging"), "unknown event type"),
                          (("--since", "last week"), "--since must be"),
                          (("--certainty", "sure"), "unknown certainty")):
        result = run_cli("events", "--db", db, *args)
        assert result.returncode == 2 and message in result.stderr
        assert "Traceback" not in result.stderr
    nothing = run_cli("ingest", str(tmp_path / "nowhere"), "--db", db)
    assert nothing.returncode == 1 and "no such file" in nothing.stderr


def test_extract_writes_schema_lines_without_a_store(tmp_path):
    article = tmp_path / "doc_a.txt"
    article.write_text(" date 2024-01-06 North Korea reportedly sent around 6,700 containers "
                       "of artillery shells to Russia last month.")
    result = run_cli("extract", str(article), "--format", "jsonl", cwd=tmp_path)
    [line] = result.stdout.splitlines()
    event = json.loads(line)
    assert list(event) == ["doc", "type", "source", "target", "item", "quantity", "when",
                           "status", "attribution", "certainty", "evidence", "score"]
    assert event["score"] is None  # the rules alone (pinned in conftest) give no score
    assert (event["doc"], event["source"], event["target"], event["when"],
            event["certainty"]) == ("doc_a", "PRK", "RUS", "2023-12", "reported")
    assert event["quantity"] == {"value": 6700, "high": None, "unit": "containers",
                                 "approx": True}
    assert not list(tmp_path.glob("*.db"))


def test_eval_command(tmp_path):
    gold = tmp_path / "gold.jsonl"
    pred = tmp_path / "pred.jsonl"
    base = {"doc": "d", "type": "meeting", "source": "RUS", "target": "PRK", "item": None,
            "certainty": "asserted"}
    gold.write_text(json.dumps(base) + "\n" + json.dumps({**base, "type": "agreement"}) + "\n")
    pred.write_text(json.dumps({**base, "source": "PRK", "target": "RUS"}) + "\n")
    result = run_cli("eval", str(gold), str(pred), "--json")
    scores = json.loads(result.stdout)
    assert scores["overall"] == {"tp": 1, "fp": 0, "fn": 1, "precision": 1.0, "recall": 0.5,
                                 "f1": 0.667}
    pred.write_text("{not json\n")
    broken = run_cli("eval", str(gold), str(pred))
    assert broken.returncode == 2 and "pred.jsonl:1: not JSON" in broken.stderr


def test_killed_ingest_leaves_whole_documents_and_a_rerun_finishes(tmp_path):
    import signal
    import sqlite3
    import subprocess
    import sys
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(800):
        (folder / f"{i:04d}.txt").write_text(
            f" date 2024-03-{i % 28 + 1:02d} Bulletin {i}. Belarus delivered {i + 1} tanks "
            "to Serbia, the ministry said. Officials did not comment further.")
    path = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-m", "axiswatch", "ingest", str(folder),
                             "--db", f"sqlite:///{path}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def stored() -> tuple[int, int, int]:
        with sqlite3.connect(path, timeout=30) as conn:
            return conn.execute(
                "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences),"
                " (SELECT count(*) FROM events)").fetchone()

    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            if path.exists() and stored()[0] >= 20:
                break
        except sqlite3.OperationalError:
            continue  # schema not migrated yet
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    docs, sentences, events = stored()
    assert 20 <= docs < 800, "the kill did not land mid-run"
    assert (sentences, events) == (3 * docs, docs), "a document was half-written"

    rerun = run_cli("ingest", str(folder), "--db", f"sqlite:///{path}", timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{800 - docs} added" in rerun.stderr and f"{docs} unchanged" in rerun.stderr
    assert stored() == (800, 2400, 800)

    # the facts of documents stored before the kill were queued, not lost: after the
    # rerun they match a fusion from scratch, and nothing is left waiting
    def fused() -> list[tuple]:
        with sqlite3.connect(path, timeout=30) as conn:
            assert conn.execute("SELECT count(*) FROM pending_units").fetchone() == (0,)
            assert conn.execute("SELECT count(*) FROM events WHERE fact_id IS NULL"
                                ).fetchone() == (0,)
            return conn.execute("SELECT id, type, source_id, target_id, item_category, events,"
                                " documents, sources FROM facts ORDER BY id").fetchall()

    incremental = fused()
    with sqlite3.connect(path, timeout=30) as conn:
        stories = conn.execute("SELECT count(DISTINCT story_id) FROM documents").fetchone()[0]
    # unsigned bulletins: each story is one independent source
    assert incremental == [(incremental[0][0], "transfer", "BLR", "SRB", "weapon", 800, 800,
                            stories)]
    again = run_cli("fuse", "--db", f"sqlite:///{path}")
    assert again.returncode == 0, again.stderr
    assert fused() == incremental
