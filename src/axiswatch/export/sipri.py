"""A transfer register in the columns of the SIPRI Arms Transfers Database.

One row per transfer fact. SIPRI's columns come first (supplier, recipient,
designation, description, number ordered, year(s) of order, number delivered,
year(s) of delivery, comments), then ours: the unit the numbers count, the
status, independent sources, documents, certainty, confidence, publishers,
links and ids. How the numbers are read from the events is in
``docs/exports.md``.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from typing import BinaryIO

from axiswatch.export.rows import Row, figure_text
from axiswatch.export.safe import csv_cell

SIPRI_COLUMNS = [
    "Supplier", "Recipient", "Designation", "Description", "Number ordered",
    "Year(s) of order", "Number delivered", "Year(s) of delivery", "Comments",
    "Unit", "Status", "Sources", "Documents", "Certainty", "Weakest certainty",
    "Confidence", "Contested", "Publishers", "Links", "Fact id", "Supplier id", "Recipient id",
]
MAX_FIGURES_IN_COMMENTS = 8
ORDERED = frozenset({"planned"})  # other statuses, or none stated, count as delivered


def _number(value: float | None) -> int | float | str:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def _years(events: list[Row]) -> str:
    years = sorted({e["day"][:4] for e in events if e["day"]})
    return "; ".join(years)


def transfer_row(fact: Row, events: list[Row], names: dict[str, str]) -> list[object]:
    """The register's row for one transfer fact and the events behind it."""
    ordered = [e for e in events if e["status"] in ORDERED]
    delivered = [e for e in events if e["status"] not in ORDERED]
    units = Counter(e["unit"] for e in events if e["quantity"] is not None and e["unit"])
    unit = units.most_common(1)[0][0] if units else None

    def most(group: list[Row]) -> float | None:
        values = [e["quantity_high"] or e["quantity"] for e in group
                  if e["quantity"] is not None and e["unit"] == unit]
        return max(values) if values else None

    figures = [f"{figure_text(e)} ({e['day'] or 'undated'}, {e['publisher'] or e['doc']}"
               f"{', ' + e['status'] if e['status'] else ''})"
               for e in events if e["quantity"] is not None]
    comments = []
    if figures:
        more = len(figures) - MAX_FIGURES_IN_COMMENTS
        comments.append("Figures reported: " + "; ".join(figures[:MAX_FIGURES_IN_COMMENTS])
                        + (f"; and {more} more" if more > 0 else ""))
    if fact["contested"]:
        comments.append("Contested" + (f": {fact['denials']} denial(s)" if fact["denials"]
                                       else ": reports disagree"))
    attributed = sorted({names.get(e["attribution"]) or str(e["attribution"])
                         for e in events if e["attribution"]})
    if attributed:
        comments.append("According to: " + ", ".join(attributed))
    statuses = sorted({e["status"] for e in events if e["status"]})
    links = list(dict.fromkeys(e["url"] or e["doc"] for e in events))
    delivery_years = _years(delivered) or "; ".join(
        sorted({d[:4] for d in (fact["period_start"], fact["period_end"]) if d}))
    return [
        names.get(fact["source"], fact["source"]), names.get(fact["target"], fact["target"]),
        "; ".join(sorted({e["item"] for e in events if e["item"]})),
        fact["item_category"] or "", _number(most(ordered)), _years(ordered),
        _number(most(delivered)), delivery_years, ". ".join(comments), unit or "",
        "; ".join(statuses), fact["sources"], fact["documents"], fact["strongest"],
        fact["weakest"], round(fact["confidence"], 4), "yes" if fact["contested"] else "",
        "; ".join(fact["publishers"]), " ".join(links), fact["id"], fact["source"],
        fact["target"] or "",
    ]


def write_sipri(batches: Iterable[list[tuple[Row, list[Row]]]], names: dict[str, str],
                out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(SIPRI_COLUMNS)
    count = 0
    for batch in batches:
        for fact, events in batch:
            if fact["type"] != "transfer" or not fact["target"]:
                continue
            writer.writerow([csv_cell(v) for v in transfer_row(fact, events, names)])
            count += 1
    text.flush()
    text.detach()
    return count
