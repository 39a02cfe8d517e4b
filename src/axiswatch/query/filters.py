"""Conditions shared by the queries over events, facts, conflicts and edges.

Each table names its parties and category in its own columns; these helpers
turn one filter into the same conditions on whichever columns are given.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import or_

from axiswatch.extract.certainty import RANK
from axiswatch.fuse.claims import interval

DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"


@lru_cache(maxsize=1)
def _known_ids() -> dict[str, str]:
    """Every actor id the extractor knows (states, organisations, companies' and
    people's states: the lexicon behind the gazetteer), by its upper-cased form."""
    from axiswatch.nlp.lexicon import load_lexicon

    lexicon = load_lexicon()
    ids = {f.actor for f in lexicon.actor_forms if f.actor} | set(lexicon.organizations)
    return {i.upper(): i for i in ids}


def known_actor_ids() -> frozenset[str]:
    return frozenset(_known_ids().values())


def canonical_actor(text: str) -> str:
    """The id the store keeps for an actor however it is cased: "prk" -> "PRK",
    "houthis" -> "Houthis", "rapid support forces" -> "Rapid Support Forces"; an id
    the lexicon does not know is upper-cased when it looks like a code (up to four
    letters) and kept as written otherwise (a name, "Parsec")."""
    a = " ".join(text.split())
    known = _known_ids().get(a.upper())
    if known is not None:
        return known
    return a.upper() if len(a) <= 4 and a.isalpha() else a


def parse_actors(text: str | None) -> tuple[str, ...]:
    """ "prk, rus" -> ("PRK", "RUS"), duplicates dropped, order kept."""
    if not text:
        return ()
    return tuple(dict.fromkeys(canonical_actor(a) for a in text.split(",") if a.strip()))


def actor_clause(source_col, target_col, actors: tuple[str, ...]):
    """One actor: it takes part either way; several: every party is among them."""
    ids = [canonical_actor(a) for a in actors]
    if len(ids) == 1:
        return or_(source_col == ids[0], target_col == ids[0])
    return source_col.in_(ids) & target_col.in_(ids)


def party_conditions(f, type_col, source_col, target_col, category_col=None) -> list:
    """Conditions for ``f``'s type, source, target, actors and (if given a column) item."""
    conditions = []
    if f.type:
        conditions.append(type_col == f.type)
    if f.source:
        conditions.append(source_col == canonical_actor(f.source))
    if f.target:
        conditions.append(target_col == canonical_actor(f.target))
    if f.item and category_col is not None:
        conditions.append(category_col == f.item.lower())
    if f.actors:
        conditions.append(actor_clause(source_col, target_col, f.actors))
    return conditions


def until_clause(column, until: str):
    """``until`` "2024" includes all of 2024: partial dates compare by prefix too."""
    return or_(column <= until, column.like(f"{until}%"))


def at_least(certainty: str) -> list[str]:
    """The certainty levels as sure as ``certainty`` or surer."""
    return [c for c, r in RANK.items() if r <= RANK[certainty]]


def real_date(text: str | None) -> str | None:
    """``text`` if it names a real year, month or day ("2024", "2024-02", "2024-02-29"),
    else ``ValueError`` ("2024-13", "2024-02-30", "0000")."""
    if text is None:
        return None
    try:
        interval(text)
    except (ValueError, IndexError):
        raise ValueError(f"{text!r} is not a real date ({DATE_FORMS})") from None
    return text


def inverted_window(since: str | None, until: str | None) -> bool:
    """Whether ``since`` starts after ``until`` ends ("2024-06" after "2024-05"; not
    "2024-05-10" and "2024-05", which overlap). Not dates: not inverted (told apart
    by :func:`real_date`)."""
    if not since or not until:
        return False
    try:
        return interval(since)[0] > interval(until)[1]
    except (ValueError, IndexError):
        return False
