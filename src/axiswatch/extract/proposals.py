"""Candidate events of a parsed sentence, generated for recall, with their features.

Every sentence that names an actor proposes events of every type between its
actors (and, when it names only one, between that actor and the article's
context actors), for every item category it names. Each proposal carries
sparse string features: what the hand rules made of the sentence, the
grammatical roles of both parties, the dependency path between them, the
words of the sentence, the item's wording. A trained classifier
(:mod:`axiswatch.extract.classifier`) then decides which proposals are events.

Features are crossed with the event type, so one model learns what makes a
transfer, a sanction or a denunciation; nothing here names a document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from axiswatch.extract.syntax import SentenceView
from axiswatch.model import EVENT_TYPES, ITEM_TYPES, SYMMETRIC_TYPES, Event, Mention

CONTEXT_ACTORS = 3  # the article's most prominent actors offered to one-actor sentences
_CONTENT_POS = frozenset({"VERB", "NOUN", "ADJ", "ADV", "ADP", "PROPN"})
_MAX_PATH = 6
_MAX_BETWEEN = 15


@dataclass
class Proposal:
    """One candidate event: a key in one sentence, with the evidence for it."""

    sentence_index: int
    type: str
    source: str | None
    target: str | None
    category: str | None
    own: list[str] = field(default_factory=list)  # features of this proposal alone
    # groups of features that many proposals of the sentence share, each one tuple
    # object (the sentence's words for the type, each party's role, the pair's
    # path): disjoint from each other and from ``own``, so each is scored once
    groups: tuple[tuple[str, ...], ...] = ()
    rule: Event | None = None  # the hand rules' event with this key from this sentence

    @property
    def features(self) -> list[str]:
        return [f for g in self.groups for f in g] + self.own

    def key(self, doc: str) -> tuple:
        src, tgt = self.source, self.target
        if self.type in SYMMETRIC_TYPES and src and tgt:
            src, tgt = sorted((src, tgt))
        return (doc, self.type, src, tgt, self.category if self.type in ITEM_TYPES else None)


@dataclass
class SentenceContext:
    """What the article around a sentence offers: its prominent actors and the
    actors of the sentence before it."""

    index: int
    salient: list[str]
    previous: list[str]
    rule_events: list[Event]  # hand-rule events whose evidence is this sentence
    doc_rule_keys: set[tuple]  # (type, src, tgt, cat) of every hand-rule event in the article
    triggers: dict[str, list[Token]] = field(default_factory=dict)  # set by propose()


def list_head(tok: Token, actor_at: dict[int, Mention]) -> Token:
    """The first member of the list of actors a word stands in ("the US, the
    European Union (EU), France and Germany"): up conjunctions, up appositions
    that hang on another actor (lists the parser reads as such), and up to
    another naming of the same actor ("the European Union (EU)")."""
    seen = 0
    own = actor_at.get(tok.i)
    while tok.head.i != tok.i and seen < 12:
        head = actor_at.get(tok.head.i)
        same = own is not None and head is not None and head.ref == own.ref
        if not (tok.dep_ == "conj" or same or tok.dep_ == "appos" and head is not None):
            break
        tok = tok.head
        seen += 1
    return tok


def _role(tok: Token) -> tuple[str, str, str]:
    """(relation, preposition, governing lemma) of a party's head word (for a
    list member, the list's first member's: "the UK and the US imposed")."""
    dep = tok.dep_
    prep = ""
    gov = tok.head
    if dep == "pobj" and tok.head.i != tok.i:
        prep = tok.head.lower_
        gov = tok.head.head
    elif dep in ("poss", "compound", "amod", "nmod") and tok.head.i != tok.i:
        gov = tok.head
    return dep, prep, gov.lemma_.lower()


def _path(tree: Tree, a: int, b: int) -> tuple[str, str]:
    """The dependency path from word ``a`` up to the lowest common ancestor and
    down to word ``b``, as relations and with the ancestor's lemma."""
    heads = tree.heads
    up = [a]
    while heads[up[-1]] != up[-1] and len(up) < 40:
        up.append(heads[up[-1]])
    up_index = {t: n for n, t in enumerate(up)}
    down = [b]
    while down[-1] not in up_index and heads[down[-1]] != down[-1] and len(down) < 40:
        down.append(heads[down[-1]])
    if down[-1] not in up_index:
        return "nopath", "nopath"
    lca = down[-1]
    deps = tree.deps
    rising = [deps[t] for t in up[:up_index[lca]]][:_MAX_PATH]
    falling = [deps[t] for t in reversed(down[:-1])][:_MAX_PATH]
    return "^".join(rising) + ">" + ">".join(falling), tree.lemmas[lca]


