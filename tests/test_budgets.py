"""Budgets: one pathological input costs little and holds nothing else up.

A 5 MB one-line text is cut to the per-document limits with a warning naming them;
uploads are extracted in worker processes (a small one is not held up by a big
one); request bodies over the limit are refused (413) before they are read.
"""

from __future__ import annotations

import json
import resource
import socket
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from axiswatch.ingest.metadata import Metadata
from axiswatch.ingest.reader import build_article
from axiswatch.nlp.parser import MAX_BATCH_CHARS, MAX_SPAN, _batches, load_parser
from axiswatch.nlp.sentences import split_sentences
from axiswatch.pipeline import MAX_CHARS, MAX_SENTENCES, within_budget
from conftest import ROOT, multipart, run_cli, start_server

ARTICLE = (ROOT / "examples" / "corpus").glob("*.txt")
SENTENCE = ("North Korea shipped 1,000 containers of artillery shells to Russia, "
            "the South Korean defence ministry said. ")


def _article(text: str):
    return build_article(text, Metadata(), "doc", "doc.txt")


def _one_line_text(size: int) -> str:
    return (SENTENCE * (size // len(SENTENCE) + 1))[:size]


def test_normal_articles_are_untouched() -> None:
    for path in sorted(ARTICLE):
        article = _article(path.read_text("utf-8"))
        budgeted = within_budget(article)
        assert budgeted.article is article and budgeted.warnings == []


def test_long_text_cut_at_a_sentence_end_with_a_warning() -> None:
    article = _article(_one_line_text(5_000_000))
    budgeted = within_budget(article)
    assert len(budgeted.article.text) <= MAX_CHARS
    assert budgeted.article.text.endswith("said.")
    assert budgeted.article.content_hash == article.content_hash
    assert any(f"{MAX_CHARS:,} characters" in w for w in budgeted.warnings)
    assert within_budget(budgeted.article).article.text == budgeted.article.text


def test_long_lines_broken_offsets_kept() -> None:
    words = " ".join(["Russia and Iran agreed on drones"] * 1500)  # no sentence ends
    budgeted = within_budget(_article(words))
    text = budgeted.article.text
    assert len(text) == len(words[:len(text)])
    assert all(a == b or a == "\n" for a, b in zip(text, words, strict=False))
    assert max(len(line) for line in text.split("\n")) <= MAX_SPAN
    assert any("line breaks" in w for w in budgeted.warnings)
    assert max(len(s.text) for s in split_sentences(text)) <= MAX_SPAN
    blob = within_budget(_article("x" * 20_000)).article.text  # no space at all
    assert max(len(line) for line in blob.split("\n")) <= MAX_SPAN


def test_sentence_limit() -> None:
    text = "\n".join(f"Line {i} ends here." for i in range(MAX_SENTENCES + 500))
    budgeted = within_budget(_article(text))
    assert len(list(split_sentences(budgeted.article.text))) == MAX_SENTENCES
    assert any(f"{MAX_SENTENCES:,} sentences" in w for w in budgeted.warnings)


def test_parser_batches_are_bounded_by_characters() -> None:
    texts = ["a" * 5_000, "b" * 5_000, "c" * 5_000, "d" * 30_000, "e", "f"]
    batches = list(_batches(iter(texts), size=256, max_chars=12_000))
    assert [len(b) for b in batches] == [2, 1, 1, 2]  # a line longer alone is alone
    assert [t for b in batches for t in b] == texts  # order and content kept
    assert [len(b) for b in _batches(["x"] * 5, size=2, max_chars=10**6)] == [2, 2, 1]
    assert list(_batches([], size=2, max_chars=10)) == []


def test_parses_do_not_depend_on_how_texts_are_batched() -> None:
    parser = load_parser()
    sentences = ["Belgrade signed a contract for twelve Rafale jets with Paris on Monday.",
                 "The shipment of 1,200 drones reached the port of Tartus, officials said.",
                 "Ankara denied that it had sold armed drones to the junta."] * 3
    long_line = " ".join(sentences) * (MAX_BATCH_CHARS // 600)
    texts = [*sentences, long_line, *sentences]
    together = [[(t.text, t.tag_, t.dep_, t.head.i, t.lemma_) for t in d]
                for d in parser.nlp.pipe(texts, batch_size=len(texts))]
    apart = [[(t.text, t.tag_, t.dep_, t.head.i, t.lemma_) for t in d]
             for d in parser.pipe(texts)]
    assert apart == together


def test_cli_ingests_a_5mb_one_line_text_fast(tmp_path: Path) -> None:
    path = tmp_path / "oneline.txt"
    path.write_text(_one_line_text(5_000_000), "utf-8")
    start = time.monotonic()
    result = run_cli("ingest", str(path), "--db", f"sqlite:///{tmp_path / 'a.db'}")
    elapsed = time.monotonic() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stderr
    assert "warning" in result.stderr and "60,000 characters" in result.stderr  # never silent
    assert elapsed < 10, elapsed
    print(f"5 MB one line: {elapsed:.1f} s, peak RSS of children {peak_mb:.0f} MB")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    db = f"sqlite:///{tmp_path_factory.mktemp('budget') / 'b.db'}"
    yield from start_server(db, env={"AXISWATCH_EXTRACT_WORKERS": "2"})


def _post(base: str, files: list[tuple[str, bytes]]) -> tuple[float, int, dict]:
    body, ctype = multipart(files)
    request = urllib.request.Request(base + "/api/documents", data=body, method="POST",
                                     headers={"Content-Type": ctype})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return time.monotonic() - start, response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return time.monotonic() - start, exc.code, json.loads(exc.read() or b"{}")


def test_small_upload_not_held_by_a_big_one(base: str) -> None:
    small = (ROOT / "examples" / "corpus").glob("*.txt")
    first, second = sorted(small)[:2]
    _post(base, [(first.name, first.read_bytes())])  # the workers are up
    big: dict = {}
    thread = threading.Thread(target=lambda: big.update(
        r=_post(base, [("big.txt", _one_line_text(5_000_000).encode())])))
    thread.start()
    time.sleep(0.5)
    elapsed, status, answer = _post(base, [(second.name, second.read_bytes())])
    thread.join()
    assert status == 200 and "outcome" in answer["items"][0], answer
    assert elapsed < 2, elapsed
    _elapsed, big_status, big_answer = big["r"]
    assert big_status == 200, big_answer
    item = big_answer["items"][0]
    assert item["outcome"] == "added"
    assert any(f"{MAX_CHARS:,} characters" in w for w in item["warnings"])


def _raw(base: str, head: bytes, body_chunks=()) -> bytes:
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall(head)
        try:
            for chunk in body_chunks:
                s.sendall(chunk)
        except OSError:
            pass  # the server answered and closed: what it said is in the buffer
        try:
            return s.recv(4096)
        except OSError:
            return b""


def test_content_length_over_the_limit_refused(base: str) -> None:
    answer = _raw(base, b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"Content-Type: multipart/form-data; boundary=x\r\n"
                        b"Content-Length: 1000000000\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]


def test_streamed_body_over_the_limit_refused(base: str) -> None:
    def chunks():
        first = (b"--x\r\nContent-Disposition: form-data; name=\"files\"; "
                 b"filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n")
        yield b"%x\r\n%s\r\n" % (len(first), first)
        piece = b"a" * 1_000_000
        for _ in range(200):  # 200 MB, never all read
            yield b"%x\r\n%s\r\n" % (len(piece), piece)
    start = time.monotonic()
    answer = _raw(base, b"POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        b"Content-Type: multipart/form-data; boundary=x\r\n"
                        b"Transfer-Encoding: chunked\r\n\r\n", chunks())
    assert answer.startswith(b"HTTP/1.1 413"), answer[:100]
    assert time.monotonic() - start < 30
    with urllib.request.urlopen(base + "/api/health", timeout=10) as response:
        assert response.status == 200


def test_a_document_over_the_time_limit_is_an_error(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 't.db'}"
    server = start_server(db, env={"AXISWATCH_EXTRACT_TIMEOUT": "0.2",
                                   "AXISWATCH_EXTRACT_WORKERS": "1"})
    base = next(server)
    try:
        _elapsed, status, answer = _post(base, [("big.txt", _one_line_text(5_000_000).encode())])
        assert status == 200
        assert "time limit" in answer["items"][0]["error"], answer
        small = sorted((ROOT / "examples" / "corpus").glob("*.txt"))[0]
        _elapsed, status, answer = _post(base, [(small.name, small.read_bytes())])
        item = answer["items"][0]  # a fresh worker took over: in time, or refused alike
        assert status == 200 and ("outcome" in item or "time limit" in item["error"]), item
        with urllib.request.urlopen(base + "/api/health", timeout=10) as response:
            assert response.status == 200
    finally:
        server.close()
