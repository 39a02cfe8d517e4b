"""Events no event word states: goods a state owns that another made ("India's
French-made Rafales"), and a deal's contents listed after the deal ("The package
includes HIMARS systems"), whose parties :mod:`axiswatch.extract.document` takes
from the transfer the article has just named.
"""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.attributes import event_time
from axiswatch.extract.certainty import certainty_at
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.sentence import Draft
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention


def implicit_drafts(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    return owned_imports(view, index, times) + bundle_contents(view, index, times)


def _makers(view: SentenceView, root: Token) -> list[Mention]:
    """States named as makers before an item's word ("French-made", "Chinese",
    "US"), never its possessor."""
    found: list[Mention] = []
    for t in range(root.left_edge.i, root.i):
        m = view.actor_at.get(t)
        tok = view.doc[t]
        if m is None or m in found or tok.dep_ == "poss" or view.mention_root[m].i != t:
            continue
        head = tok
        for _ in range(4):
            if head.dep_ not in ("amod", "compound", "npadvmod", "nmod", "conj"):
                break
            head = head.head
            if head.i == root.i:
                found.append(m)
                break
    return found


def owned_imports(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    """"India's French-made Rafales", "Kenya's fleet of Italian helicopters": a
    state owns goods another state made, so the maker supplied them."""
    out: list[Draft] = []
    for item, root in view.mention_root.items():
        if item.kind != "item" or item.ref == "personnel":
            continue
        holder = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
        owners = [m for t in (root, holder.head if holder is not None else None) if t is not None
                  for c in t.children if c.dep_ == "poss" for m in view.np_actors(c, "any")]
        owned = {o.ref for o in owners}
        makers = [m for m in _makers(view, root) if m.ref not in owned]
        if not owners or not makers:
            continue
        frame, certainty = certainty_at(view, root)
        out.extend(Draft("transfer", [maker.ref], [owners[0].ref], item, None,
                         event_time(view, root, times), "delivered", frame.attribution,
                         certainty, index, root.i, "noun", explicit=2, trigger=root.text)
                   for maker in makers)
    return out


def bundle_contents(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    """"The package includes HIMARS systems and Altius drones": goods of the transfer
    the article has just named, whose parties :mod:`document` fills in."""
    if view.actor_at:
        return []  # a sentence with its own actors says who by itself
    cues = view.lexicon.cues
    out: list[Draft] = []
    for tok in view.doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in (cues.get("inclusion_verbs") or ()):
            continue
        holder = tok
        while holder.dep_ in ("xcomp", "conj") and holder.head.i != holder.i:
            holder = holder.head  # "the sale was intended to include"
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].lemma_.lower() not in (cues.get("bundle_nouns") or ()):
            continue
        skip = {t.i for t in subjects[0].subtree}
        frame, certainty = certainty_at(view, tok)
        seen: set[str] = set()
        for item in view.items_below(tok, skip):
            if item.ref in seen:
                continue
            seen.add(item.ref)
            out.append(Draft("transfer", [], [], item, None, event_time(view, tok, times),
                             None, frame.attribution, certainty, index, tok.i, "verb",
                             explicit=0, trigger=tok.text, guess=False, inherit=True))
    return out
