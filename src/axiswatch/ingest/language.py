"""Which language an article is written in, offline.

py3langid (a PyPI package that carries its own model; nothing is downloaded)
reads the first few thousand characters. A text too short or too mixed to tell
(probability under ``MIN_PROBABILITY``) gets no language rather than a guess.
The extractor reads English only: an article in another language is still
read (a mixed one may have English sentences), stored and searchable, and when
it gives no events the reason is reported.
"""

from __future__ import annotations

from functools import lru_cache

SUPPORTED = frozenset({"en"})  # what the extractor's lexicons and parser read
MIN_PROBABILITY = 0.5
_SAMPLE = 4000


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """An ISO 639-1 code, or None when the text does not say clearly."""
    sample = text[:_SAMPLE]
    if sum(c.isalpha() for c in sample) < 20:
        return None
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= MIN_PROBABILITY else None


def unsupported(language: str | None) -> bool:
    """Whether the extractor cannot read this language (unknown ones are tried)."""
    return language is not None and language not in SUPPORTED