@dataclass(frozen=True)
class Tree:
    """A parsed sentence as plain lists (head index, relation, lowercase lemma of
    each word), for walking paths without spaCy's per-token objects."""

    heads: list[int]
    deps: list[str]
    lemmas: list[str]
    content: list[bool]  # a content word (not a function word, not punctuation)
    hints: dict[str, tuple[str, ...]]  # the lexicon's hint words

    @classmethod
    def of(cls, view: SentenceView) -> Tree:
        heads: list[int] = []
        deps: list[str] = []
        lemmas: list[str] = []
        content: list[bool] = []
        actor_at = view.actor_at
        for t in view.tokens:  # one pass: every Token spaCy hands out is a new object
            heads.append(t.head.i)
            deps.append(t.dep_)
            lemmas.append(t.lemma_.lower())
            content.append(t.is_alpha and t.pos_ in _CONTENT_POS and not t.is_stop and
                           t.i not in actor_at)
        return cls(heads, deps, lemmas, content, view.lexicon.hints)

    def between(self, a: int, b: int) -> list[str]:
        """The content words between two words, when they are close enough to
        be one clause's."""
        lo, hi = min(a, b), max(a, b)
        if hi - lo > _MAX_BETWEEN:
            return ["bw=far"]
        words = [f"bw={self.lemmas[i]}" for i in range(lo + 1, hi) if self.content[i]]
        return words or ["bw=none"]

    def on_path(self, a: int, b: int) -> list[str]:
        """The content words on the dependency path between two words, and the
        event types they hint at."""
        heads = self.heads
        up = [a]
        while heads[up[-1]] != up[-1] and len(up) < 40:
            up.append(heads[up[-1]])
        seen = set(up)
        down = [b]
        while down[-1] not in seen and heads[down[-1]] != down[-1] and len(down) < 40:
            down.append(heads[down[-1]])
        inner = sorted((set(up[1:]) | set(down[1:])) - {a, b})
        return [f"pw={self.lemmas[i]}" for i in inner if self.content[i]] + \
            [f"ph={h}" for i in inner for h in self.hints.get(self.lemmas[i], ())]


@dataclass
class _Party:
    actor: str
    mention: Mention | None  # None: taken from the article, not the sentence
    token: Token | None
    origin: str  # sentence | previous | salient


def _parties(view: SentenceView) -> list[_Party]:
    parties: dict[str, _Party] = {}
    for m in sorted(view.mention_root, key=lambda m: m.start):
        if m.kind != "actor" or m.ref in parties:
            continue
        parties[m.ref] = _Party(m.ref, m, view.mention_root[m], "sentence")
    return list(parties.values())


def _rule_parties(ctx: SentenceContext) -> list[_Party]:
    """A sentence naming no actor whose rule events took theirs from the article
    ("The package includes ..."): those are its parties."""
    actors = [a for e in ctx.rule_events for a in (e.source, e.target) if a]
    return [_Party(a, None, None, "previous") for a in dict.fromkeys(actors)]


def _context_parties(ctx: SentenceContext, present: set[str]) -> list[_Party]:
    out: list[_Party] = []
    for actor in ctx.previous:
        if actor not in present and all(p.actor != actor for p in out):
            out.append(_Party(actor, None, None, "previous"))
    for actor in ctx.salient[:CONTEXT_ACTORS]:
        if actor not in present and all(p.actor != actor for p in out):
            out.append(_Party(actor, None, None, "salient"))
    return out


def _categories(view: SentenceView, ctx: SentenceContext) -> dict[str, list[Mention]]:
    found: dict[str, list[Mention]] = {}
    for m in sorted(view.mention_root, key=lambda m: m.start):
        if m.kind == "item" and m.ref:
            found.setdefault(m.ref, []).append(m)
    for e in ctx.rule_events:
        if e.item and e.item.category not in found:
            found[e.item.category] = []
    return found


def sentence_features(view: SentenceView) -> list[str]:
    """Words of the sentence and what the lexicon says of them (no type yet)."""
    feats: set[str] = set()
    for tok in view.tokens:
        if tok.i in view.actor_at or not tok.is_alpha:
            continue
        lemma = tok.lemma_.lower()
        if tok.pos_ in _CONTENT_POS and not tok.is_stop or tok.dep_ == "neg":
            feats.add("w=" + lemma)
        for sense in view.lexicon.triggers.get(lemma, ()):
            feats.add(f"lex={sense.type}")
            feats.add(f"lexf={sense.type}:{sense.frame}")
        if tok.dep_ == "ROOT":
            feats.add("root=" + lemma)
        for hinted in view.lexicon.hints.get(lemma, ()):
            feats.add(f"hint={hinted}")
    return sorted(feats)


