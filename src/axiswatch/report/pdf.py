"""The HTML briefing as PDF, by WeasyPrint (which needs Pango from the system).

When WeasyPrint cannot load its system libraries, :class:`PdfUnavailable` says
what to install in one line instead of a traceback.
"""

from __future__ import annotations

INSTALL_HINT = ("PDF needs WeasyPrint's system libraries (Pango and HarfBuzz): install them, "
                "e.g. `apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b` "
                "(macOS: `brew install pango`), or write --format html and print it")


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: cannot load libpango / libgobject
        raise PdfUnavailable(f"{INSTALL_HINT} ({type(exc).__name__}: "
                             f"{str(exc).splitlines()[0] if str(exc) else 'not loadable'})"
                             ) from None
    return weasyprint


def html_to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page (images as data URIs, no fetching)."""
    weasyprint = _weasyprint()

    from weasyprint.urls import URLFetcher

    # only the page's own data: URIs; nothing is fetched from disk or the network
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf


def page_count(pdf: bytes) -> int:
    """Pages of a PDF written here (counted from its page objects)."""
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
