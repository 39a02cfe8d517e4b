"""Stated quantities: "around 6,700 containers", "five million shells",
"between 300 and 400 missiles", "over 1,000 canisters".

Vague amounts ("millions of", "hundreds of thousands of", "dozens") are not
figures and yield nothing. Calibres ("152 mm") and years are not quantities.
"""

from __future__ import annotations

import re

from axiswatch.model import Quantity

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "mn": 1_000_000, "m": 1_000_000, "bn": 1_000_000_000, "k": 1_000}
_APPROX = ("around", "about", "over", "more than", "nearly", "up to", "at least", "some",
           "approximately", "roughly", "almost", "close to", "in excess of", "an estimated",
           "estimated", "upwards of", "as many as", "as much as", "just over", "just under",
           "well over", "fewer than", "less than", "under", "~")

# "more than 1,000" is a lower bound, "up to 1,000" an upper one; the rest are "about".
_MIN_WORDS = frozenset({"over", "more than", "at least", "in excess of", "upwards of",
                        "just over", "well over"})
_MAX_WORDS = frozenset({"up to", "nearly", "almost", "close to", "as many as", "as much as",
                        "just under", "fewer than", "less than", "under"})

_WORD = r"(?:" + "|".join(sorted((k for k in _UNITS if len(k) > 2), key=len, reverse=True)) + r")"
_SCALE = r"(?:hundred|thousand|million|billion|mn|bn)"
_WORDNUM = rf"{_WORD}(?:[\s\-]+(?:{_WORD}|{_SCALE}|and))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_NUMBER = rf"(?:(?:{_DIGITS})(?:\s*(?:{_SCALE}|k)\b)?|{_WORDNUM}|(?:a|one)\s+{_SCALE})"
_APPROX_RE = "|".join(re.escape(a) for a in sorted(_APPROX, key=len, reverse=True))
_FIGURE = re.compile(
    rf"^(?:(?:only|just|a mere|exactly)\s+)?(?P<approx>(?:{_APPROX_RE})\s+)?(?:between\s+)?"
    rf"\$?(?P<low>{_NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*\$?(?P<high>{_NUMBER}))?$",
    re.IGNORECASE,
)
_NOT_UNITS = frozenset({"mm", "millimeter", "millimetre", "millimeters", "millimetres", "cm",
                        "calibre", "caliber", "percent", "%", "per", "year", "years", "month",
                        "months", "day", "days", "week", "weeks", "time", "times", "hour", "hours",
                        "km", "kilometers", "kilometres", "miles", "mile", "meters", "metres"})


def parse_number(text: str) -> float | None:
    """Digits or English number words to a number; None for anything else."""
    t = text.lower().replace(",", "").replace("-", " ").strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(hundred|thousand|million|billion|mn|bn|k)?", t)
    if m:
        return float(m.group(1)) * (_SCALES[m.group(2)] if m.group(2) else 1)
    total, current, seen = 0.0, 0.0, False
    for word in t.split():
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
            seen = True
        elif word == "hundred":
            current = (current or 1) * 100
            seen = True
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


def read_figure(phrase: str, unit: str) -> Quantity | None:
    """A figure from the words that count a noun: ``read_figure("around 6,700", "containers")``.

    Return None for phrases that are not a stated number ("millions", "dozens")
    and for units that measure something other than a count (calibres, years).
    """
    phrase = re.sub(r"\s+", " ", phrase.strip())
    if unit.lower() in _NOT_UNITS:
        return None
    m = _FIGURE.match(phrase)
    if not m:
        return None
    low = parse_number(m.group("low"))
    if low is None:
        return None
    if m.group("low").lower() in ("a", "an"):
        return None
    high = parse_number(m.group("high")) if m.group("high") else None
    word = (m.group("approx") or "").strip().lower()
    bound = None
    if word:
        bound = "min" if word in _MIN_WORDS else "max" if word in _MAX_WORDS else "about"
    return Quantity(value=low, unit=unit.lower(), approx=bool(word), high=high, bound=bound)
