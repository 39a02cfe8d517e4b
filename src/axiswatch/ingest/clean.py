"""Strip page furniture from article text and read the date header."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from axiswatch.nlp.lexicon import load_lexicon

_DATE_HEADER = re.compile(r"^\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[ \t]*")
# Characters that never belong in article text: C0/C1 controls but tab and
# newline, and bidi overrides that can disguise text.
_JUNK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def split_date_header(text: str) -> tuple[date | None, str]:
    """Return the publication date from a leading ``date YYYY-MM-DD`` token run."""
    m = _DATE_HEADER.match(text)
    if not m:
        return None, text
    try:
        published = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None, text[m.end():]
    return published, text[m.end():]


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
            paragraphs.append(line)
    return "\n\n".join(paragraphs)
