"""Frames of doing together: meetings and agreements, whose parties are the subject
and those "with" / "between" whom, with no direction."""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.frames.giving import traders
from axiswatch.extract.frames.roles import (
    TOGETHER,
    Roles,
    act_modifiers,
    np_list,
    symmetric_roles,
    unique,
)
from axiswatch.extract.syntax import SentenceView


def together_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    parties = view.subject(tok) or view.inherited_subject(tok)
    subject = view.children(tok, ("nsubj",))
    if not parties and subject and subject[0].tag_ == "NNS" and (
            view.is_agent_noun(subject[0]) or
            subject[0].lemma_.lower() in view.lexicon.words("party_nouns")):
        # "the two leaders signed", "the two countries signed": the parties are the
        # sentence's actors
        r.between = unique([m for _, m in sorted(view.actor_at.items())])
    subjects = len(unique(parties))
    for obj in view.children(tok, ("dobj",)):
        parties += view.np_actors(obj)
        parties += np_list(view, view.prep_objects(obj, TOGETHER))
    parties += np_list(view, view.prep_objects(tok, TOGETHER))
    for t in tok.subtree:
        if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lemma_ in (
                "trip", "visit", "journey"):
            parties += view.np_actors(t)
    parties = unique(parties)
    if len(parties) < 2 and view.lexicon.means(tok.lemma_.lower(), "agreement", "verb"):
        parties = unique(parties + traders(view, tok))  # "agreed to buy jets from Saab"
    if subjects >= 3 and len(parties) == subjects:
        # "The Philippines, Japan and the US held talks": each with each, none leads
        r.between, r.explicit = parties, 2
        return r
    return symmetric_roles(r, parties)


def together_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    parties = act_modifiers(view, tok)
    parties += np_list(view, view.prep_objects(tok, TOGETHER))
    if tok.lemma_.lower() in ("visit", "trip", "journey"):  # "a visit to Pyongyang"
        parties += np_list(view, view.prep_objects(tok, ("to",)))
        # "a trip to Qatar by the British defence secretary": who travels
        parties += np_list(view, view.prep_objects(tok, ("by",)), "any")
    if len(unique(parties)) < 2:  # "Putin and Kim held talks": the support verb's subject
        agents = unique(view.noun_agent(tok))
        if len(agents) >= 3:  # "Chile, Peru and Colombia held talks (in Lima)"
            r.between, r.explicit = unique(agents + parties), 2
            return r
        parties += agents
    if len(unique(parties)) < 2:  # "sold the howitzers to Kenya in a deal signed in 2022"
        parties += traders(view, tok)
    if len(unique(parties)) < 2 and tok.dep_ == "pobj" and tok.head.lower_ in _CIRCUMSTANCE \
            and tok.head.head.pos_ == "VERB":
        # "travelled to Tehran for talks with ...", "thanked Kim during a visit to ...":
        # the clause's subject takes part
        verb = tok.head.head
        parties += view.subject(verb) or view.inherited_subject(verb)
        if tok.lemma_.lower() in ("visit", "trip"):  # "arrived in Pyongyang for a visit"
            parties += np_list(view, view.prep_objects(verb, ("to", "in")))
    return symmetric_roles(r, parties)


_CIRCUMSTANCE = frozenset({"for", "during", "on", "after", "before", "at", "ahead", "into"})
