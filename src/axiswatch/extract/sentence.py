"""Events stated by one parsed sentence, as drafts.

A draft may still lack a party that only the rest of the article can
supply (the recipient of "In return, North Korea is seeking technology");
:mod:`axiswatch.extract.document` fills those in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Token

from axiswatch.extract.attributes import event_figures, event_time, transfer_status
from axiswatch.extract.certainty import certainty_at
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.fighters import allies
from axiswatch.extract.frames import Roles, resolve, theatre
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import ITEM_TYPES, Mention, Quantity

WEAPON_CATEGORIES = frozenset({"ammunition", "missile", "drone", "weapon"})
ALLOWED_CATEGORIES = {"use": WEAPON_CATEGORIES, "production": WEAPON_CATEGORIES}


@dataclass
class Draft:
    type: str
    sources: list[str]
    targets: list[str]
    item: Mention | None
    quantity: Quantity | None
    when: str | None
    status: str | None
    attribution: str | None
    certainty: str
    sentence_index: int
    token_index: int
    pos: str
    explicit: int
    trigger: str
    nearby: list[str] = field(default_factory=list)
    between: list[str] = field(default_factory=list)
    figures: list[Quantity] = field(default_factory=list)
    barred: list[str] = field(default_factory=list)  # never guessed as the missing party
    allies: list[str] = field(default_factory=list)  # whom a use's fighters fight for
    guess: bool = True  # whether a missing party may be guessed from the sentence or article
    inherit: bool = False  # its parties are those of the article's latest transfer before it
    # a denunciation of "the move" / "the strikes": its target is who did the article's
    # latest event of this type before it ("" for any type)
    denounces_latest: str | None = None


def _ids(mentions: list[Mention]) -> list[str]:
    out: list[str] = []
    for m in mentions:
        if m.ref not in out:
            out.append(m.ref)
    return out


def _is_trigger_position(view: SentenceView, tok: Token) -> str | None:
    if tok.i in view.actor_at:
        return None
    if tok.i in view.item_at and not (tok.pos_ == "VERB" and tok.lemma_.lower() in (
            view.lexicon.cues.get("implied_items") or {})):
        return None  # an item, unless a verb that names its goods ("training" troops)
    if tok.pos_ in ("VERB", "AUX"):
        if tok.dep_ == "amod":
            return None
        return "verb"
    if tok.pos_ in ("NOUN", "PROPN"):
        return "noun"
    if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
        return "verb"  # "Moscow is concerned about ...": read as the verb it names
    return None


def extract_sentence(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    drafts: list[Draft] = []
    for tok in view.tokens:
        pos = _is_trigger_position(view, tok)
        if pos is None:
            continue
        # "Moscow is concerned about / by": a participle the lexicon lists as an
        # adjective ("concerned") is read as one, whatever tag the parser gives it
        lemma = tok.lower_ if (tok.dep_ == "acomp" or tok.tag_ == "VBN") and \
            tok.lower_ in view.lexicon.triggers else tok.lemma_.lower()
        for sense in view.lexicon.senses(lemma, pos):
            roles = resolve(view, tok, sense.frame, pos)
            drafts.extend(_drafts_for(view, tok, sense.type, pos, roles, index, times))
    return drafts


def _fired_by_its_state(view: SentenceView, tok: Token, items: list[Mention]) -> list[str]:
    """"Israeli warplanes struck Lebanon", "Russian drones attacked Kyiv": weapons that
    act themselves are their state's; never a maker's ("Iranian-made drones")."""
    found: list[str] = []
    making = view.lexicon.cues.get("making_words") or ()
    for item in items:
        root = view.mention_root.get(item)
        while root is not None and root.dep_ == "conj" and root.head.i in view.item_at:
            root = root.head  # "Russian drones and missiles hit"
        if root is None or root.dep_ != "nsubj" or root.head.i != tok.i:
            continue
        for m in view.origins(view.item_at[root.i]):
            at = view.mention_root.get(m)
            if m.form != "adjective" or at is None or at.dep_ == "poss":
                continue
            after = view.doc[at.i + 1: at.i + 3]
            if any(t.lower_ in making for t in after) or m.ref in found:
                continue
            found.append(m.ref)
    return found


def _np_of(view: SentenceView, prep: Token) -> list[Mention]:
    return [m for c in prep.children if c.dep_ == "pobj" for m in view.np_actors(c, "any")]


def _purpose_of_a_transfer(view: SentenceView, tok: Token) -> bool:
    """Whether a word stands in the "for" purpose of a transfer ("transfers to
    Russia for its use in attacking Ukraine"), which :func:`_purposed_uses` reads."""
    def transfer(t: Token) -> bool:
        return view.lexicon.means(t.lemma_.lower(), "transfer")
    for above in tok.ancestors:
        if above.lower_ == "for" and above.dep_ == "prep" and (transfer(above.head) or any(
                transfer(c) and c.right_edge.i + 1 == above.i for c in above.head.children)):
            return True  # the parser may hang the purpose on the verb after the noun
    return False


def _halting(view: SentenceView, tok: Token) -> Token | None:
    """The word that halts the flow a noun names: "halt all arms sales to Saudi
    Arabia" (its object), "the suspension of arms exports to Turkey" (its "of"),
    "an export ban" (its head)."""
    halting = set(view.lexicon.cues.get("halting_words") or ())
    head = tok.head
    if tok.dep_ == "dobj" and head.pos_ == "VERB" and head.lemma_.lower() in halting:
        return head
    if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in halting:
        return head.head
    if tok.dep_ == "compound" and head.lemma_.lower() in halting:
        return head
    return None


def _halted_flow(view: SentenceView, halter: Token, roles: Roles, index: int,
                 times: list[TimeMention]) -> list[Draft] | None:
    """A flow its supplier halts is no transfer but a sanction of its receiver;
    None when another halts it ("Russia wants to stop Western supplies to Ukraine")."""
    frame, certainty = certainty_at(view, halter)
    if halter.pos_ == "VERB":
        doers = _ids(view.subject(halter) or view.inherited_subject(halter))
    else:
        doers = _ids(view.noun_agent(halter))
    suppliers = set(_ids(roles.sources)) or {o.ref for m in roles.items for o in view.origins(m)}
    if suppliers and doers and not set(doers) & suppliers:
        return None
    sources = _ids(roles.sources) or doers
    targets = _ids(roles.targets) or [m.ref for p in view.prep_objects(halter, ("to", "for"))
                                      if (m := view.actor(p)) is not None]
    if not sources or not targets:
        return []
    return [Draft("sanction", sources, targets, None, None, event_time(view, halter, times),
                  None, frame.attribution, certainty, index, halter.i, "noun", explicit=2,
                  trigger=halter.text)]


def _halted_deal(view: SentenceView, halter: Token, roles: Roles, index: int,
                 times: list[TimeMention]) -> list[Draft]:
    """"The UK, France and Germany cancelled their air services arrangements with
    Iran": a deal its party cancels or suspends is no agreement but a sanction of
    the other party."""
    frame, certainty = certainty_at(view, halter)
    doers = _ids(view.subject(halter) or view.inherited_subject(halter))
    # "cancelled the arrangements with Iran": the parser may hang "with" on the verb
    named = roles.sources + roles.targets + roles.between + [
        m for p in view.prep_objects(halter, ("with",)) for m in view.np_actors(p, "any")]
    others = [a for a in _ids(named) if a not in doers]
    if not doers or not others:
        return []
    return [Draft("sanction", doers, others, None, None, event_time(view, halter, times), None,
                  frame.attribution, certainty, index, halter.i, "noun", explicit=2,
                  trigger=halter.text)]


def _receiver_of_listed_transfer(view: SentenceView, tok: Token) -> list[str]:
    """"condemned Belarus's export of shells to Russia and the use of the shells
    against Ukraine": a use listed with a transfer is the receiver's."""
    if tok.pos_ != "NOUN":
        return []
    listed = [*view.children(tok, ("conj",)), *([tok.head] if tok.dep_ == "conj" else [])]
    found: list[str] = []
    for noun in listed:
        if noun.pos_ == "NOUN" and view.lexicon.means(noun.lemma_.lower(), "transfer", "noun"):
            found += [m.ref for p in view.prep_objects(noun, ("to",))
                      if (m := view.actor(p)) is not None and m.ref not in found]
    return found


def _drafts_for(view: SentenceView, tok: Token, etype: str, pos: str, roles: Roles,
                index: int, times: list[TimeMention]) -> list[Draft]:
    if _advice(view, tok):
        return []  # "the United States should send more air defence systems to Kyiv"
    if etype == "denounce" and (pos == "verb" and _reports_a_clause(tok) or
                                _foretells(view, tok)):
        return []  # "warned that South Korea could send arms": a statement, no denunciation
    halter = _halting(view, tok) if etype in ("transfer", "agreement") and pos == "noun" \
        else None
    if halter is not None and etype == "agreement":
        return _halted_deal(view, halter, roles, index, times)
    halted = _halted_flow(view, halter, roles, index, times) if halter is not None else None
    if halted is not None:
        return halted
    evading = view.lexicon.cues.get("evading_verbs") or ()
    if etype == "sanction" and pos == "noun" and (
            tok.dep_ == "dobj" and tok.head.lemma_.lower() in evading or
            any(c.dep_ == "amod" and c.lemma_.lower() in evading for c in tok.children)):
        return []  # "helping Moscow circumvent sanctions": who evades imposes none
    if etype == "sanction" and pos == "noun" and tok.dep_ == "pobj" and tok.head.lower_ == "of" \
            and tok.head.head.lemma_.lower() in view.lexicon.words("wrongdoing_nouns"):
        return []  # "in breach of U.N. sanctions": who breaks them is not their target's
    if etype in ("transfer", "use") and _kept_from(view, tok):
        return []  # "preventing North Korea from procuring oil": what is kept from happening
    if etype == "use" and _purpose_of_a_transfer(view, tok):
        return []  # "arms transfers to Russia for its use in attacking ...": read there
    if etype == "use" and tok.dep_ == "acl" and any(
            s.type in ("sanction", "denounce") for s in view.lexicon.senses(
                tok.head.lemma_.lower(), "noun")):
        return []  # "sanctions targeting Iranian drone makers": aimed, not fired
    frame, certainty = certainty_at(view, tok)
    speakers = frame.speaker_tokens

    def keep(mentions: list[Mention]) -> list[Mention]:
        return [m for m in mentions if view.mention_root.get(m) is None
                or view.mention_root[m].i not in speakers]

    # "Iran and Russia said they would sign": the speakers are the doers
    verb = tok.head if tok.dep_ == "dobj" else tok  # "they imposed sanctions"
    by_pronoun = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("it", "they")
                     for c in verb.children)
    sources = roles.sources if by_pronoun else keep(roles.sources)
    targets = roles.targets if by_pronoun else keep(roles.targets)
    allowed = _allowed_categories(view, tok, etype)
    items = [m for m in roles.items if allowed is None or m.ref in allowed]
    if etype in ITEM_TYPES and not items:
        items = _fallback_items(view, tok, etype, speakers)
    sides = _ids(allies(view, tok)) if etype == "use" else []
    if sides:  # "fought alongside Russian forces": Russia is neither user nor struck
        sources = [m for m in sources if m.ref not in sides]
        targets = [m for m in targets if m.ref not in sides]
        items = [m for m in items if not {o.ref for o in view.origins(m)} & set(sides)]
    if etype in ITEM_TYPES and not items:
        return []
    subject_tokens = {t.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
                      for t in c.subtree}
    all_nearby = _nearby(view, tok, speakers | subject_tokens)
    struck = view.struck_actors()
    if etype == "transfer":  # "from Iran, through Syria to Hezbollah": a way, no party
        transit = {m.ref for p in view.tokens if p.lower_ in ("through", "via")
                   for m in _np_of(view, p)}
        all_nearby = [a for a in all_nearby if a not in transit]
    if etype == "use":
        nearby = [a for a in _nearby(view, tok, speakers | subject_tokens, True) if a in struck]
    else:
        nearby = [a for a in all_nearby if a not in struck]
    sympathised = _sympathised(view)
    if etype == "denounce":
        nearby = [a for a in nearby if a not in sympathised]
    when = event_time(view, tok, times)
    common: dict[str, Any] = dict(when=when, attribution=frame.attribution, certainty=certainty,
                  sentence_index=index, token_index=tok.i, pos=pos, trigger=tok.text)
    drafts: list[Draft] = []
    if etype not in ITEM_TYPES:
        drafts.append(Draft(etype, _ids(sources), _ids(targets), None, None, status=None,
                            explicit=roles.explicit, nearby=nearby,
                            between=_ids(roles.between), guess=not _unknown_object(view, tok),
                            barred=sorted(sympathised | struck) if etype == "denounce" else [],
                            **common))
        return drafts
    skip = {t.i for m in sources for t in _tokens_of(view, m)}
    by_category: dict[str, list[Mention]] = {}
    for m in items:
        by_category.setdefault(m.ref, []).append(m)
    for category_items in by_category.values():
        item = category_items[0]
        origins = _ids([o for m in category_items for o in view.origins(m)])
        figures = event_figures(view, tok, category_items, skip) if etype == "transfer" \
            else []
        quantity = figures[0] if figures else None
        src = _ids(sources)
        explicit = roles.explicit
        fighters = etype == "use" and item.ref == "personnel" and _is_combat_word(view, tok)
        if (etype == "transfer" or fighters) and not src and origins:
            # "North Korean troops began engaging in combat": soldiers fight for the
            # state they come from (a weapon's maker is not who fires it)
            src = [o for o in origins if o not in _ids(targets) and o not in sides]
            explicit += bool(src)
        if etype == "use" and not src:
            src = _fired_by_its_state(view, tok, category_items) or \
                _receiver_of_listed_transfer(view, tok)
            explicit += bool(src)
        status = transfer_status(view, tok) if etype == "transfer" else None
        drafts.append(Draft(etype, src, _ids(targets) if etype != "production" else [], item,
                            quantity, status=status, explicit=explicit,
                            nearby=[a for a in nearby if a not in origins or etype != "transfer"
                                    or src],
                            between=_ids(roles.between), figures=figures,
                            barred=sides, allies=sides if fighters else [], **common))
        if fighters and sides and src:  # who fights for another was sent to it
            drafts.append(Draft("transfer", src, sides, item, None, status="delivered",
                                explicit=2, **common))
        if etype == "use":
            others = [a for a in all_nearby if a not in struck]
            drafts.extend(_implied_transfers(view, drafts[-1], origins, others))
    if etype == "transfer" and drafts:
        drafts.extend(_counter_transfers(view, tok, drafts[0]))
        drafts.extend(_purposed_uses(view, tok, drafts))
    return drafts


