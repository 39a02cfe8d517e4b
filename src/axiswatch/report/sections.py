"""The sections of a briefing, built from the loaded facts (see :mod:`content`):
a summary per pair of actors, the key flows, figure series, the timeline and
the open contradictions."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from axiswatch.extract.certainty import RANK
from axiswatch.fuse.series import Series
from axiswatch.query.events import EventFilter, find_events
from axiswatch.query.facts import (
    FactFilter,
    fact_statement,
    find_conflicts,
    find_facts,
    find_series,
)
from axiswatch.report import wording as w
from axiswatch.report.content import (
    MAX_CONFLICTS,
    MAX_FLOWS,
    MAX_ITEMS,
    MAX_PAIRS,
    MAX_SERIES,
    MAX_TIMELINE,
    Briefing,
    Entry,
    Flow,
    Gatherer,
    LoadedFact,
    Pair,
    ReportFilter,
    Run,
    SeriesView,
    Text,
    by_pair,
    capital,
    stories_of,
)
from axiswatch.store.schema import EventRow, FactRow


def gather(session: Session, f: ReportFilter, charts: bool = True) -> Briefing:
    """The briefing of the facts passing ``f``, footnotes numbered in reading order."""
    g = Gatherer(session, f)
    total = session.scalar(select(func.count()).select_from(
        fact_statement(f.fact_filter()).subquery())) or 0
    facts = [g.load(r) for r in find_facts(session, f.fact_filter())]
    docs = session.scalar(select(func.count(func.distinct(EventRow.document_id))).where(
        EventRow.fact_id.in_(fact_statement(f.fact_filter()).with_only_columns(FactRow.id))
    )) or 0
    briefing = Briefing(
        title=_title(g, f), scope=_scope(f),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        counts=f"{w.plural(total, 'fact')} from {w.plural(docs, 'document')}")
    series = find_series(session, FactFilter(type=f.type, item=f.item, since=f.since,
                                             until=f.until, actors=f.actors))
    briefing.pairs = pair_summaries(g, facts, series, briefing.notes)
    briefing.flows = flow_rows(g, facts, briefing.notes)
    briefing.series = series_views(g, series, briefing.notes, charts)
    briefing.timeline = timeline_entries(g, facts, briefing.notes)
    briefing.conflicts = conflict_entries(g, facts, briefing.notes)
    briefing.citations = g.cites.order
    return briefing


def _title(g: Gatherer, f: ReportFilter) -> str:
    if f.actors:
        return "Briefing: " + w.join_words([g.name(a) for a in f.actors])
    return "Briefing: all actors"


def _scope(f: ReportFilter) -> str:
    parts = []
    if f.actors:
        parts.append("actors " + ", ".join(f.actors))
    if f.since or f.until:
        parts.append(f"from {w.day_text(f.since) if f.since else 'the start'} to "
                     f"{w.day_text(f.until) if f.until else 'now'}")
    if f.min_sources:
        parts.append(f"at least {f.min_sources} independent source(s) per fact")
    if f.type:
        parts.append(f"type {f.type}")
    if f.item:
        parts.append(f"item {f.item}")
    if f.min_score is not None:
        parts.append(f"model score at least {f.min_score}")
    return "; ".join(parts) or "the whole store"


def _support(fact: LoadedFact) -> float:
    return fact.row.sources * 10 + fact.row.confidence


# --- pair summaries ---------------------------------------------------------------------


def pair_summaries(g: Gatherer, facts: list[LoadedFact], series: list[Series],
                   notes: list[str]) -> list[Pair]:
    pairs = by_pair(facts)
    ranked = sorted(pairs, key=lambda k: (-sum(_support(x) for x in pairs[k]), k))
    if len(ranked) > MAX_PAIRS:
        notes.append(f"Summaries of the {MAX_PAIRS} best-supported pairs of {len(ranked)}.")
    return [_pair(g, key, pairs[key], series) for key in ranked[:MAX_PAIRS]]


def _pair(g: Gatherer, key: tuple[str, str], facts: list[LoadedFact],
          series: list[Series]) -> Pair:
    a, b = key
    g.prefetch(_best(facts)[:200])  # those the summary can show, read at once
    published = sorted(d for x in facts for d in (x.row.first_reported, x.row.last_reported)
                       if d)
    docs = g.documents([x.row.id for x in facts])
    opening: Text = [Run(
        f"{w.plural(len(facts), 'fact')} link {g.name(a)} and {g.name(b)}, from "
        f"{w.plural(docs, 'document')}"
        + (f" reported between {w.day_text(published[0].isoformat())} and "
           f"{w.day_text(published[-1].isoformat())}" if published else "") + ".")]
    paragraphs = [opening]
    for source, target in ((a, b), (b, a)):
        paragraphs.append(_supplies(g, [x for x in facts if x.row.type == "transfer" and
                                        (x.row.source_id, x.row.target_id) == (source, target)]))
    together: Text = []
    for type_, one, many in (("meeting", "met", "met"),
                             ("agreement", "signed an agreement", "signed agreements")):
        happened = [x for x in facts if x.row.type == type_]
        together += _happenings(g, a, b, one if len(happened) == 1 else many, happened)
    others = _best([x for x in facts if x.row.type not in ("transfer", "meeting",
                                                             "agreement")])
    for x in sorted(others[:MAX_ITEMS], key=lambda x: (x.row.period_start or "", x.row.id)):
        together += g.statement(x)
        together.append(Run(" "))
    if len(others) > MAX_ITEMS:
        together.append(Run(f"{w.plural(len(others) - MAX_ITEMS, 'more fact')} between them "
                            "are in the key flows and the timeline, or left out. "))
    paragraphs.append(together)
    figures: Text = []
    for s in series:
        if {s.source, s.target or ""} == {a, b}:
            figures += _trend(g, s)
    paragraphs.append(figures)
    return Pair(f"{g.name(a)} – {g.name(b)}", [p for p in paragraphs if p])


def _supplies(g: Gatherer, facts: list[LoadedFact]) -> Text:
    """ "North Korea supplied Russia with ammunition (since …)[1], … and …[4]." per level."""
    runs: Text = []
    groups: dict[tuple[str, bool], list[LoadedFact]] = defaultdict(list)
    for x in facts:
        planned = bool(x.row.statuses) and set(x.row.statuses) == {"planned"}
        groups[(x.row.strongest, planned)].append(x)
    for level, planned in sorted(groups, key=lambda k: (RANK[k[0]], k[1])):
        group = _best(groups[(level, planned)])
        rest = max(0, len(group) - MAX_ITEMS)
        group = group[:MAX_ITEMS]
        if level == "denied":
            for x in group:
                runs += g.statement(x)
                runs.append(Run(" "))
            continue
        first = group[0].row
        adverb = w.HEDGE_ADVERB[level]
        verb = "plans to supply" if planned else "supplied"
        runs.append(Run(f"{g.name(first.source_id)} {adverb + ' ' if adverb else ''}{verb} "
                        f"{g.name(first.target_id)} with "))
        for i, x in enumerate(group):
            runs.append(Run(_separator(i, len(group), rest)
                            + _item_with_support(g, x, level), _item_cites(g, x)))
        runs.append(Run(f" and {w.plural(rest, 'more item')}. " if rest else ". "))
    return runs


def _best(facts: list[LoadedFact]) -> list[LoadedFact]:
    return sorted(facts, key=lambda x: (-_support(x), x.row.id))


def _separator(i: int, shown: int, rest: int) -> str:
    """Between the items of a list: ", " and, before the last shown, " and " (unless
    more follow)."""
    if i == 0:
        return ""
    return " and " if i == shown - 1 and not rest else ", "


def _item_with_support(g: Gatherer, x: LoadedFact, level: str) -> str:
    row = x.row
    names = sorted({e.item.name for e in x.stating if e.item})
    said = [e for e in x.stating if e.certainty == level] or x.stating
    who = g.who(said)
    parts = [w.period_text(g.start(x), row.period_end, True),
             w.support_text(row.sources, None, row.confidence)]
    if level == "asserted":
        if who:
            parts.append("according to " + w.join_words(who))
    else:
        parts.insert(0, f"{w.HEDGE_BY[level]} {w.join_words(who) if who else 'unnamed sources'}")
    deniers = g.who(x.denying)
    if deniers:
        parts.append("denied by " + w.join_words(deniers))
    return f"{w.item_text(row.item_category, names)} ({'; '.join(parts)})"


def _item_cites(g: Gatherer, x: LoadedFact) -> tuple[int, ...]:
    """The sentences stating it, then those denying it."""
    return tuple(dict.fromkeys(g.cite_all(x.stating) + g.cite_all(x.denying)))


def _happenings(g: Gatherer, a: str, b: str, verb: str, facts: list[LoadedFact]) -> Text:
    if not facts:
        return []
    runs: Text = [Run(f"{g.name(a)} and {g.name(b)} {verb} ")]
    rest = max(0, len(facts) - MAX_ITEMS)
    facts = sorted(_best(facts)[:MAX_ITEMS],
                   key=lambda x: (x.row.period_start or "9999", x.row.id))
    for i, x in enumerate(facts):
        row = x.row
        adverb = w.HEDGE_ADVERB.get(row.strongest, "")
        runs.append(Run(_separator(i, len(facts), rest)
                        + (adverb + " " if adverb else "")
                        + w.period_text(g.start(x), row.period_end, False)
                        + f" ({w.support_text(row.sources, None, row.confidence)})",
                        g.cite_all(x.stating)))
        if x.denying:
            runs.append(Run(" (denied by " + w.join_words(g.who(x.denying)) + ")",
                            g.cite_all(x.denying)))
    runs.append(Run(f" and on {w.plural(rest, 'other date')}. " if rest else ". "))
    return runs


def _trend(g: Gatherer, s: Series) -> Text:
    points = [p for p in s.points if p.date]
    if not points:
        return []
    cites = _point_cites(g, points)

    def said(i: int) -> str:
        p = points[i]
        return (f"{w.figure_text(p.value, p.high, p.bound, s.unit)} "
                f"({g.name(p.reporter)}, {w.day_text(p.date)})")

    flow = f"{s.unit} from {g.name(s.source)} to {g.name(s.target)}"
    if len(points) == 1:
        return [Run(f"One figure is reported for {flow}: "), Run(said(0), cites[0]), Run(". ")]
    first, last = points[0].value, points[-1].value
    move = "rose" if last > first else "fell" if last < first else "stayed"
    return [Run(f"{len(points)} figures are reported for {flow}; they {move} from "),
            Run(said(0), cites[0]), Run(" to "), Run(said(len(points) - 1), cites[-1]),
            Run(". ")]


def _point_cites(g: Gatherer, points: list) -> list[tuple[int, ...]]:
    ids = tuple(sorted({i for p in points for i in p.event_ids}))
    events = {e.id: e for e in find_events(g.session, EventFilter(ids=ids))} if ids else {}
    return [g.cite_all([events[i] for i in p.event_ids if i in events]) for p in points]


# --- key flows --------------------------------------------------------------------------


def flow_rows(g: Gatherer, facts: list[LoadedFact], notes: list[str]) -> list[Flow]:
    flows = sorted((x for x in facts if x.row.type in g.flow_types),
                   key=lambda x: (-_support(x), x.row.period_start or "", x.row.id))
    if len(flows) > MAX_FLOWS:
        notes.append(f"Key flows: the {MAX_FLOWS} best-supported of {len(flows)}.")
    g.prefetch(flows[:MAX_FLOWS])
    return [_flow(g, x) for x in flows[:MAX_FLOWS]]


def _flow(g: Gatherer, x: LoadedFact) -> Flow:
    row = x.row
    names = sorted({e.item.name for e in x.stating if e.item})
    scores = sorted(e.score for e in x.stating + x.denying if e.score is not None)
    score = ("rules (no score)" if not scores else f"{scores[0]:.2f}" if len(scores) == 1
             or scores[0] == scores[-1] else f"{scores[0]:.2f}–{scores[-1]:.2f}")
    period = f"since {w.short_day(g.start(x))}" if row.period_start else "undated"
    if row.last_reported:
        period += f"; last reported {w.short_day(row.last_reported.isoformat())}"
    return Flow(
        fact=row.id, label=f"{g.name(row.source_id)} → {g.name(row.target_id)}",
        what=(f"{row.type}: " if row.type != "transfer" else "")
        + w.item_text(row.item_category, names),
        how_much=_how_much(x), period=period, sources=row.sources, documents=row.documents,
        stories=stories_of(x), denials=row.denials,
        support=", ".join([w.plural(row.sources, "independent source"),
                           w.plural(row.documents, "document"),
                           w.plural(stories_of(x), "story", "stories")]
                          + ([w.plural(row.denials, "denial")] if row.denials else [])),
        certainty=row.strongest if row.strongest == row.weakest
        else f"{row.strongest} to {row.weakest}",
        confidence=row.confidence, score=score,
        statement=g.statement(x, support=False),
        contested=row.contested)


def _how_much(x: LoadedFact) -> str:
    """The latest figure stated in each unit, with when it was reported."""
    latest: dict[str, tuple] = {}
    for e in x.stating:
        if e.quantity_value is None or not e.quantity_unit:
            continue
        day = e.document.published.isoformat() if e.document.published else ""
        if e.quantity_unit not in latest or day >= latest[e.quantity_unit][0]:
            bound = "about" if e.quantity_approx else None
            for fig in e.figures:
                if fig.value == e.quantity_value:
                    bound = fig.bound
            latest[e.quantity_unit] = (day, w.figure_text(e.quantity_value, e.quantity_high,
                                                          bound, e.quantity_unit))
    return "; ".join(f"{text} ({w.short_day(day) if day else 'undated'})"
                     for day, text in (latest[u] for u in sorted(latest))) or "—"


# --- series, timeline, conflicts --------------------------------------------------------


def series_views(g: Gatherer, series: list[Series], notes: list[str],
                 charts: bool) -> list[SeriesView]:
    if len(series) > MAX_SERIES:
        notes.append(f"Figure series: the {MAX_SERIES} longest of {len(series)}.")
    chosen = sorted(series, key=lambda s: (-len(s.points), s.id))[:MAX_SERIES]
    views = []
    for s in sorted(chosen, key=lambda s: (s.source, s.target or "", s.unit)):
        cites = _point_cites(g, list(s.points))
        points = [{"date": p.date, "day": w.short_day(p.date), "value": p.value,
                   "high": p.high, "bound": p.bound,
                   "figure": w.figure_text(p.value, p.high, p.bound, s.unit),
                   "reporter": g.name(p.reporter), "certainty": p.certainty, "cites": c}
                  for p, c in zip(s.points, cites, strict=True)]
        title = (f"{g.name(s.source)} → {g.name(s.target)}: {s.unit}"
                 + (f" ({s.type})" if s.type != "transfer" else ""))
        view = SeriesView(s.id, title, s.unit, points)
        if charts:
            from axiswatch.report.charts import series_chart

            view.chart = series_chart(view)
        views.append(view)
    return views


def timeline_entries(g: Gatherer, facts: list[LoadedFact], notes: list[str]) -> list[Entry]:
    main = sorted(facts, key=lambda x: (-_support(x), x.row.id))[:MAX_TIMELINE]
    if len(facts) > MAX_TIMELINE:
        notes.append(f"Timeline: the {MAX_TIMELINE} best-supported facts of {len(facts)}.")
    main.sort(key=lambda x: (x.row.period_start or "9999", x.row.id))
    g.prefetch(main)
    return [Entry(_when(g, x), g.statement(x)) for x in main]


def _when(g: Gatherer, x: LoadedFact) -> str:
    start = w.short_day(g.start(x))
    if x.row.type in g.flow_types:
        return f"since {start}"
    end = x.row.period_end
    if end and x.row.period_start and end > x.row.period_start:
        return f"{start} – {w.short_day(end)}"
    return start


def conflict_entries(g: Gatherer, facts: list[LoadedFact], notes: list[str]) -> list[Entry]:
    f = g.f
    known = {x.row.id: x for x in facts}
    rows = find_conflicts(g.session, FactFilter(type=f.type, item=f.item, actors=f.actors))
    rows = [c for c in rows
            if c.fact_id in known or (c.kind == "figures" and _within(c.period, f))]
    if len(rows) > MAX_CONFLICTS:
        notes.append(f"Open contradictions: the first {MAX_CONFLICTS} of {len(rows)}.")
    entries = []
    for c in rows[:MAX_CONFLICTS]:
        stating = find_events(g.session, EventFilter(ids=tuple(c.stating)))
        contrary = find_events(g.session, EventFilter(ids=tuple(c.contrary)))
        what = w.item_text(c.item_category, []) if c.item_category else (c.unit or c.type)
        label = "Denied" if c.kind == "denial" else "Figures disagree"
        fact = known.get(c.fact_id or "")
        when = (w.short_day(c.period) if c.period else _when(g, fact) if fact else "undated")
        entries.append(Entry(when, [
            Run(f"{label}: {c.type} of {what} from {g.name(c.source_id)} to "
                f"{g.name(c.target_id)}. {capital(_named(g, c.detail))}."),
            Run(" Stating:", g.cite_all(stating)),
            Run(" Contrary:", g.cite_all(contrary))]))
    return entries


def _named(g: Gatherer, detail: str) -> str:
    for actor, name in g.names.items():
        detail = detail.replace(f"({actor})", f"({name})").replace(f"by {actor}", f"by {name}")
    return detail


def _within(period: str | None, f: ReportFilter) -> bool:
    if period is None:
        return not (f.since or f.until)
    if f.since and period < f.since[:len(period)]:
        return False
    return not (f.until and period[:len(f.until)] > f.until)
