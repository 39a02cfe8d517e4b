"""Figure series as PNG charts (matplotlib's Agg canvas, no pyplot: no display, no global state).

Each point sits at the date it was reported (a month or a year at its middle);
its marker says how the source bounded it: ``o`` about or exact, ``^`` "over"
(a floor), ``v`` "up to" (a ceiling); a range is drawn as a vertical bar.
Undated figures cannot be placed and are left out of the chart (the table
beside it lists them).
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from axiswatch.report.content import SeriesView

MARKERS = {"min": "^", "max": "v"}


def _day(partial: str) -> date:
    parts = [int(p) for p in partial.split("-")]
    if len(parts) == 1:
        return date(parts[0], 7, 1)
    if len(parts) == 2:
        return date(parts[0], parts[1], 15)
    return date(parts[0], parts[1], parts[2])


def series_chart(view: SeriesView) -> bytes | None:
    """The series as a PNG, or None when no point has a date."""
    import matplotlib.dates as mdates
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter

    points = [p for p in view.points if p["date"]]
    if not points:
        return None
    days = [float(d) for d in mdates.date2num([_day(p["date"]) for p in points])]
    values = [p["value"] for p in points]
    # a Figure of its own on the Agg canvas, not pyplot: no global state, so requests
    # served in parallel threads cannot draw into each other's charts
    fig = Figure(figsize=(6.4, 2.6), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    ax.plot(days, values, color="#2271b1", linewidth=1.2, zorder=1)
    for bound in sorted({p["bound"] or "" for p in points}):  # one scatter per marker
        for sure in (True, False):
            chosen = [(d, p) for d, p in zip(days, points, strict=True)
                      if (p["bound"] or "") == bound
                      and (p["certainty"] == "asserted") == sure]
            if chosen:
                ax.scatter([d for d, _ in chosen], [p["value"] for _, p in chosen],
                           marker=MARKERS.get(bound, "o"), s=36, zorder=2,
                           color="#2271b1" if sure else "#d63638")
    ranges = [(d, p) for d, p in zip(days, points, strict=True) if p["high"] is not None]
    if ranges:
        ax.vlines([d for d, _ in ranges], [p["value"] for _, p in ranges],
                  [p["high"] for _, p in ranges], color="#2271b1", linewidth=2)
    # every value when there are few; else the first, the last and the highest
    labelled = (range(len(points)) if len(points) <= 12 else
                {0, len(points) - 1, max(range(len(points)), key=lambda i: values[i])})
    for i in labelled:
        ax.annotate(f"{values[i]:,.0f}", (days[i], values[i]), textcoords="offset points",
                    xytext=(0, 7), ha="center", fontsize=7, color="#1d2327")
    if len(set(days)) == 1:  # one date: three months either side
        ax.set_xlim(days[0] - 90, days[0] + 90)
    ax.set_ylim(bottom=0, top=max(p["high"] or p["value"] for p in points) * 1.25)
    ax.set_ylabel(view.unit, fontsize=8)
    ax.set_title(view.title, fontsize=9, loc="left")
    ax.tick_params(labelsize=7)
    ax.xaxis_date()
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=3, maxticks=8))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.grid(axis="y", color="#dcdcde", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
