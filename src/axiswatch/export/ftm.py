"""FollowTheMoney entities (JSON Lines) for Aleph and OpenSanctions tools.

- a state is a ``PublicBody`` (its government acting: FtM's ``Territory`` is
  reference data, not a legal entity, so it cannot organise an event or be a
  party to a link), with its ISO country code;
- an international organisation or armed group is an ``Organization``;
- a person quoted as the source of a claim is a ``Person`` (with the country
  they speak for, when the lexicon knows it), tied to each article quoting them
  by a ``Documentation``;
- each article behind a fact is an ``Article`` (title, publisher, date, URL);
- a fact between two actors is an ``UnknownLink`` (FtM has no schema for a
  transfer of goods): ``subject`` the supplier or actor, ``object`` the
  recipient or target, ``role`` what flows ("transfer: ammunition"), dates,
  certainty as ``status``, the evidence sentences as ``description`` and the
  articles as ``proof``; a sanction is a ``Sanction`` on the target with the
  source as ``authority``; a fact without a target (production) an ``Event``
  organised by its actor.

Every entity is made with the package's model and validated by it before it
is written; ids are derived from ours, so a second export gives the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import BinaryIO

import pycountry
from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.types import registry

from axiswatch.export.rows import Row, fact_summary, figure_text
from axiswatch.export.safe import clean_text

MAX_EVIDENCE = 20  # sentences quoted in a flow's description
DATASET = "axiswatch"


def checked(proxy: EntityProxy) -> EntityProxy:
    """``proxy`` if the model validates it and its required properties are set."""
    data = proxy.to_dict()
    proxy.schema.validate(data)  # type: ignore[arg-type]
    missing = [p for p in proxy.schema.required if not proxy.get(p)]
    if missing or not proxy.id:
        raise InvalidData(f"{proxy.schema.name} {proxy.id}: missing {', '.join(missing) or 'id'}")
    return proxy


def _set(proxy: EntityProxy, prop: str, values: object) -> None:
    if isinstance(values, str):
        values = clean_text(values)
    elif isinstance(values, list | tuple | set):
        values = [clean_text(v) if isinstance(v, str) else v for v in values]
    proxy.add(prop, values)  # type: ignore[arg-type]


def country_code(actor_id: str) -> str | None:
    """FtM's country code for an actor id: "PRK" -> "kp", "EU" -> "eu"."""
    found = pycountry.countries.get(alpha_3=actor_id) if len(actor_id) == 3 else None
    code = found.alpha_2.lower() if found else actor_id.lower()
    return registry.country.clean(code)


@lru_cache(maxsize=1)
def people_countries() -> dict[str, str]:
    """Person's name -> the actor id they speak for, from the lexicon."""
    from axiswatch.nlp.lexicon import load_lexicon

    return {f.person: f.actor for f in load_lexicon().actor_forms
            if f.form == "person" and f.person}


def actor_entity(actor_id: str, name: str, kind: str) -> EntityProxy:
    schema = {"state": "PublicBody", "person": "Person"}.get(kind, "Organization")
    proxy = model.make_entity(schema)
    proxy.make_id(DATASET, "actor", actor_id)
    _set(proxy, "name", name)
    if schema != "Person":
        _set(proxy, "abbreviation", actor_id)
    country = country_code(actor_id) if kind == "state" else None
    if country:
        _set(proxy, "country", country)
        _set(proxy, "jurisdiction", country)
    if kind == "state":
        _set(proxy, "alias", f"Government of {name}")
    return checked(proxy)


def person_entity(name: str) -> EntityProxy:
    proxy = model.make_entity("Person")
    proxy.make_id(DATASET, "person", name)
    _set(proxy, "name", name)
    speaks_for = people_countries().get(name)
    if speaks_for and country_code(speaks_for):
        _set(proxy, "country", country_code(speaks_for))
    _set(proxy, "description", "Quoted as the source of a claim")
    return checked(proxy)


def article_entity(event: Row) -> EntityProxy:
    proxy = model.make_entity("Article")
    proxy.make_id(DATASET, "document", event["doc"])
    _set(proxy, "title", event["title"] or event["doc"])
    _set(proxy, "fileName", event["doc"])
    if event["publisher"]:
        _set(proxy, "publisher", event["publisher"])
    if event["published"]:
        _set(proxy, "publishedAt", event["published"].isoformat())
    if event["url"]:
        _set(proxy, "sourceUrl", event["url"])
    return checked(proxy)


def documentation_entity(article: EntityProxy, entity: EntityProxy, role: str) -> EntityProxy:
    proxy = model.make_entity("Documentation")
    proxy.make_id(DATASET, "documentation", article.id, entity.id)
    proxy.add("document", article)
    proxy.add("entity", entity)
    _set(proxy, "role", role)
    return checked(proxy)


