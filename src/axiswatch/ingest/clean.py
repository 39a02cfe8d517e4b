"""Strip page furniture from article text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from axiswatch.ingest.metadata import date_line
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

# Datelines with a wire tag, in the shapes agencies and their copies use:
# "SEOUL, South Korea, Nov 20, (AP): ", "Oct 18 (Reuters) – ", "TOKYO, May 24 (KUNA) -- ",
# "New Delhi, Apr 28 (PTI) India ...", "BRUSSELS, December 13. /TASS/. ",
# "Tokyo (Jiji Press)—", "(MENAFN) North Korea ...". The place is at most three words,
# followed by up to three comma parts (region, date); the tag is one word ("dpa")
# or capitalised and at most eight words ("Russia (which denies it) - ..." is no
# dateline).
_PLACE = r"[A-Z][\w.'’/\-]{0,30}(?: [\w.'’/\-]{1,30}){0,2}"
_TAG_HEAD = re.compile(rf"^(?P<place>{_PLACE})(?P<parts>(?:,\s?[\w.'’\- ]{{1,30}}){{0,3}})"
                       r"[,.]?\s*")
_PAREN_TAG = re.compile(r"\((?P<tag>[A-Z][^()\s]*(?: [^()\s]+){0,7}|[a-z][\w.\-]{1,20})\)[.,]?")
_BARE_TAG = re.compile(r"\((?P<tag>[A-Z][\w.\-]{1,20})\)[.,]?")
_SLASH_TAG = re.compile(r"/(?P<tag>[A-Za-z][\w .&'\-]{1,30})/[.,]?")
_AFTER_TAG = re.compile(r"\s*(?P<dash>[-—–:]+)?\s*(?=[A-Z0-9\"“‘'(\[])")
_MONTH_WORD = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s?\d"
                         r"|\d(?:st|nd|rd|th)?\s(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
                         re.IGNORECASE)
# "WASHINGTON: ", "New Delhi: ", "Moscow/Seoul : " at the top of an article.
_COLON_DATELINE = re.compile(r"^(?P<place>[A-Z][\w.'’\-]{1,30}(?:[ /][\w.'’\-]{1,30}){0,3})"
                             r"\s?:\s+(?=[A-Z\"“])")
HEAD_PARAGRAPHS = 15  # the first lines, where datelines of the colon shape are looked for


@dataclass(frozen=True)
class Dateline:
    end: int            # where the story's own text starts
    tag: str | None     # the agency in the tag, as written ("Reuters", "dpa-AFX")
    bare: bool = False  # a tag alone, without a place: "(MENAFN) ..."


def find_dateline(line: str, head: bool = True) -> Dateline | None:
    """The dateline that opens ``line``, if any. ``head``: the line is among the
    first of the article, where the weaker colon shape ("Seoul: ...") counts too."""
    line = line[:400]
    if line.startswith("("):
        bare = _BARE_TAG.match(line)
        if bare:
            after = _AFTER_TAG.match(line, bare.end())
            if after:
                return Dateline(after.end(), bare.group("tag").strip(), bare=True)
        return None
    m = _TAG_HEAD.match(line)
    if m:
        tagged = _PAREN_TAG.match(line, m.end()) or _SLASH_TAG.match(line, m.end())
        if tagged:
            after = _AFTER_TAG.match(line, tagged.end())
            # without a dash, only a date beside the tag makes it a dateline
            if after and (after.group("dash") or tagged.re is _SLASH_TAG
                          or _MONTH_WORD.search(m.group(0) + tagged.group("tag"))):
                return Dateline(after.end(), tagged.group("tag").strip())
    stripped = _DATELINE.sub("", line, count=1)
    if stripped != line:
        return Dateline(len(line) - len(stripped), None)
    short = _SHORT_DATELINE.match(line)
    if short and short.group(1).lower() in _capitals():
        return Dateline(short.end(), None)
    colon = _COLON_DATELINE.match(line) if head else None
    if colon and all(p.strip().lower() in _capitals() and p.strip().lower() not in _metonyms()
                     for p in colon.group("place").split("/")):
        return Dateline(colon.end(), None)
    return None


def strip_dateline(line: str, head: bool = True) -> str:
    found = find_dateline(line, head)
    return line[found.end:] if found else line


@lru_cache(maxsize=1)
def _capitals() -> frozenset[str]:
    return frozenset(f.surface.lower() for f in load_lexicon().actor_forms if f.form == "capital")


@lru_cache(maxsize=1)
def _metonyms() -> frozenset[str]:
    """Capitals that stand for a government ("Kremlin: ..." names a party, not a place)."""
    return frozenset(str(w).lower() for w in load_lexicon().boilerplate.get("not_datelines", []))


_SPACE_COLON = re.compile(r"\s+:")
# Lines at the top of a page that are not its headline: a month and year, a
# photo credit ("Yonhap/PAP/EPA", "KCNA via Reuters", "Nurphoto | Getty Images"),
# a web address or a handle, a byline.
_MONTH_YEAR = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+"
                         r"(?:19|20)\d\d$", re.IGNORECASE)
_CREDIT_LINE = re.compile(r"^(?:photo|image|picture|credit|source|by)s?\b|\bvia\b"
                          r"|^[\w.&'\- ]{1,30}(?:/[\w.&'\- ]{1,30})+$"
                          r"|^[\w.&'\- ]{1,30}(?: \| [\w.&'\- ]{1,30})+$", re.IGNORECASE)
_ADDRESS = re.compile(r"^(?:https?://|www\.|\(?@)\S*\)?$", re.IGNORECASE)


def not_a_title(line: str) -> bool:
    """A line at the top of a page that cannot be its headline: fewer than three
    words ("Trending", "Menu Content", "A+ A-"), a date ("12/21/2022", "October
    2024"), a photo credit ("Photo : YONHAP News", "Yonhap/PAP/EPA"), an address
    or handle, a byline."""
    line = line.strip()
    words = [w for w in line.split() if any(c.isalnum() for c in w)]
    if len(words) < 3 or _ADDRESS.match(line) or _MONTH_YEAR.match(line):
        return True
    if len(line) <= 80 and _CREDIT_LINE.search(line):
        return True
    return date_line(line) is not None


def is_boilerplate(line: str) -> bool:
    rules = load_lexicon().boilerplate
    low = _SPACE_COLON.sub(":", line.strip().lower()).rstrip(":").strip()
    if not low:
        return False
    if low in rules["exact"]:
        return True
    return any(low.startswith(p) for p in rules["prefix"])


def clean_text(text: str) -> str:
    """Normalise whitespace and drop boilerplate lines; paragraphs stay apart."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _JUNK.sub("", text)
    paragraphs: list[str] = []
    for line in text.split("\n"):
        line = re.sub(r"[ \t\u00a0]+", " ", line).strip()
        if line and not is_boilerplate(line):
            line = strip_dateline(line, head=len(paragraphs) < HEAD_PARAGRAPHS).strip()
            if line:
                paragraphs.append(line)
    return "\n\n".join(paragraphs)
