"""Frames of acts on another: denouncing, sanctioning and other acts aimed at a
target (the subject acts on the object, or "against" / "on" / "over" it), uses of
force (the target may also be "at" / "in" / "across" a place, or the theatre of a
war), and interceptions (the shooter is the one struck)."""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.frames.giving import give_noun
from axiswatch.extract.frames.roles import (
    AGAINST,
    FROM,
    STRIKE_TARGET,
    Roles,
    act_modifiers,
    np_list,
    participle_agents,
    passive,
    unique,
)
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention


def act_verb(view: SentenceView, tok: Token) -> Roles:
    r = Roles()
    if passive(tok) and tok.lower_ != tok.lemma_.lower() and \
            view.lexicon.means(tok.lower_, "denounce", "verb"):
        # "Japan is concerned by the DPRK-Russia cooperation": a feeling, not a passive;
        # who feels it denounces what "by" (or "about", "over") names
        r.sources = view.subject(tok)
        for p in view.prep_objects(tok, ("by", "about", "over", "at", "with")):
            r.targets += view.np_actors(p, "any") or _doers(view, tok, p)
            r.targets += np_list(view, view.prep_objects(p, ("between",)), "any")
        r.targets = [m for m in unique(r.targets) if m.ref not in {s.ref for s in r.sources}]
        r.explicit = bool(r.sources) + bool(r.targets)
        return r
    if passive(tok):
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
            r.targets += np_list(view, view.prep_objects(obj, ("between",)), "any")
            r.targets += _doers(view, tok, obj)
            if _denounces(view, tok) and view.lexicon.means(obj.lemma_.lower(), "transfer", "noun"):
                # "condemns arms transfers to Russia from North Korea": the supplier
                r.targets += [m for m in give_noun(view, obj).sources if m not in r.targets]
    r.targets = unique(r.targets)
    for p in view.prep_objects(tok, AGAINST):  # "concerned about activity by the US"
        if p.lemma_.lower() in view.lexicon.words("ally_nouns"):
            # "fighting on the side of Russia against Ukraine"
            r.targets += np_list(view, view.prep_objects(p, ("against",)), "any")
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
    found = np_list(view, view.prep_objects(obj, ("by",)), "any")
    hostile = lemma in (view.lexicon.cues.get("hostile_acts") or ()) or any(
        s.type == "use" for s in view.lexicon.senses(lemma, "noun"))
    if hostile and not passive(verb):
        found += np_list(view, view.prep_objects(verb, ("by",)), "any")
    return unique(found + participle_agents(view, obj))


