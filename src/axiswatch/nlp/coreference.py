"""Actors that a sentence refers to without naming them.

News names a state once and then says "the two countries", "the country",
"the European powers" or, in statements and quotes, "we". Before the
sentences are parsed, this step finds such phrases (the patterns are in
``data/coreference.yaml``) and resolves each to actors named shortly before:

- a plural phrase ("the two countries", "both sides", "the European powers")
  to the latest list of actors named together ("France, Germany and the UK"),
  of the size the phrase gives when it gives one;
- a singular one ("the country", "the isolated nation", "her country") to the
  first actor of the latest sentence that names one;
- "we"/"our" inside a quote to the actor of the latest person named (the
  speaker), outside quotes to the authors of a statement: the list of actors
  its first sentences open with.

Each resolution is an actor :class:`~axiswatch.model.Mention` over the phrase,
with a ``form`` saying how it was resolved (``ref-list``, ``ref-one``,
``ref-we``), so that what learns from candidates can weigh how far to trust it.
A phrase resolving only to actors the sentence names anyway adds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from axiswatch.model import Mention, Sentence

# ", and the UK"; with an office between (", the High Representative of the
# European Union, and the Secretary of State of the United States")
_LIST_GLUE = re.compile(r"^\s*(?i:,|,?\s*and|,?\s*&|,?\s*as well as|,?\s*or)?\s*(?i:the\s+)?"
                        r"(?:(?:[A-Z][\w-]*\s+(?:of\s+)?){1,5}of\s+(?:the\s+)?)?$")
_OPEN_QUOTES = "\u201c\""
_CLOSE_QUOTES = "\u201d"


@dataclass(frozen=True)
class CoreferenceRules:
    plural: re.Pattern[str]
    singular: re.Pattern[str]
    first_person: re.Pattern[str]
    numbers: dict[str, int]
    window: int
    compass: re.Pattern[str] | None = None


@lru_cache(maxsize=1)
def load_rules() -> CoreferenceRules:
    text = resources.files("axiswatch.data").joinpath("coreference.yaml").read_text("utf-8")
    data = yaml.safe_load(text)

    def alt(words: list[str]) -> str:
        return "|".join(re.escape(str(w)) for w in sorted(words, key=len, reverse=True))

    numbers = {str(k).lower(): int(v) for k, v in (data.get("numbers") or {}).items()}
    modifier = rf"(?:[a-z][a-z-]+|{alt(data.get('plural_modifiers') or [])})"
    plural = re.compile(
        rf"\b(?P<det>{alt(data['plural_determiners'])})\s+"
        rf"(?:(?P<num>{alt(list(numbers))})\s+)?(?:{modifier}\s+){{0,2}}?"
        rf"(?P<head>{alt(data['plural_heads'])})\b", re.IGNORECASE)
    not_modifiers = {str(w).lower() for w in data.get("singular_not_modifiers") or []}
    word = "(?!(?:" + "|".join(map(re.escape, sorted(not_modifiers))) + r")\b)[a-z][a-z-]+" \
        if not_modifiers else "[a-z][a-z-]+"
    singular = re.compile(
        rf"\b(?:{alt(data['singular_determiners'])})\s+(?:{word}\s+){{0,2}}?"
        rf"(?:{alt(data['singular_heads'])})\b(?!\s+of\b)", re.IGNORECASE)
    # case matters: "us" is first person, "US" a state
    first_person = re.compile(rf"\b(?:{alt(data['first_person'])})\b")
    compass_words = data.get("compass_words") or []
    compass = re.compile(rf"\bthe (?P<word>{alt(compass_words)})\b(?![\s-]+[A-Z])(?!-)") \
        if compass_words else None
    return CoreferenceRules(plural, singular, first_person, numbers, int(data.get("window", 4)),
                            compass)


def actor_lists(text: str, mentions: list[Mention], offset: int = 0) -> list[list[Mention]]:
    """Runs of actor mentions joined only by commas and "and" ("France, Germany,
    and the UK"), two or more distinct actors each, in text order."""
    runs: list[list[Mention]] = []
    run: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if run and _LIST_GLUE.match(text[run[-1].end - offset:m.start - offset]):
            run.append(m)
            continue
        if len({x.ref for x in run}) >= 2:
            runs.append(run)
        run = [m]
    if len({x.ref for x in run}) >= 2:
        runs.append(run)
    return runs


def _distinct(mentions: list[Mention]) -> list[str]:
    return list(dict.fromkeys(m.ref for m in mentions))


def _in_quote(text: str, start: int, position: int) -> bool:
    """Whether ``position`` lies inside a quotation opened since ``start``
    (the paragraph's start)."""
    span = text[start:position]
    curly = span.count("\u201c") - span.count("\u201d")
    return curly > 0 or span.count('"') % 2 == 1


def _overlaps(start: int, end: int, mentions: list[Mention]) -> bool:
    return any(m.start < end and start < m.end for m in mentions)


def resolve(text: str, sentences: list[Sentence], actors: list[list[Mention]],
            rules: CoreferenceRules | None = None) -> list[list[Mention]]:
    """The actor mentions that each sentence's referring phrases add: a list per
    sentence, parallel to ``actors`` (the gazetteer's mentions by sentence)."""
    rules = rules or load_rules()
    added: list[list[Mention]] = [[] for _ in sentences]
    lists = [actor_lists(text, ms) for ms in actors]
    signed = _statement_signers(sentences, actors)
    authors = signed or _authors(lists)
    for i, s in enumerate(sentences):
        named = {m.ref for m in actors[i]}
        paragraph = text.rfind("\n", 0, s.start) + 1
        found: list[Mention] = []

        def add(start: int, end: int, refs: list[str], form: str,
                found: list[Mention] = found, named: set[str] = named) -> None:
            for ref in refs:
                if ref not in named and all(f.ref != ref or f.start != start for f in found):
                    found.append(Mention(start, end, text[start:end], "actor", ref, form))

        for m in rules.plural.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if _overlaps(start, end, actors[i]):
                continue
            number = m.group("num") or (m.group("det") if m.group("det").lower() == "both"
                                        else None)
            size = rules.numbers.get(number.lower()) if number else None
            refs = _latest_list(i, start, lists, actors, size, rules.window)
            if refs:
                add(start, end, refs, "ref-list")
        for m in rules.singular.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if _overlaps(start, end, actors[i]):
                continue
            owned = bool({"his", "her"} & set(m.group(0).lower().split()))
            ref = (_speakers_state(text, actors[i], start) if owned else None) or \
                _latest_single(i, start, actors, rules.window)
            if ref:
                # "the Canadian minister said her country would donate": the phrase is a
                # party of its own clause, even when its state is named before it
                add(start, end, [ref], "ref-one", named=set() if owned else named)
        for m in rules.first_person.finditer(s.text):
            start, end = s.start + m.start(), s.start + m.end()
            if _in_quote(text, paragraph, start):
                # a quote whose sentence names no speaker, in an article that gives
                # a joint statement's signers ("Joint Statement by France, Germany,
                # and Britain"), is theirs; else the latest person named speaks
                ref = _latest_speaker(i, start, actors, 0 if len(signed) > 1 else rules.window)
                refs = [ref] if ref else signed
            else:
                refs = authors if i > 0 or start > s.start else []
            if refs:
                add(start, end, refs, "ref-we")
        for m in rules.compass.finditer(s.text) if rules.compass else ():
            start, end = s.start + m.start(), s.start + m.end()
            ref = _latest_named_with(m.group("word"), i, start, actors)
            if ref and not _overlaps(start, end, actors[i]):
                add(start, end, [ref], "ref-one")
        added[i] = found
    return added


def _latest_named_with(word: str, i: int, position: int,
                       actors: list[list[Mention]]) -> str | None:
    """The latest actor, anywhere before ``position``, named with ``word`` first
    ("North Korea", "North Korean" for "the North")."""
    for j in range(i, -1, -1):
        for m in reversed(actors[j]):
            parts = m.text.split()
            if (j < i or m.end <= position) and len(parts) > 1 and parts[0] == word:
                return m.ref
    return None


_SIGNED = re.compile(r"\bstatement\s+(?:issued\s+)?(?:by|from|of)\b", re.IGNORECASE)
_TOPIC = re.compile(r"\s(?:on|regarding|about|over|concerning|who|which|that)\s|[:;(]")


def _statement_signers(sentences: list[Sentence], actors: list[list[Mention]]) -> list[str]:
    """The actors a statement is said to be by, anywhere in the article ("Joint
    Statement by the High Representative Josep Borrell and the Minister of Foreign
    Affairs of the Republic of Korea on DPRK-Russia Cooperation"): the actors named
    after "statement by" and before its topic; of several statements, the one with
    the most signers (a joint one before "a statement by Antony Blinken")."""
    best: list[str] = []
    for s, named in zip(sentences, actors, strict=True):
        for found in _SIGNED.finditer(s.text):
            topic = _TOPIC.search(s.text, found.end())
            stop = s.start + (topic.start() if topic else len(s.text))
            refs = _distinct([m for m in named if s.start + found.end() <= m.start < stop])
            if len(refs) > len(best):
                best = refs
    return best


def _authors(lists: list[list[list[Mention]]]) -> list[str]:
    """The authors of a statement: the first list of actors in its first two
    sentences ("The Ministers of Foreign Affairs of Australia, Canada, ...")."""
    for runs in lists[:2]:
        if runs:
            return _distinct(runs[0])
    return []


def _latest_list(i: int, position: int, lists: list[list[list[Mention]]],
                 actors: list[list[Mention]], size: int | None, window: int) -> list[str]:
    """The latest list before ``position`` (in this sentence or the ``window``
    before it) of the wanted size; failing a list, with a size, the latest
    sentence naming exactly that many actors."""
    for j in range(i, max(-1, i - window - 1), -1):
        for run in reversed(lists[j]):
            if j == i and run[-1].end > position:
                continue
            refs = _distinct(run)
            if size is None or len(refs) == size:
                return refs
    if size is None:
        return []
    for j in range(i - 1, max(-1, i - window - 1), -1):
        refs = _distinct(actors[j])
        if len(refs) == size:
            return refs
    return []


def _latest_single(i: int, position: int, actors: list[list[Mention]],
                   window: int) -> str | None:
    """The first actor named in the latest sentence that names one (the
    sentence's own actors before the phrase first)."""
    before = [m for m in actors[i] if m.end <= position]
    if before:
        return before[0].ref
    for j in range(i - 1, max(-1, i - window - 1), -1):
        if actors[j]:
            return actors[j][0].ref
    return None


def _speakers_state(text: str, actors: list[Mention], position: int) -> str | None:
    """The state of the latest person named before "his/her country", else of the
    latest official named by a state's adjective ("Canadian Defence Minister Anita
    Anand ... her country"; "Belarusian President Alexander Lukashenko confirmed the
    delivery of Russian weapons to his country" is Belarus)."""
    before = [m for m in actors if m.end <= position]
    people = [m for m in before if m.form == "person"] or \
        [m for m in before if m.form == "adjective" and _titled(text, m.end)]
    return people[-1].ref if people else None


def _titled(text: str, end: int) -> bool:
    """Whether a state's adjective is followed by a capitalised title ("Kazakh
    President", "Canadian Defence Minister"), not by goods ("Turkish drones")."""
    after = text[end:end + 3].lstrip()
    return bool(after) and after[0].isupper()


def _latest_speaker(i: int, position: int, actors: list[list[Mention]],
                    window: int) -> str | None:
    """The actor of the latest person named before the quote's word."""
    for j in range(i, max(-1, i - window - 1), -1):
        people = [m for m in actors[j] if m.form == "person" and (j < i or m.end <= position)]
        if people:
            return people[-1].ref
    # a quote before its speaker: "We will ...," said Kim
    later = [m for m in actors[i] if m.form == "person" and m.start > position]
    return later[0].ref if later else None