# Types a sentence states only with a word of their own (or where the rules read one):
# among the annotated articles' candidates of these types in sentences with neither,
# 14 of 16,486 were right (uses, production, sanctions); the others (a meeting
# told as a trip, a deal as a purchase, a denunciation as a judgement) are kept.
_WORDED_TYPES = frozenset({"use", "production", "sanction"})


def propose(view: SentenceView, ctx: SentenceContext) -> list[Proposal]:
    """Every candidate event of one sentence, with its features."""
    parties = _parties(view) or _rule_parties(ctx)
    if not parties:
        return []
    present = {p.actor for p in parties}
    context = _context_parties(ctx, present) if len(parties) == 1 else []
    categories = _categories(view, ctx)
    words = sentence_features(view)
    ctx.triggers = triggers_of(view)
    cache = _FeatureCache(view, ctx)
    rule_by_key: dict[tuple, Event] = {}
    rule_types: set[str] = set()
    for e in ctx.rule_events:
        k = e.key()[1:]
        rule_by_key.setdefault(k, e)
        rule_types.add(e.type)
    base = [f"nact={min(len(parties), 4)}", f"first={ctx.index == 0}"]
    proposals: list[Proposal] = []
    typed: dict[str, tuple[str, ...]] = {}

    pairs: list[tuple[_Party, _Party | None]] = []
    for x in parties:
        for y in parties:
            if x.actor != y.actor:
                pairs.append((x, y))
        for c in context:
            pairs.append((x, c))
            pairs.append((c, x))
    for etype in EVENT_TYPES:
        if etype in _WORDED_TYPES and not ctx.triggers.get(etype) and etype not in rule_types:
            continue  # no word of the type and no rule reading it: nothing to weigh
        typed[etype] = typed_words = (
            etype, *(f"{etype}|{w}" for w in (*words, *base)),
            *((f"{etype}|rule_type_here",) if etype in rule_types else ()))
        if etype == "production":
            type_pairs: list[tuple[_Party, _Party | None]] = [(a, None) for a in parties]
        elif etype in SYMMETRIC_TYPES:
            type_pairs = [(a, b) for a, b in pairs if b is not None and
                          (a.origin != "sentence" or b.origin != "sentence" or a.actor < b.actor)]
        else:
            type_pairs = pairs
        cats: list[str | None] = list(categories) if etype in ITEM_TYPES else [None]
        for a, b in type_pairs:
            groups = (typed_words, *_pair_groups(cache, etype, a, b))
            for cat in cats:
                proposals.append(_proposal(cache, ctx, groups, etype, a, b, cat, categories,
                                           rule_by_key))
    # a rule event whose parties the sentence does not name ("Firms in Turkey were
    # also included": the sanctioner named before) is proposed as the rules read it
    # (a key whose parties the sentence names was proposed above: only the others)
    outside = [k for k in rule_by_key if k[1] and (k[1] not in present or
                                                   (k[2] is not None and k[2] not in present))]
    made = {p.key("")[1:] for p in proposals} if outside else set()
    by_actor = {p.actor: p for p in parties}
    for k in outside:
        etype, src, tgt, cat = k
        if k in made or etype not in typed:
            continue
        first = by_actor.get(src) or _Party(src, None, None, "previous")
        second = (by_actor.get(tgt) or _Party(tgt, None, None, "previous")) if tgt else None
        proposals.append(_proposal(cache, ctx,
                                   (typed[etype], *_pair_groups(cache, etype, first, second)),
                                   etype, first, second, cat, categories, rule_by_key))
        made.add(k)
    return proposals


