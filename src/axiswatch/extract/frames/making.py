"""Frames of making: the subject or possessor produces the item ("Russia
produces drones", "Iran's drone production")."""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.frames.roles import Roles, act_modifiers, np_list, passive, state_in
from axiswatch.extract.syntax import SentenceView


def produce_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if passive(tok):
        r.sources = view.agent(tok)
        for s in view.children(tok, ("nsubjpass",)):
            r.items += view.np_items(s)
        r.sources += np_list(view, view.prep_objects(tok, ("in", "by")))
    else:
        r.sources = view.subject(tok) or view.inherited_subject(tok)
        for obj in view.children(tok, ("dobj",)):
            r.items += view.np_items(obj)
            if not r.sources:  # "a joint venture to produce missiles in India"
                r.sources = state_in(view, obj)
        if not r.sources:
            r.sources = state_in(view, tok)
    r.explicit = bool(r.sources)
    return r


def produce_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    r.sources = act_modifiers(view, tok) or view.noun_agent(tok)
    r.items = view.np_items(tok)
    for p in view.prep_objects(tok, ("of",)):
        r.items += view.np_items(p)
        if not r.sources:  # "the production of K9 howitzers in Egypt"
            r.sources = state_in(view, p)
    if not r.sources:
        r.sources = state_in(view, tok)
    r.explicit = bool(r.sources)
    return r
