"""Map the arguments of an event word to roles, by the word's frame.

The frames are named in ``data/triggers.yaml``: ``give`` (the subject gives
to the object), ``receive`` (the subject gets from someone), ``turn``
(the subject turns to someone for something), ``act`` (the subject acts on
the object), ``together`` (the parties meet or sign) and ``produce``.
Voice is handled here: in the passive the by-phrase is the subject.

By family, one module each: :mod:`.giving` (give, receive, turn, post, join,
teach), :mod:`.acting` (act, strike, intercept), :mod:`.together` and
:mod:`.making`; :mod:`.roles` holds what they share.
"""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.frames.acting import (
    act_noun,
    act_verb,
    intercept_verb,
    strike_noun,
    strike_verb,
    theatre,
)
from axiswatch.extract.frames.giving import (
    deal_terms,
    give_noun,
    give_verb,
    join_verb,
    post_verb,
    receive_noun,
    receive_verb,
    teach_verb,
    turn_verb,
)
from axiswatch.extract.frames.making import produce_noun, produce_verb
from axiswatch.extract.frames.roles import Roles, act_modifiers, participle_agents
from axiswatch.extract.frames.together import together_noun, together_verb
from axiswatch.extract.syntax import SentenceView

__all__ = ["Roles", "act_modifiers", "deal_terms", "participle_agents", "resolve", "theatre"]


def resolve(view: SentenceView, tok: Token, frame: str, pos: str) -> Roles:
    if pos == "verb":
        return _VERB_FRAMES[frame](view, tok)
    return _NOUN_FRAMES[frame](view, tok)


_VERB_FRAMES = {"join": join_verb, "teach": teach_verb, "post": post_verb, "give": give_verb,
                "receive": receive_verb, "turn": turn_verb, "act": act_verb,
                "strike": strike_verb, "together": together_verb, "produce": produce_verb,
                "intercept": intercept_verb}


_NOUN_FRAMES = {"give": give_noun, "receive": receive_noun, "turn": receive_noun,
                "act": act_noun, "strike": strike_noun, "together": together_noun,
                "produce": produce_noun}
