"""A parsed sentence with the gazetteer's mentions laid onto its tokens.

The helpers answer the questions the event frames ask: which actors does
this noun phrase name, who is the subject of this verb (or of the verb it
depends on), which items hang below this word, what does this item's
origin say ("North Korean missiles").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cached_property

from spacy.tokens import Doc, Token

from axiswatch.extract.dates import MONTHS
from axiswatch.model import Mention, Sentence
from axiswatch.nlp.lexicon import Lexicon

# Relations that stay inside a noun phrase: a name reached through them is
# part of the phrase ("North Korea's", "the US, UK and Canada").
NP_DEPS = frozenset({"compound", "amod", "poss", "conj", "appos", "nmod", "det", "cc", "flat",
                     "npadvmod", "nummod", "quantmod", "predet", "case", "punct"})
# Relations a clause may be entered through without leaving its scope.
CLAUSE_LINKS = frozenset({"xcomp", "aux", "auxpass", "prep", "pobj", "pcomp", "dobj", "nsubj",
                          "nsubjpass", "compound", "conj", "acl", "attr", "appos", "npadvmod",
                          "amod", "dative", "oprd", "agent", "poss", "nmod", "acomp"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


class SentenceView:
    def __init__(self, sentence: Sentence, doc: Doc, actors: list[Mention],
                 items: list[Mention], lexicon: Lexicon) -> None:
        self.sentence = sentence
        self.doc = doc
        # every Token spaCy hands out is a new object: made once, indexed after
        self.tokens: list[Token] = list(doc)
        self.lexicon = lexicon
        self.actor_at: dict[int, Mention] = {}
        self.item_at: dict[int, Mention] = {}
        self.mention_root: dict[Mention, Token] = {}
        # "a treaty between the two countries": the other actors a phrase stands for
        self.also_at: dict[int, list[Mention]] = {}
        for mentions, table in ((actors, self.actor_at), (items, self.item_at)):
            for m in mentions:
                span = doc.char_span(m.start - sentence.start, m.end - sentence.start,
                                     alignment_mode="expand")
                if span is None or len(span) == 0:
                    continue
                for tok in span:
                    table.setdefault(tok.i, m)
                self.mention_root[m] = span[-1] if m.kind == "item" else span.root
                first = table[span.root.i]
                if m.kind == "actor" and first is not m and first.start == m.start and \
                        first.end == m.end:
                    self.also_at.setdefault(span.root.i, []).append(m)

    @cached_property
    def framing_words(self) -> list[Token]:
        """The words that can frame another from outside its clause: "according
        (to)", an agent ("by ...") and verbs of saying."""
        reporting = self.lexicon.reporting_verbs
        return [t for t in self.tokens if t.lower_ == "according" or t.dep_ == "agent"
                or t.lemma_ in reporting]

    @cached_property
    def listed_makers(self) -> dict[int, list[Mention]]:
        """"Iranian, Turkish, UAE and Chinese drones", which the parser reads as a
        list whose last member is the noun: the states listed are the makers of
        the goods (by the item's word), not parties in their own right."""
        out: dict[int, list[Mention]] = {}
        for i in self.item_at:
            tok = self.tokens[i]
            if tok.dep_ != "conj":
                continue
            top = tok
            while top.dep_ == "conj" and top.head.i != top.i:
                top = top.head
            first = self.actor_at.get(top.i)
            if first is None or first.form != "adjective":
                continue
            members, stack = [], [top]
            while stack:
                t = stack.pop()
                members.append(t)
                stack.extend(c for c in t.children if c.dep_ == "conj")
            if all(t.i in self.actor_at or t.i in self.item_at for t in members):
                found = [self.actor_at[c.i] for t in members for c in (t, *t.children)
                         if c.i in self.actor_at and (c is t or c.dep_ in ("amod", "compound"))]
                out[i] = list(dict.fromkeys(found))
        return out

    def is_listed_maker(self, tok: Token) -> bool:
        m = self.actor_at.get(tok.i)
        return m is not None and any(m in makers for makers in self.listed_makers.values())

    # ----------------------------------------------------------------- actors
    def actor(self, tok: Token) -> Mention | None:
        return self.actor_at.get(tok.i)

    def item(self, tok: Token) -> Mention | None:
        return self.item_at.get(tok.i)

    def is_agent_noun(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.lexicon.agent_nouns or tok.text.lower() in \
            self.lexicon.agent_nouns

    def is_event_noun(self, tok: Token) -> bool:
        return bool(self.lexicon.senses(tok.lemma_.lower(), "noun"))

    def np_actors(self, head: Token, adjectives: str = "agent") -> list[Mention]:
        """Actors named inside the noun phrase headed by ``head``.

        Adjectival forms ("Russian") count when they modify a noun that acts
        for the state ("Russian officials"), an event word ("Russian use") or,
        with ``adjectives="any"``, any noun ("three Russian companies"). An
        adjective on an item names its origin, not a participant.
        """
        found: list[Mention] = []
        for tok in self._np_tokens(head):
            m = self.actor_at.get(tok.i)
            if m is None or m in found or self.is_listed_maker(tok):
                continue
            if m.form != "adjective" and adjectives != "any" and tok.i != head.i and \
                    self.is_modifier(m):
                continue  # "the Ukraine conflict", "UN Security Council resolutions"
            if m.form == "adjective":
                root = self.mention_root.get(m, tok)
                governor = root.head if root.head.i != root.i else root
                if governor.i in self.item_at and adjectives != "any":
                    continue
                if self.actor_at.get(governor.i) is not m and adjectives == "agent" and not (
                    self.is_agent_noun(governor) or self.is_event_noun(governor)
                    or governor.i in self.actor_at
                ):
                    continue
            found.append(m)
            found += [o for o in self.also_at.get(tok.i, ()) if o not in found]
        return _drop_groups_with_members(self._drop_home_states(found), self.lexicon)

    def _drop_home_states(self, found: list[Mention]) -> list[Mention]:
        """"Yemen's Houthi rebels", "Lebanon's Hezbollah": the group acts, the state
        named as its home does not."""
        orgs = self.lexicon.organizations
        if len(found) < 2 or not any(m.ref in orgs for m in found):
            return found
        home: set[str] = set()
        for m in found:
            root = self.mention_root.get(m)
            if root is None or root.dep_ != "poss" or m.ref in orgs:
                continue
            owner = root.head
            near = (owner, *(c for c in owner.children if c.dep_ in ("amod", "compound")))
            if any(self.actor_at.get(t.i) is not None and self.actor_at[t.i].ref in orgs
                   for t in near):
                home.add(m.ref)
        return [m for m in found if m.ref not in home]

    @cached_property
    def stray_speakers(self) -> frozenset[int]:
        """Appositions the parser hung on a noun phrase that are the subject of the
        verb of saying after them: "... to the Wagner Group, the Russian private
        military company, White House spokesperson John Kirby said"."""
        out: set[int] = set()
        reporting = self.lexicon.reporting_verbs
        for verb in self.tokens:
            if verb.pos_ != "VERB" or verb.lemma_ not in reporting or verb.i == 0 or any(
                    c.dep_ in SUBJECT_DEPS for c in verb.children):
                continue
            before = self.tokens[verb.i - 1]
            if before.dep_ in ("appos", "conj") and before.pos_ == "PROPN" and \
                    before.head.i < before.i:
                out.add(before.i)
        return frozenset(out)

    def _np_tokens(self, head: Token) -> Iterator[Token]:
        stack = [head]
        seen = set(self.stray_speakers - {head.i})
        while stack:
            tok = stack.pop()
            if tok.i in seen:
                continue
            seen.add(tok.i)
            yield tok
            for child in tok.children:
                if child.dep_ in NP_DEPS or (child.dep_ == "prep" and child.lower_ in (
                        "of",) and tok.i in self.actor_at):
                    stack.append(child)
                elif child.dep_ == "prep" and child.lower_ == "of" and \
                        self.is_agent_noun(tok) and tok.i not in self.actor_at:
                    # "the foreign ministers of Chile and Peru", "leaders of the G7"
                    stack.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "prep" and (
                        child.lower_ in ("including", "particularly", "especially", "notably",
                                         "like")
                        or child.lower_ == "as" and any(c.lower_ == "such" for c in
                                                        child.children)):
                    # "partners including Iran", "groups such as Hamas", "states like Chile"
                    stack.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "prep" and child.lower_ == "alongside":
                    # "The UK, alongside France and Germany, has cancelled"
                    stack.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.lower_ in ("along", "together") and child.dep_ in ("prep", "advmod"):
                    # "Turkey, along with Iran and the UAE, has supplied"
                    stack.extend(c for w in child.children if w.lower_ == "with"
                                 for c in w.children if c.dep_ == "pobj")
                elif child.dep_ == "prep" and child.lower_ == "with" and any(
                        w.lower_ in ("along", "together") for w in child.children):
                    stack.extend(c for c in child.children if c.dep_ == "pobj")
                elif child.dep_ == "advmod" and child.lower_ in ("particularly", "especially",
                                                                  "notably"):
                    stack.append(child)

    def subject(self, verb: Token) -> list[Mention]:
        found: list[Mention] = []
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                if child.lower_ == "it" and not found:  # "Pakistan's military said it had"
                    return self.antecedent_subject(child) or self.reporter_subject(child)
                if child.lower_ == "they" and not found:
                    return self.reporter_subject(child)
                # "Washington, Kyiv and Seoul condemned": a list the parser reads as
                # two subjects
                found += [m for m in self.np_actors(child) if m not in found]
        return found or self.absolute_subject(verb)

    def antecedent_subject(self, pronoun: Token) -> list[Mention]:
        """"Russia has not paid in cash; instead it is providing oil": a subject "it"
        is the state that is the subject of an earlier clause of the same sentence;
        in what a charge says ("sanctions against Iran on charges that it supplies
        drones"), the one charged: the latest state named as an object before it."""
        clause = pronoun.head
        if clause.dep_ in ("acl", "ccomp") and \
                clause.head.lemma_.lower() in self.lexicon.words("charge_nouns"):
            for tok in reversed(self.tokens[:clause.head.i]):
                m = self.actor_at.get(tok.i)
                if m is not None and m.form in ("name", "capital", "company") and \
                        tok.dep_ in ("pobj", "dobj") and m.ref not in self.lexicon.groups:
                    return [m]
        for tok in reversed(self.tokens[:pronoun.i]):
            m = self.actor_at.get(tok.i)
            if m is not None and m.form in ("name", "capital", "company") and \
                    tok.dep_ in ("nsubj", "nsubjpass") and m.ref not in self.lexicon.groups:
                return [m]
        return []

    def reporter_subject(self, pronoun: Token) -> list[Mention]:
        """"Iran and Russia said they would sign", "many countries, including
        Britain and Sweden, announced that they would send": a subject "they" is
        the subject of the clause its own clause is said in, when that names
        actors."""
        verb = pronoun.head
        for _ in range(3):
            if verb.dep_ not in ("ccomp", "xcomp", "conj") or verb.head.i == verb.i:
                break
            verb = verb.head
            for child in verb.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.i != pronoun.i:
                    return self.np_actors(child)
        return []

    def absolute_subject(self, verb: Token) -> list[Mention]:
        """"..., with Russia also gaining use of ...": the actor before an
        -ing verb in a with-phrase is its subject."""
        if verb.tag_ != "VBG":
            return []
        i = verb.i - 1
        while i >= 0 and self.tokens[i].dep_ in ("advmod", "neg"):
            i -= 1
        if i < 1:
            return []
        prev = self.tokens[i]
        if prev.i in self.actor_at and prev.head.lower_ == "with":
            return self.np_actors(prev)
        return []

    def preceding_actors(self, verb: Token) -> list[Mention]:
        """When the parser found no subject for a finite verb, the run of
        actors right before it ("On Jan. 9, the US, UK and Canada denounced")."""
        helpers = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")
                   and c.i < verb.i]
        finite = verb.tag_ in ("VBD", "VBZ", "VBP") or any(
            h.tag_ in ("VBD", "VBZ", "VBP", "MD") for h in helpers)  # "have been supplying"
        if not finite or self.has_subject(verb):
            return []
        found: list[Mention] = []
        for i in range(min([verb.i, *(h.i for h in helpers)]) - 1, -1, -1):
            tok = self.tokens[i]
            if tok.pos_ in ("VERB", "AUX") or tok.lower_ in (";", ":", "that", "which", "who"):
                break
            m = self.actor_at.get(i)
            if m is not None and m not in found and (m.form != "adjective" or
                                                     self.is_agent_noun(tok.head)):
                found.append(m)
        return list(reversed(found))

    def struck_actors(self) -> set[str]:
        """Actors on the receiving end of force: "strikes on Ukrainian cities",
        "havoc on Ukrainian civilians", "attacked Ukraine"."""
        struck: set[str] = set()
        for i, m in self.actor_at.items():
            tok = self.tokens[i]
            chain = [tok, tok.head]
            if tok.dep_ in ("amod", "compound") and tok.head.i not in self.item_at:
                chain.append(tok.head.head)
            if self.is_listed_maker(tok):
                continue  # "used Iranian, Turkish and Chinese drones": the makers
            for a, b in zip(chain, chain[1:], strict=False):
                if a.dep_ == "pobj" and b.lower_ in _STRUCK_PREPS:
                    struck.add(m.ref)
                if a.dep_ == "dobj" and any(s.type == "use" for s in
                                            self.lexicon.senses(b.lemma_.lower(), "verb")):
                    struck.add(m.ref)
        return struck

    def coordinated_before(self, tok: Token) -> list[Mention]:
        """"North Korea and Iran's deliveries": actors coordinated before a
        possessor, which parsers often attach elsewhere."""
        found: list[Mention] = []
        i = tok.i - 1
        if i < 1 or self.tokens[i].lower_ not in ("and", "or"):
            return found
        while i >= 1 and self.tokens[i].lower_ in ("and", ",", "or"):
            m = self.actor_at.get(i - 1)
            if m is None or (self.mention_root.get(m) is not None
                             and self.mention_root[m].dep_ == "pobj"):
                break
            found.insert(0, m)
            start = self.doc.char_span(m.start - self.sentence.start, m.end - self.sentence.start,
                                       alignment_mode="expand")
            i = (start.start if start is not None else i - 1) - 1
        return found

    def noun_agent(self, tok: Token) -> list[Mention]:
        """Who does what an event noun names, when no modifier says so: the
        subject of the verb it is the object of ("the EU imposed sanctions"),
        or the referent of "its"/"their": the clause's subject ("increasing its weapons
        production"), unless another state is named after it and before the pronoun,
        which is then the nearer antecedent ("sanctions on Iran over its missile
        transfers", "accused Iran of increasing its deliveries")."""
        pronoun = next((c for c in tok.children if c.dep_ == "poss"
                        and c.lower_ in ("its", "their", "his", "her")), None)
        if pronoun is not None:
            subject = self.inherited_subject(tok)
            before = [i for i in sorted(self.actor_at) if i < pronoun.i]
            if before and self._same_clause_chain(self.tokens[before[-1]], tok):
                nearest = self.actor_at[before[-1]]
                if all(nearest.ref != m.ref for m in subject):
                    return [nearest]
            return subject
        # "held a second round of talks", "imposed a new wave of sanctions": the
        # event noun hangs below a quantifying noun
        while tok.dep_ == "pobj" and tok.head.lower_ == "of" and \
                tok.head.head.pos_ == "NOUN" and tok.head.head.dep_ in ("dobj", "attr",
                                                                       "nsubjpass"):
            tok = tok.head.head
        if tok.head.pos_ in ("VERB", "AUX") and \
                tok.head.lemma_.lower() in self.lexicon.support_verbs:
            if tok.dep_ in ("dobj", "attr"):
                return self.subject(tok.head) or self.inherited_subject(tok.head)
            if tok.dep_ == "nsubjpass":  # "sanctions were announced by the EU"
                return self.agent(tok.head)
        return []

    @staticmethod
    def _verb_of(tok: Token) -> Token | None:
        for t in [tok, *tok.ancestors]:
            if t.pos_ in ("VERB", "AUX"):
                return t
        return None

    def _same_clause_chain(self, antecedent: Token, tok: Token) -> bool:
        """Whether ``tok``'s clause is the antecedent's or embedded in it (not a clause
        conjoined beside it: "ramping up shipments to Russia and increasing its output")."""
        target = self._verb_of(antecedent)
        verb = self._verb_of(tok)
        while verb is not None and target is not None:
            if verb.i == target.i:
                return True
            if verb.dep_ == "conj" or verb.head.i == verb.i:
                return False
            verb = self._verb_of(verb.head)
        return False

    def has_subject(self, verb: Token) -> bool:
        return any(c.dep_ in SUBJECT_DEPS for c in verb.children)

    def agent(self, verb: Token) -> list[Mention]:
        """Who does a passive verb: its "by" agent, or a "by" the parser read as a
        plain preposition when it names an actor ("were used against Armenia by
        Azerbaijan"; "by sea", "by 2025" name none)."""
        for child in verb.children:
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.np_actors(pobj)
        for pobj in self.prep_objects(verb, ("by",)):
            found = self.np_actors(pobj)
            if found:
                return found
        return []

    def inherited_subject(self, tok: Token) -> list[Mention]:
        """The actors doing ``tok`` when it has no subject of its own.

        Climbs through the verbs it depends on ("North Korea is filling a void
        by supplying ...", "allows Russia to pursue ..."), stopping at verbs of
        saying: the speaker is not the doer.
        """
        if tok.pos_ in ("VERB", "AUX") and self.has_subject(tok):
            return []  # "the two leaders signed": its own subject, just not a named one
        current = tok
        for _ in range(8):
            if current.dep_ in ("ccomp", "relcl", "parataxis", "ROOT") and current is not tok:
                break
            head = current.head
            if head.i == current.i:
                break
            if current.dep_ == "xcomp" or (
                    current.dep_ == "pcomp" and head.lower_ in ("for", "of") and
                    head.head.pos_ == "VERB"):
                # "allows Russia to pursue", "condemned Russia for using",
                # "accused Iran of supplying": the object does it
                owner = head if current.dep_ == "xcomp" else head.head
                if owner.lemma_.lower() not in self.lexicon.subject_control_verbs:
                    # "promised Ukraine to send": the subject does it
                    objs = [c for c in owner.children if c.dep_ in ("dobj", "dative")]
                    # "took measures against Iran for sending", "sanctions on Iran for
                    # supplying": the one measured against does it
                    held = [*objs, *(o for t in (owner, *objs)
                                     for o in self.prep_objects(t, ("against", "on")))]
                    for obj in held:
                        actors = self.np_actors(obj)
                        if actors:
                            return actors
                    if held and current.dep_ == "pcomp":
                        return []  # "condemned the North for sending": not the subject
            if head.pos_ in ("VERB", "AUX") and head.lemma_ in self.lexicon.reporting_verbs:
                passive = [c for c in head.children if c.dep_ == "nsubjpass"]
                if current.dep_ == "xcomp" and passive:
                    return self.np_actors(passive[0])  # "Moscow is believed to be supplying"
                if current.dep_ == "xcomp" and current.tag_ == "VBG":
                    # "Russia acknowledged using drones", "Iran admitted sending": the
                    # speaker speaks of what it did itself
                    return self.subject(head)
                break
            if head.pos_ in ("VERB", "AUX"):
                actors = self.subject(head)
                if actors and current.lower_ == "in" and \
                        head.lemma_.lower() in (self.lexicon.cues.get("joining_verbs") or ()):
                    # "Qatar joined Saudi Arabia in condemning": Saudi Arabia condemns too
                    joined = [m for o in head.children if o.dep_ == "dobj"
                              for m in self.np_actors(o) if m not in actors]
                    return actors + joined
                if actors:
                    return actors
                if self.has_subject(head):
                    return []
            elif head.pos_ in ("NOUN", "PROPN"):
                owners = [c for c in head.children if c.dep_ == "poss"]
                for owner in owners:
                    actors = self.np_actors(owner)
                    if actors:
                        return actors
            current = head
        return []

    def prep_objects(self, tok: Token, preps: Iterable[str]) -> list[Token]:
        wanted = set(preps)
        out: list[Token] = []
        heads = [c for c in tok.children if c.dep_ in ("prep", "agent", "dative")]
        # "to Russia and to proxy groups": the second "to" hangs on the first
        heads += [c for p in heads for c in p.children if c.dep_ == "conj" and c.pos_ == "ADP"]
        for child in heads:
            if child.lower_ in wanted:
                out.extend(c for c in child.children if c.dep_ in ("pobj", "pcomp")
                           and not _is_temporal(c))
                if child.lower_ == "between":
                    out.extend(c for c in child.children if c.dep_ == "conj")
        return out

    def children(self, tok: Token, deps: Iterable[str]) -> list[Token]:
        wanted = set(deps)
        return [c for c in tok.children if c.dep_ in wanted]

    # ------------------------------------------------------------------ items
    def items_below(self, tok: Token, skip: set[int] | None = None) -> list[Mention]:
        found: list[Mention] = []
        for t in tok.subtree:
            if skip and t.i in skip:
                continue
            m = self.item_at.get(t.i)
            if m is not None and m not in found:
                found.append(m)
        return found

    def np_items(self, head: Token) -> list[Mention]:
        """Items named in the noun phrase of ``head`` and in its "of"/"with"/
        "including"/"like" complements ("access to technology" included)."""
        found: list[Mention] = []
        stack = [head]
        seen = set()
        while stack:
            tok = stack.pop()
            if tok.i in seen:
                continue
            seen.add(tok.i)
            m = self.item_at.get(tok.i)
            if m is not None and m not in found and not self._is_modifier_only(m, head):
                found.append(m)
            for child in tok.children:
                if child.dep_ in NP_DEPS:
                    stack.append(child)
                elif child.dep_ == "prep" and child.lower_ in ("of", "including", "like",
                                                               "to", "such", "as", "with"):
                    stack.extend(c for c in child.children if c.dep_ in ("pobj", "prep", "amod"))
        return found

    def _is_modifier_only(self, item: Mention, trigger: Token) -> bool:
        """"missile programs", "drone tests": the item word only qualifies
        another noun that is neither an item nor the event word."""
        root = self.mention_root.get(item)
        while root is not None and root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root is None or root.dep_ not in ("compound", "amod", "nmod"):
            return False
        governor = root.head
        return governor.i not in self.item_at and governor.i != trigger.i and \
            governor.pos_ in ("NOUN", "PROPN")

    def is_modifier(self, m: Mention) -> bool:
        """An actor named only to qualify a thing ("UN Security Council
        resolutions", "Ukrainian resilience"), not as a party."""
        root = self.mention_root.get(m)
        if root is None or root.dep_ not in ("compound", "amod", "nmod", "poss"):
            return False
        governor = root.head
        if root.dep_ == "poss":
            return False
        return not (self.is_agent_noun(governor) or self.is_event_noun(governor)
                    or governor.i in self.item_at or governor.i in self.actor_at)

    def origin(self, item: Mention) -> Mention | None:
        """The state an item comes from: "North Korean(-made) missiles",
        "Iran's drones", "missiles from North Korea"."""
        root = self.mention_root.get(item)
        if root is None:
            return None
        for t in range(max(0, root.i - 6), root.i):
            tok = self.tokens[t]
            m = self.actor_at.get(t)
            if m is not None and (tok.head.i == root.i or tok.head.i in self.item_at and
                                  self.item_at[tok.head.i] is item or tok.dep_ == "poss"
                                  and tok.head.i == root.i):
                return m
        for child in root.children:
            if child.dep_ == "poss":
                for m in self.np_actors(child):
                    return m
            if child.dep_ == "prep" and child.lower_ == "from":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        for m in self.np_actors(pobj):
                            return m
            if child.dep_ in ("amod", "compound"):
                m = self.actor_at.get(child.i)
                if m is not None:
                    return m
        return self.maker(item)

    def maker(self, item: Mention) -> Mention | None:
        """The state that makes the weapon system an item's phrase names, none
        named otherwise ("three Bayraktar TB2 drones": Turkey; systems.yaml)."""
        root = self.mention_root.get(item)
        pattern = self.lexicon.maker_pattern
        if root is None or pattern is None:
            return None
        phrase = self.doc[root.left_edge.i:root.i + 1]
        found = pattern.search(phrase.text)
        if found is None:
            return None
        ref = self.lexicon.makers[found.group(1).lower()]
        return Mention(item.start, item.end, found.group(1), "actor", ref, "maker")


    def origins(self, item: Mention) -> list[Mention]:
        """Every state an item comes from: the :meth:`origin`, and the others
        coordinated with it ("Iranian, Turkish, UAE and Chinese drones")."""
        root = self.mention_root.get(item)
        if root is not None and root.i in self.listed_makers:
            return list(self.listed_makers[root.i])
        first = self.origin(item)
        if first is None:
            return []
        found = [first]
        starts = [t for t, m in self.actor_at.items() if m is first]
        if root is not None:  # "Turkish, Israeli and Chinese drones": each one its own amod
            starts += [c.i for c in root.children if c.dep_ in ("amod", "compound")
                       and c.i in self.actor_at]
        for t in starts:
            head = self.tokens[t]
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            stack = [head]
            while stack:
                tok = stack.pop()
                for member in (tok, *(c for c in tok.children if c.dep_ == "compound")):
                    m = self.actor_at.get(member.i)
                    if m is not None and m not in found:
                        found.append(m)
                stack.extend(c for c in tok.children if c.dep_ in ("conj", "appos"))
        return found


_STRUCK_PREPS = frozenset({"against", "on", "upon", "at", "across", "toward", "towards"})
_TEMPORAL = frozenset(MONTHS) | {"monday", "tuesday", "wednesday", "thursday", "friday",
                                  "saturday", "sunday", "day", "week", "month", "year", "time"}


def _is_temporal(tok: Token) -> bool:
    return tok.lower_.rstrip(".") in _TEMPORAL or tok.like_num


def _drop_groups_with_members(found: list[Mention], lexicon: Lexicon) -> list[Mention]:
    """"Western countries, particularly the US and the UK": the members act."""
    if any(m.ref in lexicon.groups for m in found) and any(
            m.ref not in lexicon.groups for m in found):
        return [m for m in found if m.ref not in lexicon.groups]
    return found


def is_perfect(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)


def verb_of(tok: Token) -> Token:
    """The verb a noun depends on ("denied the transfers" -> denied)."""
    current = tok
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.head.i == current.i:
            return current
        current = current.head
    return current
