"""The analyst page in a real browser over a REAL store: the 98 articles of the shared
dev set (../shared/eval/dev/docs) plus the sample corpus, ingested once with the CLI and
the shipped model, served by `axiswatch serve` on 127.0.0.1 and driven by Debian's
chromium under Playwright. Screenshots of every panel go to test-artifacts/real-*.png."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from statistics import correlation
from urllib.parse import parse_qs, urlparse

import pytest
from tests.conftest import CHROMIUM, ROOT, SAMPLE, SHARED, run_cli, start_server

DEV_DOCS = SHARED / "eval" / "dev" / "docs"
STATIC = ROOT / "src" / "axiswatch" / "interfaces" / "static" / "index.html"
ARTIFACTS = ROOT / "test-artifacts"
# conftest pins the hand rules (AXISWATCH_MODEL=rules) in every process; an empty value
# means "no override", so the ingest and the server use the shipped trained model
MODEL = {"AXISWATCH_MODEL": ""}

MISSING = ("Debian's chromium is not installed (apt-get install chromium)"
           if not Path(CHROMIUM).exists() else
           "Playwright is not installed (pip install playwright)"
           if importlib.util.find_spec("playwright") is None else
           "the web page is not built (scripts/setup.sh runs npm)"
           if not STATIC.is_file() else None)
if MISSING and os.environ.get("AXISWATCH_REQUIRE_BROWSER"):
    raise RuntimeError(f"browser tests required (AXISWATCH_REQUIRE_BROWSER) but {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


@pytest.fixture(scope="module")
def real_server(tmp_path_factory):
    """A real API server over the dev articles and the sample corpus (built once)."""
    if not DEV_DOCS.is_dir() or not any(DEV_DOCS.iterdir()):
        pytest.skip(f"the shared dev articles are not at {DEV_DOCS} (they sit beside the "
                    "checkout in development and CI, not in a user's clone)")
    folder = tmp_path_factory.mktemp("real")
    db = f"sqlite:///{folder / 'real.db'}"
    ingest = run_cli("ingest", str(SAMPLE), str(DEV_DOCS), "--db", db, env=MODEL)
    assert ingest.returncode == 0, ingest.stderr
    assert " 0 failed" in ingest.stderr, ingest.stderr  # the summary goes to stderr
    yield from start_server(db, env=MODEL)


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1500})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(url)
    page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
    # vis-timeline keeps its box invisible until its first full draw, a little after ready
    page.wait_for_function("""() => { const t = document.querySelector('#timeline');
        const root = t && t.querySelector('.vis-timeline');
        return t && (t.hidden || (root && getComputedStyle(root).visibility === 'visible')); }""",
                           timeout=15_000)
    return context, page, errors


@pytest.fixture
def page(browser, real_server):
    ARTIFACTS.mkdir(exist_ok=True)
    context, page, errors = open_page(browser, real_server + "/")
    yield page
    context.close()
    assert errors == [], f"errors in the page: {errors}"


def redraw(page, script: str) -> None:
    page.evaluate("document.body.dataset.ready = 'no'")
    page.evaluate(script)
    page.wait_for_selector("body[data-ready=yes]", timeout=30_000)


def choose(page, select: str, value: str) -> None:
    redraw(page, f"(() => {{ const f = document.getElementById({select!r}); f.value = {value!r};"
                 " f.dispatchEvent(new Event('change')); })()")


def tap_node(page, node: str) -> None:
    # returns nothing: Playwright serialising the collection emit() returns takes seconds
    page.evaluate(f"() => {{ window.axiswatchGraph.getElementById({node!r}).emit('tap'); }}")


def flows(page) -> set[tuple[str, str, str, str]]:
    """Every flow the graph draws: (source, target, type, category)."""
    return {tuple(f) for f in page.evaluate(
        "window.axiswatchGraph.edges().flatMap(e => e.data('merged').flows.map(f =>"
        " [f.source, f.target, f.type, f.category || '']))")}


NODES = """() => window.axiswatchGraph.nodes().map(n => {
    const box = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
    return { id: n.id(), x: n.position('x'), y: n.position('y'), w: n.width(), h: n.height(),
             label: [box.x1, box.y1, box.x2, box.y2] }; })"""


def test_graph_layout_has_no_overlapping_nodes_and_uses_both_axes(page):
    nodes = page.evaluate(NODES)
    assert len(nodes) >= 20, [n["id"] for n in nodes]
    assert {"RUS", "PRK", "IRN", "CHN", "UKR", "USA"} <= {n["id"] for n in nodes}
    circles, labelled = [], []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1:]:
            apart = ((a["x"] - b["x"]) ** 2 + (a["y"] - b["y"]) ** 2) ** 0.5
            if apart < (a["w"] + b["w"]) / 2:
                circles.append((a["id"], b["id"], round(apart), (a["w"] + b["w"]) / 2))
            (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = a["label"], b["label"]
            if ax1 < bx2 and bx1 < ax2 and ay1 < by2 and by1 < ay2:
                labelled.append((a["id"], b["id"]))
    assert circles == [], f"node circles overlap: {circles}"
    # layout.js promises more: no overlap with the labels included
    assert labelled == [], f"nodes overlap with their labels: {labelled}"
    # the drawing fills the panel: not a dot, not a line
    box = page.evaluate("window.axiswatchGraph.nodes()"
                        ".renderedBoundingBox({ includeLabels: false })")
    assert box["w"] > 300 and box["h"] > 300, box
    model = page.evaluate("window.axiswatchGraph.nodes().boundingBox({ includeLabels: false })")
    assert model["w"] > 300 and model["h"] > 300, model
    # (correlation() raises on a constant axis: all nodes on one horizontal/vertical line)
    slope = correlation([n["x"] for n in nodes], [n["y"] for n in nodes])
    assert abs(slope) < 0.8, f"the nodes lie along one line (correlation {slope:.2f})"
    page.locator("#graph-panel").screenshot(path=str(ARTIFACTS / "real-graph.png"))


SCROLL_THROUGH = """async () => {
    const box = document.getElementById('timeline');
    const scroller = box.querySelector('.vis-vertical-scroll');
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 30)));
    const seen = new Set();
    const labels = () => [...box.querySelectorAll('.vis-labelset .vis-label')];
    const look = () => {
        const view = scroller.getBoundingClientRect();
        labels().forEach((l, i) => {
            const r = l.getBoundingClientRect();
            if (r.height > 0 && r.top >= view.top - 1 && r.top + 10 <= view.bottom) seen.add(i);
        });
    };
    let last = -1;
    for (let step = 0; step < 400 && scroller.scrollTop !== last; step += 1) {
        await frame();
        look();
        last = scroller.scrollTop;
        scroller.scrollTop = last + scroller.clientHeight / 2;
        scroller.dispatchEvent(new Event('scroll'));
    }
    // at the bottom: vis-timeline measures the groups it draws, so settle before looking
    for (let i = 0; i < 20; i += 1) {
        scroller.scrollTop = scroller.scrollHeight;
        scroller.dispatchEvent(new Event('scroll'));
        await frame();
    }
    look();
    const all = labels();
    const groups = [...box.querySelectorAll('.vis-foreground .vis-group')];
    const lastGroup = groups[groups.length - 1];
    const rect = (e) => { const r = e.getBoundingClientRect();
                          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right }; };
    return {
        count: all.length, seen: seen.size,
        unseen: all.map((l, i) => [i, l.textContent.trim()]).filter(([i]) => !seen.has(i)),
        box: rect(box), scroller: rect(scroller),
        lastLabel: { text: all[all.length - 1].textContent.trim(), ...rect(all[all.length - 1]) },
        lastItems: [...lastGroup.querySelectorAll('.vis-item')]
            .map((e) => ({ text: e.textContent.trim(), ...rect(e) })),
    };
}"""


def test_every_timeline_row_can_be_scrolled_into_view(page):
    box = page.locator("#timeline")
    note = page.locator("#timeline-note").inner_text()
    groups = page.locator("#timeline .vis-labelset .vis-label").count()
    assert groups > 20, note  # one row per pair of actors: many on the real store
    assert f"in {groups} pair(s)" in note, note
    scroll = page.evaluate("""() => { const s = document.querySelector(
        '#timeline .vis-vertical-scroll'); return s && [s.scrollHeight, s.clientHeight]; }""")
    assert scroll is not None, "the timeline has no vertical scroll bar"
    assert scroll[0] > scroll[1] + 100, f"the timeline's rows do not scroll: {scroll}"
    assert box.bounding_box()["height"] <= 520  # maxHeight 480: the rows scroll, not the page
    page.locator("#timeline-panel").screenshot(path=str(ARTIFACTS / "real-timeline.png"))
    got = page.evaluate(SCROLL_THROUGH)
    assert got["count"] == groups
    assert got["unseen"] == [], f"timeline rows never scrolled into view: {got['unseen']}"
    inside = got["box"]
    last = got["lastLabel"]
    assert last["text"], "the last row has no label"
    assert inside["top"] <= last["top"] and last["bottom"] <= inside["bottom"] + 4, got
    assert got["lastItems"], f"the last row ({last['text']}) shows no item: {got}"
    for item in got["lastItems"]:
        assert inside["top"] <= item["top"] and item["bottom"] <= inside["bottom"] + 4, item
        assert inside["left"] <= item["left"] < inside["right"], item
    page.locator("#timeline-panel").screenshot(path=str(ARTIFACTS / "real-timeline-end.png"))


def test_the_timeline_is_exposed_for_tests_and_the_console(page):
    # timeline.js promises window.axiswatchTimeline, like the graph's window.axiswatchGraph
    counts = page.evaluate("""() => window.axiswatchTimeline
        ? [window.axiswatchTimeline.groupsData.length, window.axiswatchTimeline.itemsData.length]
        : null""")
    assert counts is not None, "window.axiswatchTimeline is not set"
    assert counts[0] == page.locator("#timeline .vis-labelset .vis-label").count()
    assert counts[1] > 100


def test_clicking_a_node_shows_the_actor_card(page):
    tap_node(page, "RUS")
    card = page.locator("#evidence #actor-card[data-actor=RUS]")
    card.wait_for(timeout=15_000)
    assert "Russia" in card.locator("h3").inner_text()
    headings = card.locator("h4").all_inner_texts()
    assert "Flows out" in headings and "Flows in" in headings, headings
    rows = card.locator("ul.flows li")
    assert rows.count() >= 5
    inbound = card.locator("h4:has-text('Flows in') + ul.flows li strong").all_inner_texts()
    assert {"North Korea", "Iran"} <= set(inbound), inbound
    page.wait_for_selector("#actor-evidence blockquote", timeout=15_000)
    assert page.locator("#actor-evidence blockquote").count() == 3
    page.wait_for_selector("#selection:has-text('RUS')")
    assert page.evaluate("window.axiswatchGraph.getElementById('RUS').hasClass('selected')")
    page.wait_for_selector("body[data-ready=yes]")
    page.locator("#evidence-panel").screenshot(path=str(ARTIFACTS / "real-actor.png"))


def test_the_url_restores_filters_and_selection(page, browser):
    choose(page, "f-type", "transfer")
    shown = flows(page)
    assert shown and {t for _, _, t, _ in shown} == {"transfer"}, shown
    page.evaluate("document.body.dataset.ready = 'no'")
    tap_node(page, "PRK")
    page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
    page.wait_for_selector("#selection:has-text('PRK')")
    url = page.url
    query = parse_qs(urlparse(url).query)
    assert query.get("type") == ["transfer"] and query.get("actors") == ["PRK"], url
    facts = page.locator("#facts tbody tr").all_inner_texts()
    assert facts and all("North Korea" in row for row in facts), facts[:5]
    context, again, errors = open_page(browser, url)
    try:
        assert again.locator("#f-type").input_value() == "transfer"
        again.wait_for_selector("#selection:has-text('PRK')")
        assert "North Korea" in again.locator("#selection").inner_text()
        assert flows(again) == shown
        assert again.evaluate(
            "window.axiswatchGraph.nodes('.selected').map(n => n.id())") == ["PRK"]
        again.wait_for_selector("#evidence #actor-card[data-actor=PRK]", timeout=15_000)
        assert again.locator("#facts tbody tr").all_inner_texts() == facts
    finally:
        context.close()
    assert errors == [], f"errors in the restored page: {errors}"


def test_the_map_draws_countries_and_flows(page):
    page.click("#tab-map")
    page.wait_for_selector("#map-box:not([hidden]) #map-svg path.country", timeout=15_000)
    assert page.locator("#tab-map").get_attribute("aria-pressed") == "true"
    assert page.locator("#graph").is_hidden()
    assert page.locator("#map-svg path.country").count() > 150
    active = page.evaluate("[...document.querySelectorAll('#map-svg path.country.active')]"
                           ".map(p => p.dataset.actor)")
    assert {"RUS", "PRK", "IRN", "UKR"} <= set(active), active
    drawn = page.evaluate("window.axiswatchMapFlows")
    assert drawn > 20
    assert page.locator("#map-svg path.flow").count() == drawn
    assert page.locator("#map-note").inner_text().startswith(f"{drawn} flow(s) drawn")
    box = page.locator("#map-svg").bounding_box()
    assert box["width"] > 600 and box["height"] > 300, box
    assert "view=map" in page.url
    page.locator("#graph-panel").screenshot(path=str(ARTIFACTS / "real-map.png"))


def test_facts_figures_and_conflicts_panels_show_the_real_store(page):
    rows = page.locator("#facts tbody tr")
    assert rows.count() >= 20
    assert page.locator("#facts-page").inner_text()  # more facts than fit a page
    page.locator("#facts-panel").screenshot(path=str(ARTIFACTS / "real-facts.png"))
    assert page.locator("#figures canvas").count() >= 3
    page.locator("#figures-panel").screenshot(path=str(ARTIFACTS / "real-figures.png"))
    assert page.locator("#conflicts li").count() >= 1
    page.locator("#conflicts-panel").screenshot(path=str(ARTIFACTS / "real-conflicts.png"))


def test_each_series_of_a_figure_chart_has_its_own_colour(page):
    charts = page.evaluate("""() => (window.axiswatchCharts || []).map(c => ({
        unit: c.canvas.getAttribute('aria-label'),
        series: c.data.datasets.map(d => [d.label, d.borderColor]) }))""")
    assert len(charts) >= 3
    shared = {c["unit"]: c["series"] for c in charts
              if len({colour for _, colour in c["series"]}) < len(c["series"])}
    assert shared == {}, f"pairs drawn in one colour cannot be told apart: {shared}"
