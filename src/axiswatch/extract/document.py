"""Events of whole articles: screen, parse, read sentences, propose, decide.

The sentences that name an actor and contain a possible event word (see
:mod:`axiswatch.extract.candidates`) are parsed, in batches across articles;
other sentences state 1 % of the annotated events and were 30-40 % of the
parser's work. The hand rules read the parsed sentences and fill parties a sentence leaves
implicit from its other actors or the article's most prominent one. Then
every sentence proposes candidate events with features, the rules' reading
among them (:mod:`axiswatch.extract.proposals`), and the trained model
decides which are events and how certain (:mod:`axiswatch.extract.decide`).
Without a model the rules decide alone: one event per (type, source,
target, category), the best-supported one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from axiswatch.extract.candidates import is_candidate
from axiswatch.extract.certainty import RANK
from axiswatch.extract.classifier import EventModel, load_model
from axiswatch.extract.dates import find_times
from axiswatch.extract.decide import Scored, SentenceReading, add_support, decide, keep_best
from axiswatch.extract.fighters import war_sides
from axiswatch.extract.implicit import implicit_drafts
from axiswatch.extract.judgements import judgement_drafts
from axiswatch.extract.prohibitions import prohibition_drafts
from axiswatch.extract.proposals import Proposal, SentenceContext, propose
from axiswatch.extract.reading import read_sentence
from axiswatch.extract.rerank import Support
from axiswatch.extract.sentence import Draft, extract_sentence
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Article, Event, Figure, Item, Mention, Sentence
from axiswatch.nlp.coreference import resolve
from axiswatch.nlp.gazetteer import default_gazetteer
from axiswatch.nlp.lexicon import load_lexicon
from axiswatch.nlp.parser import load_parser
from axiswatch.nlp.sentences import split_sentences


@dataclass
class _Prepared:
    article: Article
    sentences: list[Sentence]
    actors: list[list[Mention]]
    items: list[list[Mention]]
    candidates: list[int]  # sentences the hand rules read
    salience: Counter[str]


@dataclass
class Analysis:
    """An article as the model sees it: its sentences, the hand rules' events
    (one per sentence and key, before selection), the proposals and what the
    rules read in each sentence."""

    article: Article
    sentences: list[Sentence]
    rule_events: list[Event]
    proposals: list[Proposal]
    readings: dict[int, SentenceReading]
    # with a model: every key's raw probabilities by sentence (``proposals`` then
    # holds only each key's best one)
    support: dict[tuple, Support] | None = None


def _prepare(article: Article) -> _Prepared:
    gazetteer = default_gazetteer()
    lexicon = load_lexicon()
    sentences = list(split_sentences(article.text))
    actors_all = gazetteer.actors(article.text)
    items_all = gazetteer.items(article.text)
    actors = _bucket(sentences, actors_all)
    items = _bucket(sentences, items_all)
    # "the two countries", "the regime", "we": the actors named before them
    for i, extra in enumerate(resolve(article.text, sentences, actors)):
        if extra:
            actors[i] = sorted(actors[i] + extra, key=lambda m: (m.start, m.ref))
    salience: Counter[str] = Counter()
    for m in actors_all:
        if m.ref not in lexicon.groups:
            salience[m.ref] += 2 if m.form != "adjective" else 1  # a name, twice an adjective
    candidates = [i for i, s in enumerate(sentences) if is_candidate(s, actors[i], items[i])]
    return _Prepared(article, sentences, actors, items, candidates, salience)


def _bucket(sentences: list[Sentence], mentions: list[Mention]) -> list[list[Mention]]:
    out: list[list[Mention]] = [[] for _ in sentences]
    j = 0
    for m in mentions:
        while j < len(sentences) and sentences[j].end <= m.start:
            j += 1
        if j < len(sentences) and sentences[j].start <= m.start:
            out[j].append(m)
    return out


def analyse_articles(articles: Iterable[Article], parser=None, batch_size: int = 32,
                     propose_events: bool = True,
                     model: EventModel | None = None) -> Iterator[Analysis]:
    """Parse articles in batches and yield what the model needs of each (with
    ``propose_events=False``, only what the rules need: no proposals). Given the
    ``model`` that will decide, each key keeps only the proposal it would choose,
    so a long document never holds all of its proposals at once."""
    parser = parser or load_parser()
    batch: list[_Prepared] = []
    for article in articles:
        batch.append(_prepare(article))
        if len(batch) >= batch_size:
            yield from _run_batch(batch, parser, propose_events, model)
            batch = []
    if batch:
        yield from _run_batch(batch, parser, propose_events, model)


def extract_articles(articles: Iterable[Article], parser=None, batch_size: int = 32,
                     model: EventModel | None | bool = True
                     ) -> Iterator[tuple[Article, list[Event]]]:
    """Yield each article with its events: decided by the trained model when
    one is installed (``model=True``: the default one), else by the rules."""
    chosen = load_model() if model is True else (model or None)
    for analysis in analyse_articles(articles, parser, batch_size,
                                     propose_events=chosen is not None, model=chosen):
        yield analysis.article, events_of(analysis, chosen)


def events_of(analysis: Analysis, model: EventModel | None) -> list[Event]:
    if model is None:
        return select_events(list(analysis.rule_events))
    return decide(analysis.article, analysis.sentences, analysis.proposals,
                  analysis.readings, analysis.rule_events, model, analysis.support)


def extract_article(article: Article, parser=None,
                    model: EventModel | None | bool = True) -> list[Event]:
    return next(extract_articles([article], parser, model=model))[1]


def _run_batch(batch: list[_Prepared], parser, propose_events: bool,
               model: EventModel | None = None) -> Iterator[Analysis]:
    texts = [p.sentences[i].text for p in batch for i in p.candidates]
    docs = iter(parser.pipe(texts, batch_size=256))
    lexicon = load_lexicon()
    for prepared in batch:
        drafts: list[Draft] = []
        views: dict[int, SentenceView] = {}
        times_of: dict[int, list] = {}
        for i in prepared.candidates:
            sentence = prepared.sentences[i]
            view = SentenceView(sentence, next(docs), prepared.actors[i], prepared.items[i],
                                lexicon)
            views[i] = view
            times_of[i] = find_times(sentence.text, prepared.article.published, sentence.start)
            drafts.extend(extract_sentence(view, i, times_of[i]))
            drafts.extend(implicit_drafts(view, i, times_of[i]))
            drafts.extend(judgement_drafts(view, i, times_of[i]))
            drafts.extend(prohibition_drafts(view, i, times_of[i]))
        wars = [pair for i, sentence in enumerate(prepared.sentences)
                for pair in war_sides(sentence, prepared.actors[i], lexicon)]
        rule_events = _rule_events(prepared, drafts, wars)
        if not propose_events:
            yield Analysis(prepared.article, prepared.sentences, rule_events, [], {})
            continue
        yield _analysis(prepared, views, times_of, rule_events, model)


def _analysis(prepared: _Prepared, views: dict[int, SentenceView],
              times_of: dict[int, list], rule_events: list[Event],
              model: EventModel | None = None) -> Analysis:
    by_sentence: dict[int, list[Event]] = {}
    start_index = {s.start: i for i, s in enumerate(prepared.sentences)}
    for e in rule_events:
        by_sentence.setdefault(start_index.get(e.evidence_start, -1), []).append(e)
    doc_keys = {e.key()[1:] for e in rule_events}
    salient = [a for a, _ in prepared.salience.most_common()]
    proposals: list[Proposal] = []
    kept: dict[tuple, Scored] = {}  # with a model: each key's proposal so far
    support: dict[tuple, Support] = {}
    readings: dict[int, SentenceReading] = {}
    previous: list[str] = []
    for i in range(len(prepared.sentences)):
        here = list(dict.fromkeys(m.ref for m in prepared.actors[i]))
        view = views.get(i)
        if view is not None:
            ctx = SentenceContext(i, salient, [a for a in previous if a not in here],
                                  by_sentence.get(i, []), doc_keys)
            found = propose(view, ctx)
            if model is None:
                proposals.extend(found)
            else:
                raw = model.events.probabilities([(p.groups, p.own) for p in found])
                keep_best(kept, prepared.article, [Scored(p, model.calibration(v))
                                                   for p, v in zip(found, raw, strict=True)])
                add_support(support, prepared.article, found, raw)
            readings[i] = read_sentence(view, times_of[i], by_sentence.get(i, []))
        if here:
            previous = here
    if model is None:
        return Analysis(prepared.article, prepared.sentences, rule_events, proposals, readings)
    return Analysis(prepared.article, prepared.sentences, rule_events,
                    [s.proposal for s in kept.values()], readings, support)


def _full_names(drafts: list[Draft]) -> None:
    """A speaker named by one word ("Shin", "Kirby") takes the full name the same
    article gave earlier or later ("Shin Won-sik", "John Kirby"), when only one fits."""
    full = {d.attribution for d in drafts if d.attribution and " " in d.attribution}
    for d in drafts:
        if not d.attribution or " " in d.attribution or d.attribution.isupper():
            continue
        fits = [f for f in full if d.attribution in f.replace("-", " ").split()
                or d.attribution in f.split()]
        if len(fits) == 1:
            d.attribution = fits[0]


def _judges_are_no_parties(drafts: list[Draft]) -> None:
    """Who sanctions or condemns in a sentence is not the guessed supplier or recipient
    of a transfer named there; who is sanctioned or condemned over it is the likelier
    one ("the EU imposed sanctions on Iran over drone deliveries to Russia": the drones
    came from Iran, not from the EU)."""
    judges: dict[int, set[str]] = {}
    judged: dict[int, list[str]] = {}
    for d in drafts:
        if d.type in ("sanction", "denounce"):
            judges.setdefault(d.sentence_index, set()).update(d.sources)
            judged.setdefault(d.sentence_index, []).extend(d.targets)
    for d in drafts:
        if d.type in ("transfer", "use") and d.sentence_index in judges:
            # the one sanctioned or condemned over it is the likelier party
            first = list(judged.get(d.sentence_index, []))
            d.nearby = [a for a in first + d.nearby if a not in judges[d.sentence_index]]
            d.nearby = list(dict.fromkeys(d.nearby))
            d.barred = sorted(set(d.barred) | judges[d.sentence_index])


_INHERIT_WINDOW = 3  # sentences back to the transfer a deal's contents belong to


def _inherit_parties(drafts: list[Draft]) -> None:
    """"The package includes ...": the supplier and recipient of the latest transfer
    named before it; "Firms in Turkey were also included": the imposers of the
    latest sanction named before it (or earlier in the sentence); "Iran called the
    move illegal": the doers of the latest event of the kind the judged noun names;
    a few sentences back at most; none there, no event."""
    latest: dict[str, Draft] = {}
    # the doers of the latest sentence with an event of a type ("": any), and where
    acts: dict[str, tuple[int, list[str]]] = {}
    for d in sorted(drafts, key=lambda d: (d.sentence_index, d.token_index)):
        if d.denounces_latest is not None:
            # "Iran called the move illegal": who made the latest move, not the speaker
            at, doers = acts.get(d.denounces_latest, (-1, []))
            if at >= 0 and d.sentence_index - at <= _INHERIT_WINDOW:
                d.targets = [s for s in doers if s not in d.sources]
            continue
        if d.sources and not d.inherit:
            for kind in (d.type, ""):
                at, doers = acts.get(kind, (-1, []))
                same = doers if at == d.sentence_index else []
                acts[kind] = (d.sentence_index, [*same, *(s for s in d.sources if s not in same)])
        before = latest.get(d.type)
        near = before is not None and d.sentence_index - before.sentence_index <= _INHERIT_WINDOW
        if d.inherit and before is not None and near and d.type == "transfer":
            d.sources, d.targets = list(before.sources[:1]), list(before.targets[:1])
            d.explicit = 1
        elif d.inherit and before is not None and near and d.type == "sanction":
            d.sources = [s for s in before.sources if s not in d.targets]
        elif not d.inherit and d.sources and (d.targets or d.type == "sanction"):
            latest[d.type] = d


def _rule_events(prepared: _Prepared, drafts: list[Draft],
                 wars: list[tuple[str, str]]) -> list[Event]:
    """The hand rules' events, one per sentence and key (not yet selected);
    ``wars``: the pairs of states the article says are at war."""
    _full_names(drafts)
    _judges_are_no_parties(drafts)
    _inherit_parties(drafts)
    prior = _direction_prior(drafts)
    struck = _struck_in_article(drafts)
    foes = _foes(drafts, wars)
    # soldiers fighting are a use by their state only where the article has it send
    # them to another's war ("North Korean troops began engaging in combat") or the
    # sentence names whom they fight for ("alongside Russian forces"), not for a
    # state's own army ("Russian troops are fighting in Ukraine")
    senders = {s for d in drafts if d.type == "transfer" and d.item is not None
               and d.item.ref == "personnel" for s in d.sources}
    events: list[Event] = []
    for d in drafts:
        sentence = prepared.sentences[d.sentence_index]
        if d.type == "use" and d.item is not None and d.item.ref == "personnel" and \
                not set(d.sources) & senders and not d.allies:
            continue  # fighters with no ally named nor sent: a state's own army
        for source, target in _pairs(d, prior, prepared.salience, struck, foes):
            events.append(Event(
                doc=prepared.article.doc_id, type=d.type, source=source, target=target,
                item=Item(d.item.ref, d.item.text) if d.item else None,
                quantity=d.quantity, when=d.when, status=d.status,
                attribution=d.attribution, certainty=d.certainty,
                evidence=sentence.text, evidence_start=sentence.start,
                evidence_end=sentence.end, trigger=d.trigger,
                explicit_roles=d.explicit,
                figures=[Figure(q, d.when, sentence.start, sentence.end) for q in d.figures],
            ))
    return events


def _direction_prior(drafts: list[Draft]) -> Counter[tuple[str, str]]:
    prior: Counter[tuple[str, str]] = Counter()
    for d in drafts:
        if d.type == "transfer" and d.explicit >= 2:
            for s in d.sources:
                for t in d.targets:
                    prior[(s, t)] += 1
    return prior


def _struck_in_article(drafts: list[Draft]) -> Counter[str]:
    """How often each state is named as struck in the article's uses."""
    return Counter(t for d in drafts if d.type == "use" for t in d.targets)


