"""Property-based fuzzing (hypothesis): every reader returns articles or our own
clear error (:class:`IngestError`), never another exception; no API parameter
gives a 500. Bounded for CI: few examples each, no deadline."""

from __future__ import annotations

import csv
import io
import json
import os
import urllib.error
import urllib.parse
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.feed import parse_feed
from axiswatch.ingest.html import article_from_html
from axiswatch.ingest.reader import article_from_bytes
from axiswatch.ingest.sources import read_upload
from axiswatch.model import Article
from conftest import start_server

# AXISWATCH_FUZZ=10 runs ten times as many examples (for a search beyond CI's)
SCALE = int(os.environ.get("AXISWATCH_FUZZ", "1") or 1)
FUZZ = settings(max_examples=100 * SCALE, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
API = settings(max_examples=150 * SCALE, deadline=None)

# text with what breaks readers: NULs, controls, surrogates' neighbours, bidi marks
hostile_text = st.text(st.characters(codec="utf-8"), max_size=400) | st.sampled_from([
    "\x00" * 10, "\ufeffTitle: x\n\nbody", "\u202e\u2066abc", "Date: 9999-99-99\n\ntext",
    "<" * 300, "&" + "#" * 50 + ";", "\r\r\n\n\x0c", "Title:\n\n", " date 0000-00-00 x"])
hostile_bytes = st.binary(max_size=600) | hostile_text.map(lambda t: t.encode("utf-8"))


def _is_read(items: list) -> bool:
    return all(isinstance(i, Article | IngestError) for i in items)


def _one(read, *args):
    try:
        return read(*args)
    except IngestError as exc:
        return exc


@FUZZ
@given(hostile_bytes)
def test_text_reader(data: bytes) -> None:
    item = _one(article_from_bytes, data, "doc", "doc.txt")
    assert isinstance(item, Article | IngestError)
    if isinstance(item, Article):
        assert item.text and "\x00" not in item.text


def _html(body: str, title: str) -> bytes:
    return (f"<html><head><title>{title}</title><meta charset='{title[:10]}'></head>"
            f"<body><div><div><article><p>{body}</p></article></div></div></body></html>"
            ).encode("utf-8", "surrogatepass")


@FUZZ
@given(st.builds(_html, hostile_text, hostile_text) | hostile_bytes)
def test_html_reader(data: bytes) -> None:
    assert isinstance(_one(article_from_html, data, "doc", "doc.html"), Article | IngestError)


def _feed(title: str, link: str, date: str, body: str) -> bytes:
    return (f"<?xml version='1.0'?><rss><channel><title>{title}</title><item>"
            f"<title>{title}</title><link>{link}</link><pubDate>{date}</pubDate>"
            f"<description>{body}</description></item></channel></rss>").encode(
                "utf-8", "surrogatepass")


@FUZZ
@given(st.builds(_feed, hostile_text, hostile_text, hostile_text, hostile_text)
       | hostile_bytes.map(lambda b: b"<?xml version='1.0'?><rss>" + b))
def test_feed_reader(data: bytes) -> None:
    feed = _one(parse_feed, data, "feed.xml")
    assert isinstance(feed, IngestError) or all(e.link is None or isinstance(e.link, str)
                                                for e in feed.entries)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | hostile_text,
                           lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(hostile_text, inner, max_size=3), max_leaves=8)
records = st.dictionaries(st.sampled_from(["text", "html", "id", "url", "date", "title",
                                           "publisher"]) | hostile_text, json_values,
                          max_size=6)


@FUZZ
@given(st.lists(records | json_values, max_size=4), hostile_bytes)
def test_jsonl_reader(rows: list, junk: bytes) -> None:
    data = "\n".join(json.dumps(r) for r in rows).encode() + b"\n" + junk
    assert _is_read(read_upload("corpus.jsonl", data))


@FUZZ
@given(st.lists(st.lists(hostile_text, min_size=1, max_size=4), max_size=4),
       st.sampled_from(["id,text,date", "text", "id,html,url,title", "x"]))
def test_csv_reader(rows: list[list[str]], header: str) -> None:
    out = io.StringIO()
    out.write(header + "\n")
    csv.writer(out).writerows(rows)
    assert _is_read(read_upload("corpus.csv", out.getvalue().encode("utf-8", "surrogatepass")))


@FUZZ
@given(hostile_bytes, st.sampled_from(["a.txt", "a.html", "a.jsonl", "a.csv", "a.xml",
                                       "a.rss", "a", "a.md", "a.urls", "\x00.txt"]))
def test_any_upload(data: bytes, name: str) -> None:
    assert _is_read(read_upload(name, data))


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    yield from start_server(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'f.db'}")


ROUTES = ["/api/events", "/api/facts", "/api/graph", "/api/timeline", "/api/alerts",
          "/api/series", "/api/conflicts", "/api/documents", "/api/search"]
PARAMS = ["type", "source", "target", "item", "since", "until", "certainty", "doc", "actors",
          "min_score", "min_sources", "contested", "limit", "offset", "watch", "rule", "unit",
          "q", "replace"]
values = hostile_text | st.integers().map(str) | st.floats().map(str) | st.sampled_from([
    "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "2023-13-45", "-1", "1e400",
    "nan", "PRK,RUS," * 30, "a%00", "%", "2023-06", "true", "9" * 40, ""])


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@API
@given(st.sampled_from(ROUTES), st.dictionaries(st.sampled_from(PARAMS), values, max_size=4))
def test_api_parameters_never_500(base: str, route: str, params: dict[str, str]) -> None:
    query = urllib.parse.urlencode(
        {k: v.encode("utf-8", "surrogatepass") for k, v in params.items()})
    assert _status(f"{base}{route}?{query}") < 500, (route, params)


@API
@given(st.sampled_from(["/api/documents/", "/api/facts/"]), hostile_text)
def test_api_paths_never_500(base: str, route: str, name: str) -> None:
    path = urllib.parse.quote(name.encode("utf-8", "surrogatepass"), safe="")
    assert _status(f"{base}{route}{path}") < 500, (route, name)
