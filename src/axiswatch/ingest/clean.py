"""Strip page furniture from article text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from axiswatch.nlp.lexicon import load_lexicon

# Characters that never belong in article text: C0/C1 controls but tab and
# newline, and bidi overrides that can disguise text.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# A dateline names where the story was filed from, not a party to it:
# "SEOUL, South Korea (AP) — ", "KYIV (Reuters) - ", "SEOUL, March 1 (Reuters) - ",
# "WASHINGTON — ".
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z0-9.' ]{1,30}){0,2}\s*\([^()]{2,40}\)"
    r"|[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z0-9.' ]{1,30}){1,2}"
    r"|[A-Z][A-Z.'\-]{4,}(?: [A-Z][A-Z.'\-]+)?)\s*[—–-]\s+(?=[A-Z\"“])")


# A short all-capitals place before a dash ("KYIV — "): a dateline when the place
# is a known capital, so that "NATO — the alliance —" keeps its first word.
_SHORT_DATELINE = re.compile(r"^([A-Z][A-Z.'\-]{2,}(?: [A-Z][A-Z.'\-]+)?)\s*[—–-]\s+(?=[A-Z\"“])")


def strip_dateline(line: str) -> str:
    stripped = _DATELINE.sub("", line, count=1)
    if stripped != line:
        return stripped
    m = _SHORT_DATELINE.match(line)
    if m and m.group(1).lower() in _capitals():
        return line[m.end():]
    return line


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    return frozenset(f.surface.lower() for f in load_lexicon().actor_forms if f.form == "capital")


def is_boilerplate(line: str) -> bool:
    rules = load_lexicon().boilerplate
    low = line.strip().lower().rstrip(":").strip()
    if not low:
        return False
    if low in rules["exact"]:
        return True
    return any(low.startswith(p) for p in rules["prefix"])


def clean_text(text: str) -> str:
    """Normalise whitespace and drop boilerplate lines; paragraphs stay apart."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _JUNK.sub("", text)
    paragraphs = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        if line and not is_boilerplate(line):
            paragraphs.append(strip_dateline(line))
    return "\n\n".join(paragraphs)