def _proposal(cache: _FeatureCache, ctx: SentenceContext, groups: tuple[tuple[str, ...], ...],
              etype: str, a: _Party, b: _Party | None, cat: str | None,
              categories: dict[str, list[Mention]], rule_by_key: dict[tuple, Event]) -> Proposal:
    p = Proposal(ctx.index, etype, a.actor, b.actor if b else None, cat)
    k = p.key("")[1:]
    rule = rule_by_key.get(k)
    f: list[str] = []
    if rule is not None:
        p.rule = rule
        f.append(f"{etype}|rule_exact")
        f.append(f"{etype}|rule_explicit={min(rule.explicit_roles, 2)}")
        f.append(f"{etype}|rule_cert={rule.certainty}")
        # how far the rule's own word is to be trusted ("condemn" against "urge")
        f.append(f"{etype}|rule_word={(rule.trigger or '').lower()}")
        if a.token is None or (b is not None and b.token is None):
            # a party the rules took from the article ("Firms in Turkey were also
            # included": the sanctions named before): no word of this sentence names it
            f.append(f"{etype}|rule_inherited")
    elif k in ctx.doc_rule_keys:
        f.append(f"{etype}|rule_elsewhere")
    if etype not in SYMMETRIC_TYPES and b is not None and \
            (k[0], k[2], k[1], k[3]) in rule_by_key:
        f.append(f"{etype}|rule_reverse")
    if cat is not None:
        f.extend(_origin_features(cache, etype, categories.get(cat, []), a, b))
    p.own = f
    p.groups = groups if cat is None else \
        (*groups, cache.item(etype, cat, categories.get(cat, []), a))
    return p


def triggers_of(view: SentenceView) -> dict[str, list[Token]]:
    """The words of the sentence that the lexicon knows as event words, by type,
    plus the main verb, which every type may hang on."""
    found: dict[str, list[Token]] = {t: [] for t in EVENT_TYPES}
    for tok in view.tokens:
        if tok.i in view.actor_at:
            continue
        for sense in view.lexicon.triggers.get(tok.lemma_.lower(), ()):
            if tok not in found[sense.type]:
                found[sense.type].append(tok)
    return found


def _to_trigger(tree: Tree, tok: Token, triggers: list[Token]) -> list[str]:
    """How a party hangs on the nearest event word of the type: the relations
    on the way and the event word's lemma."""
    best: tuple[int, str, str] | None = None
    for trig in triggers:
        deps, lca = _path(tree, tok.i, trig.i)
        if deps == "nopath":
            continue
        n = deps.count("^") + deps.count(">")
        if best is None or n < best[0]:
            best = (n, deps, trig.lemma_.lower())
    if best is None:
        return ["tp=none"]
    n, deps, lemma = best
    return [f"tp={deps}", f"tpl={min(n, 6)}", f"tpw={lemma}", f"tpd={deps}:{lemma}"]


class _FeatureCache:
    """Features of one sentence's parties and pairs, computed once and typed on use:
    most of them do not depend on the event type."""

    def __init__(self, view: SentenceView, ctx: SentenceContext) -> None:
        self.view = view
        self.ctx = ctx
        self.parties: dict[tuple[str, str], list[str]] = {}
        self.triggers: dict[tuple[str, str], list[str]] = {}
        self.pairs: dict[tuple[str, str], list[str]] = {}
        self.origins: dict[Mention, list[Mention]] = {}
        self.typed: dict[tuple[str, str, str], tuple[str, ...]] = {}
        self.heads: dict[int, Token] = {}
        self.tree = Tree.of(view)

    def list_head(self, tok: Token) -> Token:
        found = self.heads.get(tok.i)
        if found is None:
            found = self.heads[tok.i] = list_head(tok, self.view.actor_at)
        return found

    def party(self, etype: str, side: str, p: _Party) -> tuple[str, ...]:
        """A party's features for one type and side, one tuple object per sentence."""
        key = (etype, side, p.actor)
        found = self.typed.get(key)
        if found is not None:
            return found
        if (side, p.actor) not in self.parties:
            self.parties[(side, p.actor)] = _party_untyped(self.view, side, p, self.ctx)
        feats = [f"{etype}|{f}" for f in self.parties[(side, p.actor)]]
        if p.token is not None:
            tkey = (etype, p.actor)
            if tkey not in self.triggers:
                self.triggers[tkey] = _to_trigger(self.tree, self.list_head(p.token),
                                                  self.ctx.triggers.get(etype, []))
            feats.extend(f"{etype}|{side}_{f}" for f in self.triggers[tkey])
        self.typed[key] = found = tuple(dict.fromkeys(feats))
        return found

    def pair(self, etype: str, a: _Party, b: _Party) -> tuple[str, ...]:
        key = (etype, "pair", f"{a.actor}\t{b.actor}")
        found = self.typed.get(key)
        if found is None:
            if (a.actor, b.actor) not in self.pairs:
                self.pairs[(a.actor, b.actor)] = _pair_untyped(self.tree, a, b,
                                                               self.list_head)
            found = tuple(dict.fromkeys(f"{etype}|{f}" for f in self.pairs[(a.actor, b.actor)]))
            self.typed[key] = found
        return found

    def item(self, etype: str, cat: str, mentions: list[Mention],
             source: _Party) -> tuple[str, ...]:
        key = (etype, f"item\t{cat}", source.actor)
        found = self.typed.get(key)
        if found is None:
            found = tuple(dict.fromkeys(_item_features(self, etype, cat, mentions, source)))
            self.typed[key] = found
        return found

    def origin(self, m: Mention) -> list[Mention]:
        """The states ``m`` comes from (coordinated ones too), first the nearest."""
        if m not in self.origins:
            self.origins[m] = self.view.origins(m)
        return self.origins[m]


