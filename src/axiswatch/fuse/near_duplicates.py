"""MinHash signatures of article text and their LSH band keys (datasketch).

Two texts are near-duplicates when the estimated Jaccard similarity of their
word shingles reaches the threshold in ``data/fusion.yaml``. Band keys let a
store find candidate pairs with an index lookup instead of comparing all pairs.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

from axiswatch.fuse.settings import load_settings

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 1


def shingles(text: str, size: int | None = None) -> set[bytes]:
    """Lower-cased word n-grams; texts shorter than n words give their words."""
    size = size or load_settings().shingle_words
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i:i + size]).encode("utf-8") for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of ``text`` as an array of unsigned integers."""
    m = MinHash(num_perm=load_settings().permutations, seed=_SEED)
    grams = sorted(shingles(text))
    if grams:
        m.update_batch(grams)
    return m.hashvalues.astype(np.uint64)


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if len(a) != len(b) or len(a) == 0:
        return 0.0
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(sig: np.ndarray) -> list[str]:
    """One key per LSH band; texts sharing any key are candidate duplicates."""
    bands = load_settings().bands
    rows = len(sig) // bands
    raw = sig.astype("<u8")
    return [f"{b:02d}" + hashlib.blake2b(raw[b * rows:(b + 1) * rows].tobytes(),
                                         digest_size=8).hexdigest()
            for b in range(bands)]


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    return similarity(a, b) >= load_settings().threshold
