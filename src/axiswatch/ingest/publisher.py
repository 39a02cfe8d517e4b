"""Who published a document: from its metadata, its URL, or its own text.

In order: a publisher named in the metadata; the web domain of its URL; an
agency in a dateline at the top of the text ("SEOUL (Reuters) -", "Oct 18
(Reuters) -", "BRUSSELS, May 2. /TASS/."); a known outlet on a byline or a line
of its own there ("Reuters / May 24, 2024", "[Source: Reuters]"); a known outlet
on a "Reporting by", "Source:", "With inputs from" or copyright line. Otherwise
unknown (None).
Known outlets and their domains are listed in ``data/publishers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import yaml

from axiswatch.ingest.clean import find_dateline
from axiswatch.ingest.metadata import date_from_text

_CREDIT = re.compile(r"^(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|^(?:©|\(c\)|"
                     r"copyright\b)|^[\[(]?\s*(?:source\s*:|with\s+inputs?\s+from\b)"
                     r"|^(?:read\s+the\s+original\s+(?:article|story|post)"
                     r"|(?:this\s+(?:article|story)\s+)?(?:was\s+)?(?:first|originally)\s+"
                     r"(?:published|appeared))\b", re.IGNORECASE)
_FOR_OUTLET = re.compile(r"\bfor\s+(?:the\s+)?([A-Z][\w&.'\-]*(?:\s+[A-Z][\w&.'\-]*){0,3})")
# "Read the original article on The New Voice of Ukraine": the outlet named after "on"
_ORIGINAL_ON = re.compile(r"^(?:read\s+the\s+original|(?:this\s+(?:article|story)\s+)?(?:was\s+)?"
                          r"(?:first|originally))\b[^.]{0,40}?\b(?:on|in|at|by)\s+"
                          r"((?:The\s+)?[A-Z][\w&.'\-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w&.'\-]*){0,4})",
                          re.IGNORECASE)
# what may wrap an outlet's name on a line of its own: "By Reuters.", "[Source: Reuters]"
_WRAPPING = re.compile(r"^[\[(]?\s*(?:by|source\s*:|via)?\s*|[\])]?[.:]?\s*$", re.IGNORECASE)
_SPACED_SEPARATOR = re.compile(r"\s[|/•·–—-]\s")
HEAD_LINES = 12  # the top of the text, where bylines and datelines stand
_AGENCY_CUT = re.compile(r"\s[-–—/]\s|,|/")


@dataclass(frozen=True)
class Publishers:
    by_alias: dict[str, str]
    by_domain: dict[str, str]


@lru_cache(maxsize=1)
def load_publishers() -> Publishers:
    text = resources.files("axiswatch.data").joinpath("publishers.yaml").read_text("utf-8")
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for entry in yaml.safe_load(text) or []:
        name = entry["name"]
        for alias in [name, *entry.get("aliases", [])]:
            by_alias[alias.lower()] = name
        for domain in entry.get("domains", []):
            by_domain[domain.lower()] = name
    return Publishers(by_alias, by_domain)


def publisher_from_url(url: str) -> str | None:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    if not host:
        return None
    known = load_publishers().by_domain
    parts = host.split(".")
    for i in range(len(parts) - 1):  # news.example.co.uk -> example.co.uk -> co.uk
        candidate = ".".join(parts[i:])
        if candidate in known:
            return known[candidate]
    return host.removeprefix("www.")


def _known_in(line: str) -> str | None:
    aliases = load_publishers().by_alias
    low = line.lower()
    best: tuple[int, str] | None = None
    for alias, name in aliases.items():
        for m in re.finditer(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", low):
            if len(alias) <= 3 and line[m.start():m.end()] != line[m.start():m.end()].upper():
                continue  # short aliases ("ap", "dw") count only in capitals
            if best is None or m.start() < best[0]:
                best = (m.start(), name)
    return best[1] if best else None


def _agency(tag: str) -> str | None:
    """The outlet in a dateline's tag: "Reuters", "dpa-AFX" (dpa), "UrduPoint News /
    Sputnik - 18th March, 2021" (the first outlet, without the date)."""
    first = _AGENCY_CUT.split(tag, maxsplit=1)[0].strip(" .")
    named = load_publishers().by_alias.get(first.lower()) or _known_in(first)
    if named:
        return named
    if (first[:1].isupper() and len(first.split()) <= 4 and any(c.isalpha() for c in first)
            and not any(c.isdigit() for c in first)):  # "(AUGUST 26, 2022)" is a date
        return first
    return None


def _named_alone(text: str) -> str | None:
    """The outlet that ``text`` consists of ("Reuters", "By Reuters.", "[Source: AFP]")."""
    core = _WRAPPING.sub("", text.strip())
    labelled = len(core) < len(text.strip().rstrip(".:])"))  # "Source: dpa", "By AP"
    name = load_publishers().by_alias.get(core.lower())
    if name and (labelled or len(core) > 3 or core.isupper()):  # a bare "ap" is a word
        return name
    return None


def _byline_outlet(line: str) -> str | None:
    """An outlet on a byline or date line: "Reuters / May 24, 2024 4:07 pm",
    "By Jane Doe | AP", "Reuters", "[Source: Reuters]"."""
    if len(line) > 120:
        return None
    alone = _named_alone(line)
    if alone:
        return alone
    parts = _SPACED_SEPARATOR.split(line)
    if len(parts) < 2 or not (line.lower().startswith("by ") or date_from_text(line)):
        return None
    for part in parts:
        named = _named_alone(part)
        if named:
            return named
    return None


def publisher_from_text(text: str) -> str | None:
    """The outlet a text names as its own: a dateline's wire tag or a byline at its
    top, else a credit line ("Reporting by", "Source:", "(With inputs from Reuters)",
    copyright, "Read the original article on ...")."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    head = lines[:HEAD_LINES]
    for line in head:
        found = find_dateline(line)
        if found is not None and found.tag:
            agency = _known_in(found.tag) if found.bare else _agency(found.tag)
            if agency:
                return agency
    for line in head:
        named = _byline_outlet(line)
        if named:
            return named
    for line in lines:
        if len(line) < 300 and _CREDIT.search(line):
            named = _named_alone(line) or _known_in(line)
            if named:
                return named
            original = _ORIGINAL_ON.search(line)
            if original:
                return original.group(1).strip(" .")
            m = _FOR_OUTLET.search(line)
            if m and not line.lower().startswith(("reporting", "writing", "editing",
                                                  "additional")):
                return m.group(1)
    return None


def detect_publisher(declared: str | None, url: str | None, text: str) -> str | None:
    if declared:
        return load_publishers().by_alias.get(declared.strip().lower(), declared.strip())
    if url:
        found = publisher_from_url(url)
        if found:
            return found
    return publisher_from_text(text)
