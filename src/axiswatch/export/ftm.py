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
    proxy.schema.validate({"properties": proxy.properties})
    missing = [p for p in proxy.schema.required if not proxy.get(p)]
    if missing or not proxy.id:
        raise InvalidData(f"{proxy.schema.name} {proxy.id}: missing {', '.join(missing) or 'id'}")
    return proxy


def _known(proxy: EntityProxy, prop: str, values: str | list[str]) -> None:
    """Add values already in the form FtM keeps (ISO dates, entity ids, country codes):
    the model's cleaning is skipped, its validation in :func:`checked` is not."""
    proxy.add(prop, values, cleaned=True)


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
        _known(proxy, "country", country)
        _known(proxy, "jurisdiction", country)
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
        _known(proxy, "publishedAt", event["published"].isoformat())
    if event["url"]:
        _set(proxy, "sourceUrl", event["url"])
    return checked(proxy)


def documentation_entity(article_id: str, entity_id: str, role: str) -> EntityProxy:
    proxy = model.make_entity("Documentation")
    proxy.make_id(DATASET, "documentation", article_id, entity_id)
    _known(proxy, "document", article_id)
    _known(proxy, "entity", entity_id)
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
                articles: list[str], names: dict[str, str]) -> EntityProxy:
    """The entity standing for one fact (see the module's docstring)."""
    source = actors[fact["source"]]
    target = actors.get(fact["target"]) if fact["target"] else None
    if fact["type"] == "sanction" and target is not None:
        proxy = model.make_entity("Sanction")
        _known(proxy, "entity", str(target.id))
        _set(proxy, "authority", names.get(fact["source"], fact["source"]))
        _set(proxy, "reason", fact_summary(fact, names))
    elif target is not None:
        proxy = model.make_entity("UnknownLink")
        _known(proxy, "subject", str(source.id))
        _known(proxy, "object", str(target.id))
        _set(proxy, "role", fact["type"] + (f": {fact['item_category']}"
                                            if fact["item_category"] else ""))
    else:
        proxy = model.make_entity("Event")
        _set(proxy, "name", fact_summary(fact, names).split(";")[0])
        _known(proxy, "organizer", str(source.id))
        _known(proxy, "involved", str(source.id))
    proxy.make_id(DATASET, "fact", fact["id"])
    _set(proxy, "recordId", fact["id"])
    _set(proxy, "summary", fact_summary(fact, names))
    if fact["period_start"]:
        _known(proxy, "startDate", fact["period_start"])
    if fact["period_end"]:
        _known(proxy, "endDate", fact["period_end"])
    if "status" in proxy.schema.properties and proxy.schema.name != "Sanction":
        _set(proxy, "status", fact["strongest"])
    figures = [t for t in (figure_text(e) for e in events) if t]
    description = _evidence(events)
    if figures:
        description = "Figures: " + "; ".join(dict.fromkeys(figures)) + "\n" + description
    _set(proxy, "description", description)
    _known(proxy, "proof", articles)
    _set(proxy, "publisher", fact["publishers"])
    _set(proxy, "sourceUrl", sorted({e["url"] for e in events if e["url"]}))
    quoted = sorted({e["attribution"] for e in events
                     if e["attribution"] and e["attribution"] not in names})
    if quoted:
        _set(proxy, "namesMentioned", quoted)
    return checked(proxy)


class FtmWriter:
    """Writes each entity once, as one JSON line, however many facts name it (the ids
    of the actors, articles and people written are kept)."""

    def __init__(self, out: BinaryIO, actors: dict[str, tuple[str, str]]) -> None:
        self.out = out
        self.actor_info = actors  # id -> (name, kind)
        self.names = {a: n for a, (n, _) in actors.items()}
        self.actors: dict[str, EntityProxy] = {}
        self.articles: dict[str, str] = {}  # document id -> entity id
        self.people: dict[str, EntityProxy] = {}
        self.documented: set[tuple[str, str]] = set()
        self.count = 0

    def emit(self, proxy: EntityProxy) -> None:
        self.out.write((json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)
                        + "\n").encode("utf-8"))
        self.count += 1

    def actor(self, actor_id: str) -> EntityProxy:
        if actor_id not in self.actors:
            name, kind = self.actor_info.get(actor_id, (actor_id, "state"))
            self.actors[actor_id] = actor_entity(actor_id, name, kind)
            self.emit(self.actors[actor_id])
        return self.actors[actor_id]

    def article(self, event: Row) -> str:
        if event["doc"] not in self.articles:
            proxy = article_entity(event)
            assert proxy.id is not None
            self.articles[event["doc"]] = proxy.id
            self.emit(proxy)
        return self.articles[event["doc"]]

    def quoted(self, name: str, article_id: str) -> None:
        """The person ``name``, quoted by the article ``article_id``."""
        if name not in self.people:
            self.people[name] = person_entity(name)
            self.emit(self.people[name])
        person = self.people[name]
        assert person.id is not None
        if (article_id, person.id) not in self.documented:
            self.documented.add((article_id, person.id))
            self.emit(documentation_entity(article_id, person.id,
                                           "quoted as the source of a claim"))

    def fact(self, fact: Row, events: list[Row]) -> None:
        for actor_id in (fact["source"], fact["target"]):
            if actor_id:
                self.actor(actor_id)
        articles = list(dict.fromkeys(self.article(e) for e in events))
        for e in events:
            if e["attribution"] and e["attribution"] not in self.actor_info:
                self.quoted(e["attribution"], self.articles[e["doc"]])
        self.emit(flow_entity(fact, events, self.actors, articles, self.names))


def write_ftm(batches: Iterable[list[tuple[Row, list[Row]]]],
              actors: dict[str, tuple[str, str]], out: BinaryIO) -> int:
    """Entities for the facts in ``batches``; returns how many were written."""
    writer = FtmWriter(out, actors)
    for batch in batches:
        for fact, events in batch:
            writer.fact(fact, events)
    return writer.count