def _unknown_object(view: SentenceView, tok: Token) -> bool:
    """"condemned the North for sending troops to Russia", "accused the regime of
    arming ...": the one blamed is named, just not as a known actor, so no other
    (the recipient, a bystander) is guessed in its place."""
    if tok.pos_ != "VERB" or not any(s.type == "denounce" for s in
                                     view.lexicon.senses(tok.lemma_.lower(), "verb")):
        return False
    blamed_for = any(c.dep_ == "prep" and any(
        g.dep_ == "pcomp" or g.dep_ == "pobj" and c.lower_ == "for" for g in c.children)
        and c.lower_ in ("for", "of") for c in tok.children)
    return blamed_for and any(
        c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") and not view.is_event_noun(c)
        and c.i not in view.item_at and not view.np_actors(c, "any") for c in tok.children)


def _advice(view: SentenceView, tok: Token) -> bool:
    modals = set(view.lexicon.cues.get("advice_modals") or ())
    verb = tok
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        verb = verb.head  # "should send ... and sanction ..."
    return any(c.dep_ == "aux" and c.lower_ in modals for c in verb.children)


def _reports_a_clause(tok: Token) -> bool:
    children = {c.dep_ for c in tok.children}
    return "ccomp" in children and not children & {"dobj", "dative", "prep"}