def _rebuts_a_claim(view: SentenceView, tok: Token, obj: Token) -> bool:
    rebuttal = view.lexicon.cues.get("rebuttal") or {}
    return tok.lemma_.lower() in (rebuttal.get("verbs") or ()) and \
        obj.lemma_.lower() in (rebuttal.get("claims") or ())


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
            found += np_list(view, view.prep_objects(place, ("in", "on", "against", "with")),
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
        found += np_list(view, view.prep_objects(act, STRIKE_TARGET), "any")
    return found


def intercept_verb(view: SentenceView, tok: Token) -> Roles:
    """Weapons shot down were used by who fired them against who shot them down:
    "Pakistan shot down 25 Indian drones", "intercepted missiles fired by the
    Houthis". The shooter is the target; the weapons' maker or firer the user."""
    r = Roles()
    if passive(tok):
        r.targets = view.agent(tok)
        objects = view.children(tok, ("nsubjpass",))
    else:
        r.targets = view.subject(tok) or view.inherited_subject(tok) or \
            np_list(view, view.children(tok, ("nsubj",)), "any")  # "air defences of X"
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
    r.sources = [m for m in unique(r.sources) if m.ref not in {t.ref for t in r.targets}]
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def _users_of_described_goods(view: SentenceView, tok: Token) -> tuple[list[Mention],
                                                                        list[Mention]]:
    """Goods a clause describes as used, with no user named: "drones, which are
    delivered to Russia and used in the war" (who received them), "Russia produces
    weapons that are then used", "Russia acquired drones that were used" (who made
    or acquired them). The users, and the goods."""
    verb, users = tok, []
    if tok.dep_ == "conj" and not view.has_subject(tok) and passive(tok.head):
        verb = tok.head  # "delivered to Russia and used"
        if view.lexicon.means(verb.lemma_.lower(), "transfer", "verb"):
            users = np_list(view, view.prep_objects(verb, ("to",)), "any")
    elif not passive(tok):
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


def strike_verb(view: SentenceView, tok: Token) -> Roles:
    if tok.lemma_.lower() == "shoot" and any(c.dep_ in ("prt", "prep", "advmod") and
                                             c.lower_ == "down" for c in tok.children):
        return intercept_verb(view, tok)  # "shot down 25 Indian drones"
    r = act_verb(view, tok)
    if not r.sources:
        users, goods = _users_of_described_goods(view, tok)
        r.sources, r.items = users, r.items or goods
    r.targets += np_list(view, view.prep_objects(tok, STRIKE_TARGET), "any")
    if not r.targets:
        r.targets += _purpose_targets(view, tok) or theatre(view, tok)
    r.targets = unique(r.targets)
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def strike_noun(view: SentenceView, tok: Token) -> Roles:
    r = act_noun(view, tok)
    r.targets = unique(r.targets + np_list(view, view.prep_objects(tok, STRIKE_TARGET), "any"))
    r.explicit = bool(r.sources) + bool(r.targets)
    return r


def act_noun(view: SentenceView, tok: Token) -> Roles:
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
    aimed_at = view.prep_objects(tok, AGAINST)
    r.targets = np_list(view, aimed_at, "any") or programme
    if not r.targets and any(s.type == "use" for s in view.lexicon.senses(tok.lemma_.lower(),
                                                                          "noun")):
        # "the use of ATACMS missiles on a military target in Russia": where it lies
        r.targets = [m for a in aimed_at if a.i not in view.actor_at
                     for m in np_list(view, view.prep_objects(a, ("in", "inside")), "any")]
    if not r.targets and r.items:  # "the use of the shells against Ukraine"
        r.targets = np_list(view, [t for p in view.prep_objects(tok, ("of",))
                                    for t in view.prep_objects(p, ("against", "on"))], "any")
    if not r.targets and tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB" and \
            tok.head.lemma_.lower() in view.lexicon.support_verbs:
        # "imposed sanctions on Iran", "sanctions were imposed on Iran by Britain"
        r.targets = np_list(view, view.prep_objects(tok.head, ("on", "upon", "against")),
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
    return unique(found)


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
        r.sources = np_list(view, view.prep_objects(tok, FROM), "any")
    if not r.sources and tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
            tok.head.head.lemma_.lower() in (view.lexicon.cues.get("measure_packages") or ()):
        r.sources = act_modifiers(view, tok.head.head)  # "the EU's 15th package of measures"
    for acl in tok.children:
        if acl.dep_ == "acl" and acl.tag_ == "VBG" and acl.lemma_.lower() == "target":
            # "sanctions targeting Iranian drone makers"
            r.targets = r.targets or np_list(view, view.children(acl, ("dobj",)), "any")
        if acl.dep_ == "acl" and acl.tag_ == "VBN":  # "sanctions imposed on X by Y"
            r.targets = r.targets or np_list(view, view.prep_objects(acl, ("on", "upon",
                                                                          "against")), "any")
    r.sources = r.sources or participle_agents(view, tok)
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "with" else None
    if verb is not None and verb.pos_ == "VERB":  # "hit Russia with sanctions"
        if passive(verb):
            r.targets = r.targets or np_list(view, view.children(verb, ("nsubjpass",)), "any")
            r.sources = r.sources or view.agent(verb)
        else:
            r.targets = r.targets or np_list(view, view.children(verb, ("dobj",)), "any")
            r.sources = r.sources or view.subject(verb)
    undergo = view.lexicon.cues.get("undergo_verbs") or ()
    if not r.targets and tok.dep_ == "dobj" and tok.head.lemma_.lower() in undergo:
        r.targets = view.subject(tok.head)  # "Iran faces sanctions"
