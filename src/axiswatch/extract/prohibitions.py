"""Sanctions stated as the bans a state is bound by or breaks.

"North Korea received oil in breach of U.N. sanctions", "resolutions that bar
Iran from exporting weapons", "Iran was prohibited from transferring missiles
under Security Council Resolution 2231", "Iran breached the arms embargo", "the
inflow of drones breaks a United Nations arms prohibition on Sudan": a ban
(``cues.yaml: ban_nouns``) owned by an international body (``ban_bodies``), or
sanctions owned by anyone, are the owner's sanction on the state they bind: the
one they are "on" or "against", else the one they bar, else the one state said
to break them (when a sentence names several, a supplier and its client, which
one the ban binds it does not say). A state's own sanctions are read by the
sanction rules; with no bound state in the sentence there is no event.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from axiswatch.extract.attributes import event_time
from axiswatch.extract.certainty import certainty_at
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.frames import act_modifiers
from axiswatch.extract.sentence import Draft
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention


def _breaker(view: SentenceView, verb: Token) -> list[Mention]:
    """The one state named as the subject of the verb a ban is broken in
    ("North Korea received oil in breach of"); none when the subject is a pronoun
    or names several (a supplier and its client: which one the ban binds, the
    sentence does not say)."""
    found = [m for s in verb.children if s.dep_ in ("nsubj", "nsubjpass")
             for m in view.np_actors(s, "any")]
    return found if len({m.ref for m in found}) == 1 else []


def _bound(view: SentenceView, ban: Token) -> list[Mention]:
    """The states a ban binds."""
    on = view.prep_objects(ban, ("on", "against", "upon"))
    found = [m for o in on for m in view.np_actors(o, "any")]
    found += [m for o in on for p in view.prep_objects(o, ("to",))  # "a limit on exports to X"
              for m in view.np_actors(p, "any")]
    if found:
        return found
    barring = view.lexicon.words("barring_verbs")
    for verb in ban.children:  # "resolutions that bar Iran from exporting"
        if verb.dep_ == "relcl" and verb.lemma_.lower() in barring:
            return [m for o in view.children(verb, ("dobj",)) for m in view.np_actors(o, "any")]
    holder = ban.head
    if ban.dep_ == "pobj" and holder.lower_ == "under":
        # "Iran was prohibited from transferring missiles under Resolution 2231"
        barred = _above(holder, lambda t: t.lemma_.lower() in barring)
        return [] if barred is None else \
            [m for s in view.children(barred, ("nsubjpass",)) for m in view.np_actors(s, "any")]
    if ban.dep_ == "dobj" and holder.lemma_.lower() in view.lexicon.words("evading_verbs"):
        return _breaker(view, holder)  # "Iran breached the embargo"
    if ban.dep_ == "pobj" and holder.lower_ == "of" and \
            holder.head.lemma_.lower() in view.lexicon.words("wrongdoing_nouns"):
        breach = holder.head  # "in breach of U.N. sanctions", "Iran's violation of"
        owners = act_modifiers(view, breach)
        if len({m.ref for m in owners}) == 1:
            return owners
        if breach.dep_ == "pobj" and breach.head.lower_ == "in":
            # "received oil over a period in breach of": the clause's verb
            clause = _above(breach.head, lambda t: t.pos_ in ("VERB", "AUX"))
            return [] if clause is None else _breaker(view, clause)
    return []


def _above(tok: Token, wanted: Callable[[Token], bool], steps: int = 4) -> Token | None:
    """The nearest word above ``tok`` that is ``wanted``, through phrases only."""
    for _ in range(steps):
        if tok.head.i == tok.i or tok.dep_ in ("ccomp", "relcl", "advcl", "ROOT"):
            return None
        tok = tok.head
        if wanted(tok):
            return tok
    return None


def prohibition_drafts(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    bans, bodies = view.lexicon.words("ban_nouns"), view.lexicon.words("ban_bodies")
    out: list[Draft] = []
    for tok in view.tokens:
        if tok.lemma_.lower() not in bans:
            continue
        # "U.N. sanctions", "the Security Council's limits", "the UNSC imposed a limit"
        # (sanctions may be any state's: "in breach of EU sanctions")
        anyone = view.lexicon.means(tok.lemma_.lower(), "sanction", "noun")
        owners = [m.ref for m in act_modifiers(view, tok) + view.noun_agent(tok)
                  if m.ref in bodies or anyone]
        if not owners:
            continue
        bound = [m.ref for m in _bound(view, tok) if m.ref not in owners]
        if not bound:
            continue
        frame, certainty = certainty_at(view, tok)
        out.append(Draft("sanction", owners[:1], list(dict.fromkeys(bound)), None, None,
                         event_time(view, tok, times), None, frame.attribution, certainty,
                         index, tok.i, "noun", explicit=2, trigger=tok.text, guess=False))
    return out
