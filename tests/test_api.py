"""The REST API on a real uvicorn server on 127.0.0.1, over a store holding the
fusion corpus: filters, pagination, graph, search, upload and clear 4xx errors."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from conftest import multipart


def send(request: urllib.request.Request | str, timeout: int = 30) -> tuple[int, dict]:
    """Status and JSON body of a request, errors included."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def get(base: str, path: str, **params) -> tuple[int, dict]:
    return send(base + path + ("?" + urllib.parse.urlencode(params) if params else ""))


def test_openapi_document_lists_the_endpoints(server):
    status, spec = get(server, "/openapi.json")
    assert status == 200
    assert {"/api/facts", "/api/events", "/api/graph", "/api/timeline", "/api/series",
            "/api/conflicts", "/api/search", "/api/documents", "/api/actors"} <= set(spec["paths"])


def test_facts_filters_and_pagination(server):
    status, page = get(server, "/api/facts", min_sources=2)
    assert status == 200
    assert {(f["type"], f["source"], f["item_category"]) for f in page["items"]} == {
        ("transfer", "PRK", "ammunition"), ("transfer", "IRN", "drone"),
        ("transfer", "IRN", "missile"), ("meeting", "PRK", None), ("sanction", "GBR", None),
        ("transfer", "BLR", "fuel")}
    _, first = get(server, "/api/facts", limit=5)
    _, second = get(server, "/api/facts", limit=5, offset=5)
    _, everything = get(server, "/api/facts", limit=1000)
    assert [f["id"] for f in first["items"] + second["items"]] == \
        [f["id"] for f in everything["items"][:10]]
    _, contested = get(server, "/api/facts", contested="true", actors="IRN,RUS")
    assert [f["item_category"] for f in contested["items"]] == ["drone"]


def test_fact_detail_has_evidence_and_conflicts(server):
    _, page = get(server, "/api/facts", item="drone", source="IRN")
    status, fact = get(server, f"/api/facts/{page['items'][0]['id']}")
    assert status == 200
    assert {e["doc"] for e in fact["evidence"]} == {"b01_drones_kyiv", "b02_drones_passive",
                                                    "b03_tehran_denies"}
    assert fact["conflicts"][0]["kind"] == "denial"
    assert fact["conflicts"][0]["contrary"][0]["doc"] == "b03_tehran_denies"


def test_graph_edges_and_a_filter_that_changes_them(server):
    _, graph = get(server, "/api/graph", type="transfer")
    edges = {(e["source"], e["target"], e["category"]) for e in graph["edges"]}
    assert ("PRK", "RUS", "ammunition") in edges and ("IRN", "RUS", "drone") in edges
    assert {n["id"] for n in graph["nodes"]} == {"PRK", "RUS", "IRN", "CHN", "BLR"}
    _, later = get(server, "/api/graph", type="transfer", since="2024-01")
    assert ("IRN", "RUS", "drone") not in {(e["source"], e["target"], e["category"])
                                           for e in later["edges"]}
    # the two summits are one edge of two facts; it opens the better-supported one
    _, meetings = get(server, "/api/graph", type="meeting")
    (edge,) = meetings["edges"]
    assert (edge["facts"], edge["sources"], edge["period_start"]) == (2, 2, "2023-09-13")
    _, fact = get(server, f"/api/facts/{edge['fact']}")
    assert fact["sources"] == 2 and fact["period_start"] == "2023-09-13"
    # only the best-supported edges when asked for fewer
    _, top = get(server, "/api/graph", limit=2)
    assert top["total_edges"] == 12 and len(top["edges"]) == 2
    assert [e["sources"] for e in top["edges"]] == [6, 3]


def test_timeline_series_and_search(server):
    _, items = get(server, "/api/timeline", actors="PRK,RUS")
    dates = [r["date"] for r in items["items"]]
    assert dates == sorted(dates) and {r["kind"] for r in items["items"]} == {"event", "fact"}
    status, drones = get(server, "/api/timeline", item="drone")
    assert status == 200 and {r["item_category"] for r in drones["items"]} == {"drone"}
    _, series = get(server, "/api/series", unit="containers")
    assert [r["value"] for r in series["items"]] == [1000, 6700, 10000, 10000, 2000, 13000]
    _, found = get(server, "/api/search", q="Vostochny cosmodrome")
    assert [d["doc"] for d in found["items"]] == ["c01_summit_cosmodrome"]
    assert "<<Vostochny>>" in found["items"][0]["snippet"]
    _, odd = get(server, "/api/search", q='"unbalanced AND (NEAR* OR')
    assert odd["items"] == [] or all("doc" in d for d in odd["items"])


