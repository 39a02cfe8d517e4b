"""Annotated articles for training and evaluation: gold events with their texts.

A gold set is a JSON Lines file of events (``SCHEMA.md``). Its documents are
found as ``<doc>.txt`` in the folder ``docs/`` beside it, in the folder itself,
or in any folder given with ``--docs``; an ``articles.jsonl`` beside it lists
documents that have no gold events (they still count: whatever is extracted
from them is a false alarm).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rich.progress import Progress

from axiswatch.evaluate import EvalError, load_jsonl, match_key
from axiswatch.extract.document import Analysis, analyse_articles
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.reader import read_article
from axiswatch.model import Article


@dataclass
class GoldDoc:
    doc: str
    path: Path
    events: list[dict]
    group: str = ""  # the gold set it came from (see :func:`groups_of`)


@dataclass
class Example:
    """One annotated article, analysed: its proposals and the gold keys."""

    analysis: Analysis
    gold: list[dict]
    group: str = ""  # articles gathered together (one gold set, or a run of a large one)

    @property
    def doc(self) -> str:
        return self.analysis.article.doc_id

    def gold_keys(self) -> set[tuple]:
        return {match_key(g) for g in self.gold}

    def evidence_sentences(self) -> dict[tuple, set[int]]:
        """For each gold key, the sentences of the article its evidence lies in."""
        out: dict[tuple, set[int]] = {}
        sentences = self.analysis.sentences
        for g in self.gold:
            evidence = " ".join(str(g.get("evidence") or "").split())
            found = out.setdefault(match_key(g), set())
            for i, s in enumerate(sentences):
                text = " ".join(s.text.split())
                if len(text) >= 12 and (text[:80] in evidence or evidence[:80] in text):
                    found.add(i)
        return out


def _listed_docs(gold_path: Path) -> list[str]:
    listing = gold_path.parent / "articles.jsonl"
    if not listing.is_file():
        return []
    out = []
    for line in listing.read_text(encoding="utf-8").splitlines():
        if line.strip():
            try:
                out.append(str(json.loads(line)["id"]))
            except (json.JSONDecodeError, KeyError, TypeError):
                raise EvalError(f"{listing}: a line without an id") from None
    return out


def find_gold_docs(gold_paths: Iterable[str | Path],
                   doc_dirs: Iterable[str | Path] = ()) -> list[GoldDoc]:
    """Every document of the gold sets with its events, in a stable order."""
    extra = [Path(d) for d in doc_dirs]
    found: dict[str, GoldDoc] = {}
    for gp in gold_paths:
        gold_path = Path(gp)
        events = load_jsonl(gold_path)
        by_doc: dict[str, list[dict]] = {}
        for doc in _listed_docs(gold_path):
            by_doc.setdefault(doc, [])
        for e in events:
            by_doc.setdefault(str(e.get("doc")), []).append(e)
        folders = [gold_path.parent / "docs", gold_path.parent, *extra]
        for doc, evs in by_doc.items():
            path = next((f / f"{doc}.txt" for f in folders if (f / f"{doc}.txt").is_file()), None)
            if path is None:
                raise EvalError(f"{gold_path}: no text for document {doc!r} "
                                f"(looked for {doc}.txt in {', '.join(map(str, folders))})")
            if doc in found:
                raise EvalError(f"{gold_path}: document {doc!r} is also in another gold set")
            found[doc] = GoldDoc(doc, path, evs, str(gold_path))
    docs = [found[d] for d in sorted(found)]
    groups = _runs(docs)
    for gold_doc in docs:
        gold_doc.group = groups[gold_doc.doc]
    return docs


GROUP_SIZE = 25  # a gold set larger than twice this is cut into runs of about this many


def _runs(docs: list[GoldDoc]) -> dict[str, str]:
    """Each document's group: its gold set, or, in a large set, its run of consecutive
    document ids (articles are gathered and annotated in such runs)."""
    by_set: dict[str, list[str]] = {}
    for d in docs:
        by_set.setdefault(d.group, []).append(d.doc)
    out: dict[str, str] = {}
    for name, ids in by_set.items():
        ids = sorted(ids)
        parts = max(1, round(len(ids) / GROUP_SIZE)) if len(ids) > 2 * GROUP_SIZE else 1
        size = -(-len(ids) // parts)
        for i, doc in enumerate(ids):
            out[doc] = f"{name}#{i // size}" if parts > 1 else name
    return out


def load_examples(gold_docs: list[GoldDoc], progress: bool = True) -> list[Example]:
    """Read and analyse every annotated article (the slow part: parsing)."""
    articles: list[Article] = []
    for g in gold_docs:
        try:
            articles.append(read_article(g.path))
        except IngestError as exc:
            raise EvalError(f"{g.path}: {exc}") from None
    gold_of = {g.doc: g.events for g in gold_docs}
    group_of = {g.doc: g.group for g in gold_docs}
    out: list[Example] = []
    with Progress(disable=not progress, transient=True) as bar:
        task = bar.add_task("analysing annotated articles", total=len(articles))
        for analysis in analyse_articles(articles):
            doc = analysis.article.doc_id
            out.append(Example(analysis, gold_of[doc], group_of[doc]))
            bar.advance(task)
    return out

