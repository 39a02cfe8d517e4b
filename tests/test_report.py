"""Briefings (`axiswatch report`, `GET /api/report`) over a real store of the sample
corpus plus one hostile article: the pair summary, footnotes that quote stored
sentences, hedged and denied wording, escaping, charts, PDF pages, the API's media
types and its 422s, and the one-line error when WeasyPrint cannot load."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from conftest import SAMPLE, run_cli, start_server

HOSTILE = """Title: <script>alert("title")</script> North Korea sends shells & rockets
Date: 2024-11-20
Publisher: Evil <b>Press</b>

North Korea shipped artillery shells to Russia <script>alert("sentence")</script> last week, \
officials said.
"""
FOOTNOTE = re.compile(r"^\[\^(\d+)\]: “(.*)” — .*?, document (\S+), characters (\d+)–(\d+);",
                      re.MULTILINE)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    (folder / "zz_hostile.txt").write_text(HOSTILE, "utf-8")
    db = f"sqlite:///{folder / 'store.db'}"
    done = run_cli("ingest", str(SAMPLE), str(folder / "zz_hostile.txt"), "--db", db)
    assert done.returncode == 0, done.stderr
    return db, folder


@pytest.fixture(scope="module")
def briefings(store) -> dict[str, Path]:
    db, folder = store
    out = {}
    for fmt in ("md", "html", "pdf"):
        path = folder / "out" / f"briefing.{fmt}"
        done = run_cli("report", "--db", db, "--actors", "PRK,RUS", "--format", fmt,
                       "-o", str(path))
        assert done.returncode == 0, done.stderr
        assert f"wrote {path}" in done.stderr
        out[fmt] = path
    return out


def _sentences(db: str, doc: str) -> dict[tuple[int, int], str]:
    from sqlalchemy import select

    from axiswatch.store.database import Store
    from axiswatch.store.schema import Document, SentenceRow

    s = Store(db)
    with s.session() as session:
        rows = session.execute(select(SentenceRow.start, SentenceRow.end, SentenceRow.text)
                               .join(Document).where(Document.doc_id == doc)).all()
    s.close()
    return {(r[0], r[1]): r[2] for r in rows}


def _unescape_md(text: str) -> str:
    text = re.sub(r"\\(.)", r"\1", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_markdown_has_the_pair_summary_flows_and_sections(briefings):
    md = briefings["md"].read_text("utf-8")
    assert md.startswith("# Briefing: North Korea and Russia")
    assert "### North Korea – Russia" in md
    summary = md.split("## Key flows")[0]
    # generated from the facts: who supplies what to whom, how many sources, since when
    assert re.search(r"North Korea supplied Russia with ammunition .*?\(since July 2023; "
                     r"\d independent sources, confidence [01]\.\d\d; according to", summary)
    assert "met on 13 September 2023" in summary
    assert re.search(r"figures are reported for containers from North Korea to Russia; they "
                     r"rose from over 1,000 containers \(John Kirby, 14 October 2023\)", summary)
    for section in ("## Key flows", "## Figures", "## Timeline", "## Open contradictions",
                    "## Sources"):
        assert section in md
    assert "about 13,000 containers" in md
    assert re.search(r"Confidence [01]\.\d\d; certainty asserted; model score", md)


def test_every_footnote_quotes_a_stored_sentence_of_its_document(store, briefings):
    db, _ = store
    md = briefings["md"].read_text("utf-8")
    notes = FOOTNOTE.findall(md)
    assert len(notes) >= 15
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", md))
    assert cited == {n for n, *_ in notes}  # every mark has its note, every note a mark
    for _number, sentence, doc, start, end in notes:
        stored = _sentences(db, _unescape_md(doc))
        assert stored[(int(start), int(end))] == _unescape_md(sentence)


def test_hedged_and_denied_claims_read_as_such(briefings):
    md = briefings["md"].read_text("utf-8")
    assert re.search(r"Russia reportedly supplied North Korea with food \(reported by", md)
    assert re.search(r"Russia allegedly supplied North Korea with money .*?\(alleged by "
                     r"unnamed sources;.*?denied by Kyrylo Budanov\)", md)
    assert "Russia possibly plans to supply North Korea with technology" in md
    assert "Denied: transfer of money from Russia to North Korea" in md
    html = briefings["html"].read_text("utf-8")
    assert "Russia allegedly supplied money" in html and "denied by Kyrylo Budanov" in html


def test_charts_beside_markdown_and_embedded_in_html(briefings):
    md = briefings["md"].read_text("utf-8")
    links = re.findall(r"!\[[^\]]*\]\(<(briefing-figures/S[0-9a-f]+\.png)>\)", md)
    assert links
    for link in links:
        assert (briefings["md"].parent / link).read_bytes().startswith(b"\x89PNG")
    html = briefings["html"].read_text("utf-8")
    assert html.count('<img src="data:image/png;base64,') == len(links)


def test_hostile_title_and_sentence_are_escaped(briefings):
    html = briefings["html"].read_text("utf-8")
    assert "<script" not in html.lower() and "<b>Press" not in html
    assert "&lt;script&gt;alert(&#34;sentence&#34;)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; North Korea sends shells " \
           "&amp; rockets" in html
    assert "Evil &lt;b&gt;Press&lt;/b&gt;" in html
    md = briefings["md"].read_text("utf-8")
    assert "<script" not in md.lower() and "<b>" not in md
    assert "&lt;script&gt;alert(\"sentence\")&lt;/script&gt;" in md


def test_pdf_has_pages(briefings):
    pdf = briefings["pdf"].read_bytes()
    assert pdf.startswith(b"%PDF-")
    count = re.search(rb"/Type /Pages.*?/Count (\d+)|/Count (\d+).*?/Type /Pages", pdf, re.S)
    pages = int(next(g for g in count.groups() if g)) if count else 0
    if not pages:  # the page tree is in a compressed object stream: ask WeasyPrint
        import weasyprint

        html = briefings["html"].read_text("utf-8")
        pages = len(weasyprint.HTML(string=html).render().pages)
    assert pages >= 3


def test_report_needs_a_known_format_and_valid_filters(store, tmp_path):
    db, _ = store
    done = run_cli("report", "--db", db, "-o", str(tmp_path / "x.txt"))
    assert done.returncode == 2 and "--format md, html or pdf" in done.stderr
    done = run_cli("report", "--db", db, "--since", "2024-1", "-o", str(tmp_path / "x.md"))
    assert done.returncode == 2 and "--since must be" in done.stderr
    done = run_cli("report", "--db", db, "--actors", "PRK;RUS", "-o", str(tmp_path / "x.md"))
    assert done.returncode == 2 and "--actors" in done.stderr


def test_pdf_without_pango_is_one_clear_line(store, tmp_path):
    """A WeasyPrint whose system libraries do not load (as on a machine without Pango)."""
    db, _ = store
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "weasyprint.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open "
        "shared object file: No such file or directory\")\n", "utf-8")
    done = run_cli("report", "--db", db, "--format", "pdf", "-o", str(tmp_path / "b.pdf"),
                   env={"PYTHONPATH": str(fake)})
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "apt-get install libpango" in lines[0]
    assert not (tmp_path / "b.pdf").exists()


def test_empty_selection_still_reads(store, tmp_path):
    db, _ = store
    path = tmp_path / "none.md"
    done = run_cli("report", "--db", db, "--actors", "CUB,FRA", "-o", str(path))
    assert done.returncode == 0, done.stderr
    assert "No facts match this selection." in path.read_text("utf-8")


@pytest.fixture(scope="module")
def server(store):
    db, _ = store
    yield from start_server(db)


def _get(base: str, **params) -> tuple[int, dict[str, str], bytes]:
    url = base + "/api/report?" + urllib.parse.urlencode(params)
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_api_returns_each_format_with_its_media_type(server):
    status, headers, body = _get(server, format="html", actors="PRK,RUS", min_sources=1)
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src" not in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert b"North Korea supplied Russia with ammunition" in body
    status, headers, body = _get(server, format="md", actors="PRK,RUS", since="2024")
    assert status == 200 and headers["content-type"].startswith("text/markdown")
    assert 'filename="briefing-PRK-RUS.md"' in headers["content-disposition"]
    assert b"data:image/png;base64," in body  # one file: charts as data URIs
    assert b"## Sources" in body
    status, headers, body = _get(server, format="pdf", actors="PRK,RUS")
    assert status == 200 and headers["content-type"] == "application/pdf"
    assert body.startswith(b"%PDF-")
    status, _, body = _get(server)  # html of the whole store by default
    assert status == 200 and b"Briefing: all actors" in body


@pytest.mark.parametrize(("params", "named"), [
    ({"format": "docx"}, "format"), ({"since": "2024-13"}, "since"),
    ({"until": "last week"}, "until"), ({"actors": "PRK;RUS"}, "actors"),
    ({"min_sources": "0"}, "min_sources"), ({"since": "2025", "until": "2024"}, "since"),
    ({"type": "gift"}, "type"), ({"min_score": "2"}, "min_score"),
])
def test_api_bad_parameters_are_422_naming_them(server, params, named):
    import json

    status, _, body = _get(server, **params)
    assert status == 422
    assert named in json.loads(body)["error"]


def test_wording_hedges_by_certainty():
    from axiswatch.report.wording import hedged

    said = "supplied drones to Russia"
    assert hedged("asserted", "Iran", said, ["United States"], []) == \
        "Iran supplied drones to Russia, according to United States"
    assert hedged("reported", "Iran", said, [], []) == \
        "Iran reportedly supplied drones to Russia (reported by unnamed sources)"
    assert hedged("alleged", "Iran", said, ["Ukraine"], ["Iran"]) == \
        "Iran allegedly supplied drones to Russia (alleged by Ukraine); denied by Iran"
    assert hedged("possible", "Iran", said, [], []).startswith("Iran possibly supplied")
    assert hedged("denied", "Iran", said, [], ["Iran"]) == \
        "Iran denies that Iran supplied drones to Russia"
