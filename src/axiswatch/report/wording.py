"""How a briefing words what the facts say: dates, figures, hedges and verbs.

Every sentence of a briefing is built here from a fact's fields; nothing is
canned. A fact reads as sure as its surest source: ``asserted`` plainly,
``reported`` as "reportedly ... (reported by ...)", ``alleged`` as "allegedly
... (alleged by ...)", ``possible`` as "possibly", and a fact only ever denied
as "X denies that ...".
"""

from __future__ import annotations

import calendar

HEDGE_ADVERB = {"asserted": "", "reported": "reportedly", "alleged": "allegedly",
                "possible": "possibly", "denied": ""}
HEDGE_BY = {"reported": "reported by", "alleged": "alleged by", "possible": "raised by"}
ITEM_WORDS = {"ammunition": "ammunition", "missile": "missiles", "drone": "drones",
              "weapon": "weapons", "technology": "technology", "food": "food", "fuel": "fuel",
              "money": "money", "materials": "materials", "personnel": "personnel"}
BOUND_WORDS = {"min": "over ", "max": "up to ", "about": "about "}


def day_text(partial: str | None) -> str:
    """ "2023-07" -> "July 2023", "2023-09-13" -> "13 September 2023"."""
    if not partial:
        return "an unknown date"
    parts = partial.split("-")
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def short_day(partial: str | None) -> str:
    """ "2023-09-13" -> "13 Sep 2023" (tables)."""
    if not partial:
        return "undated"
    parts = partial.split("-")
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_abbr[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def figure_text(value: float, high: float | None, bound: str | None, unit: str) -> str:
    """ "about 13,000 containers", "over 1,000 containers", "2,000-3,000 troops"."""
    span = number(value) + (f"–{number(high)}" if high is not None else "")
    return f"{BOUND_WORDS.get(bound or '', '')}{span} {unit}"


def item_text(category: str | None, names: list[str]) -> str:
    """What a flow carries: its category, and the wordings sources used if they differ."""
    base = ITEM_WORDS.get(category or "", category or "goods")
    others = [n for n in names if n.lower() not in (base.lower(), (category or "").lower())]
    return f"{base} ({', '.join(others[:4])})" if others else base


def join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def period_text(start: str | None, end: str | None, flow: bool) -> str:
    if not start:
        return "undated"
    if flow:
        return f"since {day_text(start)}"
    if end and end != start:
        return f"between {day_text(start)} and {day_text(end)}"
    return f"on {day_text(start)}"


def predicate(type_: str, target: str | None, what: str | None, planned: bool) -> str:
    """The verb phrase of a fact with its object, for a subject given elsewhere."""
    thing = what or "goods"
    if type_ == "transfer":
        verb = "plans to supply" if planned else "supplied"
        return f"{verb} {thing} to {target}" if target else f"{verb} {thing}"
    if type_ == "use":
        return f"used {what or 'weapons'}" + (f" against {target}" if target else "")
    if type_ == "production":
        return f"produced {what or 'arms'}" + (f" with {target}" if target else "")
    if type_ == "meeting":
        return "met"
    if type_ == "agreement":
        return "signed an agreement"
    if type_ == "denounce":
        return f"denounced {target}" if target else "issued a denunciation"
    if type_ == "sanction":
        return f"sanctioned {target}" if target else "imposed sanctions"
    return f"{type_} {target or ''}".strip()


def subject(type_: str, source: str, target: str | None) -> str:
    return f"{source} and {target}" if type_ in ("meeting", "agreement") and target else source


def hedged(level: str, subject_text: str, predicate_text: str, who: list[str],
           deniers: list[str]) -> str:
    """The clause as sure as ``level``; who says it, and who denies it."""
    if level == "denied":
        return (f"{join_words(deniers) or 'A source'} "
                f"{'deny' if len(deniers) > 1 else 'denies'} that {subject_text} "
                f"{predicate_text}")
    adverb = HEDGE_ADVERB.get(level, "")
    clause = f"{subject_text} {adverb + ' ' if adverb else ''}{predicate_text}"
    if level == "asserted":
        if who:
            clause += f", according to {join_words(who)}"
    else:
        clause += f" ({HEDGE_BY[level]} {join_words(who) if who else 'unnamed sources'})"
    if deniers:
        clause += f"; denied by {join_words(deniers)}"
    return clause


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def support_text(sources: int, documents: int | None, confidence: float) -> str:
    """ "3 independent sources in 4 documents, confidence 0.99" (no documents: shorter)."""
    where = f" in {plural(documents, 'document')}" if documents is not None else ""
    return f"{plural(sources, 'independent source')}{where}, confidence {confidence:.2f}"
