"""`axiswatch export` and `GET /api/export`: every format read back by the other side's
library (csv, json, pyarrow, networkx, followthemoney), over a real store built by
ingesting the sample corpus plus an article of our own with hostile text."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from followthemoney import model
from followthemoney.types import registry

from axiswatch.export import network, tables
from axiswatch.export.rows import ActorInfo, event_batches
from axiswatch.export.safe import clean_text, csv_cell
from axiswatch.export.sipri import SIPRI_COLUMNS, write_sipri
from axiswatch.query.events import EventFilter
from axiswatch.store.database import Store
from conftest import SAMPLE, run_cli, start_server

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
HOSTILE_ARTICLE = (
    "Title: =HYPERLINK(\"http://evil.example/\",\"click\") shells\n"
    "Date: 2024-05-02\n"
    "Publisher: @Evil Wire\n"
    "URL: https://evil.example/story?a=1&b=<2>\n"
    "\n"
    "North Korea has shipped 5,000 artillery shells to Russia, officials said on Thursday."
    " -The shipment <b>arrived</b> & was \"unloaded\" at a port.\n"
)


@pytest.fixture(scope="module")
def store_db(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("export")
    corpus = folder / "corpus"
    corpus.mkdir()
    for path in SAMPLE.iterdir():
        (corpus / path.name).write_bytes(path.read_bytes())
    (corpus / "99_hostile.txt").write_text(HOSTILE_ARTICLE, "utf-8")
    db = f"sqlite:///{folder / 'store.db'}"
    result = run_cli("ingest", str(corpus), "--db", db)
    assert result.returncode == 0, result.stderr
    return db


def export(db: str, tmp_path: Path, format: str, *options: str) -> Path:
    output = tmp_path / f"out.{format}"
    result = run_cli("export", "--db", db, "--format", format, "-o", str(output), *options)
    assert result.returncode == 0, result.stderr
    return output


_LISTINGS: dict[tuple[str, ...], list[dict]] = {}


def listed(db: str, command: str, *options: str) -> list[dict]:
    """What `axiswatch events|facts --format json` lists (asked once per module)."""
    key = (db, command, *options)
    if key not in _LISTINGS:
        result = run_cli(command, "--db", db, "--format", "json", *options)
        assert result.returncode == 0, result.stderr
        _LISTINGS[key] = json.loads(result.stdout)
    return _LISTINGS[key]


def test_csv_has_the_documented_columns_for_events_and_facts(store_db, tmp_path):
    events = list(csv.DictReader(export(store_db, tmp_path, "csv", "--what", "events")
                                 .open(encoding="utf-8", newline="")))
    assert list(events[0]) == [name for name, _ in tables.EVENT_COLUMNS]
    assert [int(e["id"]) for e in events] == [e["id"] for e in listed(store_db, "events")]
    shells = next(e for e in events if e["doc"] == "99_hostile")
    assert (shells["source"], shells["target"], float(shells["quantity"])) == ("PRK", "RUS", 5000)
    assert shells["published"] == "2024-05-02"
    facts = list(csv.DictReader(export(store_db, tmp_path, "csv").open(encoding="utf-8",
                                                                       newline="")))
    assert list(facts[0]) == [name for name, _ in tables.FACT_COLUMNS]
    assert [f["id"] for f in facts] == [f["id"] for f in listed(store_db, "facts")]
    assert {f["contested"] for f in facts} <= {"true", "false"}


def test_csv_cells_cannot_run_as_formulas(store_db, tmp_path):
    rows = list(csv.reader(export(store_db, tmp_path, "csv", "--what", "events",
                                  "--doc", "99_hostile").open(encoding="utf-8", newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells and not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    assert any(c.startswith("'=HYPERLINK") for c in cells)  # the title, quoted
    assert any(c == "'@Evil Wire" for c in cells)
    assert any(c.startswith("'-The shipment") or "-The shipment" in c for c in cells)


def test_jsonl_rows_match_the_listing(store_db, tmp_path):
    lines = export(store_db, tmp_path, "jsonl").read_text("utf-8").splitlines()
    facts = [json.loads(line) for line in lines]
    assert [f["id"] for f in facts] == [f["id"] for f in listed(store_db, "facts")]
    assert all(set(f) == {name for name, _ in tables.FACT_COLUMNS} for f in facts)
    assert all(isinstance(f["publishers"], list) for f in facts)
    events = [json.loads(line) for line in export(store_db, tmp_path, "jsonl", "--what",
                                                  "events", "--type", "transfer")
              .read_text("utf-8").splitlines()]
    assert events and {e["type"] for e in events} == {"transfer"}
    assert len(events) == len(listed(store_db, "events", "--type", "transfer"))


def test_parquet_reads_back_with_the_documented_types(store_db, tmp_path):
    table = pq.read_table(export(store_db, tmp_path, "parquet", "--what", "events"))
    assert table.schema == pa.schema(tables.EVENT_COLUMNS)
    assert table.num_rows == len(listed(store_db, "events"))
    assert table.column("published").type == pa.date32()
    hostile = table.filter(pa.compute.equal(table.column("doc"), "99_hostile")).to_pylist()
    assert hostile[0]["published"] == date(2024, 5, 2)
    facts = pq.read_table(export(store_db, tmp_path, "parquet", "--actors", "PRK,RUS"))
    assert facts.schema == pa.schema(tables.FACT_COLUMNS)
    assert facts.column("id").to_pylist() == [f["id"] for f in listed(store_db, "facts",
                                                                      "--actors", "PRK,RUS")]


def _expected_edges(db: str, *filters: str) -> set[tuple[str, str, str]]:
    return {(f["source"], f["target"], f["id"]) for f in listed(db, "facts", *filters)
            if f["target"]}


def test_networkx_reads_the_graphml_back(store_db, tmp_path):
    graph = nx.read_graphml(export(store_db, tmp_path, "graphml"))
    edges = _expected_edges(store_db)
    assert {(s, t, d["fact"]) for s, t, d in graph.edges(data=True)} == edges
    assert set(graph.nodes) == {a for s, t, _ in edges for a in (s, t)} | {
        f["source"] for f in listed(store_db, "facts") if not f["target"]}
    assert graph.nodes["PRK"]["name"] == "North Korea"
    assert graph.nodes["PRK"]["kind"] == "state"
    _, _, data = next((s, t, d) for s, t, d in graph.edges(data=True)
                      if (s, t, d["type"], d.get("category")) == ("PRK", "RUS", "transfer",
                                                              "ammunition"))
    assert data["sources"] >= 3 and data["certainty"] == "asserted"
    assert data["start"] <= data["end"]
    assert isinstance(data["contested"], bool)


def test_networkx_reads_the_gexf_back_with_time_intervals(store_db, tmp_path):
    path = export(store_db, tmp_path, "gexf", "--actors", "PRK,RUS")
    graph = nx.read_gexf(path)
    edges = _expected_edges(store_db, "--actors", "PRK,RUS")
    assert {(s, t, d["fact"]) for s, t, d in graph.edges(data=True)} == edges
    assert set(graph.nodes) == {"PRK", "RUS"}
    assert graph.nodes["RUS"]["label"] == "Russia" and graph.nodes["RUS"]["kind"] == "state"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["start"]) and d["start"] <= d["end"]
               for _, _, d in graph.edges(data=True))
    for source, target, data in graph.edges(data=True):  # edges live while their nodes do
        for node in (graph.nodes[source], graph.nodes[target]):
            assert node["start"] <= data["start"] <= data["end"] <= node["end"]
    root = ET.parse(path).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    element = root.find("g:graph", ns)
    assert element is not None
    assert (element.get("mode"), element.get("timeformat")) == ("dynamic", "date")
    assert all(e.get("start") and e.get("end") for e in root.iterfind(".//g:edge", ns))


def test_followthemoney_validates_every_entity(store_db, tmp_path):
    lines = export(store_db, tmp_path, "ftm").read_text("utf-8").splitlines()
    entities = {}
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)  # parsed and cleaned by the model
        assert proxy.to_dict()["properties"] == data["properties"], data  # nothing dropped
        proxy.schema.validate(proxy.to_dict())
        assert all(proxy.get(p) for p in proxy.schema.required), data
        assert proxy.id not in entities
        entities[proxy.id] = proxy
    for proxy in entities.values():  # every reference resolves within the file
        for prop, value in proxy.itervalues():
            if prop.type == registry.entity:
                assert value in entities, (proxy.schema.name, prop.name)
    schemata = {p.schema.name for p in entities.values()}
    assert {"PublicBody", "Organization", "Person", "Article", "UnknownLink", "Sanction",
            "Documentation"} <= schemata
    facts = listed(store_db, "facts")
    flows = [p for p in entities.values() if p.get("recordId", quiet=True)]
    assert sorted(p.first("recordId") for p in flows) == sorted(f["id"] for f in facts)
    russia = next(p for p in entities.values() if p.schema.name == "PublicBody"
                  and p.first("name") == "Russia")
    assert russia.get("country") == ["ru"]
    shells = next(p for p in flows if p.schema.name == "UnknownLink"
                  and p.get("role") == ["transfer: ammunition"]
                  and p.get("subject") and entities[p.first("subject")].first("name")
                  == "North Korea")
    assert entities[shells.first("object")].first("name") == "Russia"
    assert shells.get("proof") and all(entities[d].schema.name == "Article"
                                       for d in shells.get("proof"))
    assert shells.first("startDate") <= shells.first("endDate")


def test_sipri_register_has_one_row_per_transfer_fact(store_db, tmp_path):
    rows = list(csv.DictReader(export(store_db, tmp_path, "sipri").open(encoding="utf-8",
                                                                        newline="")))
    assert list(rows[0]) == SIPRI_COLUMNS
    transfers = [f for f in listed(store_db, "facts", "--type", "transfer") if f["target"]]
    assert [r["Fact id"] for r in rows] == [f["id"] for f in transfers]
    ammunition = [r for r in rows if (r["Supplier"], r["Recipient"], r["Description"])
                  == ("North Korea", "Russia", "ammunition")]
    assert ammunition and all(r["Sources"].isdigit() for r in ammunition)
    counted = next(r for r in ammunition if r["Unit"] == "containers")
    assert int(counted["Number delivered"]) >= 6700
    assert "2023" in counted["Year(s) of delivery"]
    assert "Figures reported" in counted["Comments"]
    assert counted["Certainty"] == "asserted"


def test_filters_are_those_of_facts_and_events(store_db, tmp_path):
    ids = [json.loads(line)["id"] for line in export(
        store_db, tmp_path, "jsonl", "--source", "IRN", "--since", "2024", "--min-sources", "2")
        .read_text("utf-8").splitlines()]
    assert ids == [f["id"] for f in listed(store_db, "facts", "--source", "IRN", "--since",
                                           "2024", "--min-sources", "2")]
    assert ids
    limited = export(store_db, tmp_path, "csv", "--what", "events", "--limit", "3")
    assert len(list(csv.DictReader(limited.open(encoding="utf-8", newline="")))) == 3


@pytest.mark.parametrize("options, message", [
    (("--format", "xlsx"), "xlsx"),
    (("--format", "gexf", "--what", "events"), "--what events"),
    (("--format", "sipri", "--type", "meeting"), "transfers only"),
    (("--format", "csv", "--what", "events", "--min-sources", "2"), "filter facts"),
    (("--format", "csv", "--since", "last week"), "--since"),
])
def test_bad_requests_exit_2_with_one_line(store_db, tmp_path, options, message):
    output = tmp_path / "never.out"
    result = run_cli("export", "--db", store_db, "-o", str(output), *options)
    assert result.returncode == 2
    assert message in result.stderr
    assert not output.exists()


def test_bundle_is_dispatched_to_the_bundle_writer(store_db, tmp_path):
    pytest.importorskip("axiswatch.export.bundle")
    output = tmp_path / "store.bundle"
    result = run_cli("export", "--db", store_db, "--format", "bundle", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert "documents written" in result.stderr
    assert output.stat().st_size > 0


def test_exports_read_the_store_in_batches(store_db):
    store = Store(store_db)
    with store.session() as session:
        small = list(event_batches(session, EventFilter(), batch=7))
        whole = list(event_batches(session, EventFilter(), batch=10_000))
    store.close()
    assert len(small) > 1 and all(len(b) <= 7 for b in small)
    assert [r for b in small for r in b] == whole[0]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


HOSTILE = "a<b & \"c\" 'd'\x00\x01\x1b[31m\x7f=1+2"


def test_hostile_text_never_breaks_an_output_format(tmp_path):
    """Plain rows with markup, quotes, control characters and formulas, through each
    writer, read back by the libraries."""
    nodes = [ActorInfo("AAA", HOSTILE, "state", "2024", "2024-02"),
             ActorInfo("B&B", "=cmd", "group", None, None)]
    fact = {"id": "F<1>", "type": "transfer", "source": "AAA", "target": "B&B",
            "item_category": "weapon", "sources": 2, "strongest": "reported",
            "weakest": "alleged", "confidence": 0.5, "contested": True, "denials": 1,
            "period_start": "2024-02", "period_end": None, "first_reported": None,
            "last_reported": None, "publishers": [HOSTILE], "events": 1, "documents": 1,
            "attributions": [], "statuses": []}
    for writer, reader in ((network.write_graphml, nx.read_graphml),
                           (network.write_gexf, nx.read_gexf)):
        path = tmp_path / "graph.xml"
        with path.open("wb") as out:
            assert writer(nodes, [[fact]], out) == 1
        graph = reader(path)
        assert set(graph.nodes) == {"AAA", "B&B"}
        assert graph.nodes["AAA"].get("name") == clean_text(HOSTILE)
        (_, _, data), = graph.edges(data=True)
        assert data["fact"] == "F<1>" and (data["start"], data["end"]) == ("2024-02-01",
                                                                         "2024-02-29")
    event = {"id": 1, "doc": "d\x01", "published": date(2024, 1, 2), "type": "transfer",
             "source": "AAA", "target": "B&B", "item": "-rifles", "item_category": "weapon",
             "quantity": -5.0, "quantity_high": None, "unit": "@units", "approx": False,
             "when": None, "day": "2024-01-02", "status": None, "attribution": HOSTILE,
             "certainty": "reported", "score": None, "fact": "F<1>", "evidence": HOSTILE,
             "evidence_start": 0, "evidence_end": 3, "publisher": "+pub", "title": HOSTILE,
             "url": None}
    outputs = {}
    for name, write in (("csv", tables.write_csv), ("jsonl", tables.write_jsonl),
                        ("parquet", tables.write_parquet)):
        buffer = io.BytesIO()
        write([[event]], tables.EVENT_COLUMNS, buffer)
        outputs[name] = buffer.getvalue()
    row = next(csv.DictReader(io.StringIO(outputs["csv"].decode("utf-8"), newline="")))
    assert row["item"] == "'-rifles" and row["unit"] == "'@units" and row["publisher"] == "'+pub"
    assert row["quantity"] == "-5.0"  # numbers are not text: left alone
    assert not CONTROL.search(outputs["csv"].decode("utf-8"))
    assert json.loads(outputs["jsonl"])["evidence"] == clean_text(HOSTILE)
    assert not CONTROL.search(outputs["jsonl"].decode("utf-8"))
    parquet = pq.read_table(io.BytesIO(outputs["parquet"])).to_pylist()[0]
    assert parquet["title"] == clean_text(HOSTILE)
    buffer = io.BytesIO()
    write_sipri([[(fact, [event])]], {"AAA": "=Supplier"}, buffer)
    register = list(csv.reader(io.StringIO(buffer.getvalue().decode("utf-8"), newline="")))
    assert register[1][0] == "'=Supplier"
    assert not any(c.startswith(("=", "+", "-", "@")) and not _is_number(c)
                   for c in register[1])
    assert csv_cell(3) == 3 and csv_cell("=x") == "'=x"


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


@pytest.fixture(scope="module")
def export_server(store_db):
    yield from start_server(store_db)


@pytest.mark.parametrize("format, what, media_type, filename", [
    ("csv", "events", "text/csv", "axiswatch-events.csv"),
    ("parquet", "facts", "application/vnd.apache.parquet", "axiswatch-facts.parquet"),
    ("gexf", "facts", "application/gexf+xml", "axiswatch-network.gexf"),
    ("graphml", "facts", "application/graphml+xml", "axiswatch-network.graphml"),
    ("ftm", "facts", "application/x-ndjson", "axiswatch-entities.ftm.jsonl"),
    ("sipri", "facts", "text/csv", "axiswatch-transfers-sipri.csv"),
])
def test_api_export_gives_the_file_of_the_cli(export_server, store_db, tmp_path, format, what,
                                              media_type, filename):
    query = urllib.parse.urlencode({"format": format, "what": what, "actors": "PRK,RUS"})
    status, headers, body = _get(f"{export_server}/api/export?{query}")
    assert status == 200, body[:300]
    assert headers["content-type"].startswith(media_type)
    assert f'filename="{filename}"' in headers["content-disposition"]
    cli = export(store_db, tmp_path, format, "--what", what, "--actors", "PRK,RUS")
    if format == "parquet":
        assert pq.read_table(io.BytesIO(body)).equals(pq.read_table(cli))
    else:
        assert body == cli.read_bytes()


def test_api_export_refuses_an_unknown_format_naming_the_parameter(export_server):
    status, _, body = _get(f"{export_server}/api/export?format=xlsx")
    assert status == 422
    assert "format" in json.loads(body)["error"]
    status, _, body = _get(f"{export_server}/api/export?format=sipri&type=meeting")
    assert status == 422 and "transfers only" in json.loads(body)["error"]
    status, _, body = _get(f"{export_server}/api/export?format=csv&since=yesterday")
    assert status == 422 and "since" in json.loads(body)["error"]


def test_postgresql_store_exports_what_it_lists(pg_url, tmp_path):
    ingest = run_cli("ingest", str(SAMPLE), "--db", pg_url)
    assert ingest.returncode == 0, ingest.stderr
    pg_facts = [json.loads(line) for line in export(pg_url, tmp_path, "jsonl")
                .read_text("utf-8").splitlines()]
    listing = listed(pg_url, "facts")
    assert pg_facts and [f["id"] for f in pg_facts] == [f["id"] for f in listing]
    graph = nx.read_gexf(export(pg_url, tmp_path, "gexf"))
    assert {(s, t, d["fact"]) for s, t, d in graph.edges(data=True)} == _expected_edges(pg_url)
    table = pq.read_table(export(pg_url, tmp_path, "parquet", "--what", "events"))
    assert table.schema == pa.schema(tables.EVENT_COLUMNS)
    assert table.num_rows == len(listed(pg_url, "events"))
    entities = [model.get_proxy(json.loads(line), cleaned=False) for line in
                export(pg_url, tmp_path, "ftm").read_text("utf-8").splitlines()]
    assert sorted(p.first("recordId") for p in entities if p.get("recordId", quiet=True)) == sorted(
        f["id"] for f in listing)