def _kept_from(view: SentenceView, tok: Token) -> bool:
    """"was prohibited from transferring missiles", "preventing North Korea from
    procuring oil": an act a verb of barring or preventing keeps from happening."""
    if tok.dep_ != "pcomp" or tok.head.lower_ != "from":
        return False
    verb = tok.head.head.lemma_.lower()
    return verb in view.lexicon.words("barring_verbs") or \
        verb in view.lexicon.words("preventing_verbs")


def _foretells(view: SentenceView, tok: Token) -> bool:
    """"warned India that its deal could trigger sanctions", "repeated warnings that
    it would lead to sanctions", "warning of new attacks", "urging them not to
    fight": a word of warning or urging that tells what may come or what to do, no
    denunciation (unlike "warned Pyongyang against sending troops", or urging a
    state to stop: "urges North Korea to cease the negotiations")."""
    if tok.lemma_.lower() not in view.lexicon.words("forewarning_words"):
        return False
    ceasing = view.lexicon.words("ceasing_verbs")
    if any(c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in ceasing for c in tok.children):
        return False  # "urges North Korea to cease these negotiations": a denunciation
    return any(c.dep_ in ("ccomp", "xcomp") or c.dep_ == "acl" and any(
        g.dep_ == "mark" and g.lower_ == "that" for g in c.children) or
        c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def _tokens_of(view: SentenceView, m: Mention) -> list[Token]:
    root = view.mention_root.get(m)
    return [root] if root is not None else []


def _allowed_categories(view: SentenceView, tok: Token, etype: str) -> frozenset[str] | None:
    """What a type's event may be of (None: anything): weapons for uses and
    production, and soldiers too where they fight ("troops engaging in combat")."""
    allowed = ALLOWED_CATEGORIES.get(etype)
    if allowed is not None and etype == "use" and _is_combat_word(view, tok):
        return allowed | {"personnel"}
    return allowed


def _is_combat_word(view: SentenceView, tok: Token) -> bool:
    return tok.lemma_.lower() in (view.lexicon.cues.get("combat_words") or ())


def _fallback_items(view: SentenceView, tok: Token, etype: str,
                    speakers: frozenset[int]) -> list[Mention]:
    allowed = _allowed_categories(view, tok, etype)
    objects = [c for c in tok.children if c.dep_ == "dobj" and c.pos_ != "PRON"]
    if etype == "use" and tok.pos_ == "VERB" and objects and \
            tok.lemma_.lower() in view.lexicon.object_required:
        # "used its contacts in Syria to smuggle missiles", "used the distraction":
        # what is used is its object, and that is no weapon
        return [m for o in objects for m in view.items_below(o)
                if allowed is None or m.ref in allowed]
    below = [m for m in view.items_below(tok) if allowed is None or m.ref in allowed]
    head_item = view.item_at.get(tok.head.i)
    if not below and head_item is not None and tok.dep_ in ("compound", "amod", "acl"):
        below = [head_item]  # "denied shipping drones" parsed as a compound
    if etype == "transfer" and tok.lemma_.lower() in view.lexicon.object_required:
        return []
    implied = (view.lexicon.cues.get("implied_items") or {}).get(tok.lemma_.lower())
    if not below and implied and etype == "transfer":
        start = view.sentence.start + tok.idx
        return [Mention(start, start + len(tok.text), tok.text, "item", implied, "implied")]
    if below or etype == "transfer":
        return below
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return []  # "use of Iran's technology": the complement says what, and it is no weapon
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in view.lexicon.object_required:
        return []
    ranked = sorted((abs(i - tok.i), i, m) for i, m in view.item_at.items()
                    if i not in speakers and (allowed is None or m.ref in allowed))
    if ranked:
        return [ranked[0][2]]
    implied = (view.lexicon.cues.get("use_implied_items") or {}).get(tok.lemma_.lower())
    if implied and etype == "use":  # "Israel bombed Lebanese territory": weapons
        start = view.sentence.start + tok.idx
        return [Mention(start, start + len(tok.text), tok.text, "item", implied, "implied")]
    return []


def _nearby(view: SentenceView, tok: Token, excluded: set[int] | frozenset[int],
            modifiers: bool = False) -> list[str]:
    """Actors of the sentence, nearest to the event word first (groups like
    "the West" are never guessed as a party)."""
    ranked: list[tuple[int, int, str]] = []
    for m, root in view.mention_root.items():
        if m.kind != "actor" or root.i in excluded or m.ref in view.lexicon.groups or \
                (view.is_modifier(m) and not modifiers) or _is_location(root) or \
                _according_to(root):
            continue
        ranked.append((abs(root.i - tok.i), 0 if m.form != "adjective" else 1, m.ref))
    out: list[str] = []
    for _, _, ref in sorted(ranked):
        if ref not in out:
            out.append(ref)
    return out


def _according_to(tok: Token) -> bool:
    """"according to Washington": who says so, never a party guessed."""
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def _sympathised(view: SentenceView) -> set[str]:
    """States offered sympathy: "denounced the attack, expressing solidarity with Qatar"."""
    nouns = view.lexicon.cues.get("sympathy_nouns") or ()

    def offered(head: Token) -> bool:  # "solidarity with X", "expressed solidarity with X"
        return head.lemma_.lower() in nouns or any(
            c.dep_ == "dobj" and c.lemma_.lower() in nouns for c in head.children)
    return {m.ref for m, root in view.mention_root.items()
            if m.kind == "actor" and root.dep_ == "pobj"
            and root.head.lower_ in ("with", "for", "to") and offered(root.head.head)}


def _is_location(tok: Token) -> bool:
    """"the war in Ukraine": a place where things happen, not a party."""
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "inside", "within", "across")


