"""Scale-out: `backfill` on both engines (a real local Ray), WARC archives made here
from the sample corpus, restarts, bad records, `load` into SQLite, and the batch
writer that `ingest` and `watch` share."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from axiswatch.backfill.engines import LocalEngine
from axiswatch.backfill.job import BackfillError, run_backfill
from axiswatch.backfill.load import LoadError, load_output
from axiswatch.backfill.tables import event_of
from axiswatch.ingest.corpus import Fields
from axiswatch.pipeline import run_extraction, store_result
from axiswatch.store.database import Store
from conftest import ROOT, run_cli
from test_concurrency import conflicts_by_evidence, fused_view, write_corpus

SAMPLE = ROOT / "examples" / "corpus"


def _page(text: str) -> bytes:
    """A web page holding an article's text, as a news site would serve it."""
    import html

    lines = [ln for ln in text.splitlines() if ln.strip()]
    title = html.escape(lines[0].strip())
    body = "".join(f"<p>{html.escape(ln)}</p>\n" for ln in lines[1:])
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>\n{body}</article>"
            f"<footer>© The Daily Test</footer></body></html>").encode()


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> Path:
    """A gzipped WARC as a crawler writes it: a request and a response per page,
    plus a 404, an image and a metadata record that are not articles."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(url: str, status: str, kind: str, body: bytes) -> None:
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers))

        for url, body in pages:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")],
                                       is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request",
                                                          http_headers=request))
            response(url, "200 OK", "text/html; charset=utf-8", body)
        response("https://news.example/missing", "404 Not Found", "text/html", b"<p>gone</p>")
        response("https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n")
        writer.write_record(writer.create_warc_record(
            "https://news.example/", "metadata", payload=io.BytesIO(b"fetchTimeMs: 12")))
    return path


def sample_warc(tmp_path: Path) -> tuple[Path, int]:
    files = sorted(SAMPLE.glob("*.txt"))
    pages = [(f"https://news.example/2024/{f.stem}", _page(f.read_text("utf-8")))
             for f in files]
    return write_warc(tmp_path / "sample.warc.gz", pages), len(pages)


def tables(out: Path) -> dict[str, list[dict]]:
    """Every row of a backfill's output, in a stable order."""
    found = {}
    for name in ("documents", "events", "errors"):
        rows = pq.read_table(out / name).to_pylist()
        found[name] = sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return found


def mixed_inputs(tmp_path: Path) -> Path:
    """The sample corpus, and the same articles again as JSONL (with bad lines) and
    as Parquet: every reader a backfill has."""
    folder = tmp_path / "inputs"
    shutil.copytree(SAMPLE, folder / "texts")
    records = [{"id": f"rec-{f.stem}", "text": f.read_text("utf-8"), "publisher": "Wire"}
               for f in sorted(SAMPLE.glob("*.txt"))[:5]]
    lines = [json.dumps(r) for r in records] + ["{not json", json.dumps({"id": "x"}), "[1, 2]"]
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    for r in records:
        r["id"] = r["id"].replace("rec-", "pq-")
    pq.write_table(pa.Table.from_pylist(records), folder / "dump.parquet")
    return folder


def test_a_warc_of_the_sample_corpus_goes_through_backfill_and_load(tmp_path):
    warc, pages = sample_warc(tmp_path)
    out = tmp_path / "out"
    done = run_cli("backfill", str(warc), "--out", str(out), "--partition-size", "5")
    assert done.returncode == 0, done.stderr
    assert f"{pages} documents" in done.stderr
    got = tables(out)
    assert len(got["documents"]) == pages  # the 404, the image and the metadata: not articles
    assert not got["errors"]
    assert {d["url"] for d in got["documents"]} == {f"https://news.example/2024/{f.stem}"
                                                    for f in SAMPLE.glob("*.txt")}
    assert all("Home" not in d["text"].split("\n")[0] for d in got["documents"])
    assert len(got["events"]) >= pages
    # the same reader as `extract`: the same events
    extracted = run_cli("extract", str(warc), "--format", "jsonl")
    assert extracted.returncode == 0, extracted.stderr
    want = sorted(extracted.stdout.splitlines())
    assert sorted(json.dumps(event_of(row).as_schema(), ensure_ascii=False)
                  for row in got["events"]) == want

    db = f"sqlite:///{tmp_path / 'store.db'}"
    loaded = run_cli("load", str(out), "--db", db)
    assert loaded.returncode == 0, loaded.stderr
    assert f"{pages} added" in loaded.stderr
    view = fused_view(db)
    assert len(view["documents"]) == pages
    assert len(view["events"]) == len(got["events"])
    assert view["facts"] and view["pending"] == 0
    assert all(fact_id for *_rest, fact_id in view["events"])
    again = run_cli("load", str(out), "--db", db)  # the same output twice: nothing new
    assert again.returncode == 0 and f"{pages} unchanged" in again.stderr