def _party_untyped(view: SentenceView, side: str, p: _Party,
                   ctx: SentenceContext) -> list[str]:
    t = side
    if p.token is None:
        rank = ctx.salient.index(p.actor) if p.actor in ctx.salient else 9
        return [f"{t}_ctx={p.origin}", f"{t}_ctxrank={min(rank, 3)}"]
    dep, prep, gov = _role(list_head(p.token, view.actor_at))
    m = p.mention
    form = m.form if m else "?"
    feats = [f"{t}_dep={dep}", f"{t}_dp={dep}:{prep}", f"{t}_gov={gov}",
             f"{t}_form={form}", f"{t}_dpg={dep}:{prep}:{gov}"]
    if p.actor in view.lexicon.organizations:
        feats.append(f"{t}_org")
    if p.token.head.i in view.item_at:
        feats.append(f"{t}_modifies_item")
    rank = ctx.salient.index(p.actor) if p.actor in ctx.salient else 9
    feats.append(f"{t}_sal={min(rank, 3)}")
    if p.token.dep_ == "conj" or any(c.dep_ == "conj" for c in p.token.children):
        feats.append(f"{t}_listed")
    return feats


def _pair_untyped(tree: Tree, a: _Party, b: _Party,
                  head_of: Callable[[Token], Token]) -> list[str]:
    if a.token is None or b.token is None:
        return ["context_pair"]
    order = "st" if a.token.i < b.token.i else "ts"
    i, j = head_of(a.token).i, head_of(b.token).i
    if i == j:  # members of one list
        return [f"order={order}", "path=samelist"]
    deps, lca = _path(tree, i, j)
    gap = abs(a.token.i - b.token.i)
    return [f"order={order}", f"path={deps}", f"lca={lca}",
            f"pathlca={deps}:{lca}", f"gap={min(gap // 4, 6)}",
            *(f"{order}:{w}" for w in tree.between(i, j)),
            *tree.on_path(i, j)]


def _pair_groups(cache: _FeatureCache, etype: str, a: _Party,
                 b: _Party | None) -> tuple[tuple[str, ...], ...]:
    if b is None:
        return (cache.party(etype, "src", a),)
    return cache.party(etype, "src", a), cache.party(etype, "tgt", b), cache.pair(etype, a, b)


def _item_features(cache: _FeatureCache, etype: str, cat: str, mentions: list[Mention],
                   source: _Party) -> list[str]:
    view = cache.view
    t = f"{etype}|{cat}"
    feats = [t]
    if not mentions:
        return [*feats, f"{t}|rule_item"]
    for m in mentions[:3]:
        root = view.mention_root.get(m)
        words = m.text.lower().split()
        feats.append(f"{t}|iw={words[-1]}")
        if root is not None:
            feats.append(f"{t}|idep={root.dep_}:{root.head.lemma_.lower()}")
            if any(o.ref == source.actor for o in cache.origin(m)):
                feats.append(f"{t}|src_is_origin")
    return feats


def _origin_features(cache: _FeatureCache, etype: str, mentions: list[Mention],
                     source: _Party, target: _Party | None) -> list[str]:
    """Whether the item's stated origin ("Iranian-made drones") is the proposed
    source, the target or another state: across categories, since a maker is
    rarely the one who fires what it made, and never its own recipient."""
    feats: set[str] = set()
    for m in mentions[:3]:
        refs = {o.ref for o in cache.origin(m)}
        if not refs:
            continue
        if source.actor in refs:
            feats.add(f"{etype}|origin=src")
        elif target is not None and target.actor in refs:
            feats.add(f"{etype}|origin=tgt")
        else:
            feats.add(f"{etype}|origin=other")
    return sorted(feats)
