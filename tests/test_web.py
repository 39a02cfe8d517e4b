"""The analyst page in a real browser: Debian's chromium driven by Playwright,
against `axiswatch serve` on 127.0.0.1 over the fusion corpus. Screenshots go
to test-artifacts/."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import CHROMIUM, ROOT

STATIC = ROOT / "src" / "axiswatch" / "interfaces" / "static" / "index.html"
ARTIFACTS = ROOT / "test-artifacts"

MISSING = ("Debian's chromium is not installed (apt-get install chromium)"
           if not Path(CHROMIUM).exists() else
           "the web page is not built (scripts/setup.sh runs npm)"
           if not STATIC.is_file() else None)
if MISSING and os.environ.get("AXISWATCH_REQUIRE_BROWSER"):
    raise RuntimeError(f"browser tests required (AXISWATCH_REQUIRE_BROWSER) but {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

HOSTILE = ("Date: 2025-04-02\nPublisher: <img src=x onerror=window.__pwned=1>\n"
           "URL: javascript:window.__pwned=1\n\n"
           "<script>window.__pwned = 1</script> Belarus has sent drones to Serbia, "
           "\u202eofficials\u202c said\u200b today. " + "<b>long line</b> " * 400 +
           "\n\nשלום <iframe src=javascript:window.__pwned=1></iframe> עולם")


@pytest.fixture
def page(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server + "/")
    page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
    yield page
    context.close()
    assert errors == [], f"errors in the page: {errors}"


def edges(page) -> set[tuple[str, str, str]]:
    """Every flow drawn (source, target, category or type): the graph merges the
    flows of one pair into one edge, each flow listed in it."""
    return {tuple(e) for e in page.evaluate("window.axiswatchFlows()")}


def redraw(page, script: str) -> None:
    page.evaluate("document.body.dataset.ready = 'no'")
    page.evaluate(script)
    page.wait_for_selector("body[data-ready=yes]", timeout=30_000)


def test_graph_shows_the_flows_and_a_time_filter_changes_them(page):
    shown = edges(page)
    assert {("PRK", "RUS", "ammunition"), ("IRN", "RUS", "drone"), ("IRN", "RUS", "missile"),
            ("CHN", "RUS", "materials"), ("BLR", "RUS", "fuel")} <= shown
    page.screenshot(path=str(ARTIFACTS / "graph.png"), full_page=True)
    months = page.evaluate("window.axiswatchMonths")
    assert months[0] == "2022-10" and len(months) > 24
    # from 2024-01 on, the autumn 2022 drone deliveries drop out of the graph
    start = months.index("2024-01")
    redraw(page, f"(() => {{ const f = document.getElementById('f-from'); f.value = {start};"
                 " f.dispatchEvent(new Event('change')); })()")
    later = edges(page)
    assert ("IRN", "RUS", "drone") not in later
    assert ("PRK", "RUS", "ammunition") in later and ("IRN", "RUS", "missile") in later
    assert page.locator("#f-from-label").inner_text() == "2024-01"
    page.screenshot(path=str(ARTIFACTS / "graph-from-2024.png"), full_page=True)
    redraw(page, "(() => { const f = document.getElementById('f-type'); f.value = 'meeting';"
                 " f.dispatchEvent(new Event('change')); })()")
    assert {c for *_, c in edges(page)} == {"meeting"}


def test_clicking_an_edge_shows_the_evidence_sentence_highlighted(page):
    edge = page.evaluate("window.axiswatchGraph.edges().filter(e => e.data('merged').flows"
                         ".some(f => f.category === 'drone' && f.source === 'IRN'))[0].id()")
    page.evaluate(f"window.axiswatchGraph.getElementById({edge!r}).emit('tap')")
    # the merged edge lists its flows, the strongest opened below; open the drone flow
    page.wait_for_selector("#flows li[data-category=drone]", timeout=15_000)
    page.click("#flows li[data-category=drone]")
    page.wait_for_selector("#evidence mark:has-text('Shahed')", timeout=15_000)
    marks = page.locator("#evidence mark").all_inner_texts()
    assert "Iran has supplied Shahed drones to Russia, Ukraine's air force said on Tuesday." \
        in marks
    meta = page.locator("#evidence .evidence-item .meta").all_inner_texts()
    assert any("The Kyiv Independent" in m and "2022-10-18" in m and "asserted" in m
               for m in meta)
    assert page.locator("#evidence .evidence-item.denied").count() == 1
    assert page.locator("#fact-conflicts li").count() == 1
    links = page.locator("#evidence a.source-link")
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert "https://kyivindependent.com/iranian-drones-kyiv" in hrefs
    assert links.first.get_attribute("rel") == "noopener noreferrer nofollow"
    # the timeline now follows the edge's pair
    page.wait_for_selector("#selection:has-text('IRN and RUS')")
    page.wait_for_function("""() => {
        const texts = [...document.querySelectorAll('#timeline .vis-item')]
            .map(e => e.innerText.trim()).filter(t => t);
        return texts.length > 0 && texts.every(t => t.includes('IRN→RUS')
                                                   || t.includes('RUS→IRN')); }""",
                           timeout=15_000)
    page.click("#selection button")
    page.wait_for_function("document.querySelectorAll('#timeline .vis-item').length > 10")
    page.screenshot(path=str(ARTIFACTS / "evidence.png"), full_page=True)


def test_timeline_facts_table_figures_and_search(page):
    assert page.locator("#timeline .vis-item").count() > 10
    page.locator("#timeline").screenshot(path=str(ARTIFACTS / "timeline.png"))
    rows = page.locator("#facts tbody tr")
    assert rows.count() == 13
    assert page.locator("#facts tbody tr.contested").count() == 2
    page.locator("#facts tbody tr", has_text="materials").first.click()
    page.wait_for_selector("#evidence .evidence-item", timeout=15_000)
    assert "machine tools" in page.locator("#evidence mark").first.inner_text()
    assert page.locator("#conflicts li").count() == 3
    page.fill("#q", "Vostochny")
    page.click("#search button")
    page.wait_for_selector("#results li mark")
    assert page.locator("#results li mark").first.inner_text() == "Vostochny"


def test_alerts_panel_opens_the_fact(page):
    alerts = page.locator("#alerts li")
    assert alerts.count() == 4  # what the fixture's watch raised: one fact, three conflicts
    fact = page.locator("#alerts li", has_text="new fact: transfer PRK → RUS ammunition")
    assert fact.count() == 1
    fact.click()
    page.wait_for_selector("#evidence h3:has-text('transfer PRK → RUS ammunition')",
                           timeout=15_000)
    assert page.locator("#evidence .evidence-item").count() >= 6
    page.locator("#alerts-panel").screenshot(path=str(ARTIFACTS / "alerts.png"))


def test_upload_adds_a_document_and_hostile_text_renders_inertly(page):
    page.set_input_files("#file-input", files=[{
        "name": "hostile.txt", "mimeType": "text/plain", "buffer": HOSTILE.encode()}])
    page.wait_for_selector("#upload-results li:has-text('added')", timeout=60_000)
    page.wait_for_selector("body[data-ready=yes]")
    page.wait_for_selector("#facts tbody tr:has-text('Serbia')", timeout=30_000)
    page.locator("#facts tbody tr", has_text="Serbia").first.click()
    page.wait_for_selector("#evidence .evidence-item")
    evidence = page.locator("#evidence").inner_text()
    assert "<script>window.__pwned = 1</script>" in evidence  # shown as text
    assert page.locator("#evidence script, #evidence img, #evidence iframe").count() == 0
    assert page.locator("#evidence a.source-link").count() == 0  # javascript: is no link
    page.fill("#q", "iframe shalom")
    page.fill("#q", "iframe")
    page.click("#search button")
    page.wait_for_selector("#results li")
    assert page.locator("#results iframe, #results script").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)


def test_briefing_link_opens_the_report_of_the_current_filters(page):
    redraw(page, "(() => { const f = document.getElementById('f-type'); f.value = 'transfer';"
                 " f.dispatchEvent(new Event('change')); })()")
    page.evaluate("window.axiswatchGraph.getElementById('PRK').emit('tap')")
    link = page.locator("#briefing")
    link.hover()
    href = link.get_attribute("href")
    assert href.startswith("/api/report?") and "format=html" in href
    assert "type=transfer" in href and "actors=PRK" in href
    with page.context.expect_page() as opened:
        link.click()
    report = opened.value
    report.wait_for_load_state()
    assert report.url.endswith(href)
    assert report.locator("h1").inner_text() == "Briefing: North Korea"
    assert report.locator("#sources li").count() > 0
    assert "type transfer" in report.locator("header .meta").inner_text()
    report.screenshot(path=str(ARTIFACTS / "briefing.png"), full_page=True)


FACT_COLUMNS = ["id", "type", "source", "target", "item_category", "period_start", "period_end",
                "first_reported", "last_reported", "events", "documents", "sources", "denials",
                "strongest", "weakest", "confidence", "contested", "attributions",
                "publishers", "statuses"]  # docs/exports.md


def test_export_menu_downloads_the_current_filters(page):
    import csv
    import io
    import xml.etree.ElementTree as ET

    redraw(page, "(() => { const f = document.getElementById('f-type'); f.value = 'transfer';"
                 " f.dispatchEvent(new Event('change')); })()")
    page.evaluate("window.axiswatchGraph.getElementById('PRK').emit('tap')")
    menu = page.get_by_label("Export")
    assert menu.evaluate("e => e.id") == "export"
    with page.expect_download() as caught:
        menu.select_option(label="Facts CSV")
    download = caught.value
    assert download.suggested_filename == "axiswatch-facts.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text("utf-8"))))
    assert rows[0] == FACT_COLUMNS
    facts = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert facts and all(f["type"] == "transfer" and "PRK" in (f["source"], f["target"])
                         for f in facts)
    assert menu.input_value() == ""  # back to "choose a format", ready for the next

    with page.expect_download() as caught:
        menu.select_option(label="GEXF (Gephi)")
    download = caught.value
    assert download.suggested_filename == "axiswatch-network.gexf"
    root = ET.parse(download.path()).getroot()
    ns = {"g": root.tag[1:].split("}")[0]}
    nodes = {n.get("id") for n in root.iterfind(".//g:node", ns)}
    edges = [(e.get("source"), e.get("target")) for e in root.iterfind(".//g:edge", ns)]
    assert "PRK" in nodes and len(edges) == len(facts)
    assert all("PRK" in pair and set(pair) <= nodes for pair in edges)

    # a refused export is a message, not a broken file: events cannot take "Min. sources"
    redraw(page, "(() => { const f = document.getElementById('f-sources'); f.value = '2';"
                 " f.dispatchEvent(new Event('change')); })()")
    menu.select_option(label="Events CSV")
    status = page.locator("#export-status")
    status.filter(has_text="Export failed").wait_for()
    assert "filter facts, not events" in status.inner_text()