def test_local_and_ray_engines_give_identical_output(tmp_path):
    pytest.importorskip("ray")
    from axiswatch.backfill.engines import RayEngine

    inputs = mixed_inputs(tmp_path)
    local = LocalEngine(Fields())
    run_backfill([str(inputs)], tmp_path / "local", local, size=4)
    ray = RayEngine(Fields(), workers=2, dashboard=False)
    try:
        summary = run_backfill([str(inputs)], tmp_path / "ray", ray, size=4)
        memory = ray.worker_memory()
    finally:
        ray.close()
    assert not summary.failed
    assert len(memory) == 2 and all(m > 50 * 2**20 for m in memory)  # each loaded the model
    want, got = tables(tmp_path / "local"), tables(tmp_path / "ray")
    assert got == want
    assert len(want["documents"]) == 14 + 5 + 5
    reasons = sorted(e["reason"] for e in want["errors"])
    assert len(reasons) == 3 and any("not JSON" in r for r in reasons)
    assert any("no text" in r for r in reasons) and any("not an object" in r for r in reasons)
    assert all(e["origin"].startswith(str(inputs / "dump.jsonl")) for e in want["errors"])


def test_a_restarted_job_skips_the_partitions_it_finished(tmp_path):
    out = tmp_path / "out"
    first = run_backfill([str(SAMPLE)], out, LocalEngine(Fields()), size=4)
    assert (first.partitions, first.skipped, first.documents) == (4, 0, 14)
    before = tables(out)
    # a crash while partition 2 was written: its events file and marker are gone
    (out / "_done" / "part-00002.json").unlink()
    (out / "events" / "part-00002.parquet").unlink()
    second = run_backfill([str(SAMPLE)], out, LocalEngine(Fields()), size=4)
    assert (second.partitions, second.skipped, second.documents) == (4, 3, 4)
    assert tables(out) == before
    # other inputs (or another partition size) into the same folder: refused, not mixed
    with pytest.raises(BackfillError, match="other inputs"):
        run_backfill([str(SAMPLE)], out, LocalEngine(Fields()), size=5)


def test_load_refuses_what_is_not_a_whole_backfill_output(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    try:
        with pytest.raises(LoadError, match="no such folder"):
            load_output(store, tmp_path / "nowhere")
        (tmp_path / "empty").mkdir()
        with pytest.raises(LoadError, match="not a backfill output"):
            load_output(store, tmp_path / "empty")
        out = tmp_path / "out"
        run_backfill([str(SAMPLE)], out, LocalEngine(Fields()), size=10)
        (out / "events" / "part-00001.parquet").write_bytes(b"PAR1 but not really")
        with pytest.raises(LoadError, match=r"events/part-00001\.parquet: not a readable"):
            load_output(store, out)
        with store.session() as session:  # partition 0 went in before the bad file was met
            from sqlalchemy import text

            assert session.scalar(text("select count(*) from documents")) == 10
        pq.write_table(pa.table({"doc_id": ["x"]}), out / "events" / "part-00001.parquet")
        with pytest.raises(LoadError, match="no column"):
            load_output(store, out)
    finally:
        store.close()


def test_the_batch_writer_stores_as_one_article_at_a_time_does(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", 120, seed=5)
    # a second version of some articles: replaced, their old facts recomputed
    changed = tmp_path / "changed"
    changed.mkdir()
    for f in sorted(corpus.glob("*.txt"))[::7]:
        (changed / f.name).write_text(f.read_text("utf-8").replace("shipped", "sent"), "utf-8")
    batched = f"sqlite:///{tmp_path / 'batched.db'}"
    for folder in (corpus, changed, corpus):
        done = run_cli("ingest", str(folder), "--db", batched)
        assert done.returncode == 0, done.stderr

    single = Store(f"sqlite:///{tmp_path / 'single.db'}")
    try:
        for folder in (corpus, changed, corpus):
            for result in run_extraction(sorted(folder.glob("*.txt"))):
                assert result.article is not None
                single.write(lambda s, r=result: store_result(s, r.article, r.events))
        from axiswatch.store.drain import drain_pending

        drain_pending(single)
    finally:
        single.close()
    got, want = fused_view(batched), fused_view(f"sqlite:///{tmp_path / 'single.db'}")
    assert want["facts"] and len({s for _d, s, _h in want["documents"]}) < 120  # copies merged
    for part in ("documents", "events", "facts", "edges"):
        assert got[part] == want[part], part
    # conflicts name their events by row id, which the two writers number differently
    assert want["conflicts"]
    assert conflicts_by_evidence(batched) == \
        conflicts_by_evidence(f"sqlite:///{tmp_path / 'single.db'}")
