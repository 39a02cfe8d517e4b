"""Names and kinds of actor ids, for display."""

from __future__ import annotations

from functools import lru_cache

import pycountry

from axiswatch.nlp.lexicon import load_lexicon


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, str]]:
    lexicon = load_lexicon()
    table: dict[str, tuple[str, str]] = {}
    for form in lexicon.actor_forms:
        if form.form in ("name", "group") and form.actor and form.actor not in table:
            kind = "group" if form.actor in lexicon.groups else (
                "organization" if form.actor in lexicon.organizations else "state")
            table[form.actor] = (form.surface, kind)
    return table


def actor_name(actor_id: str) -> str:
    if actor_id in _names():
        return _names()[actor_id][0]
    country = pycountry.countries.get(alpha_3=actor_id) if len(actor_id) == 3 else None
    return country.name if country else actor_id


def actor_kind(actor_id: str) -> str:
    if actor_id in _names():
        return _names()[actor_id][1]
    return "state" if len(actor_id) == 3 and actor_id.isupper() else "person"
