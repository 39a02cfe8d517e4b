"""Map the arguments of an event word to roles, by the word's frame.

The frames are named in ``data/triggers.yaml``: ``give`` (the subject gives
to the object), ``receive`` (the subject gets from someone), ``turn``
(the subject turns to someone for something), ``act`` (the subject acts on
the object), ``together`` (the parties meet or sign) and ``produce``.
Voice is handled here: in the passive the by-phrase is the subject.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention

_TO = ("to", "for", "into")
_FROM = ("from", "by")
_AGAINST = ("against", "on", "upon", "over", "regarding", "about", "for", "toward", "towards")
_STRIKE_TARGET = ("against", "on", "upon", "at", "in", "toward", "towards", "across")
_TOGETHER = ("with", "between", "to", "in", "and", "among")


@dataclass
class Roles:
    sources: list[Mention] = field(default_factory=list)
    targets: list[Mention] = field(default_factory=list)
    items: list[Mention] = field(default_factory=list)
    explicit: int = 0
    between: list[Mention] = field(default_factory=list)  # direction not stated


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN") or (
        # "drones have been weaponised and supplied to Russia"
        tok.dep_ == "conj" and tok.tag_ == "VBN" and tok.head.i != tok.i and
        any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.head.children))


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in mentions:
        if m.ref not in seen:
            seen.add(m.ref)
            out.append(m)
    return out


def _np_list(view: SentenceView, toks: list[Token], adjectives: str = "agent") -> list[Mention]:
    out: list[Mention] = []
    for t in toks:
        # "fighting on the side of Russia": for it, not against it (cues.yaml: ally_nouns)
        if t.lemma_.lower() not in view.lexicon.words("ally_nouns"):
            out.extend(view.np_actors(t, adjectives))
    return _unique(out)


def act_modifiers(view: SentenceView, tok: Token) -> list[Mention]:
    """Actors modifying an event noun: "North Korea's exports", "Russian use"."""
    found: list[Mention] = []
    for child in tok.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod"):
            m = view.actor(child)
            if m is not None:
                found.extend(view.coordinated_before(child))
                found.append(m)
                found.extend(view.np_actors(child))
    # "North Korean arms shipments": the adjective sits on the compound item.
    for child in tok.children:
        if child.dep_ == "compound" and child.i in view.item_at:
            for grand in child.children:
                m = view.actor(grand)
                if m is not None and grand.dep_ in ("amod", "compound", "poss"):
                    found.append(m)
    return _unique(found)


def resolve(view: SentenceView, tok: Token, frame: str, pos: str) -> Roles:
    if pos == "verb":
        return _VERB_FRAMES[frame](view, tok)
    return _NOUN_FRAMES[frame](view, tok)


# ------------------------------------------------------------------- verbs
def _give_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    objs = view.children(tok, ("dobj", "dative", "iobj"))
    if any(o.lemma_.lower() in view.lexicon.words("unshipped_nouns") and o.i not in view.item_at
           for o in objs):
        return r  # "did not provide any details on the drones", "shared images of"
    if _passive(tok):
        r.sources = view.agent(tok)
        subj = view.children(tok, ("nsubjpass",))
        if not subj and tok.dep_ == "conj":  # "drones have been weaponised and supplied to"
            subj = view.children(tok.head, ("nsubjpass",))
        subject_actors = _np_list(view, subj)
        if subject_actors and not any(s.i in view.item_at for s in subj):
            r.targets = subject_actors
        for s in subj:
            r.items += view.np_items(s)
        if tok.dep_ == "acl":
            r.items += view.np_items(tok.head)
    else:
        r.sources = view.subject(tok) or view.inherited_subject(tok) or \
            view.preceding_actors(tok)
    for obj in objs:
        if obj.i in view.item_at:
            r.items += view.np_items(obj)
        else:
            actors = _np_list(view, [obj])
            if actors:
                r.targets += actors
            r.items += view.np_items(obj)
    r.targets += _np_list(view, view.prep_objects(tok, _TO))
    for obj in objs:
        r.targets += _np_list(view, view.prep_objects(obj, ("to",)))
    for p in view.prep_objects(tok, ("with",)):
        r.items += view.np_items(p)
        r.items += view.items_below(p)
        m = view.actor(p)
        if m is not None and objs and m.form != "adjective":
            r.targets.append(m)  # "Moscow is sharing technology with Tehran"
    for p in view.prep_objects(tok, ("in",)):  # "paid Pyongyang in hard currency"
        r.items += [m for m in view.np_items(p) if m.ref == "money"]
    if not r.sources:
        r.sources = _np_list(view, view.prep_objects(tok, _FROM))
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _receive_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if _passive(tok):
        r.targets = view.agent(tok)
        for s in view.children(tok, ("nsubjpass",)):
            r.items += view.np_items(s)
        if tok.dep_ == "acl":
            r.items += view.np_items(tok.head)
    else:
        r.targets = view.subject(tok) or view.inherited_subject(tok)
    for obj in view.children(tok, ("dobj",)):
        r.items += view.np_items(obj)
        r.sources += _np_list(view, view.prep_objects(obj, ("from",)))
    r.sources += _np_list(view, view.prep_objects(tok, ("from",)))
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _turn_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    r.targets = view.subject(tok) or view.inherited_subject(tok)
    for p in view.prep_objects(tok, ("to", "on", "upon")):
        r.sources += view.np_actors(p)
        r.items += view.np_items(p)
    for p in view.prep_objects(tok, ("for",)):
        r.items += view.np_items(p)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _act_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if _passive(tok) and tok.lower_ != tok.lemma_.lower() and \
            view.lexicon.means(tok.lower_, "denounce", "verb"):
        # "Japan is concerned by the DPRK-Russia cooperation": a feeling, not a passive;
        # who feels it denounces what "by" (or "about", "over") names
        r.sources = view.subject(tok)
        for p in view.prep_objects(tok, ("by", "about", "over", "at", "with")):
            r.targets += view.np_actors(p, "any") or _doers(view, tok, p)
            r.targets += _np_list(view, view.prep_objects(p, ("between",)), "any")
        r.targets = [m for m in _unique(r.targets) if m.ref not in {s.ref for s in r.sources}]
        r.explicit = bool(r.sources) + bool(r.targets)
        return r
    if _passive(tok):
        r.sources = view.agent(tok)
        for s in view.children(tok, ("nsubjpass",)):
            if s.i in view.item_at:
                r.items += view.np_items(s)
            else:
                r.targets += view.np_actors(s, "any")
        if tok.dep_ == "acl":
            r.items += view.np_items(tok.head)
    else:
        r.sources = view.subject(tok) or view.inherited_subject(tok) or \
            view.preceding_actors(tok)
    for obj in view.children(tok, ("dobj", "dative")):
        if _rebuts_a_claim(view, tok, obj):
            # "dismissed reports about the troops as fake news": the one rebutted is
            # who made the claim ("rejected Beijing's claims"), not whom it is about
            authors = act_modifiers(view, obj)
            return Roles(sources=r.sources, targets=authors,
                         explicit=bool(r.sources) + bool(authors)) if authors else Roles()
        if obj.i in view.item_at:
            r.items += view.np_items(obj)
        else:
            r.targets += view.np_actors(obj, "any")
            r.items += view.np_items(obj)
            # "condemned the cooperation between Russia and North Korea": both
            r.targets += _np_list(view, view.prep_objects(obj, ("between",)), "any")
            r.targets += _doers(view, tok, obj)
            if _denounces(view, tok) and view.lexicon.means(obj.lemma_.lower(), "transfer", "noun"):
                # "condemns arms transfers to Russia from North Korea": the supplier
                r.targets += [m for m in _give_noun(view, obj).sources if m not in r.targets]
    r.targets = _unique(r.targets)
    for p in view.prep_objects(tok, _AGAINST):  # "concerned about activity by the US"
        if p.lemma_.lower() in view.lexicon.words("ally_nouns"):
            # "fighting on the side of Russia against Ukraine"
            r.targets += _np_list(view, view.prep_objects(p, ("against",)), "any")
            continue
        r.targets += view.np_actors(p, "any") or _doers(view, tok, p)
    for p in view.prep_objects(tok, ("with",)):
        r.items += view.np_items(p)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _denounces(view: SentenceView, tok: Token) -> bool:
    return view.lexicon.means(tok.lemma_.lower(), "denounce", "verb")


def _doers(view: SentenceView, verb: Token, obj: Token) -> list[Mention]:
    """Who did what ``verb`` acts against, named with "by": "condemned the airstrikes
    launched by Israel", "the targeting of the base by the Revolutionary Guards",
    "concerned about military activity by the US". For an act of force "by" may
    hang on the verb ("condemned the invasion of Georgia by Russian forces")."""
    if obj.i in view.actor_at or obj.i in view.item_at:
        return []
    lemma = obj.lemma_.lower()
    found = _np_list(view, view.prep_objects(obj, ("by",)), "any")
    hostile = lemma in (view.lexicon.cues.get("hostile_acts") or ()) or any(
        s.type == "use" for s in view.lexicon.senses(lemma, "noun"))
    if hostile and not _passive(verb):
        found += _np_list(view, view.prep_objects(verb, ("by",)), "any")
    return _unique(found + participle_agents(view, obj))


def participle_agents(view: SentenceView, noun: Token) -> list[Mention]:
    """Who a participle on ``noun`` names with "by": "the strikes carried out by X",
    "missiles fired by Houthi rebels", "sanctions imposed on Iran by Britain"."""
    return _unique([m for acl in noun.children if acl.dep_ == "acl" and acl.tag_ == "VBN"
                    for m in _np_list(view, view.prep_objects(acl, ("by",)), "any")])


def _rebuts_a_claim(view: SentenceView, tok: Token, obj: Token) -> bool:
    rebuttal = view.lexicon.cues.get("rebuttal") or {}
    return tok.lemma_.lower() in (rebuttal.get("verbs") or ()) and \
        obj.lemma_.lower() in (rebuttal.get("claims") or ())


def _together_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    parties = view.subject(tok) or view.inherited_subject(tok)
    subject = view.children(tok, ("nsubj",))
    if not parties and subject and subject[0].tag_ == "NNS" and (
            view.is_agent_noun(subject[0]) or
            subject[0].lemma_.lower() in view.lexicon.words("party_nouns")):
        # "the two leaders signed", "the two countries signed": the parties are the
        # sentence's actors
        r.between = _unique([m for _, m in sorted(view.actor_at.items())])
    subjects = len(_unique(parties))
    for obj in view.children(tok, ("dobj",)):
        parties += view.np_actors(obj)
        parties += _np_list(view, view.prep_objects(obj, _TOGETHER))
    parties += _np_list(view, view.prep_objects(tok, _TOGETHER))
    for t in tok.subtree:
        if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lemma_ in (
                "trip", "visit", "journey"):
            parties += view.np_actors(t)
    parties = _unique(parties)
    if len(parties) < 2 and view.lexicon.means(tok.lemma_.lower(), "agreement", "verb"):
        parties = _unique(parties + _traders(view, tok))  # "agreed to buy jets from Saab"
    if subjects >= 3 and len(parties) == subjects:
        # "The Philippines, Japan and the US held talks": each with each, none leads
        r.between, r.explicit = parties, 2
        return r
    return _symmetric_roles(r, parties)


def _symmetric_roles(r: Roles, parties: list[Mention]) -> Roles:
    """Roles of a meeting or agreement: the first party named leads, the rest join."""
    parties = _unique(parties)
    r.sources = parties[:1]
    r.targets = parties[1:]
    r.explicit = min(len(parties), 2)
    return r


def _produce_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if _passive(tok):
        r.sources = view.agent(tok)
        for s in view.children(tok, ("nsubjpass",)):
            r.items += view.np_items(s)
        r.sources += _np_list(view, view.prep_objects(tok, ("in", "by")))
    else:
        r.sources = view.subject(tok) or view.inherited_subject(tok)
        for obj in view.children(tok, ("dobj",)):
            r.items += view.np_items(obj)
            if not r.sources:  # "a joint venture to produce missiles in India"
                r.sources = _state_in(view, obj)
        if not r.sources:
            r.sources = _state_in(view, tok)
    r.explicit = bool(r.sources)
    return r


def _state_in(view: SentenceView, tok: Token) -> list[Mention]:
    """The state named as the place of ``tok`` ("production of K9 howitzers in
    Egypt", "trained in Iran"): the doer when none is named."""
    return [m for m in _np_list(view, view.prep_objects(tok, ("in",)))
            if m.form != "adjective"]


# ------------------------------------------------------------------- nouns
def _give_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if view.lexicon.means(tok.lemma_.lower(), "agreement", "noun") and \
            deal_terms(view, tok) is not None:
        return r  # "a deal to purchase jets from France": the purchase says who gives
    r.sources = act_modifiers(view, tok)
    r.sources += _np_list(view, view.prep_objects(tok, _FROM))
    r.targets = _np_list(view, view.prep_objects(tok, _TO))
    if not r.targets and view.lexicon.means(tok.lemma_.lower(), "agreement", "noun"):
        # "signed export contracts for TB2 with 30 countries including Qatar": a deal's
        # other side buys
        holders = [tok, tok.head] if tok.dep_ == "dobj" else [tok]  # "signed deals with"
        r.targets = _np_list(view, [p for h in holders for p in view.prep_objects(h, ("with",))],
                             "any")
    r.between = _np_list(view, view.prep_objects(tok, ("between",)))
    if not (r.sources or r.targets or r.between) and tok.dep_ == "pobj" and \
            tok.head.lower_ in ("including", "especially", "particularly", "notably"):
        # "the cooperation between North Korea and Russia, including the supply of
        # munitions": between the parties of what it is part of
        whole = tok.head.head
        r.between = _np_list(view, view.prep_objects(whole, ("between",)), "any") or \
            act_modifiers(view, whole)
    r.items = view.np_items(tok)
    for p in view.prep_objects(tok, ("of", "regarding", "on", "over", "about", "for")):
        r.items += view.np_items(p)
        for inner in p.subtree:
            if view.is_event_noun(inner):
                r.targets += _np_list(view, view.prep_objects(inner, _TO))
    holder = _object_verb(view, tok)
    if holder is not None:
        # "condemns arms transfers to Russia from North Korea", "to reduce the transfer
        # of weapons from Iran, through Syria to Hezbollah", "voiced worries about
        # Russian transfers of technology to North Korea": the parser hangs the
        # noun's ends on the verb
        after = [p for p in view.prep_objects(holder, ("to", "from")) if p.i > tok.i]
        r.targets = r.targets or _np_list(view, [p for p in after if p.head.lower_ == "to"],
                                          "any")
        r.sources = r.sources or _np_list(view, [p for p in after if p.head.lower_ == "from"],
                                          "any")
    if not r.sources and tok.dep_ == "attr":
        r.sources = view.subject(tok.head)  # "Iran is the main supplier of drones to Russia"
    release = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "for" else None
    if not r.sources and release is not None and release.pos_ == "VERB" and \
            release.lemma_.lower() in (view.lexicon.cues.get("release_verbs") or ()):
        # "Serbia has authorised rockets and artillery for export to Myanmar"
        r.sources = view.subject(release) or view.agent(release)
        for obj in view.children(release, ("dobj", "nsubjpass")):
            r.items += view.np_items(obj)
    if not r.sources and not r.between:
        getter = _received(view, tok)
        if getter is not None:
            # "Russia has received its first delivery of drones": the one who gets it
            r.targets = r.targets or view.subject(getter) or view.inherited_subject(getter)
        else:
            r.sources = view.noun_agent(tok)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _object_verb(view: SentenceView, tok: Token) -> Token | None:
    """The verb a flow noun is the object of, directly ("condemns arms transfers")
    or through its object's phrase ("voiced worries about transfers"), when that
    verb is itself no word of giving or getting (whose "to" would be its own)."""
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        return tok.head
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep" or tok.head.head.dep_ != "dobj":
        return None
    verb = tok.head.head.head
    if verb.pos_ != "VERB" or view.lexicon.means(verb.lemma_.lower(), "transfer", "verb"):
        return None
    return verb


def _received(view: SentenceView, tok: Token) -> Token | None:
    """The verb of getting whose object an event noun is ("received a shipment",
    "took delivery of"), if any."""
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        tok = tok.head.head
    head = tok.head
    if tok.dep_ != "dobj" or head.pos_ not in ("VERB", "AUX"):
        return None
    lemma = head.lemma_.lower()
    if any(s.frame == "receive" for s in view.lexicon.senses(lemma, "verb")) or \
            lemma == "take" and tok.lemma_.lower() == "delivery":
        return head
    return None


def _receive_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    # "North Korean arms procurement", "Iranian drone purchases": a state on the goods
    # the noun is compounded with made them, it does not buy them
    goods = [c for c in tok.children if c.dep_ == "compound" and c.i in view.item_at]
    makers = [m for c in goods for g in c.children if g.dep_ in ("amod", "compound", "poss")
              and (m := view.actor(g)) is not None]
    # the parser may hang the maker on the noun itself, before the goods' word
    makers += [m for c in tok.children if c.dep_ in ("amod", "compound") and goods and
               c.i < goods[0].i and (m := view.actor(c)) is not None]
    r.sources = _unique(makers)
    r.targets = [m for m in act_modifiers(view, tok) if m not in makers]
    r.targets += _np_list(view, view.prep_objects(tok, ("by",)), "any")  # "purchases by X"
    if not r.targets and tok.dep_ == "attr":
        r.targets = view.subject(tok.head)  # "Pakistan is a major customer of Chinese arms"
    for p in view.prep_objects(tok, ("on", "upon", "from", "of")):
        r.sources += view.np_actors(p)
        r.items += view.np_items(p)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def theatre(view: SentenceView, tok: Token,
            preps: tuple[str, ...] = ("in", "on")) -> list[Mention]:
    """The state a use of force is waged on, named as its theatre: "used missiles in
    the war in Ukraine", "on the Ukrainian battlefield", "used the drones in Ukraine"
    (the place hangs on the weapon)."""
    wars = set(view.lexicon.cues.get("war_nouns") or ())
    found: list[Mention] = []
    # "used by Russian forces in Ukraine": the place may hang on the users too
    holders = [tok, *view.children(tok, ("dobj",)),
               *(p for a in view.children(tok, ("agent",)) for p in view.children(a, ("pobj",)))]
    for place in (p for h in holders for p in view.prep_objects(h, preps)):
        m = view.actor(place)
        if m is not None:
            found.append(m)  # "the drones in Ukraine"
        if place.lemma_.lower() in wars:
            found += [m for c in place.children if c.dep_ in ("amod", "compound")
                      and (m := view.actor(c)) is not None]
            found += _np_list(view, view.prep_objects(place, ("in", "on", "against", "with")),
                              "any")
    return found


def _purpose_targets(view: SentenceView, tok: Token) -> list[Mention]:
    """"used drones to attack Saudi forces": who the act it serves is aimed at."""
    found: list[Mention] = []
    for act in view.children(tok, ("xcomp", "advcl")):
        if not any(s.type == "use" for s in view.lexicon.senses(act.lemma_.lower(), "verb")):
            continue
        for obj in view.children(act, ("dobj",)):
            if obj.i not in view.item_at:
                found += view.np_actors(obj, "any")
        found += _np_list(view, view.prep_objects(act, _STRIKE_TARGET), "any")
    return found


def _intercept_verb(view: SentenceView, tok: Token) -> Roles:
    """Weapons shot down were used by who fired them against who shot them down:
    "Pakistan shot down 25 Indian drones", "intercepted missiles fired by the
    Houthis". The shooter is the target; the weapons' maker or firer the user."""
    r = Roles()
    if _passive(tok):
        r.targets = view.agent(tok)
        objects = view.children(tok, ("nsubjpass",))
    else:
        r.targets = view.subject(tok) or view.inherited_subject(tok) or \
            _np_list(view, view.children(tok, ("nsubj",)), "any")  # "air defences of X"
        # "shoots down missiles" may be read with "down" as a preposition
        objects = view.children(tok, ("dobj",)) + [
            o for c in tok.children if c.lower_ == "down" for o in c.children if o.dep_ == "pobj"]
    # "shot down 20 of the 35 drones launched by Russia": the goods counted
    objects += [o for obj in objects if obj.pos_ == "NUM" for o in view.prep_objects(obj, ("of",))]
    for obj in objects:
        r.items += view.np_items(obj)
        r.sources += participle_agents(view, obj)  # "missiles fired by Houthi rebels"
    if not r.sources:  # "Indian drones" were fired by India; "Bayraktar drones" by
        # whoever bought them, not by their maker
        r.sources = [o for m in r.items for o in view.origins(m) if o.form != "maker"]
    r.sources = [m for m in _unique(r.sources) if m.ref not in {t.ref for t in r.targets}]
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _users_of_described_goods(view: SentenceView, tok: Token) -> tuple[list[Mention],
                                                                        list[Mention]]:
    """Goods a clause describes as used, with no user named: "drones, which are
    delivered to Russia and used in the war" (who received them), "Russia produces
    weapons that are then used", "Russia acquired drones that were used" (who made
    or acquired them). The users, and the goods."""
    verb, users = tok, []
    if tok.dep_ == "conj" and not view.has_subject(tok) and _passive(tok.head):
        verb = tok.head  # "delivered to Russia and used"
        if view.lexicon.means(verb.lemma_.lower(), "transfer", "verb"):
            users = _np_list(view, view.prep_objects(verb, ("to",)), "any")
    elif not _passive(tok):
        return [], []
    if verb.dep_ != "relcl" or any(c.dep_ == "agent" for c in verb.children):
        return [], []
    goods = verb.head
    items = view.np_items(goods)
    holder = goods.head
    if not users and goods.dep_ == "dobj" and any(
            s.frame in ("produce", "receive") for s in view.lexicon.senses(
                holder.lemma_.lower(), "verb")):
        users = view.subject(holder)
    return (users, items) if items else ([], [])


def _strike_verb(view: SentenceView, tok: Token) -> Roles:
    if tok.lemma_.lower() == "shoot" and any(c.dep_ in ("prt", "prep", "advmod") and
                                             c.lower_ == "down" for c in tok.children):
        return _intercept_verb(view, tok)  # "shot down 25 Indian drones"
    r = _act_verb(view, tok)
    if not r.sources:
        users, goods = _users_of_described_goods(view, tok)
        r.sources, r.items = users, r.items or goods
    r.targets += _np_list(view, view.prep_objects(tok, _STRIKE_TARGET), "any")
    if not r.targets:
        r.targets += _purpose_targets(view, tok) or theatre(view, tok)
    r.targets = _unique(r.targets)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _strike_noun(view: SentenceView, tok: Token) -> Roles:
    r = _act_noun(view, tok)
    r.targets = _unique(r.targets + _np_list(view, view.prep_objects(tok, _STRIKE_TARGET), "any"))
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _act_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if tok.lemma_.lower() in (view.lexicon.cues.get("wrongdoing_nouns") or ()):
        # "condemned Russia and North Korea's violations": whose wrong it is, is the
        # one denounced; who denounces it is said elsewhere
        r.targets = act_modifiers(view, tok)
        r.explicit = bool(r.targets)
        return r
    if not _aimed(view, tok):
        return Roles()  # "security measures"
    r.sources = act_modifiers(view, tok) or view.noun_agent(tok)
    programme = _sanctions_programme(view, tok)
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in view.lexicon.support_verbs and \
            view.lexicon.means(tok.lemma_.lower(), "sanction", "noun"):
        # "France, Germany and the UK have reactivated UN sanctions against Iran": who
        # imposes them, whoever's they are
        r.sources = view.subject(tok.head) or r.sources
    if programme:  # "the UK's Iran sanctions regime", "the latest Russia sanctions"
        r.sources = [m for m in r.sources if m not in programme] or view.noun_agent(tok)
    for p in view.prep_objects(tok, ("of",)):
        if p.i in view.actor_at and p.i not in view.item_at:
            return Roles()  # "North Korea's use of Ukraine as a testing ground"
        r.items += view.np_items(p)
    aimed_at = view.prep_objects(tok, _AGAINST)
    r.targets = _np_list(view, aimed_at, "any") or programme
    if not r.targets and any(s.type == "use" for s in view.lexicon.senses(tok.lemma_.lower(),
                                                                          "noun")):
        # "the use of ATACMS missiles on a military target in Russia": where it lies
        r.targets = [m for a in aimed_at if a.i not in view.actor_at
                     for m in _np_list(view, view.prep_objects(a, ("in", "inside")), "any")]
    if not r.targets and r.items:  # "the use of the shells against Ukraine"
        r.targets = _np_list(view, [t for p in view.prep_objects(tok, ("of",))
                                    for t in view.prep_objects(p, ("against", "on"))], "any")
    if not r.targets and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB" and \
            tok.head.lemma_.lower() in view.lexicon.support_verbs:
        # "imposed sanctions on Iran", "sanctions were imposed on Iran by Britain"
        r.targets = _np_list(view, view.prep_objects(tok.head, ("on", "upon", "against")),
                             "any")
    r.items += [m for m in view.np_items(tok) if m not in r.items]
    _measure_roles(view, tok, r)
    if not r.targets and r.sources:
        r.targets = [m for m in _facing(view, tok) if m.ref not in {s.ref for s in r.sources}]
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _sanctions_programme(view: SentenceView, tok: Token) -> list[Mention]:
    """The state a sanctions noun is named after by its full name ("Iran sanctions",
    "the Russia sanctions regime", "North Korea sanctions"): the one sanctioned, where
    an abbreviation ("US sanctions"), an adjective ("Western sanctions") or an
    organisation ("EU sanctions") names who imposes them."""
    if not view.lexicon.means(tok.lemma_.lower(), "sanction", "noun"):
        return []
    found = []
    for child in tok.children:
        m = view.actor(child) if child.dep_ == "compound" else None
        if m is not None and m.form == "name" and any(c.islower() for c in m.text) and \
                m.ref not in view.lexicon.organizations:
            found.append(m)
    return _unique(found)


def _facing(view: SentenceView, tok: Token) -> list[Mention]:
    """Who faces a measure the sentence names only as a circumstance: "Russia and
    Iran signed a pact in the face of Western sanctions", "North Korea has been
    under UN sanctions since 2006", "in response to sanctions from the West": the
    subject of the clause (``cues.yaml: facing_words``)."""
    words = view.lexicon.words("facing_words")
    passed, cur = False, tok
    for _ in range(4):
        if cur.dep_ != "pobj":
            return []
        prep, holder = cur.head, cur.head.head
        passed = passed or prep.lower_ in words
        if holder.pos_ in ("VERB", "AUX"):
            return view.subject(holder) if passed else []
        if holder.pos_ != "NOUN" or holder.lemma_.lower() not in words:
            return []
        passed, cur = True, holder
    return []


def _aimed(view: SentenceView, tok: Token) -> bool:
    """Whether a word that is a sanction only when aimed is: "measures against Iran",
    "restrictive measures", "countermeasures" (never "security measures")."""
    spec = view.lexicon.cues.get("aimed_measures") or {}
    if tok.lemma_.lower() not in (spec.get("nouns") or ()):
        return True
    return bool(view.prep_objects(tok, ("against", "on", "upon", "targeting"))) or any(
        c.dep_ == "amod" and c.lemma_.lower() in (spec.get("modifiers") or ())
        for c in tok.children)


def _measure_roles(view: SentenceView, tok: Token, r: Roles) -> None:
    """Parties of a measure the verb around it names: "sanctions imposed on Myanmar's
    military by the West", "Russia was hit with sanctions by the West", "the EU
    slapped Iran with sanctions", "Iran faces sanctions from the West"."""
    if not r.sources:
        r.sources = _np_list(view, view.prep_objects(tok, _FROM), "any")
    if not r.sources and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
            tok.head.head.lemma_.lower() in (view.lexicon.cues.get("measure_packages") or ()):
        r.sources = act_modifiers(view, tok.head.head)  # "the EU's 15th package of measures"
    for acl in tok.children:
        if acl.dep_ == "acl" and acl.tag_ == "VBG" and acl.lemma_.lower() == "target":
            # "sanctions targeting Iranian drone makers"
            r.targets = r.targets or _np_list(view, view.children(acl, ("dobj",)), "any")
        if acl.dep_ == "acl" and acl.tag_ == "VBN":  # "sanctions imposed on X by Y"
            r.targets = r.targets or _np_list(view, view.prep_objects(acl, ("on", "upon",
                                                                          "against")), "any")
    r.sources = r.sources or participle_agents(view, tok)
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "with" else None
    if verb is not None and verb.pos_ == "VERB":  # "hit Russia with sanctions"
        if _passive(verb):
            r.targets = r.targets or _np_list(view, view.children(verb, ("nsubjpass",)), "any")
            r.sources = r.sources or view.agent(verb)
        else:
            r.targets = r.targets or _np_list(view, view.children(verb, ("dobj",)), "any")
            r.sources = r.sources or view.subject(verb)
    undergo = view.lexicon.cues.get("undergo_verbs") or ()
    if not r.targets and tok.dep_ == "dobj" and tok.head.lemma_.lower() in undergo:
        r.targets = view.subject(tok.head)  # "Iran faces sanctions"


def _together_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    parties = act_modifiers(view, tok)
    parties += _np_list(view, view.prep_objects(tok, _TOGETHER))
    if tok.lemma_.lower() in ("visit", "trip", "journey"):  # "a visit to Pyongyang"
        parties += _np_list(view, view.prep_objects(tok, ("to",)))
        # "a trip to Qatar by the British defence secretary": who travels
        parties += _np_list(view, view.prep_objects(tok, ("by",)), "any")
    if len(_unique(parties)) < 2:  # "Putin and Kim held talks": the support verb's subject
        agents = _unique(view.noun_agent(tok))
        if len(agents) >= 3:  # "Chile, Peru and Colombia held talks (in Lima)"
            r.between, r.explicit = _unique(agents + parties), 2
            return r
        parties += agents
    if len(_unique(parties)) < 2:  # "sold the howitzers to Kenya in a deal signed in 2022"
        parties += _traders(view, tok)
    if len(_unique(parties)) < 2 and tok.dep_ == "pobj" and tok.head.lower_ in _CIRCUMSTANCE \
            and tok.head.head.pos_ == "VERB":
        # "travelled to Tehran for talks with ...", "thanked Kim during a visit to ...":
        # the clause's subject takes part
        verb = tok.head.head
        parties += view.subject(verb) or view.inherited_subject(verb)
        if tok.lemma_.lower() in ("visit", "trip"):  # "arrived in Pyongyang for a visit"
            parties += _np_list(view, view.prep_objects(verb, ("to", "in")))
    return _symmetric_roles(r, parties)


_CIRCUMSTANCE = frozenset({"for", "during", "on", "after", "before", "at", "ahead", "into"})
_TERMS = frozenset({"in", "under", "through", "via"})


def _traders(view: SentenceView, tok: Token) -> list[Mention]:
    """The supplier and recipient of the transfer a deal is the terms of: "Korea sold
    the weapon to the UAE in a $3.5 billion deal", "bought helicopters from Italy
    under a deal signed last year", or that the deal or agreeing itself names:
    "signed a deal to purchase Rafales from France", "agreed to buy jets from Saab",
    "a contract for the supply of drones to Poland"."""
    terms = deal_terms(view, tok)
    if terms is None and tok.dep_ == "pobj" and tok.head.lower_ in _TERMS and \
            tok.head.head.pos_ == "VERB":
        terms = _transfer_roles(view, tok.head.head)
    if terms is None:
        return []
    return terms.sources[:1] + terms.targets[:1]


def deal_terms(view: SentenceView, tok: Token) -> Roles | None:
    """The transfer a deal noun or a verb of agreeing is about, when it names both
    ends: its infinitive ("a deal to purchase", "agreed to sell") or its "for" /
    "on" phrase ("a contract for the sale of")."""
    # through "worth": "a deal worth $6.5 billion to purchase tanks"
    holders = [tok, *(c for c in tok.children if c.dep_ == "amod" and c.lower_ == "worth")]
    for child in (c for h in holders for c in h.children):
        if child.dep_ in ("relcl", "acl", "xcomp") and child.pos_ == "VERB" and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            found = _transfer_roles(view, child)
            if found is not None:
                return found
    for obj in view.prep_objects(tok, ("for", "on")):
        found = _transfer_roles(view, obj)
        if found is not None:
            return found
    return None


def _transfer_roles(view: SentenceView, tok: Token) -> Roles | None:
    pos = "verb" if tok.pos_ in ("VERB", "AUX") else "noun"
    for sense in view.lexicon.senses(tok.lemma_.lower(), pos):
        if sense.type == "transfer" and sense.frame in ("give", "receive"):
            roles = resolve(view, tok, sense.frame, pos)
            if roles.sources and roles.targets:
                return roles
    return None


def _produce_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    r.sources = act_modifiers(view, tok) or view.noun_agent(tok)
    r.items = view.np_items(tok)
    for p in view.prep_objects(tok, ("of",)):
        r.items += view.np_items(p)
        if not r.sources:  # "the production of K9 howitzers in Egypt"
            r.sources = _state_in(view, p)
    if not r.sources:
        r.sources = _state_in(view, tok)
    r.explicit = bool(r.sources)
    return r


def _post_verb(view: SentenceView, tok: Token) -> Roles:
    r = _give_verb(view, tok)
    r.items = [m for m in r.items if m.ref == "personnel"]
    return r


def _join_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    for s in view.children(tok, ("nsubj",)):
        r.items += [m for m in view.np_items(s) if m.ref == "personnel"]
    if not r.items:
        return r
    if tok.lemma_.lower() == "join":  # "fought Ukrainian troops": their enemy, not their side
        for obj in view.children(tok, ("dobj",)):
            r.targets += view.np_actors(obj, "any")
    sides = ("alongside", "for", "in") if tok.lemma_.lower() == "serve" else ("alongside", "for")
    r.targets += _np_list(view, view.prep_objects(tok, sides), "any")
    if not r.targets:
        return Roles()  # "Russian troops are fighting in Ukraine": no one joined
    r.explicit = 1
    return r


def _people(view: SentenceView, toks: list[Token]) -> list[Mention]:
    """The states of the people a phrase names: "Russian troops", "dozens of
    Russian military personnel"."""
    found = _np_list(view, toks, "any")
    if not found:
        found = _np_list(view, [o for t in toks for o in view.prep_objects(t, ("of",))], "any")
    return found


def _teach_verb(view: SentenceView, tok: Token) -> Roles:
    """Training passes on know-how: "Iranian instructors trained Russian troops on
    drones", "Russian personnel were trained in Iran", "Belarusian troops began
    training on Russian missile systems" (the trainer's state gives technology to
    the trainees'; with no trainer named, the state it happens in, or the maker
    of what they train on; with neither, nothing is guessed)."""
    r = Roles()
    objs = view.children(tok, ("dobj",))
    if any(o.i in view.item_at and view.item_at[o.i].ref != "personnel" for o in objs):
        return r  # "trained its guns on the city": aimed, not taught
    if _passive(tok):
        r.targets = _people(view, view.children(tok, ("nsubjpass",)))
        r.sources = _people(view, [o for a in view.children(tok, ("agent",))
                                   for o in view.children(a, ("pobj",))])
    elif objs:
        r.sources = _people(view, view.children(tok, ("nsubj",))) or \
            view.inherited_subject(tok) or _people(view, [tok.head] if tok.dep_ == "acl" else [])
        r.targets = _people(view, objs)
    else:  # "Belarusian troops began training on ...": the subject is taught
        subjects = view.children(tok, ("nsubj",))
        if not subjects and tok.dep_ == "xcomp":
            subjects = view.children(tok.head, ("nsubj",))
        r.targets = _people(view, subjects)
    if not r.sources:
        r.sources = _state_in(view, tok)
    if not r.sources:
        for p in view.prep_objects(tok, ("on", "with")):
            r.sources += [o for m in view.np_items(p) for o in view.origins(m)]
    targets = {m.ref for m in r.targets}
    r.sources = [m for m in _unique(r.sources) if m.ref not in targets]
    if not r.sources or not r.targets:
        return Roles()  # "Russian troops were trained to use them": by whom is not said
    start = view.sentence.start + tok.idx
    r.items = [Mention(start, start + len(tok.text), tok.text, "item", "technology", "implied")]
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


_VERB_FRAMES = {"join": _join_verb, "teach": _teach_verb, "post": _post_verb, "give": _give_verb,
                "receive": _receive_verb, "turn": _turn_verb, "act": _act_verb,
                "strike": _strike_verb, "together": _together_verb, "produce": _produce_verb,
                "intercept": _intercept_verb}
_NOUN_FRAMES = {"give": _give_noun, "receive": _receive_noun, "turn": _receive_noun,
                "act": _act_noun, "strike": _strike_noun, "together": _together_noun,
                "produce": _produce_noun}
