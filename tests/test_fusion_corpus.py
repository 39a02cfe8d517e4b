"""The self-written fusion corpus (tests/data/fusion): syndicated copies under other
publishers, denials, growing and disputed figures, paraphrases. Expected stories,
publishers, facts, series and conflicts are asserted exactly, through the whole
pipeline (read, extract, store, fuse) on a real SQLite store."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from axiswatch.extract import extract_article
from axiswatch.ingest import read_article
from axiswatch.interfaces.cli import app
from axiswatch.nlp.sentences import split_sentences
from axiswatch.query.facts import (
    FactFilter,
    conflict_record,
    fact_record,
    find_conflicts,
    find_facts,
    find_series,
    series_rows,
    timeline,
)
from axiswatch.query.graph import edges_from_facts, graph_data
from axiswatch.query.search import search_documents
from axiswatch.store.database import Store
from axiswatch.store.fusion import fuse_all, process_pending, update_after_save
from axiswatch.store.schema import Document, EventRow
from axiswatch.store.writer import save_article

CORPUS = Path(__file__).parent / "data" / "fusion"
FILES = sorted(CORPUS.glob("*.txt"))


@pytest.fixture(scope="module")
def extracted():
    """Each article read and extracted once for the module."""
    out = {}
    for path in FILES:
        article = read_article(path)
        out[path.stem] = (article, extract_article(article))
    return out


def add(store: Store, article, events) -> None:
    """Store one article and bring facts up to date, as ingest does for one file."""
    with store.session() as session, session.begin():
        saved = save_article(session, article, list(split_sentences(article.text)), events)
        update_after_save(session, saved)
        process_pending(session)


def build(tmp_path: Path, extracted, order: list[str], name: str = "store.db") -> Store:
    store = Store(f"sqlite:///{tmp_path / name}")
    for doc in order:
        add(store, *extracted[doc])
    return store


def snapshot(store: Store) -> dict:
    """Everything fusion derived, with event ids replaced by the documents they come from."""
    with store.session() as s:
        doc_of = dict(s.execute(select(EventRow.id, Document.doc_id)
                                .join(Document, EventRow.document_id == Document.id)).all())
        facts = [fact_record(r) for r in find_facts(s, FactFilter())]
        members = {}
        for event_id, fact_id in s.execute(select(EventRow.id, EventRow.fact_id)):
            members.setdefault(fact_id, set()).add(doc_of[event_id])
        conflicts = []
        for row in find_conflicts(s, FactFilter()):
            record = conflict_record(s, row)
            record["stating"] = sorted(doc_of[e] for e in record["stating"])
            record["contrary"] = sorted(doc_of[e] for e in record["contrary"])
            conflicts.append(record)
        series = series_rows(find_series(s, FactFilter()))
        for r in series:
            r["events"] = sorted(doc_of[e] for e in r["events"])
        stories = dict(s.execute(select(Document.doc_id, Document.story_id)).all())
        graph = graph_data(s, FactFilter(), limit=1000)
        window = graph_data(s, FactFilter(since="2023-06", until="2024-09"), limit=1000)
        days = [(r["date"], r["kind"], r["type"], r["doc"] or r["fact"])
                for r in timeline(s, FactFilter(actors=("PRK", "RUS"), limit=50))]
    return {"window": window, "timeline": days, "facts": facts,
            "members": {k: sorted(v) for k, v in members.items()},
            "conflicts": conflicts, "series": series, "stories": stories, "graph": graph}


@pytest.fixture(scope="module")
def fused(tmp_path_factory, extracted):
    store = build(tmp_path_factory.mktemp("fusion"), extracted, [p.stem for p in FILES])
    yield store, snapshot(store)
    store.close()


def test_the_corpus_is_big_enough():
    assert len(FILES) >= 25


def test_syndicated_copies_form_stories_and_publishers_are_found(fused):
    store, snap = fused
    copies = {d: s for d, s in snap["stories"].items() if d != s}
    assert copies == {"a02_containers_first_copy": "a01_containers_first",
                      "a03_containers_first_edited_copy": "a01_containers_first",
                      "b06_missiles_delivered_copy": "b05_missiles_delivered"}
    with store.session() as s:
        publishers = dict(s.execute(select(Document.doc_id, Document.publisher)).all())
    assert publishers == {
        "a01_containers_first": "Reuters",  # dateline "SEOUL (Reuters) -"
        "a02_containers_first_copy": "Daily Courier",  # header
        "a03_containers_first_edited_copy": "Baltic Wire",
        "a04_containers_6700": "Yonhap",  # URL en.yna.co.kr
        "a05_containers_10000": "Associated Press",  # dateline "(AP) —"
        "a06_containers_10000_paraphrase": "The Guardian",
        "a07_containers_2000_claim": "Moscow Monitor",
        "a08_containers_13000": "Kyiv Post",
        "a09_pyongyang_denies": "KCNA",
        "a10_kremlin_denies": "TASS",
        "b01_drones_kyiv": "The Kyiv Independent",
        "b02_drones_passive": "BBC",
        "b03_tehran_denies": "IRNA",
        "b04_missiles_maybe": "Politico",
        "b05_missiles_delivered": "Associated Press",
        "b06_missiles_delivered_copy": "Evening Herald",
        "c01_summit_cosmodrome": "Reuters",
        "c02_summit_paraphrase": "The Guardian",
        "c03_treaty_signed": "Yonhap",
        "c04_summit_pyongyang": "Financial Times",
        "d01_china_components": "Financial Times",
        "d02_china_denies": "Xinhua",
        "d03_sanctions_iran_air": "Reuters",
        "d04_sanctions_uk": "BBC",
        "e01_belarus_fuel_unsigned": None,
        "e02_belarus_fuel_unsigned_other": None,
    }


EXPECTED_FACTS = {
    # (type, source, target, category, period_start): (documents, independent sources,
    #   denials, strongest, weakest, confidence, contested)
    ("transfer", "PRK", "RUS", "ammunition", "2023-08-01"):
        (9, 6, 1, "asserted", "denied", 0.9998, True),
    ("transfer", "PRK", "RUS", "weapon", "2023-10-20"): (1, 0, 1, "denied", "denied", 0.0, False),
    ("transfer", "IRN", "RUS", "drone", "2022-10-18"): (3, 2, 1, "asserted", "denied", 0.96, True),
    ("transfer", "IRN", "RUS", "missile", "2023-01-10"):
        (4, 3, 0, "asserted", "possible", 0.968, False),
    ("meeting", "PRK", "RUS", None, "2023-09-13"): (2, 2, 0, "asserted", "asserted", 0.96, False),
    ("meeting", "PRK", "RUS", None, "2024-06-19"): (1, 1, 0, "asserted", "asserted", 0.8, False),
    ("agreement", "PRK", "RUS", None, "2024-06-19"):
        (1, 1, 0, "asserted", "asserted", 0.8, False),
    ("transfer", "CHN", "RUS", "materials", "2024-04-12"):
        (1, 1, 0, "asserted", "asserted", 0.8, False),
    ("transfer", "CHN", "RUS", "weapon", "2024-04-13"): (1, 0, 1, "denied", "denied", 0.0, False),
    ("sanction", "GBR", "IRN", None, "2024-09-10"): (2, 2, 0, "asserted", "asserted", 0.96, False),
    ("sanction", "FRA", "IRN", None, "2024-09-10"): (1, 1, 0, "asserted", "asserted", 0.8, False),
    ("sanction", "DEU", "IRN", None, "2024-09-10"): (1, 1, 0, "asserted", "asserted", 0.8, False),
    ("transfer", "BLR", "RUS", "fuel", None): (2, 2, 0, "asserted", "asserted", 0.96, False),
}


def test_facts_and_their_support(fused):
    _, snap = fused
    got = {(f["type"], f["source"], f["target"], f["item_category"], f["period_start"]):
           (f["documents"], f["sources"], f["denials"], f["strongest"], f["weakest"],
            f["confidence"], f["contested"]) for f in snap["facts"]}
    assert got == EXPECTED_FACTS
    shells = next(f for f in snap["facts"] if f["item_category"] == "ammunition")
    assert shells["first_reported"] == "2023-10-14" and shells["last_reported"] == "2025-02-11"
    assert snap["members"][shells["id"]] == [
        "a01_containers_first", "a02_containers_first_copy",
        "a03_containers_first_edited_copy", "a04_containers_6700", "a05_containers_10000",
        "a06_containers_10000_paraphrase", "a07_containers_2000_claim", "a08_containers_13000",
        "a10_kremlin_denies"]
    assert set(shells["publishers"]) >= {"Reuters", "Yonhap", "TASS", "Kyiv Post"}


def test_the_containers_series(fused):
    _, snap = fused
    rows = [(r["date"], r["value"], r["bound"], r["reporter"], r["publisher"])
            for r in snap["series"] if (r["source"], r["unit"]) == ("PRK", "containers")]
    assert rows == [
        ("2023-10-14", 1000, "min", "KOR", "Reuters"),  # three copies, one point
        ("2024-02-27", 6700, "about", "KOR", "Yonhap"),  # "South Korea's defence ministry"
        ("2024-10-04", 10000, "about", "KOR", "Associated Press"),
        ("2024-10-05", 10000, "about", "KOR", "The Guardian"),
        ("2024-10-20", 2000, None, "Moscow Monitor", "Moscow Monitor"),
        ("2025-02-11", 13000, "about", "UKR", "Kyiv Post"),
    ]
    first = next(r for r in snap["series"] if r["value"] == 1000)
    assert first["events"] == ["a01_containers_first", "a02_containers_first_copy",
                               "a03_containers_first_edited_copy"]
    fuel = [(r["unit"], r["value"]) for r in snap["series"] if r["source"] == "BLR"]
    assert fuel == [("tonnes", 500)]


def test_conflicts_link_the_evidence_on_both_sides(fused):
    _, snap = fused
    got = sorted((c["kind"], c["source"], c["item_category"] or c["unit"], c["period"],
                  tuple(c["stating"]), tuple(c["contrary"])) for c in snap["conflicts"])
    assert got == [
        ("denial", "IRN", "drone", None, ("b01_drones_kyiv", "b02_drones_passive"),
         ("b03_tehran_denies",)),
        ("denial", "PRK", "ammunition", None,
         ("a01_containers_first", "a02_containers_first_copy",
          "a03_containers_first_edited_copy", "a04_containers_6700", "a05_containers_10000",
          "a06_containers_10000_paraphrase", "a07_containers_2000_claim",
          "a08_containers_13000"),
         ("a09_pyongyang_denies", "a10_kremlin_denies")),
        ("figures", "PRK", "containers", "2024-10", ("a07_containers_2000_claim",),
         ("a05_containers_10000", "a06_containers_10000_paraphrase")),
    ]


def testkept_edges_match_edges_computed_from_facts(fused):
    store, snap = fused
    with store.session() as s:
        # since=0000 passes every dated fact but routes the query through the facts
        computed, total = edges_from_facts(s, FactFilter(since="0000"), 1000)
    undated = {("BLR", "RUS", "transfer", "fuel")}  # no period: a date filter drops it
    kept = [e for e in snap["graph"]["edges"]
            if (e["source"], e["target"], e["type"], e["category"]) not in undated]
    assert computed == kept and total == snap["graph"]["total_edges"] - 1
    assert snap["graph"]["total_edges"] == 12


def test_one_by_one_in_any_order_equals_fusing_from_scratch(tmp_path, extracted, fused):
    _, expected = fused
    order = [p.stem for p in FILES]
    random.Random(7).shuffle(order)
    store = build(tmp_path, extracted, order, "shuffled.db")
    assert snapshot(store) == expected  # same ids, support, series and flags
    with store.session() as session, session.begin():
        fuse_all(session)
    assert snapshot(store) == expected
    store.close()


def test_a_replaced_article_updates_the_facts_it_touched(tmp_path, extracted, fused):
    _, expected = fused
    store = build(tmp_path, extracted, [p.stem for p in FILES], "replace.db")
    article, _ = extracted["a09_pyongyang_denies"]
    changed = article.__class__(**{**article.__dict__,
                                   "text": "North Korea sent more shells to Russia.",
                                   "content_hash": "changed"})
    add(store, changed, extract_article(changed))
    incremental = snapshot(store)
    weapon = [f for f in incremental["facts"] if f["item_category"] == "weapon"
              and f["source"] == "PRK"]
    assert weapon == []  # the denial is gone, and with it the weapon fact
    denial = next(c for c in incremental["conflicts"] if c["kind"] == "denial"
                  and c["source"] == "PRK")
    assert denial["contrary"] == ["a10_kremlin_denies"]
    with store.session() as session, session.begin():
        fuse_all(session)
    assert snapshot(store) == incremental
    store.close()


def test_cli_facts_timeline_figures_conflicts(tmp_path):
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(CORPUS), "--db", db])
    assert result.exit_code == 0, result.output
    facts = json.loads(runner.invoke(app, ["facts", "--db", db, "-f", "json",
                                           "--min-sources", "2"]).stdout)
    assert {(f["type"], f["source"], f["item_category"]) for f in facts} == {
        ("transfer", "PRK", "ammunition"), ("transfer", "IRN", "drone"),
        ("transfer", "IRN", "missile"), ("meeting", "PRK", None), ("sanction", "GBR", None),
        ("transfer", "BLR", "fuel")}
    contested = json.loads(runner.invoke(app, ["facts", "--db", db, "-f", "json",
                                               "--contested", "--item", "drone"]).stdout)
    assert [(f["source"], f["denials"]) for f in contested] == [("IRN", 1)]
    timeline = json.loads(runner.invoke(app, ["timeline", "--db", db, "--actors", "PRK,RUS",
                                              "-f", "json"]).stdout)
    dates = [r["date"] for r in timeline]
    assert dates == sorted(dates)
    assert {r["source"] for r in timeline} <= {"PRK", "RUS"}
    assert {r["kind"] for r in timeline} == {"event", "fact"}
    assert any(r["type"] == "agreement" for r in timeline)
    assert not any(r["source"] in ("IRN", "CHN") for r in timeline)
    csv_out = runner.invoke(app, ["figures", "--db", db, "--unit", "containers", "-f", "csv"])
    lines = csv_out.stdout.strip().splitlines()
    assert lines[0].startswith("series,type,source,target,unit,date")
    assert [ln.split(",")[8] for ln in lines[1:]] == ["1000.0", "6700.0", "10000.0", "10000.0",
                                                      "2000.0", "13000.0"]
    conflicts = json.loads(runner.invoke(app, ["conflicts", "--db", db, "-f", "json",
                                               "--actors", "IRN,RUS"]).stdout)
    assert len(conflicts) == 1
    assert [e["doc"] for e in conflicts[0]["contrary"]] == ["b03_tehran_denies"]
    assert "denied" in conflicts[0]["contrary"][0]["evidence"]
    fact_id = contested[0]["id"]
    shown = runner.invoke(app, ["fact", fact_id, "--db", db])
    assert shown.exit_code == 0 and "b03_tehran_denies" in shown.stdout
    missing = runner.invoke(app, ["fact", "Fnope", "--db", db])
    assert missing.exit_code == 2 and "no fact" in missing.stderr
    bad = runner.invoke(app, ["timeline", "--db", db, "--actors", "PRK;DROP TABLE"])
    assert bad.exit_code == 2 and "--actors" in bad.stderr


@pytest.mark.postgres
def test_postgresql_store_fuses_the_same(pg_url, extracted, fused):
    _, expected = fused
    store = Store(pg_url)
    order = [p.stem for p in FILES]
    for doc in reversed(order):
        add(store, *extracted[doc])
    assert snapshot(store) == expected
    with store.session() as session, session.begin():
        fuse_all(session)
    assert snapshot(store) == expected
    with store.session() as session:  # full-text search, the PostgreSQL way
        found = search_documents(session, "Vostochny cosmodrome")
    assert [d["doc"] for d in found] == ["c01_summit_cosmodrome"]
    assert "<<Vostochny>>" in found[0]["snippet"]
    store.close()
