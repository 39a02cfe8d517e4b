"""From scored proposals to the events of an article.

Each (type, source, target, category) key of the article gets the best of its
proposals' scores; keys scoring at or above the model's threshold become
events, cited by the sentence of their best proposal. Quantity, date, status
and attribution come from the hand rules' event for the same key where they
made one, else from what the rules read in that sentence; certainty is the
rules' level where they read the event in that sentence, else the certainty
model's choice among the levels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from axiswatch.extract.classifier import EventModel
from axiswatch.extract.proposals import Proposal
from axiswatch.extract.rerank import Support
from axiswatch.model import Article, Event, Item, Mention, Sentence


@dataclass
class SentenceReading:
    """What the hand rules read in one sentence, for events the model adds."""

    certainty: str = "asserted"
    when: str | None = None
    attribution: str | None = None
    by_type: dict[str, Event] = field(default_factory=dict)  # first rule event of each type
    items: dict[str, Mention] = field(default_factory=dict)  # first item of each category
    certainty_features: list[str] = field(default_factory=list)


@dataclass
class Scored:
    proposal: Proposal
    score: float


def certainty_features(proposal: Proposal, reading: SentenceReading) -> list[str]:
    rule = proposal.rule or reading.by_type.get(proposal.type)
    rule_level = rule.certainty if rule is not None else reading.certainty
    return [f"crule={rule_level}", f"ctype={proposal.type}:{rule_level}",
            f"cframe={reading.certainty}", *reading.certainty_features]


def best_by_key(article: Article, scored: list[Scored]) -> dict[tuple, Scored]:
    best: dict[tuple, Scored] = {}
    keep_best(best, article, scored)
    return best


def keep_best(best: dict[tuple, Scored], article: Article, scored: list[Scored]) -> None:
    """Update ``best`` with each key's highest-scored proposal (on a tie, the one
    the rules made), in order: the same choice in one pass or sentence by sentence."""
    for s in scored:
        k = s.proposal.key(article.doc_id)
        if k not in best or s.score > best[k].score or (
                s.score == best[k].score and s.proposal.rule is not None
                and best[k].proposal.rule is None):
            best[k] = s


def to_event(article: Article, sentences: list[Sentence], s: Scored,
             readings: dict[int, SentenceReading], rule_for_key: dict[tuple, Event],
             model: EventModel | None) -> Event:
    p = s.proposal
    sentence = sentences[p.sentence_index]
    reading = readings.get(p.sentence_index) or SentenceReading()
    rule = p.rule or rule_for_key.get(p.key(article.doc_id))
    local = p.rule or reading.by_type.get(p.type)
    fallback = local.certainty if local is not None else reading.certainty
    # the rules' own level where they read this event here; the model's where they did not
    certainty = fallback if (local is not None or model is None) else \
        model.certainty_of(certainty_features(p, reading), fallback)
    item = None
    if p.category is not None:
        if rule is not None and rule.item is not None:
            item = rule.item
        elif p.category in reading.items:
            item = Item(p.category, reading.items[p.category].text)
        else:
            item = Item(p.category, p.category)
    quantity = rule.quantity if rule is not None else None
    # local is p.rule when the rules made this very event here
    when = local.when if local is not None else reading.when
    if rule is not None and when is None:
        when = rule.when
    status = None
    if p.type == "transfer":
        told = rule or local
        status = (told.status if told is not None else None) or "delivered"
    attribution = local.attribution if local is not None else reading.attribution
    figures = list(rule.figures) if rule is not None else []
    return Event(
        doc=article.doc_id, type=p.type, source=p.source, target=p.target, item=item,
        quantity=quantity, when=when, status=status, attribution=attribution,
        certainty=certainty, evidence=sentence.text, evidence_start=sentence.start,
        evidence_end=sentence.end, trigger=local.trigger if local is not None else "",
        explicit_roles=rule.explicit_roles if rule is not None else 0,
        figures=figures, score=round(s.score, 4),
    )


def rule_counts(rule_events: list[Event]) -> dict[tuple, int]:
    """In how many sentences the hand rules read each key of an article."""
    sentences: dict[tuple, set[int]] = {}
    for e in rule_events:
        sentences.setdefault(e.key(), set()).add(e.evidence_start)
    return {k: len(v) for k, v in sentences.items()}


def add_support(support: dict[tuple, Support], article: Article, proposals: list[Proposal],
                raw: list[float]) -> None:
    """Record each proposal's raw probability as support for its key in its sentence."""
    for p, r in zip(proposals, raw, strict=True):
        by_sentence = support.setdefault(p.key(article.doc_id), {})
        if r > by_sentence.get(p.sentence_index, -1.0):
            by_sentence[p.sentence_index] = r


def decide(article: Article, sentences: list[Sentence], proposals: list[Proposal],
           readings: dict[int, SentenceReading], rule_events: list[Event],
           model: EventModel, support: dict[tuple, Support] | None = None) -> list[Event]:
    """The article's events. ``support`` is every key's raw probabilities by
    sentence when ``proposals`` holds only each key's best proposal."""
    ruled = rule_counts(rule_events)
    if model.rerank is not None and support is not None:
        # each key's proposal was chosen as the article was read: only the keys' scores
        rescored = model.key_scores(support, ruled)
        best = best_by_key(article, [Scored(p, rescored[p.key(article.doc_id)])
                                     for p in proposals])
    else:
        raw = model.events.probabilities([(p.groups, p.own) for p in proposals])
        best = best_by_key(article, [Scored(p, model.calibration(r))
                                     for p, r in zip(proposals, raw, strict=True)])
        if model.rerank is not None:
            support = {}
            add_support(support, article, proposals, raw)
            rescored = model.key_scores(support, ruled)
            best = {k: Scored(s.proposal, rescored[k]) for k, s in best.items()}
    rule_for_key: dict[tuple, Event] = {}
    for e in rule_events:
        rule_for_key.setdefault(e.key(), e)
    events = [to_event(article, sentences, s, readings, rule_for_key, model)
              for s in best.values() if s.score >= model.threshold]
    return sorted(events, key=lambda e: (e.evidence_start, e.type, e.source or "",
                                         e.target or ""))
