"""Group near-duplicate documents into stories.

A story is a connected group of documents linked by near-duplicate pairs; its
id is the smallest document id in it, so a story's id does not depend on the
order documents arrived in, and fusing from scratch gives the same stories as
adding documents one by one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from axiswatch.fuse.near_duplicates import band_keys, same_story


class UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller id is the root, so a group's root is its smallest member
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def group_stories(signatures: Iterable[tuple[str, np.ndarray]]) -> dict[str, str]:
    """Map each document id to its story id (the smallest id among its copies)."""
    sigs = dict(signatures)
    buckets: dict[str, list[str]] = defaultdict(list)
    for doc_id, sig in sigs.items():
        for key in band_keys(sig):
            buckets[key].append(doc_id)
    groups = UnionFind()
    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pair = (a, b) if a < b else (b, a)
                if pair in checked:
                    continue
                checked.add(pair)
                if same_story(sigs[a], sigs[b]):
                    groups.union(a, b)
    return {doc_id: groups.find(doc_id) for doc_id in sigs}
