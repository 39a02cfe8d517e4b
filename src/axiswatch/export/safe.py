"""Untrusted text made safe for the formats it is written into."""

from __future__ import annotations

import re

# C0 controls but tab, line feed and carriage return; DEL and C1 controls; the
# code points XML 1.0 forbids (lone surrogates, U+FFFE, U+FFFF)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# a spreadsheet reads a cell starting with one of these as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# a cell starting with one of these needs a closer look (control characters may
# hide a formula behind them)
_RISKY_FIRST = frozenset(_FORMULA_START) | frozenset(chr(c) for c in range(32)) | frozenset(
    chr(c) for c in range(0x7F, 0xA0))


def clean_text(value: str) -> str:
    """``value`` without control characters (tab and line breaks are kept)."""
    if value.isprintable():  # the common case, checked in C
        return value
    return _CONTROL.sub("", value)


def csv_cell(value: object) -> object:
    """A value for a CSV cell: text cleaned, and text that a spreadsheet would run as
    a formula prefixed with a quote; numbers are left alone."""
    if value.__class__ is str:
        text: str = value
        if text and text[0] in _RISKY_FIRST:
            text = clean_text(text)
            return "'" + text if text.startswith(_FORMULA_START) else text
        return clean_text(text)
    return value
