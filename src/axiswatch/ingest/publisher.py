"""Who published a document: from its metadata, its URL, or its own text.

In order: a publisher named in the metadata; the web domain of its URL; an
agency in the dateline ("SEOUL (Reuters) -"); a known outlet on a
"Reporting by", "Writing by" or copyright line. Otherwise unknown (None).
Known outlets and their domains are listed in ``data/publishers.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

import yaml

_DATELINE = re.compile(
    r"^[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Za-z0-9.' ]{2,30}){0,2}\s*"
    r"\((?P<agency>[^()\n]{2,40})\)\s*[-—–:]")
_CREDIT = re.compile(r"^(?:additional\s+)?(?:reporting|writing|editing)\s+by\b|^(?:©|\(c\)|"
                     r"copyright\b)", re.IGNORECASE)
_FOR_OUTLET = re.compile(r"\bfor\s+(?:the\s+)?([A-Z][\w&.'\-]*(?:\s+[A-Z][\w&.'\-]*){0,3})")


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


def publisher_from_text(text: str) -> str | None:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    for line in lines[:4]:
        m = _DATELINE.match(line)
        if m:
            agency = m.group("agency").strip()
            named = _known_in(agency)
            if named:
                return named
            if agency[:1].isupper() and len(agency.split()) <= 4:
                return agency
    for line in lines:
        if len(line) < 300 and _CREDIT.search(line):
            named = _known_in(line)
            if named:
                return named
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
