"""Load the domain lexicons from the YAML files in :mod:`axiswatch.data`.

The lexicon is a plain, immutable description of the domain's language:
actor names with their ids, item aliases with their categories, event words
with their role frames and the cue words for certainty and status.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources

import pycountry
import yaml


@dataclass(frozen=True)
class ActorForm:
    surface: str
    actor: str
    form: str  # name | adjective | capital | person | group | company
    person: str | None = None


@dataclass(frozen=True)
class TriggerSense:
    type: str
    frame: str
    pos: str  # verb | noun


@dataclass(frozen=True)
class Lexicon:
    actor_forms: tuple[ActorForm, ...]
    item_forms: tuple[tuple[str, str], ...]  # (alias, category; "" for a non-item phrase)
    triggers: dict[str, tuple[TriggerSense, ...]]  # lemma -> senses
    irregular: dict[str, str]
    object_required: frozenset[str]
    cues: dict
    boilerplate: dict
    groups: frozenset[str]
    agent_nouns: frozenset[str]
    reporting_verbs: frozenset[str]
    support_verbs: frozenset[str]
    subject_control_verbs: frozenset[str]
    organizations: frozenset[str]
    # lemma -> the event types it hints at (hints.yaml; for the learned model only)
    hints: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # weapon system name (lower case) -> the state that makes it (systems.yaml)
    makers: dict[str, str] = field(default_factory=dict)

    def senses(self, lemma: str, pos: str) -> tuple[TriggerSense, ...]:
        return tuple(s for s in self.triggers.get(lemma, ()) if s.pos == pos)

    @cached_property
    def maker_pattern(self) -> re.Pattern[str] | None:
        """Any weapon system name of ``makers``, longest first, as a whole word."""
        if not self.makers:
            return None
        names = sorted(self.makers, key=len, reverse=True)
        return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])",
                          re.IGNORECASE)

    def words(self, name: str) -> frozenset[str]:
        """A list of words of ``cues.yaml`` (empty when it has none by that name)."""
        return frozenset(self.cues.get(name) or ())

    def means(self, lemma: str, etype: str, pos: str | None = None) -> bool:
        """Whether a lemma is an event word of a type (as a verb or noun, or either)."""
        return any(s.type == etype and (pos is None or s.pos == pos)
                   for s in self.triggers.get(lemma, ()))


NOT_ACTORS = "not_actors"  # organizations.yaml: names that are no actor


def _read(name: str) -> dict:
    text = resources.files("axiswatch.data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text) or {}


def _state_forms(states: dict) -> list[ActorForm]:
    forms: list[ActorForm] = []
    known: set[str] = set()
    for code, entry in states.items():
        for key, form in (("names", "name"), ("adjectives", "adjective"), ("capitals", "capital")):
            for surface in entry.get(key) or []:
                forms.append(ActorForm(surface, code, form))
                known.add(surface.lower())
    # Every other ISO 3166 state by its ISO names ("Chad", "Bolivia").
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            name = getattr(country, attr, None)
            if not name or "," in name or "(" in name or name.lower() in known:
                continue
            forms.append(ActorForm(name, country.alpha_3, "name"))
            known.add(name.lower())
    return forms


def _trigger_table(
    spec: dict,
) -> tuple[dict[str, tuple[TriggerSense, ...]], dict[str, str], frozenset[str]]:
    table: dict[str, list[TriggerSense]] = {}
    irregular = dict(spec.pop("irregular", {}) or {})
    object_required = set()
    for etype, by_pos in spec.items():
        object_required |= {w.lower() for w in by_pos.get("object_required") or []}
        for pos_key, pos in (("verbs", "verb"), ("nouns", "noun")):
            for frame, lemmas in (by_pos.get(pos_key) or {}).items():
                for lemma in lemmas:
                    table.setdefault(lemma.lower(), []).append(TriggerSense(etype, frame, pos))
    return {k: tuple(v) for k, v in table.items()}, irregular, frozenset(object_required)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    states = _read("states.yaml")
    orgs = _read("organizations.yaml")
    people = _read("people.yaml")
    items = _read("items.yaml")
    cues = _read("cues.yaml")
    triggers, irregular, object_required = _trigger_table(_read("triggers.yaml"))

    actor_forms = _state_forms(states)
    not_actors = orgs.pop(NOT_ACTORS, None) or {}
    for code, entry in orgs.items():
        for surface in entry.get("names") or []:
            actor_forms.append(ActorForm(surface, code, "group" if code == "WEST" else "name"))
        for surface in entry.get("adjectives") or []:
            actor_forms.append(ActorForm(surface, code, "adjective"))
    for code, names in _read("companies.yaml").items():
        for surface in names or []:
            actor_forms.append(ActorForm(str(surface), code, "company"))
    # matched like a name, then dropped by the gazetteer (an empty actor id)
    actor_forms += [ActorForm(surface, "", "name") for surface in not_actors.get("names") or []]
    for name, entry in people.items():
        for surface in [name, *(entry.get("aliases") or [])]:
            actor_forms.append(ActorForm(surface, entry["for"], "person", name))

    # "not_items" map to no category: the gazetteer matches and then drops them
    item_forms = tuple(
        (alias, "" if category == "not_items" else category)
        for category, aliases in items.items() for alias in aliases
    )
    return Lexicon(
        actor_forms=tuple(actor_forms),
        item_forms=item_forms,
        triggers=triggers,
        irregular=irregular,
        object_required=object_required,
        cues=cues,
        boilerplate=_read("boilerplate.yaml"),
        groups=frozenset(cues.get("groups") or []),
        agent_nouns=frozenset(w.lower() for w in cues.get("agent_nouns") or []),
        reporting_verbs=frozenset(cues.get("reporting_verbs") or []),
        support_verbs=frozenset(cues.get("support_verbs") or []),
        subject_control_verbs=frozenset(cues.get("subject_control_verbs") or []),
        organizations=frozenset(orgs),
        hints=_hint_table(_read("hints.yaml")),
        makers={str(name).lower(): code for code, names in _read("systems.yaml").items()
                for name in names or []},
    )


def _hint_table(spec: dict) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for etype, words in spec.items():
        for w in words or []:
            types = table.setdefault(str(w).lower(), [])
            if etype not in types:
                types.append(etype)
    return {w: tuple(types) for w, types in table.items()}
