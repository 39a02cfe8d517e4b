"""What the hand rules read in a sentence, for events the trained model adds.

An event the rules did not make still needs a date, a speaker and a level of
certainty. They are read here at the sentence's main verb with the same
functions the rules use (framing, local cues, dates), and the rules' events of
the sentence are kept by type so that the model's event can borrow theirs.
"""

from __future__ import annotations

from axiswatch.extract.attributes import event_time
from axiswatch.extract.certainty import certainty_at
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.decide import SentenceReading
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Event

_CUE_POS = frozenset({"VERB", "AUX", "ADV", "ADJ", "NOUN", "PART", "SCONJ"})


def read_sentence(view: SentenceView, times: list[TimeMention],
                  rule_events: list[Event]) -> SentenceReading:
    reading = SentenceReading()
    root = next((t for t in view.tokens if t.dep_ == "ROOT"), None)
    if root is not None:
        frame, reading.certainty = certainty_at(view, root)
        reading.attribution = frame.attribution
        reading.when = event_time(view, root, times)
    for e in rule_events:
        reading.by_type.setdefault(e.type, e)
    for m in sorted(view.mention_root, key=lambda m: m.start):
        if m.kind == "item" and m.ref:
            reading.items.setdefault(m.ref, m)
    cues: set[str] = set()
    for tok in view.tokens:
        if tok.i in view.actor_at:
            continue
        if tok.dep_ == "neg":
            cues.add("cneg")
        if tok.tag_ == "MD":
            cues.add("cmd=" + tok.lower_)
        if tok.pos_ in _CUE_POS and tok.is_alpha:
            cues.add("cw=" + tok.lemma_.lower())
    reading.certainty_features = sorted(cues)
    return reading
