"""Turn the bytes of an article into text, whatever its encoding."""

from __future__ import annotations

from charset_normalizer import from_bytes

# Share of control characters (other than whitespace) above which bytes are
# taken for a binary file rather than text.
_MAX_CONTROL_SHARE = 0.02
_MAX_NUL_SHARE = 0.10


def looks_binary(data: bytes) -> bool:
    """Control characters in more than a small share of the first 8 KiB. NULs
    are given more room: a few stray ones in a text do not make it binary."""
    sample = data[:8192]
    if not sample:
        return False
    nuls = sample.count(0)
    controls = sum(1 for b in sample if 0 < b < 32 and b not in (9, 10, 12, 13))
    return controls / len(sample) > _MAX_CONTROL_SHARE or nuls / len(sample) > _MAX_NUL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text, encoding), without NUL characters. Raise ValueError for bytes
    that are not text."""
    text, encoding = _decode(data)
    return text.replace("\x00", ""), encoding


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if looks_binary(data):
        raise ValueError("binary content, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:65536]).best()
    encoding = best.encoding if best is not None else "cp1252"
    try:
        return data.decode(encoding, errors="replace"), encoding
    except LookupError:
        return data.decode("cp1252", errors="replace"), "cp1252"
