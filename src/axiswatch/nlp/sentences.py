"""A fast rule-based sentence splitter that keeps character offsets.

spaCy's parser also splits sentences, but we only parse the few sentences
that can hold an event, so splitting has to be cheap and done first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

import yaml

from axiswatch.model import Sentence


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    text = resources.files("axiswatch.data").joinpath("abbreviations.yaml").read_text("utf-8")
    return frozenset(str(word).lower() for word in yaml.safe_load(text)["abbreviations"])

# A sentence ends at . ! or ? (perhaps followed by a closing quote or bracket)
# when whitespace and an upper-case letter, digit or opening quote follow; or,
# in crawled text that lost the space ("to Russia.In September", "(JCPOA).The",
# "in 2023.The", "shells.”The"), right after a lower-case word, a closing bracket
# or quote after one, or a year, when a capitalised word follows at once.
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
                       r"|(?:(?<=[a-z]{2})|(?<=\w[)\]\"\u201d\u2019])|(?<=\s\d{4}))"
                       r"[.!?][\"'\u201d\u2019)\]]*(?=[\"\u201c\u2018]?[A-Z][a-z])")
_LAST_WORD = re.compile(r"([\w.]+)\.?$")
# A "sentence" longer than this is cut at its clauses (";", a dash, ":", ","), or
# at a space, or anywhere: evidence stays readable and a run-on crawl line (list
# items or table cells without stops) cannot become one huge sentence.
MAX_SENTENCE = 500
_MIN_PIECE = 60
_CLAUSE_BREAKS = (re.compile(r";\s"), re.compile(r"\s[—–-]{1,2}\s"), re.compile(r":\s"),
                  re.compile(r",\s"), re.compile(r"\s"))


def _is_abbreviation(before: str) -> bool:
    m = _LAST_WORD.search(before[-60:])  # a word is short: keeps the search linear
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _abbreviations() or (len(word) == 1 and word.isalpha())


def _last_match(pattern: re.Pattern[str], text: str) -> int:
    at = -1
    for m in pattern.finditer(text):
        at = m.start()
    return at


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(start, end) spans of at most MAX_SENTENCE characters covering text[start:end],
    each cut after the strongest clause break that leaves a piece of some length."""
    while end - start > MAX_SENTENCE:
        window = text[start + _MIN_PIECE:start + MAX_SENTENCE]
        cut = start + MAX_SENTENCE
        for pattern in _CLAUSE_BREAKS:
            at = _last_match(pattern, window)
            if at >= 0:
                cut = start + _MIN_PIECE + at + 1
                break
        yield start, cut
        start = cut
    yield start, end


def split_sentences(text: str) -> Iterator[Sentence]:
    """Yield the sentences of ``text``; paragraphs are separated by blank lines."""
    paragraph = 0
    for pm in re.finditer(r"[^\n]+", text):
        pstart = pm.start()
        ptext = pm.group(0)
        start = 0
        for bm in _BOUNDARY.finditer(ptext):
            end = bm.start() + 1
            if ptext[bm.start()] == "." and _is_abbreviation(ptext[start:end]):
                continue
            chunk_end = bm.end() - len(bm.group(0)) + len(bm.group(0).rstrip())
            yield from _made(text, pstart + start, pstart + chunk_end, paragraph)
            start = bm.end()
        if ptext[start:].strip():
            yield from _made(text, pstart + start, pstart + len(ptext.rstrip()), paragraph)
        paragraph += 1


def _made(text: str, start: int, end: int, paragraph: int) -> Iterator[Sentence]:
    for a, b in _pieces(text, start, end):
        while b > a and text[b - 1].isspace():
            b -= 1
        if text[a:b].strip():
            yield _make(text, a, b, paragraph)


def _make(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    return Sentence(start=start, end=end, text=text[start:end], paragraph=paragraph)