@pytest.mark.parametrize(("path", "params", "status", "words"), [
    ("/api/facts", {"since": "last week"}, 422, "since"),
    ("/api/facts", {"limit": "0"}, 422, "limit"),
    ("/api/events", {"type": "invasion"}, 422, "type"),
    ("/api/graph", {"actors": "PRK;DROP TABLE facts"}, 422, "actors"),
    ("/api/facts/Fnope", {}, 404, "no fact"),
    ("/api/documents/nope", {}, 404, "no document"),
    ("/api/search", {}, 422, "q"),
    ("/api/nowhere", {}, 404, "Not Found"),
])
def test_bad_requests_get_clear_json_errors(server, path, params, status, words):
    got, body = get(server, path, **params)
    assert got == status and words in body["error"]


def _post_files(base: str, files: list[tuple[str, bytes]]) -> tuple[int, dict]:
    body, content_type = multipart(files)
    req = urllib.request.Request(base + "/api/documents", data=body, method="POST",
                                 headers={"Content-Type": content_type})
    return send(req, timeout=120)


def test_upload_adds_a_document_and_reports_bad_files(server):
    status, result = _post_files(server, [
        ("../../etc/x_new.txt", b"Date: 2025-03-01\n\nBelarus has delivered artillery shells "
                                b"to Russia, Ukrainian officials said."),
        ("empty.txt", b""),
        ("binary.bin", bytes(range(256)) * 40),
    ])
    assert status == 200
    by_file = {r["file"]: r for r in result["items"]}
    assert by_file["x_new.txt"]["outcome"] == "added" and by_file["x_new.txt"]["events"] >= 1
    assert "empty" in by_file["empty.txt"]["error"]
    assert "error" in by_file["binary.bin"]
    _, facts = get(server, "/api/facts", source="BLR", item="ammunition")
    assert len(facts["items"]) == 1
    _, health = get(server, "/api/health")
    assert health["documents"] == 27


def _headers(base: str, path: str) -> tuple[dict, dict]:
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return {k.lower(): v for k, v in r.headers.items()}, json.loads(r.read())


def test_responses_are_cached_until_the_store_changes(server):
    path = "/api/graph?type=transfer&item=fuel"
    _headers(server, path)
    headers, before = _headers(server, path)
    assert headers["x-cache"] == "hit"
    status, _ = _post_files(server, [("more_fuel.txt", b"Date: 2025-05-01\n\nLatvia has sent "
                                                       b"fuel to Russia, officials said.")])
    assert status == 200
    headers, after = _headers(server, path)
    assert headers["x-cache"] == "miss"  # the upload bumped the store's generation
    assert len(after["edges"]) == len(before["edges"]) + 1


def test_upload_of_pages_and_corpus_files(server):
    page = (b"<html><head><meta charset='utf-8'><title>Fuel for Moscow</title>"
            b"<meta property='og:site_name' content='Minsk Monitor'></head><body><nav>Menu</nav>"
            b"<article><h1>Fuel for Moscow</h1><p>Kazakhstan has delivered fuel to Russia, "
            b"officials in Astana said on Monday.</p></article></body></html>")
    corpus = (b'{"id": "up-1", "text": "Armenia has sent drones to Russia, officials said."}\n'
              b'{"id": "up-2"}\n')
    status, result = _post_files(server, [
        ("monitor.html", page), ("dump.jsonl", corpus),
        ("list.urls", b"http://127.0.0.1:1/a\nhttp://127.0.0.1:1/b\n")])
    assert status == 200
    items = result["items"]
    assert [(i["file"], i.get("doc"), i.get("outcome")) for i in items if "error" not in i] == [
        ("monitor.html", "monitor", "added"), ("dump.jsonl", "up-1", "added")]
    errors = {(i["file"], i["where"], i["error"]) for i in items if "error" in i}
    assert errors == {("dump.jsonl", "upload:dump.jsonl:2",
                       "no text (field 'text' is missing or empty)"),
                      ("list.urls", "list.urls", "URL lists cannot be uploaded; ingest them "
                                                 "from the command line")}
    _, doc = get(server, "/api/documents/monitor")
    assert doc["publisher"] == "Minsk Monitor" and doc["text"].startswith("Kazakhstan")


def test_alerts_of_a_watch(server):
    status, alerts = get(server, "/api/alerts", limit=100)
    assert status == 200
    by_rule: dict[str, list] = {}
    for a in alerts["items"]:
        by_rule.setdefault(a["rule"], []).append(a)
    assert [a["message"] for a in by_rule["prk-rus"]] == [
        "new fact: transfer PRK → RUS ammunition (6 source(s), asserted)"]
    assert all(a["fact"] and a["delivered"] == [] for a in by_rule["prk-rus"])
    assert len(by_rule["disputes"]) == 3 and all(a["conflict"] for a in by_rule["disputes"])
    _, only = get(server, "/api/alerts", rule="disputes", limit=1)
    assert len(only["items"]) == 1 and only["items"][0]["rule"] == "disputes"
    status, error = get(server, "/api/alerts", since="yesterday")
    assert status == 422 and "since" in error["error"]
    _, none = get(server, "/api/alerts", since="2999-01-01")
    assert none["items"] == []
