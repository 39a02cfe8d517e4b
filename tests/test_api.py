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


@pytest.mark.parametrize(("path", "params", "words"), [
    ("/api/facts", {"until": "2024-13"}, "until: '2024-13' is not a real date"),
    ("/api/facts", {"since": "2024-02-30"}, "since: '2024-02-30' is not a real date"),
    ("/api/events", {"since": "2023-02-29"}, "since: '2023-02-29' is not a real date"),
    ("/api/timeline", {"until": "0000"}, "until: '0000' is not a real date"),
    ("/api/series", {"since": "2024-00"}, "since: '2024-00' is not a real date"),
    ("/api/export", {"format": "csv", "until": "2024-04-31"}, "until: '2024-04-31'"),
    ("/api/facts", {"min_sources": "-3"}, "min_sources: Input should be greater than or equal"),
    ("/api/graph", {"min_sources": "0"}, "min_sources"),
    ("/api/events", {"offset": "-1"}, "offset"),
    ("/api/facts", {"since": "2024-06", "until": "2024-05"},
     "since: '2024-06' is after until '2024-05'"),
    ("/api/graph", {"since": "2025", "until": "2024-12-31"}, "since: '2025' is after until"),
    ("/api/export", {"format": "csv", "since": "2024-02", "until": "2024-01-31"},
     "since: '2024-02' is after until"),
    ("/api/facts", {"actors": "PRK,XYZ"}, "actors: unknown actor id 'XYZ'"),
    ("/api/events", {"source": "qqq"}, "source: unknown actor id 'QQQ'"),
    ("/api/timeline", {"target": "ZZZ"}, "target: unknown actor id 'ZZZ'"),
    ("/api/graph", {"actors": "NOPE"}, "actors: unknown actor id 'NOPE'"),
])
def test_impossible_dates_windows_counts_and_actors_are_422s(server, path, params, words):
    status, body = get(server, path, **params)
    assert status == 422 and body["error"].startswith("invalid parameters: ")
    assert words in body["error"], body


def test_windows_that_overlap_and_known_actors_pass(server):
    # a day inside the month it ends with, a month inside its year, one leap day
    for since, until in (("2023-09-13", "2023-09"), ("2023-09", "2023"), ("2024-02-29", None)):
        status, _ = get(server, "/api/facts", since=since, **({"until": until} if until else {}))
        assert status == 200
    # Chile is a state the gazetteer knows, with nothing stored: an empty list, not an error
    status, page = get(server, "/api/facts", actors="chl")
    assert status == 200 and (page["count"], page["total"]) == (0, 0)
    # an id only the store knows is accepted too
    _, actors = get(server, "/api/actors")
    assert actors["total"] == actors["count"] == len(actors["items"]) > 0


@pytest.mark.parametrize(("path", "params", "most"), [
    ("/api/facts", {}, 1000), ("/api/events", {}, 1000), ("/api/timeline", {}, 1000),
    ("/api/timeline", {"actors": "PRK"}, 1000), ("/api/events", {"actors": "PRK,RUS"}, 1000),
    ("/api/facts", {"type": "transfer", "since": "2023"}, 1000), ("/api/conflicts", {}, 1000),
    ("/api/documents", {}, 1000), ("/api/search", {"q": "drones"}, 100),
    ("/api/alerts", {}, 1000),
])
def test_a_page_says_how_many_rows_there_are_in_all(server, path, params, most):
    _, everything = get(server, path, **params, limit=most)
    total = everything["total"]
    assert total == everything["count"] == len(everything["items"]) > 1
    _, first = get(server, path, **params, limit=1)
    assert (first["count"], first["total"], first["limit"], first["offset"]) == (1, total, 1, 0)
    _, past = get(server, path, **params, limit=5, offset=total + 10)
    assert (past["count"], past["total"]) == (0, total)
    _, last = get(server, path, **params, limit=5, offset=total - 1)
    assert (last["count"], last["total"]) == (1, total)


def test_docs_and_favicon_are_served_from_this_server(server):
    with urllib.request.urlopen(server + "/docs", timeout=30) as r:
        html = r.read().decode()
        csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "<script>" not in html
    assert 'src="/docs/assets/swagger-ui-bundle.js"' in html and "//cdn" not in html
    for path, media in (("/docs/init.js", "text/javascript"),
                        ("/docs/assets/swagger-ui-bundle.js", "text/javascript"),
                        ("/docs/assets/swagger-ui.css", "text/css"),
                        ("/favicon.ico", "image/x-icon"), ("/favicon.svg", "image/svg+xml")):
        with urllib.request.urlopen(server + path, timeout=30) as r:
            assert r.status == 200 and r.headers["Content-Type"].startswith(media), path
            body = r.read()
        if path == "/favicon.ico":
            assert body[:4] == b"\x00\x00\x01\x00" and len(body) < 10_000


def test_armed_groups_are_found_however_their_id_is_cased(server):
    """Ids of non-state groups keep their case and spaces ("Houthis", "Rapid Support
    Forces"); a filter finds them in any case, after an upload that names them."""
    text = ("Date: 2024-03-02\n\nIran has supplied drones to the Houthis, officials said. "
            "The United Arab Emirates supplied weapons to the Rapid Support Forces in "
            "Sudan, investigators said.\n")
    status, _ = _post_files(server, [("groups.txt", text.encode())])
    assert status == 200
    for asked in ("Houthis", "houthis", "HOUTHIS"):
        status, page = get(server, "/api/facts", actors=asked)
        assert status == 200, page
        assert {(f["source"], f["target"]) for f in page["items"]} >= {("IRN", "Houthis")}
    for asked in ("Rapid Support Forces", "rapid support forces", "ARE,rapid support forces"):
        status, page = get(server, "/api/events", actors=asked)
        assert status == 200, page
        assert ("ARE", "Rapid Support Forces") in {(e["source"], e["target"])
                                                   for e in page["items"]}
    status, page = get(server, "/api/timeline", actors="houthis")
    assert status == 200 and page["items"]
    # an id with spaces at its ends or unknown words is still refused, naming the parameter
    status, body = get(server, "/api/facts", actors="Rapid Forces of Nowhere")
    assert status == 422 and "actors" in json.dumps(body)