def _evidence(events: list[Row]) -> str:
    lines = []
    for e in events[:MAX_EVIDENCE]:
        if e["evidence"]:
            lines.append(f"“{e['evidence']}” ({e['publisher'] or e['doc']}, "
                         f"{e['published'] or 'undated'}; {e['certainty']})")
    more = len(events) - MAX_EVIDENCE
    return "\n".join(lines + ([f"… and {more} more"] if more > 0 else []))


def flow_entity(fact: Row, events: list[Row], actors: dict[str, EntityProxy],
                articles: list[EntityProxy], names: dict[str, str]) -> EntityProxy:
    """The entity standing for one fact (see the module's docstring)."""
    source = actors[fact["source"]]
    target = actors.get(fact["target"]) if fact["target"] else None
    if fact["type"] == "sanction" and target is not None:
        proxy = model.make_entity("Sanction")
        proxy.add("entity", target)
        _set(proxy, "authority", names.get(fact["source"], fact["source"]))
        _set(proxy, "reason", fact_summary(fact, names))
    elif target is not None:
        proxy = model.make_entity("UnknownLink")
        proxy.add("subject", source)
        proxy.add("object", target)
        _set(proxy, "role", fact["type"] + (f": {fact['item_category']}"
                                            if fact["item_category"] else ""))
    else:
        proxy = model.make_entity("Event")
        _set(proxy, "name", fact_summary(fact, names).split(";")[0])
        proxy.add("organizer", source)
        proxy.add("involved", source)
    proxy.make_id(DATASET, "fact", fact["id"])
    _set(proxy, "recordId", fact["id"])
    _set(proxy, "summary", fact_summary(fact, names))
    if fact["period_start"]:
        _set(proxy, "startDate", fact["period_start"])
    if fact["period_end"]:
        _set(proxy, "endDate", fact["period_end"])
    if "status" in proxy.schema.properties and proxy.schema.name != "Sanction":
        _set(proxy, "status", fact["strongest"])
    figures = [t for t in (figure_text(e) for e in events) if t]
    description = _evidence(events)
    if figures:
        description = "Figures: " + "; ".join(dict.fromkeys(figures)) + "\n" + description
    _set(proxy, "description", description)
    for article in articles:
        proxy.add("proof", article)
    _set(proxy, "publisher", fact["publishers"])
    _set(proxy, "sourceUrl", sorted({e["url"] for e in events if e["url"]}))
    quoted = sorted({e["attribution"] for e in events
                     if e["attribution"] and e["attribution"] not in names})
    if quoted:
        _set(proxy, "namesMentioned", quoted)
    return checked(proxy)


class FtmWriter:
    """Writes each entity once, as one JSON line, however many facts name it."""

    def __init__(self, out: BinaryIO, actors: dict[str, tuple[str, str]]) -> None:
        self.out = out
        self.actor_info = actors  # id -> (name, kind)
        self.names = {a: n for a, (n, _) in actors.items()}
        self.actors: dict[str, EntityProxy] = {}
        self.written: set[str] = set()
        self.count = 0

    def emit(self, proxy: EntityProxy) -> None:
        if proxy.id in self.written:
            return
        assert proxy.id is not None
        self.written.add(proxy.id)
        self.out.write((json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)
                        + "\n").encode("utf-8"))
        self.count += 1

    def actor(self, actor_id: str) -> EntityProxy:
        if actor_id not in self.actors:
            name, kind = self.actor_info.get(actor_id, (actor_id, "state"))
            self.actors[actor_id] = actor_entity(actor_id, name, kind)
            self.emit(self.actors[actor_id])
        return self.actors[actor_id]

    def fact(self, fact: Row, events: list[Row]) -> None:
        for actor_id in (fact["source"], fact["target"]):
            if actor_id:
                self.actor(actor_id)
        articles: dict[str, EntityProxy] = {}
        for e in events:
            if e["doc"] not in articles:
                articles[e["doc"]] = article_entity(e)
                self.emit(articles[e["doc"]])
        for e in events:
            if e["attribution"] and e["attribution"] not in self.actors \
                    and e["attribution"] not in self.actor_info:
                person = person_entity(e["attribution"])
                self.emit(person)
                self.emit(documentation_entity(articles[e["doc"]], person,
                                               "quoted as the source of a claim"))
        self.emit(flow_entity(fact, events, self.actors, list(articles.values()), self.names))


def write_ftm(batches: Iterable[list[tuple[Row, list[Row]]]],
              actors: dict[str, tuple[str, str]], out: BinaryIO) -> int:
    """Entities for the facts in ``batches``; returns how many were written."""
    writer = FtmWriter(out, actors)
    for batch in batches:
        for fact, events in batch:
            writer.fact(fact, events)
    return writer.count
