"""A briefing as Markdown or HTML, from Jinja2 templates (``report/templates``).

HTML is rendered with autoescape on: every title, sentence and name from an
article is escaped. Markdown is rendered with every value passed through
:func:`md_escape` (``<``, ``>`` and ``&`` as entities, Markdown punctuation
with a backslash), so an article cannot inject HTML or links into it either.
Links are only ever http(s) addresses.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from axiswatch.report.content import Briefing, Run

_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)
LEGEND = ("Certainty is the surest wording of any source: asserted (stated as fact), "
          "reported (\"reportedly\", unnamed sources), alleged (claims, rumours), possible "
          "(\"may\", fears), denied. Confidence is 1 − Π(1 − wᵢ) over independent sources, "
          "each weighted by its wording (0.8 asserted, 0.6 reported, 0.4 alleged, 0.2 "
          "possible) times the model's score (how sure the extractor is that it read the "
          "sentence right).")


def md_escape(value: object) -> str:
    text = re.sub(r"\s+", " ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_finalize(value: object) -> object:
    return value if isinstance(value, Markup) else md_escape(value)


def safe_url(url: str | None) -> str | None:
    return url if url and _SAFE_URL.match(url) else None


def md_runs(runs: list[Run]) -> Markup:
    return Markup("".join(md_escape(r.text) + "".join(f"[^{c}]" for c in r.cites)
                          for r in runs).strip())


@lru_cache(maxsize=2)
def _environment(kind: str) -> Environment:
    if kind == "html":
        env = Environment(loader=PackageLoader("axiswatch.report", "templates"),
                          autoescape=True, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True)
    else:
        env = Environment(loader=PackageLoader("axiswatch.report", "templates"),
                          autoescape=False, finalize=_md_finalize, undefined=StrictUndefined,
                          trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        env.filters["runs"] = md_runs
    env.filters["url"] = (safe_url if kind == "html"
                          else lambda u: Markup(safe_url(u)) if safe_url(u) else None)
    return env


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def to_markdown(briefing: Briefing, image: Callable[[str, bytes], str] | None = None) -> str:
    """Markdown; ``image(series_id, png)`` gives each chart's link (default: a data URI)."""
    def link(series_id: str, png: bytes) -> Markup:
        return Markup(image(series_id, png) if image else data_uri(png))

    images = {s.id: link(s.id, s.chart) for s in briefing.series if s.chart}
    return _environment("md").get_template("briefing.md.j2").render(
        b=briefing, images=images, legend=LEGEND)


def to_html(briefing: Briefing) -> str:
    images = {s.id: data_uri(s.chart) for s in briefing.series if s.chart}
    return _environment("html").get_template("briefing.html.j2").render(
        b=briefing, images=images, legend=LEGEND, escape=escape)
