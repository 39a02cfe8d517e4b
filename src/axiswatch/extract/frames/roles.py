"""What an event word's frame fills in, and the helpers every frame shares: the
roles (sources, targets, items), the prepositions that name them, the passive,
and the actors a noun phrase or an event noun's modifiers name."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention

TO = ("to", "for", "into")


FROM = ("from", "by")


AGAINST = ("against", "on", "upon", "over", "regarding", "about", "for", "toward", "towards")


STRIKE_TARGET = ("against", "on", "upon", "at", "in", "toward", "towards", "across")


TOGETHER = ("with", "between", "to", "in", "and", "among")


@dataclass
class Roles:
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    items: list[Mention] = field(default_factory=list)
    explicit: int = 0
    between: list[Mention] = field(default_factory=list)  # direction not stated


def passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN") or (
        # "drones have been weaponised and supplied to Russia"
        tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head.i != tok.i and
        any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children))


def unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.ref not in seen:
            seen.add(m.ref)
            out.append(m)
    return out


def np_list(view: SentenceView, toks: list[Token], adjectives: str = "agent") -> list[Mention]:
    out: list[Mention] = []
    for t in toks:
        # "fighting on the side of Russia": for it, not against it (cues.yaml: ally_nouns)
        if t.lemma_.lower() not in view.lexicon.words("ally_nouns"):
            out.extend(view.np_actors(t, adjectives))
    return unique(out)


def act_modifiers(view: SentenceView, tok: Token) -> list[Mention]:
    """Actors modifying an event noun: "North Korea's exports", "Russian use"."""
    found: list[Mention] = []
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            m = view.actor(child)
            if m is not None:
                found.extend(view.coordinated_before(child))
                found.append(m)
                found.extend(view.np_actors(child))
    # "North Korean arms shipments": the adjective sits on the compound item.
    for child in tok.children:
        if child.dep_ == "compound" and child.i in view.item_at:
            for grand in child.children:
                m = view.actor(grand)
                if m is not None and grand.dep_ in ("amod", "compound", "poss"):
                    found.append(m)
    return unique(found)


def participle_agents(view: SentenceView, noun: Token) -> list[Mention]:
    """Who a participle on ``noun`` names with "by": "the strikes carried out by X",
    "missiles fired by Houthi rebels", "sanctions imposed on Iran by Britain"."""
    return unique([m for acl in noun.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                    for m in np_list(view, view.prep_objects(acl, ("by",)), "any")])


def symmetric_roles(r: Roles, parties: list[Mention]) -> Roles:
    """Roles of a meeting or agreement: the first party named leads, the rest join."""
    parties = unique(parties)
    r.sources = parties[:1]
    r.targets = parties[1:]
    r.explicit = min(len(parties), 2)
    return r


def state_in(view: SentenceView, tok: Token) -> list[Mention]:
    """The state named as the place of ``tok`` ("production of K9 howitzers in
    Egypt", "trained in Iran"): the doer when none is named."""
    return [m for m in np_list(view, view.prep_objects(tok, ("in",)))
            if m.form != "adjective"]
