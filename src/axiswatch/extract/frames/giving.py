"""Frames of transfers: giving (the subject gives to the object), receiving (the
subject gets from someone), turning to someone for something, posting people,
people joining another's forces, training (know-how given), and the deals a
transfer is the terms of."""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.frames.roles import (
    FROM,
    TO,
    Roles,
    act_modifiers,
    np_list,
    passive,
    state_in,
    unique,
)
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention


def give_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    objs = view.children(tok, ("dobj", "dative", "iobj"))
    if any(o.lemma_.lower() in view.lexicon.words("unshipped_nouns") and o.i not in view.item_at
           for o in objs):
        return r  # "did not provide any details on the drones", "shared images of"
    if passive(tok):
        r.sources = view.agent(tok)
        subj = view.children(tok, ("nsubjpass",))
        if not subj and tok.dep_ == "conj":  # "drones have been weaponised and supplied to"
            subj = view.children(tok.head, ("nsubjpass",))
        subject_actors = np_list(view, subj)
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
            actors = np_list(view, [obj])
            if actors:
                r.targets += actors
            r.items += view.np_items(obj)
    r.targets += np_list(view, view.prep_objects(tok, TO))
    for obj in objs:
        r.targets += np_list(view, view.prep_objects(obj, ("to",)))
    for p in view.prep_objects(tok, ("with",)):
        r.items += view.np_items(p)
        r.items += view.items_below(p)
        m = view.actor(p)
        if m is not None and objs and m.form != "adjective":
            r.targets.append(m)  # "Moscow is sharing technology with Tehran"
    for p in view.prep_objects(tok, ("in",)):  # "paid Pyongyang in hard currency"
        r.items += [m for m in view.np_items(p) if m.ref == "money"]
    if not r.sources:
        r.sources = np_list(view, view.prep_objects(tok, FROM))
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def receive_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if passive(tok):
        r.targets = view.agent(tok)
        for s in view.children(tok, ("nsubjpass",)):
            r.items += view.np_items(s)
        if tok.dep_ == "acl":
            r.items += view.np_items(tok.head)
    else:
        r.targets = view.subject(tok) or view.inherited_subject(tok)
    for obj in view.children(tok, ("dobj",)):
        r.items += view.np_items(obj)
        r.sources += np_list(view, view.prep_objects(obj, ("from",)))
    r.sources += np_list(view, view.prep_objects(tok, ("from",)))
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def turn_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    r.targets = view.subject(tok) or view.inherited_subject(tok)
    for p in view.prep_objects(tok, ("to", "on", "upon")):
        r.sources += view.np_actors(p)
        r.items += view.np_items(p)
    for p in view.prep_objects(tok, ("for",)):
        r.items += view.np_items(p)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def give_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if view.lexicon.means(tok.lemma_.lower(), "agreement", "noun") and \
            deal_terms(view, tok) is not None:
        return r  # "a deal to purchase jets from France": the purchase says who gives
    r.sources = act_modifiers(view, tok)
    r.sources += np_list(view, view.prep_objects(tok, FROM))
    r.targets = np_list(view, view.prep_objects(tok, TO))
    if not r.targets and view.lexicon.means(tok.lemma_.lower(), "agreement", "noun"):
        # "signed export contracts for TB2 with 30 countries including Qatar": a deal's
        # other side buys
        holders = [tok, tok.head] if tok.dep_ == "dobj" else [tok]  # "signed deals with"
        r.targets = np_list(view, [p for h in holders for p in view.prep_objects(h, ("with",))],
                             "any")
    r.between = np_list(view, view.prep_objects(tok, ("between",)))
    if not (r.sources or r.targets or r.between) and tok.dep_ == "pobj" and \
            tok.head.lower_ in ("including", "especially", "particularly", "notably"):
        # "the cooperation between North Korea and Russia, including the supply of
        # munitions": between the parties of what it is part of
        whole = tok.head.head
        r.between = np_list(view, view.prep_objects(whole, ("between",)), "any") or \
            act_modifiers(view, whole)
    r.items = view.np_items(tok)
    for p in view.prep_objects(tok, ("of", "regarding", "on", "over", "about", "for")):
        r.items += view.np_items(p)
        for inner in p.subtree:
            if view.is_event_noun(inner):
                r.targets += np_list(view, view.prep_objects(inner, TO))
    holder = _object_verb(view, tok)
    if holder is not None:
        # "condemns arms transfers to Russia from North Korea", "to reduce the transfer
        # of weapons from Iran, through Syria to Hezbollah", "voiced worries about
        # Russian transfers of technology to North Korea": the parser hangs the
        # noun's ends on the verb
        after = [p for p in view.prep_objects(holder, ("to", "from")) if p.i > tok.i]
        r.targets = r.targets or np_list(view, [p for p in after if p.head.lower_ == "to"],
                                          "any")
        r.sources = r.sources or np_list(view, [p for p in after if p.head.lower_ == "from"],
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


def receive_noun(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    # "North Korean arms procurement", "Iranian drone purchases": a state on the goods
    # the noun is compounded with made them, it does not buy them
    goods = [c for c in tok.children if c.dep_ == "compound" and c.i in view.item_at]
    makers = [m for c in goods for g in c.children if g.dep_ in ("amod", "compound", "poss")
              and (m := view.actor(g)) is not None]
    # the parser may hang the maker on the noun itself, before the goods' word
    makers += [m for c in tok.children if c.dep_ in ("amod", "compound") and goods and
               c.i < goods[0].i and (m := view.actor(c)) is not None]
    r.sources = unique(makers)
    r.targets = [m for m in act_modifiers(view, tok) if m not in makers]
    r.targets += np_list(view, view.prep_objects(tok, ("by",)), "any")  # "purchases by X"
    if not r.targets and tok.dep_ == "attr":
        r.targets = view.subject(tok.head)  # "Pakistan is a major customer of Chinese arms"
    for p in view.prep_objects(tok, ("on", "upon", "from", "of")):
        r.sources += view.np_actors(p)
        r.items += view.np_items(p)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


_TERMS = frozenset({"in", "under", "through", "via"})


def traders(view: SentenceView, tok: Token) -> list[Mention]:
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
        return _makers_of_goods_dealt(view, tok)
    return terms.sources[:1] + terms.targets[:1]


def _makers_of_goods_dealt(view: SentenceView, tok: Token) -> list[Mention]:
    """"signed a contract for the Cheongung-II system", "a deal for Rafale jets":
    the goods' one maker (a weapon system's, or a state named on them) sells them."""
    if not view.lexicon.means(tok.lemma_.lower(), "agreement", "noun"):
        return []
    goods = [m for p in view.prep_objects(tok, ("for",)) for m in view.np_items(p)]
    makers = unique([o for m in goods for o in view.origins(m)[:1]])
    return makers if len(makers) == 1 else []


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
            roles = _FLOWS[(sense.frame, pos)](view, tok)
            if roles.sources and roles.targets:
                return roles
    return None


def post_verb(view: SentenceView, tok: Token) -> Roles:
    r = give_verb(view, tok)
    r.items = [m for m in r.items if m.ref == "personnel"]
    return r


def join_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    for s in view.children(tok, ("nsubj",)):
        r.items += [m for m in view.np_items(s) if m.ref == "personnel"]
    if not r.items:
        return r
    if tok.lemma_.lower() == "join":  # "fought Ukrainian troops": their enemy, not their side
        for obj in view.children(tok, ("dobj",)):
            r.targets += view.np_actors(obj, "any")
    sides = ("alongside", "for", "in") if tok.lemma_.lower() == "serve" else ("alongside", "for")
    r.targets += np_list(view, view.prep_objects(tok, sides), "any")
    if not r.targets:
        return Roles()  # "Russian troops are fighting in Ukraine": no one joined
    r.explicit = 1
    return r


def _people(view: SentenceView, toks: list[Token]) -> list[Mention]:
    """The states of the people a phrase names: "Russian troops", "dozens of
    Russian military personnel"."""
    found = np_list(view, toks, "any")
    if not found:
        found = np_list(view, [o for t in toks for o in view.prep_objects(t, ("of",))], "any")
    return found


def teach_verb(view: SentenceView, tok: Token) -> Roles:
    """Training passes on know-how: "Iranian instructors trained Russian troops on
    drones", "Russian personnel were trained in Iran", "Belarusian troops began
    training on Russian missile systems" (the trainer's state gives technology to
    the trainees'; with no trainer named, the state it happens in, or the maker
    of what they train on; with neither, nothing is guessed)."""
    r = Roles()
    objs = view.children(tok, ("dobj",))
    if any(o.i in view.item_at and view.item_at[o.i].ref != "personnel" for o in objs):
        return r  # "trained its guns on the city": aimed, not taught
    if passive(tok):
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
        r.sources = state_in(view, tok)
    if not r.sources:
        for p in view.prep_objects(tok, ("on", "with")):
            r.sources += [o for m in view.np_items(p) for o in view.origins(m)]
    targets = {m.ref for m in r.targets}
    r.sources = [m for m in unique(r.sources) if m.ref not in targets]
    if not r.sources or not r.targets:
        return Roles()  # "Russian troops were trained to use them": by whom is not said
    start = view.sentence.start + tok.idx
    r.items = [Mention(start, start + len(tok.text), tok.text, "item", "technology", "implied")]
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


_FLOWS = {("give", "verb"): give_verb, ("receive", "verb"): receive_verb,
          ("give", "noun"): give_noun, ("receive", "noun"): receive_noun}