def _counter_transfers(view: SentenceView, tok: Token, given: Draft) -> list[Draft]:
    """"Russia supplies oil in exchange for / in return for shells": the shells go the
    other way. Only when both parties of the stated transfer are known."""
    if len(given.sources) != 1 or len(given.targets) != 1:
        return []
    found: list[Mention] = []
    # on the event word or a verb it depends on ("In return for its shells, Pyongyang
    # is believed to be receiving ...")
    for word in [tok, *list(tok.ancestors)[:3]]:
        for noun in view.prep_objects(word, ("in",)):
            if noun.lower_ not in ("exchange", "return"):
                continue
            for obj in view.prep_objects(noun, ("for",)):
                found += [m for m in view.np_items(obj) if m not in found]
    by_category: dict[str, Mention] = {}
    for m in found:
        if m.ref != (given.item.ref if given.item else None):
            by_category.setdefault(m.ref, m)
    return [Draft("transfer", given.targets[:1], given.sources[:1], m, None, given.when,
                  given.status, given.attribution, given.certainty, given.sentence_index,
                  given.token_index, given.pos, explicit=2, trigger=given.trigger)
            for m in by_category.values()]


def _purposed_uses(view: SentenceView, tok: Token, given: list[Draft]) -> list[Draft]:
    """"Iran sent drones to Russia for use in Ukraine", "troops to Russia for combat
    against Ukraine": goods are used by who receives them, troops by who sends them,
    against the state named as the purpose's theatre; only possible."""
    purposes = set(view.lexicon.cues.get("purpose_nouns") or ())
    wars = set(view.lexicon.cues.get("war_nouns") or ())
    preps = [p for p in tok.subtree if not _clause_between(p, tok)]
    if tok.pos_ == "NOUN" and tok.head.i != tok.i:  # "condemned the transfers to Russia
        # for their use in ...": the parser hangs the purpose on the verb
        preps += [p for p in tok.head.children if p.i == tok.right_edge.i + 1]
    struck: list[str] = []
    for prep in preps:
        if prep.lower_ != "for" or prep.dep_ != "prep":
            continue
        for noun in (c for c in prep.children if c.dep_ == "pobj"):
            if noun.lemma_.lower() in purposes:
                around = ("in", "on", "against", "with") if noun.lemma_.lower() in wars else \
                    ("in", "on", "against")  # "its conflict with the RSF"
                struck += [m.ref for m in theatre(view, noun, around)]
                struck += [m.ref for m in _struck_by_act(view, noun)]
    out: list[Draft] = []
    for d in given:
        if d.type != "transfer" or d.item is None or not struck or d.certainty == "denied":
            continue  # "denied sending drones for use in Ukraine" states no use
        d.barred = list(dict.fromkeys(d.barred + struck))  # not the supplier either
        users = d.sources if d.item.ref == "personnel" else d.targets
        targets = [a for a in dict.fromkeys(struck) if a not in users]
        if users and targets:
            out.append(Draft("use", users, targets, d.item, None, d.when, None, d.attribution,
                             "possible", d.sentence_index, d.token_index, d.pos, explicit=2,
                             trigger=d.trigger))
    return out