def _foes(drafts: list[Draft], wars: list[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """Pairs of states at war in the article (both ways): the wars it names and
    the uses of force it states."""
    pairs = [*wars, *((s, t) for d in drafts if d.type == "use"
                      for s in d.sources for t in d.targets)]
    return Counter([*pairs, *((b, a) for a, b in pairs)])


def _most_salient(salience: Counter[str], exclude: list[str]) -> str | None:
    for actor, _ in salience.most_common():
        if actor not in exclude:
            return actor
    return None


def _pairs(d: Draft, prior: Counter[tuple[str, str]], salience: Counter[str],
           struck: Counter[str], foes: Counter[tuple[str, str]]) -> list[tuple[str, str | None]]:
    sources, targets = list(d.sources), list(d.targets)
    if d.type == "transfer" and not sources and not targets and len(d.between) >= 2:
        a, b = d.between[:2]
        if prior[(a, b)] != prior[(b, a)]:
            sources, targets = ([a], [b]) if prior[(a, b)] > prior[(b, a)] else ([b], [a])
        else:
            sources, targets = ([a], [b]) if salience[a] < salience[b] else ([b], [a])
        d.explicit = 1
    if d.type in ("meeting", "agreement"):
        if not sources and not targets and len(d.between) >= 3:
            # parties together with none leading: each with each
            return [(a, b) for n, a in enumerate(d.between) for b in d.between[n + 1:]]
        parties = sources + [t for t in targets if t not in sources]
        for a in d.between:
            if len(parties) >= 2:
                break
            if a not in parties:
                parties.append(a)
        if len(parties) < 2:
            return []
        return [(parties[0], other) for other in parties[1:]]
    if d.type == "production":
        return [(s, None) for s in sources]
    if not sources and not targets:
        return []
    guess_from_article = d.pos == "verb" or d.type == "denounce"
    if not targets and d.type == "use":
        # "Russian attacks using Iranian drones": the state the article's uses strike
        partners = Counter({t: n for t, n in struck.items() if t not in sources}) or \
            Counter({t: n for (a, t), n in foes.items() if a in sources and t not in sources})
        if d.allies:  # fighters for an ally fight its foes
            partners = Counter({t: n for (a, t), n in foes.items()
                                if a in d.allies and t not in sources}) or partners
        targets = _guess(d, sources, partners, salience, True)
    elif not targets:
        partners = Counter({t: n for (s, t), n in prior.items() if s in sources})
        targets = _guess(d, sources, partners, salience, guess_from_article)
    elif not sources and d.type == "transfer":
        partners = Counter({s: n for (s, t), n in prior.items() if t in targets})
        sources = _guess(d, targets, partners, salience, guess_from_article)
    return [(s, t) for s in sources for t in targets if s != t]


def _guess(d: Draft, known: list[str], partners: Counter[str], salience: Counter[str],
           from_article: bool) -> list[str]:
    """The missing party: the sentence's nearest other actor, else (for verbs
    with one stated party) its partner in the article's explicit transfers (for
    a use: the state the article's uses strike most), else the article's most
    prominent other actor."""
    if not d.guess:
        return []
    others = [a for a in d.nearby if a not in known]
    if others:
        return others[:1]
    partners = Counter({a: n for a, n in partners.items() if a not in d.barred})
    if from_article and d.type in ("transfer", "use") and partners:
        return [partners.most_common(1)[0][0]]
    if from_article and (d.type in ("transfer", "denounce", "sanction") or d.allies):
        # fighters for an ally ("alongside Russian forces") fight the article's other side
        fallback = _most_salient(salience, known + d.barred)
        return [fallback] if fallback else []
    return []


def _preference(e: Event) -> tuple:
    return (-min(e.explicit_roles, 2), e.quantity is None, e.when is None,
            RANK[e.certainty], e.evidence_start)


def select_events(events: list[Event]) -> list[Event]:
    """One event per (type, source, target, category): the best-supported one."""
    best: dict[tuple, Event] = {}
    figures: dict[tuple, list[Figure]] = {}
    for e in events:
        k = e.key()
        if k not in best or _preference(e) < _preference(best[k]):
            best[k] = e
        known = figures.setdefault(k, [])
        stated = {(f.quantity, f.when) for f in known}
        known.extend(f for f in e.figures if (f.quantity, f.when) not in stated)
    for k, e in best.items():  # every figure stated for the flow in the article
        e.figures = sorted(figures[k], key=lambda f: (f.evidence_start, f.quantity.unit))
    return sorted(best.values(), key=lambda e: (e.evidence_start, e.type))
