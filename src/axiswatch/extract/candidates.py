"""The cheap test that decides which sentences are worth parsing.

A sentence can state an event only if it names an actor and contains a word
that may be an event word (any inflection of a trigger lemma); an event that
moves or uses goods (transfer, use, production) also needs an item named.
The tests are regular expressions, so an article's sentences are screened
in microseconds and only a fraction reach the parser. A sentence naming goods
and no actor passes when it lists a deal's contents ("The package includes ..."),
and one naming two actors when it judges an act ("... was a serious breach").
"""

from __future__ import annotations

import re
from functools import lru_cache

from axiswatch.model import ITEM_TYPES, Mention, Sentence
from axiswatch.nlp.gazetteer import by_first_letter
from axiswatch.nlp.lexicon import Lexicon, load_lexicon


def _stem(lemma: str) -> str:
    word = lemma.split()[-1]
    if len(word) > 4 and word[-1] in "ey":
        return word[:-1]
    return word


def build_trigger_pattern(lexicon: Lexicon, with_items: bool) -> re.Pattern[str]:
    """Words of the event types that need an item (``with_items``) or not."""
    lemmas = [lemma for lemma, senses in lexicon.triggers.items()
              if any((s.type in ITEM_TYPES) == with_items for s in senses)]
    stems = {_stem(lemma) for lemma in lemmas}
    # short lemmas keep their "e" as a stem ("use" would match "us", "USA"): their
    # "-ing" forms are listed ("using", "firing", "giving")
    stems |= {w[:-1] + "ing" for lemma in lemmas if (w := lemma.split()[-1]).endswith("e")
              and _stem(lemma) == w}
    stems |= {form for form, lemma in lexicon.irregular.items() if lemma in lemmas}
    alternatives = sorted((re.escape(s) for s in stems), key=len, reverse=True)
    return re.compile(r"\b" + by_first_letter(alternatives, True) + r"[a-z]*\b", re.IGNORECASE)


@lru_cache(maxsize=2)
def trigger_pattern(with_items: bool) -> re.Pattern[str]:
    return build_trigger_pattern(load_lexicon(), with_items)


@lru_cache(maxsize=1)
def implied_item_pattern() -> re.Pattern[str] | None:
    """Verbs that name their goods themselves ("arming Russia"): no item needed."""
    verbs = sorted(load_lexicon().cues.get("implied_items") or {}, key=len, reverse=True)
    if not verbs:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(v) for v in verbs) + r")(?:s|ed|ing)?\b",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def bundle_pattern() -> re.Pattern[str] | None:
    """"The package includes ...": a deal's contents, named with no actor."""
    cues = load_lexicon().cues
    nouns, verbs = cues.get("bundle_nouns") or [], cues.get("inclusion_verbs") or []
    if not nouns or not verbs:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, nouns)) + r")s?\b.{0,80}?\b(?:"
                      + "|".join(map(re.escape, verbs)) + r")(?:s|d|ed)?\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def listing_pattern() -> re.Pattern[str] | None:
    """"Firms in Turkey and India were also included": those a list names."""
    cues = load_lexicon().cues
    verbs = [*(cues.get("listing_words") or ()), *(cues.get("placing_words") or ())]
    nouns = cues.get("listed_nouns") or []
    if not verbs or not nouns:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, verbs)) + r")(?:s|d|ed|ing)?\b.*\b(?:"
                      + "|".join(map(re.escape, nouns)) + r")|\b(?:"
                      + "|".join(map(re.escape, nouns)) + r")(?:s|es|ies)?\b.*\b(?:"
                      + "|".join(map(re.escape, verbs)) + r")(?:s|d|ed|ing)?\b", re.IGNORECASE)


@lru_cache(maxsize=1)
def force_pattern() -> re.Pattern[str] | None:
    """Words of force that imply the weapons used ("bombed", "airstrikes")."""
    words = sorted(load_lexicon().cues.get("use_implied_items") or {}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")(?:s|es|ed|ing|ings)?\b",
                      re.IGNORECASE)


@lru_cache(maxsize=1)
def judgement_pattern() -> re.Pattern[str] | None:
    """"... were a serious breach of international law": a judgement of an act."""
    words = sorted(load_lexicon().cues.get("judgement_words") or (), key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")", re.IGNORECASE)


def is_candidate(sentence: Sentence, actors: list[Mention], items: list[Mention]) -> bool:
    if not actors:
        bundle = bundle_pattern()
        return bool(items) and bundle is not None and bundle.search(sentence.text) is not None
    if items and trigger_pattern(True).search(sentence.text):
        return True
    implied = implied_item_pattern()
    if implied is not None and implied.search(sentence.text):
        return True
    if trigger_pattern(False).search(sentence.text) is not None:
        return True
    listing = listing_pattern()
    if listing is not None and listing.search(sentence.text) is not None:
        return True
    if len(actors) < 2:
        return False
    judgement, force = judgement_pattern(), force_pattern()
    return any(p is not None and p.search(sentence.text) is not None
               for p in (judgement, force))
