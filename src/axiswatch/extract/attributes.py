"""Status, time and figures of one event word in a parsed sentence."""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.certainty import local_chain, pending
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.quantities import read_figure
from axiswatch.extract.syntax import SentenceView, is_perfect
from axiswatch.model import Mention, Quantity

_PRESENT_TAGS = frozenset({"VBZ", "VBP"})


def transfer_status(view: SentenceView, tok: Token) -> str:
    """``planned``, ``ongoing`` or ``delivered`` for a transfer word."""
    status_cues = view.lexicon.cues["status"]
    planned = set(status_cues["planned"]["lemmas"])
    ongoing = set(status_cues["ongoing"]["lemmas"])
    ongoing_adverbs = set(view.lexicon.cues.get("ongoing_adverbs") or [])
    chain = local_chain(tok)
    if pending(view, tok, view.lexicon.cues["certainty"]["possible"].get("pending") or ()):
        return "planned"  # "a deal for Russia to buy missiles is under discussion"
    if tok.dep_ == "pcomp" and tok.head.lower_ == "against":
        return "planned"  # "warned Pyongyang against sending troops"
    for word in chain:
        if word.lemma_.lower() in planned or word.lower_ in planned:
            return "planned"
        for child in word.children:
            if child.dep_ in ("aux",) and child.lower_ in ("will", "would", "'ll", "could",
                                                           "may", "might", "shall"):
                return "planned"
            if child.dep_ in ("amod", "compound") and child.lemma_.lower() in planned:
                return "planned"
    for word in chain:
        lemma = word.lemma_.lower()
        if lemma in ongoing:
            return "ongoing"
        for child in word.children:
            if child.lemma_.lower() in ongoing or child.lower_ in ongoing_adverbs:
                return "ongoing"
        if word.pos_ in ("VERB", "AUX"):
            if word.tag_ in _PRESENT_TAGS:
                return "ongoing"
            auxes = [c for c in word.children if c.dep_ in ("aux", "auxpass")]
            if word.tag_ == "VBG" and any(a.tag_ in _PRESENT_TAGS or a.lemma_ == "be"
                                          for a in auxes):
                return "ongoing"  # "is supplying", "is believed to be receiving"
            if any(a.lemma_ == "have" for a in auxes) and word.tag_ == "VBG":
                return "ongoing"
            if word.tag_ in ("VBD", "VBN") or auxes:
                return "delivered"
            if word.tag_ != "VBG":
                return "delivered"
    return "delivered"


def _anchor(view: SentenceView, tok: Token) -> Token:
    """The word a time expression belongs to: the nearest verb or event noun above it."""
    current = tok
    for _ in range(10):
        head = current.head
        if head.i == current.i:
            return head
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ == "NOUN" and (view.is_event_noun(head) or head.lower_.endswith("ing")):
            return head
        current = head
    return current


def event_time(view: SentenceView, tok: Token, times: list[TimeMention]) -> str | None:
    """The time expression that dates the event word ``tok``, if any.

    A date on a verb of saying dates what is said only when the event is
    simultaneous with the saying ("In late 2023, officials said factories
    were operating"), not when it happened before ("... said it had delivered").
    """
    if not times:
        return None
    chain = local_chain(tok)
    chain_ids = {w.i for w in chain}
    ancestors = {a.i for a in tok.ancestors}
    subtree = {t.i for t in tok.subtree}
    perfect = any(is_perfect(w) for w in chain if w.pos_ in ("VERB", "AUX"))
    best: str | None = None
    for tm in times:
        span = view.doc.char_span(tm.start - view.sentence.start, tm.end - view.sentence.start,
                                  alignment_mode="expand")
        if span is None:
            continue
        anchor = _anchor(view, span.root)
        ok = anchor.i in chain_ids or anchor.i == tok.i
        if not ok and anchor.i in subtree and view.is_event_noun(anchor) and \
                anchor.pos_ == "NOUN":
            ok = True
        if not ok and anchor.i in ancestors and anchor.lemma_ in view.lexicon.reporting_verbs:
            # simultaneous: "officials said factories were operating"; not "said it had
            # delivered" nor "Iran shipped drones, Kyiv said on Tuesday"
            ok = not perfect and not (tok.tag_ == "VBD" and anchor.tag_ == "VBD")
        if ok and (best is None or len(tm.value) > len(best)):
            best = tm.value
    return best


def _is_calibre(view: SentenceView, number: Token) -> bool:
    """"152 mm shells", "122-mm rounds": a calibre, not a count."""
    following = view.doc[number.i + 1: number.i + 3].text.lower().lstrip("- ")
    return following.startswith(("mm", "millimet", "cm", "calibre", "caliber"))


_CAPACITY_VERBS = frozenset({"hold", "contain", "carry", "fit", "accommodate", "store"})


def _is_capacity(counted: Token) -> bool:
    """"enough to hold three million rounds", "could hold a million shells": what the
    shipment could hold, not a count of what was sent."""
    verb = counted.head if counted.dep_ == "dobj" else None
    if verb is None or verb.lemma_.lower() not in _CAPACITY_VERBS:
        return False
    if any(c.dep_ == "aux" and c.lower_ in ("could", "can", "would", "might", "may")
           for c in verb.children):
        return True
    return any(a.lower_ in ("enough", "capable", "able", "sufficient") or
               any(c.lower_ in ("enough", "capable", "able") for c in a.children)
               for a in [verb, *list(verb.ancestors)[:3]])


def event_figures(view: SentenceView, tok: Token, items: list[Mention],
                  skip: set[int]) -> list[Quantity]:
    """The stated figures for the event's goods, best first: counts of the item
    itself, then counts of containers or shipments."""
    containers = set(view.lexicon.cues.get("container_units") or [])
    item_tokens = {i for i, m in view.item_at.items() if m in items}
    found: list[tuple[int, int, Quantity]] = []
    region = [t for t in tok.subtree if t.i not in skip]
    if tok.pos_ in ("NOUN", "PROPN") and tok.head.pos_ in ("VERB", "AUX"):
        region += [t for t in tok.head.subtree if t.i not in skip]
    seen: set[int] = set()
    for t in region:
        if t.i in seen or (t.dep_ != "nummod" and not (t.like_num and t.head.pos_ == "NOUN")):
            continue
        seen.add(t.i)
        unit_tok = t.head
        if unit_tok.i in view.actor_at or _is_calibre(view, t) or _is_capacity(unit_tok):
            continue
        unit = unit_tok.lower_
        if unit_tok.i in item_tokens:
            rank = 2
        elif unit in containers or unit_tok.lemma_.lower() in containers:
            rank = 1
        else:
            continue
        phrase_tokens = sorted([t, *[c for c in t.subtree if c.i != t.i]], key=lambda x: x.i)
        phrase = view.doc[phrase_tokens[0].i: phrase_tokens[-1].i + 1].text
        quantity = read_figure(phrase, unit)
        if quantity is None:
            continue
        found.append((-rank, t.i, quantity))
    found.sort(key=lambda f: (f[0], f[1]))
    out: list[Quantity] = []
    for _, _, q in found:
        if q not in out:
            out.append(q)
    return out
