"""Who fighters fight for: the side a use of force is waged on behalf of.

"North Korean soldiers fighting on the side of Russia", "troops fought alongside
Russian forces", "Cuban mercenaries are fighting for Russia in Ukraine",
"soldiers killed helping Russia fight Ukraine", "troops were taking part in the
Russian attacks": the state named is the fighters' ally, neither the one who
fights (a weapon's or soldier's user is their own state) nor the one struck.
A use whose fighters have an ally is foreign troops at war: a use by their
state against the ally's enemy, and their state sent them to the ally.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from axiswatch.extract.frames import act_modifiers
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention, Sentence
from axiswatch.nlp.lexicon import Lexicon


def _beside(view: SentenceView, tok: Token) -> list[Mention]:
    """States a word of fighting says it is fought with: "alongside Russian forces",
    "for Russia", "on the side of Russia", "in support of Moscow"."""
    found: list[Mention] = []
    for place in view.prep_objects(tok, view.lexicon.words("ally_preps")):
        found += view.np_actors(place, "any")
    for place in view.prep_objects(tok, ("on", "in")):
        if place.lemma_.lower() in view.lexicon.words("ally_nouns"):
            for owner in view.prep_objects(place, ("of",)):
                found += view.np_actors(owner, "any")
    return found


def _partaken(view: SentenceView, tok: Token) -> Token | None:
    """The verb of taking part a noun of fighting is the object of: "took part in
    the attacks", "participated in combat", "engaging in combat"."""
    if tok.dep_ != "pobj" or tok.head.lower_ != "in":
        return None
    verb = tok.head.head
    lemma = verb.lemma_.lower()
    if lemma == "take" and any(c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children):
        return verb
    return verb if lemma in view.lexicon.words("partaking_verbs") else None


def allies(view: SentenceView, tok: Token) -> list[Mention]:
    """The states the fighters of ``tok`` (a word of fighting) fight for."""
    if tok.lemma_.lower() not in view.lexicon.words("combat_words"):
        return []
    found = _beside(view, tok)
    head = tok.head
    if tok.dep_ in ("xcomp", "ccomp", "advcl") and \
            head.lemma_.lower() in view.lexicon.words("helping_verbs"):
        # "killed helping Russia fight Ukraine": the one helped
        found += [m for c in head.children if c.dep_ == "dobj" for m in view.np_actors(c, "any")]
    verb = _partaken(view, tok)
    if verb is not None:
        found += _beside(view, verb)
        # "North Korean troops took part in the Russian attacks": the attacks' own
        # state is the ally of fighters from elsewhere
        fighters = {o.ref for s in verb.children if s.dep_ == "nsubj"
                    for m in view.np_items(s) if m.ref == "personnel" for o in view.origins(m)}
        found += [m for m in act_modifiers(view, tok) if fighters and m.ref not in fighters]
    out: list[Mention] = []
    for m in found:
        if m not in out:
            out.append(m)
    return out


_WAGER_GAP = re.compile(r"^(?:['’]s)?(?:\s+[\w-]+){0,2}\s+$")  # "Russia's full-scale war"
_WAGED_ON_GAP = re.compile(r"^\s+(?:against|on|in|of|with|upon)\s+(?:the\s+)?$")
_BETWEEN_GAP = re.compile(r"^\s+between\s+(?:the\s+)?$")
_AND_GAP = re.compile(r"^\s*(?:,|and)\s+(?:the\s+)?$")


def war_sides(sentence: Sentence, actors: list[Mention], lexicon: Lexicon) -> list[tuple[str, str]]:
    """The pairs of states a sentence says are at war: "Russia's war against
    Ukraine", "the Russian invasion of Ukraine", "the conflict between Russia and
    Ukraine" (who wages it, and whom it is waged on). Read from the words around
    the noun of war, so that sentences with no event word, which are not parsed,
    count too."""
    nouns = "|".join(map(re.escape, lexicon.cues.get("war_waging_nouns") or ()))
    if not nouns:
        return []
    text, base = sentence.text, sentence.start
    named = sorted((m for m in actors if m.kind == "actor"), key=lambda m: m.start)
    out: list[tuple[str, str]] = []
    for war in re.finditer(rf"\b(?:{nouns})s?\b", text, re.IGNORECASE):
        begin, end = war.start() + base, war.end() + base
        before = [m for m in named if m.end <= begin and
                  _WAGER_GAP.match(text[m.end - base:begin - base])]
        after = [m for m in named if m.start >= end and
                 _WAGED_ON_GAP.match(text[end - base:m.start - base])]
        out += [(a.ref, b.ref) for a in before[-1:] for b in after[:1] if a.ref != b.ref]
        first = [m for m in named if m.start >= end and
                 _BETWEEN_GAP.match(text[end - base:m.start - base])]
        for a in first[:1]:
            second = [m for m in named if m.start >= a.end and
                      _AND_GAP.match(text[a.end - base:m.start - base])]
            out += [(a.ref, b.ref) for b in second[:1] if a.ref != b.ref]
    return out
