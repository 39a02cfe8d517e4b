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
# in crawled text that lost the space ("to Russia.In September"), right after a
# lower-case word when a capitalised word follows at once.
_BOUNDARY = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9])"
                       r"|(?<=[a-z]{2})[.!?][\"'\u201d\u2019)\]]*(?=[A-Z][a-z])")
_LAST_WORD = re.compile(r"([\w.]+)\.?$")


def _is_abbreviation(before: str) -> bool:
    m = _LAST_WORD.search(before)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _abbreviations() or (len(word) == 1 and word.isalpha())


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
            yield _make(text, pstart + start, pstart + chunk_end, paragraph)
            start = bm.end()
        if ptext[start:].strip():
            yield _make(text, pstart + start, pstart + len(ptext.rstrip()), paragraph)
        paragraph += 1


def _make(text: str, start: int, end: int, paragraph: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    return Sentence(start=start, end=end, text=text[start:end], paragraph=paragraph)
