"""How well a fact is supported, and its confidence.

Independent sources: two documents are the same source when they are copies of
one story (near-duplicates, syndication) or come from the same publisher.

Confidence (also in docs/fusion.md): each independent source that supports the
fact counts by how sure it sounds, using its surest wording (weights in
``data/fusion.yaml``: asserted 0.8, reported 0.6, alleged 0.4, possible 0.2).
Confidence is the chance that not all of them are wrong::

    confidence = 1 - (1 - w1) * (1 - w2) * ...

One plain statement gives 0.8; two independent ones 0.96; one rumour 0.4.
Denials do not lower it; they mark the fact as contested instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from axiswatch.extract.certainty import RANK
from axiswatch.fuse.claims import Claim, interval
from axiswatch.fuse.settings import load_settings
from axiswatch.fuse.stories import UnionFind


@dataclass(frozen=True)
class Support:
    documents: int
    sources: int  # independent sources that state it (any certainty but denied)
    denials: int  # independent sources that deny it
    strongest: str
    weakest: str
    first_reported: date | None
    last_reported: date | None
    period_start: str | None
    period_end: str | None
    attributions: tuple[str, ...]
    publishers: tuple[str, ...]
    statuses: tuple[str, ...]
    confidence: float


def independent_groups(claims: list[Claim]) -> list[list[Claim]]:
    """Claims grouped by independent source (same story or same publisher = one)."""
    groups = UnionFind()
    for c in claims:
        groups.union(f"doc:{c.doc}", f"story:{c.story}")
        if c.publisher:
            groups.union(f"doc:{c.doc}", f"publisher:{c.publisher.lower()}")
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(groups.find(f"doc:{c.doc}"), []).append(c)
    return [out[k] for k in sorted(out)]


def confidence(claims: list[Claim]) -> float:
    """How likely the fact is, from independent sources: each source's weight is
    how sure it says it is (certainty) times how sure the extractor is that it
    read the sentence right (score)."""
    weights = load_settings().certainty_weight
    doubt = 1.0
    for group in independent_groups([c for c in claims if c.certainty != "denied"]):
        doubt *= 1.0 - max(weights[c.certainty] * (1.0 if c.score is None else c.score)
                           for c in group)
    return round(1.0 - doubt, 4)


def summarize(claims: list[Claim]) -> Support:
    stating = [c for c in claims if c.certainty != "denied"]
    denying = [c for c in claims if c.certainty == "denied"]
    published = sorted(c.published for c in claims if c.published)
    times = [interval(c.time) for c in claims if c.time]
    by_rank = sorted({c.certainty for c in claims}, key=RANK.__getitem__)
    return Support(
        documents=len({c.doc for c in claims}),
        sources=len(independent_groups(stating)),
        denials=len(independent_groups(denying)),
        strongest=by_rank[0], weakest=by_rank[-1],
        first_reported=published[0] if published else None,
        last_reported=published[-1] if published else None,
        period_start=min(t[0] for t in times).isoformat() if times else None,
        period_end=max(t[1] for t in times).isoformat() if times else None,
        attributions=tuple(sorted({c.attribution for c in claims if c.attribution})),
        publishers=tuple(sorted({c.publisher for c in claims if c.publisher})),
        statuses=tuple(sorted({c.status for c in claims if c.status})),
        confidence=confidence(claims),
    )