def _struck_by_act(view: SentenceView, noun: Token) -> list[Mention]:
    """"for its use in attacking Ukraine", "for use in strikes on Kyiv": who the
    act a purpose names ("in" a verb or noun of attack) is aimed at."""
    found: list[Mention] = []
    for prep in view.children(noun, ("prep",)):
        for act in view.children(prep, ("pcomp", "pobj")):
            pos = "verb" if act.pos_ == "VERB" else "noun"
            if not view.lexicon.means(act.lemma_.lower(), "use", pos):
                continue
            for obj in view.children(act, ("dobj",)):
                found += view.np_actors(obj, "any")
            found += [m for p in view.prep_objects(act, ("on", "against"))
                      if (m := view.actor(p)) is not None]
    return found


def _clause_between(tok: Token, top: Token) -> bool:
    """Whether a verb other than ``top`` stands between ``tok`` and ``top``."""
    for above in tok.ancestors:
        if above.i == top.i:
            return False
        if above.pos_ in ("VERB", "AUX"):
            return True
    return False


def _partner_only(view: SentenceView, actor: str) -> bool:
    """Named only as a partner ("with Iran") or as the maker of a weapon
    ("Iranian-made drones"), never as a clause's own subject or object."""
    roots = [root for m, root in view.mention_root.items()
             if m.kind == "actor" and m.ref == actor]
    return bool(roots) and all(
        (r.dep_ == "pobj" and r.head.lower_ in _PARTNER_PREPS) or _modifies_item(view, r)
        for r in roots)


