"""Find actors and items named in text with one compiled pattern each.

Matching is by regular expression rather than spaCy's matchers so that it
runs over every sentence of every article at a cost far below parsing; only
sentences with hits are parsed later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from axiswatch.model import Mention
from axiswatch.nlp.lexicon import ActorForm, Lexicon, load_lexicon

_LEFT = r"(?<![\w\-])"
# A name ends at a word boundary; "North Korean-made" and "Hong Kong-based" still
# name the state.
_AFFIXED = ("made|built|supplied|designed|produced|manufactured|origin|based|owned|flagged"
            "|registered")
_RIGHT = r"(?![\w]|-(?!(?:" + _AFFIXED + r")\b))"


# A capitalised word, a hyphen and a capitalised word: a pair of names ("Iran-Russia"),
# unless the first is a prefix ("pro-Russian", "Anti-Western")
_PAIRED = re.compile(r"(?<![\w\-])(?!(?:Pro|Anti|Non|Ex|Post|Pre|Neo|Pan|Trans|Mid|Sino)-)"
                     r"([A-Z][\w.]*)-(?=[A-Z])")


def _dash(m: re.Match[str]) -> str:
    return m.group(1) + "\u2013"


def _item_alternative(alias: str) -> str:
    """An alias as a regex accepting a plural on its last word."""
    escaped = re.escape(alias).replace(r"\ ", r"[\s\-]+")
    if re.search(r"[^aeiou]y$", alias):
        return escaped[:-1] + "(?:y|ies)"
    if alias[-1].isalpha() and not alias.endswith("s"):
        return escaped + "(?:e?s)?"
    if alias[-1].isdigit():
        return escaped + "s?"  # "TB2s", "KN-23s"
    return escaped


def by_first_letter(alternatives: list[str], ignore_case: bool) -> str:
    """The alternatives as one regex group, factored by their first character.

    Python's regex engine tries the alternatives of a group one by one at every
    position of the text; factored, it tries only those that can start with the
    character it is at. Within a first character the order (longest first) is
    kept, and alternatives that start otherwise than with a letter or digit stay
    as they are, before the factored ones."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for alt in alternatives:
        first = alt[0]
        if first.isalnum():
            groups.setdefault(first.lower() if ignore_case else first, []).append(alt[1:])
        else:
            rest.append(alt)
    parts = rest + [re.escape(first) + "(?:" + "|".join(tails) + ")"
                    for first, tails in groups.items()]
    return "(?:" + "|".join(parts) + ")"


def _actor_alternatives(surface: str) -> list[str]:
    # "Democratic People's Republic" also as typeset, with a curly apostrophe
    escaped = re.escape(surface).replace(r"\ ", r"\s+").replace("'", "['\u2019]")
    if surface.startswith("the "):
        # "the Kremlin" also as "The Kremlin"
        return ["T" + escaped[1:], escaped]
    return [escaped]


@dataclass(frozen=True)
class Gazetteer:
    actor_pattern: re.Pattern[str]
    item_pattern: re.Pattern[str]
    actor_by_surface: dict[str, ActorForm]
    item_by_alias: dict[str, str]

    def actors(self, text: str, offset: int = 0) -> list[Mention]:
        found = self._actors(text, offset)
        # "Iran-Russia ties", "the DPRK-Russia cooperation": two names joined by a
        # hyphen are both matched, as they are with a dash (the copy keeps offsets;
        # a name with a hyphen of its own, "Kim Jong-Un", was matched whole above)
        paired = _PAIRED.sub(_dash, text)
        if paired != text:
            for m in self._actors(paired, offset):
                overlapping = [o for o in found if m.start < o.end and o.start < m.end]
                if all(m.end - m.start > o.end - o.start for o in overlapping):
                    # "U.S.-South Korea": "U.S." rather than the "U.S" the hyphen left
                    found = [o for o in found if o not in overlapping] + [m]
            found.sort(key=lambda m: m.start)
        return found

    def _actors(self, text: str, offset: int) -> list[Mention]:
        found = []
        for m in self.actor_pattern.finditer(text):
            form = self.actor_by_surface[_norm(m.group(0))]
            if not form.actor:
                continue  # a name that is no actor (organizations.yaml: not_actors)
            found.append(
                Mention(m.start() + offset, m.end() + offset, m.group(0), "actor",
                        form.actor, form.form, form.person)
            )
        return found

    def items(self, text: str, offset: int = 0) -> list[Mention]:
        found: list[Mention] = []
        for m in self.item_pattern.finditer(text):
            category = self._category(m.group(0))
            if not category:
                continue
            previous = found[-1] if found else None
            if previous is not None and previous.ref == category and \
                    text[previous.end - offset:m.start()].strip(" -") == "":
                # "Geran-2 drones", "KN-23 missiles": one mention of one thing
                found[-1] = Mention(previous.start, m.end() + offset,
                                    text[previous.start - offset:m.end()], "item", category,
                                    "item")
                continue
            found.append(Mention(m.start() + offset, m.end() + offset, m.group(0), "item",
                                 category, "item"))
        return found

    def _category(self, surface: str) -> str | None:
        key = _norm(surface).replace("-", " ")
        candidates = (key, key[:-3] + "y", key[:-2], key[:-1]) if key.endswith("ies") else (
            key, key[:-2], key[:-1])
        for candidate in candidates:
            if candidate in self.item_by_alias:
                return self.item_by_alias[candidate]
        return None


def _norm(surface: str) -> str:
    return re.sub(r"\s+", " ", surface).strip().lower().replace("\u2019", "'")


def build_gazetteer(lexicon: Lexicon) -> Gazetteer:
    actor_by_surface: dict[str, ActorForm] = {}
    for form in lexicon.actor_forms:
        actor_by_surface.setdefault(_norm(form.surface), form)
        if form.surface.startswith("the "):
            actor_by_surface.setdefault(_norm(form.surface), form)
    surfaces = sorted({f.surface for f in lexicon.actor_forms}, key=len, reverse=True)
    actor_pattern = re.compile(
        _LEFT + by_first_letter([a for s in surfaces for a in _actor_alternatives(s)], False)
        + _RIGHT
    )
    item_by_alias: dict[str, str] = {}
    for alias, category in lexicon.item_forms:
        item_by_alias.setdefault(_norm(alias).replace("-", " "), category)
    aliases = sorted({a for a, _ in lexicon.item_forms}, key=len, reverse=True)
    item_pattern = re.compile(
        _LEFT + by_first_letter([_item_alternative(a) for a in aliases], True) + _RIGHT,
        re.IGNORECASE,
    )
    return Gazetteer(actor_pattern, item_pattern, actor_by_surface, item_by_alias)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return build_gazetteer(load_lexicon())
