"""Briefings: a readable summary of the store or a slice of it, every statement
footnoted to its source sentences, as Markdown, HTML or PDF (docs/briefing.md)."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from axiswatch.report.content import Briefing, ReportFilter

FORMATS = ("md", "html", "pdf")
MEDIA_TYPES = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "pdf": "application/pdf"}

__all__ = ["FORMATS", "MEDIA_TYPES", "Briefing", "ReportFilter", "briefing", "render"]


def briefing(session: Session, f: ReportFilter) -> Briefing:
    from axiswatch.report.sections import gather

    return gather(session, f)


def render(session: Session, f: ReportFilter, fmt: str,
           image: Callable[[str, bytes], str] | None = None) -> bytes:
    """The briefing in ``fmt`` (md, html or pdf). ``image(series_id, png)`` places
    Markdown's charts (default: data URIs). PDF may raise ``PdfUnavailable``."""
    from axiswatch.report.layout import to_html, to_markdown

    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "pdf":
        from axiswatch.report.pdf import _weasyprint

        _weasyprint()  # fail before the work when the renderer cannot load
    b = briefing(session, f)
    if fmt == "md":
        return to_markdown(b, image).encode("utf-8")
    html = to_html(b)
    if fmt == "html":
        return html.encode("utf-8")
    from axiswatch.report.pdf import html_to_pdf

    return html_to_pdf(html)