def _modifies_item(view: SentenceView, tok: Token) -> bool:
    for _ in range(3):
        if tok.dep_ not in ("amod", "npadvmod", "compound", "nmod", "poss"):
            return False
        tok = tok.head
        if tok.i in view.item_at:
            return True
    return False


_PARTNER_PREPS = frozenset({"with", "from", "alongside"})


def _implied_transfers(view: SentenceView, use: Draft, origins: list[str],
                       others: list[str]) -> list[Draft]:
    """"Russia used North Korean missiles" also says North Korea supplied them."""
    users = use.sources
    if not users or use.item is not None and use.item.ref == "personnel":
        return []  # soldiers fight for where they come from, or are the enemy
    givers = [o for o in origins if o not in users]
    if not givers:
        # one other party named only as a partner ("Collaborating with Iran, Russia has
        # been deploying drones"), never one that acts itself ("Ukraine shot down drones")
        others = [a for a in others if a not in users and a not in use.targets
                  and a not in view.lexicon.organizations and _partner_only(view, a)]
        givers = others[:1] if len(others) == 1 else []
    return [
        Draft("transfer", [g], users[:1], use.item, None, use.when, "delivered",
              use.attribution, use.certainty, use.sentence_index, use.token_index, use.pos,
              explicit=1, trigger=use.trigger)
        for g in givers
    ]
