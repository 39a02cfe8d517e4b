"""How sure the text is of an event, and who it says asserts it.

Two scopes. Words that modify the event word or the verbs it is a
complement of ("could provide", "potential meeting", "did not send") qualify
that event only. Framing above it ("rumors claim that ...", "it has been
reported that ...", "North Korea denied that ...") qualifies everything
below the framing verb. A named speaker ("the White House claimed",
"as confirmed by John Kirby") makes a claim ``asserted`` and is its
attribution; unnamed ones ("reports", "sources") make it ``reported``.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from axiswatch.extract.syntax import CLAUSE_LINKS, SentenceView

RANK = {"denied": 4, "possible": 3, "alleged": 2, "reported": 1, "asserted": 0}
_BOUNDARIES = frozenset({"ccomp", "advcl", "relcl", "parataxis", "ROOT"})


@dataclass(frozen=True)
class Framing:
    certainty: str
    attribution: str | None
    speaker_tokens: frozenset[int]


_TABLES: dict[int, dict[str, dict[str, frozenset[str]]]] = {}


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _cue_table(view: SentenceView) -> dict[str, dict[str, frozenset[str]]]:
    key = id(view.lexicon)
    if key not in _TABLES:
        _TABLES[key] = {
            level: {k: frozenset(str(w).lower() for w in v) for k, v in groups.items()}
            for level, groups in view.lexicon.cues["certainty"].items()
        }
    return _TABLES[key]


def local_chain(tok: Token) -> list[Token]:
    """``tok`` and the words above it within its own clause."""
    chain = [tok]
    current = tok
    while (current.dep_ in CLAUSE_LINKS and current.head.i != current.i
           and not (current.dep_ == "conj" and _has_subject(current))):
        current = current.head
        chain.append(current)
        if len(chain) > 8:
            break
    return chain


_ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "dative", "attr"})


def _neither(arg: Token) -> bool:
    return any(t.lower_ == "neither" and t.dep_ in ("preconj", "det", "cc")
               for t in arg.subtree)


def local_certainty(view: SentenceView, tok: Token) -> str:
    cues = _cue_table(view)
    best = "asserted"

    def bump(level: str) -> None:
        nonlocal best
        if RANK[level] > RANK[best]:
            best = level

    chain = local_chain(tok)
    for depth, word in enumerate(chain):
        for child in word.children:
            low = child.lower_
            negates = child.dep_ == "neg" or (child.dep_ == "det" and low == "no") or (
                child.dep_ in _ARGUMENTS and _neither(child))  # "sent neither drones nor"
            if negates and depth <= 1:
                bump("denied")
            elif child.dep_ in ("aux", "auxpass") and low in cues["possible"]["modals"]:
                bump("possible")
            elif child.dep_ in ("advmod", "amod", "acomp"):
                if low in cues["possible"]["adverbs"] or low in cues["possible"]["adjectives"]:
                    bump("possible")
                elif low in cues["reported"]["adverbs"]:
                    bump("reported")
                elif low in cues["alleged"]["adverbs"] or low in cues["alleged"]["adjectives"]:
                    bump("alleged")
        if depth > 0 and word.pos_ == "VERB":
            lemma = word.lemma_.lower()
            if lemma in cues["possible"]["verbs"]:
                bump("possible")
            elif lemma in cues["denied"]["verbs"]:
                bump("denied")
    return best


def framing(view: SentenceView, tok: Token) -> Framing:
    """Certainty and attribution given by what frames ``tok`` from above."""
    cues = _cue_table(view)
    reporting = view.lexicon.reporting_verbs
    level = "asserted"
    attribution: str | None = None
    speaker: set[int] = set()
    current = tok
    for _ in range(12):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in current.children) \
                and current.dep_ in ("ccomp", "advcl", "csubj", "xcomp", "pcomp"):
            level = _max(level, "possible")  # "it is unclear whether Iran has shipped"
        if current.dep_ == "pcomp" and current.head.lower_ == "against":
            level = _max(level, "possible")  # "warned Pyongyang against sending troops"
        head = current.head
        if head.i == current.i:
            break
        lemma = head.lemma_.lower()
        low = head.lower_
        if head.pos_ in ("VERB", "AUX") and current.dep_ not in ("nsubj", "nsubjpass", "csubj"):
            if lemma in cues["denied"]["verbs"]:
                level = _max(level, "denied")
            elif lemma in cues["alleged"]["verbs"]:
                level = _max(level, "alleged")
            elif lemma in cues["possible"]["verbs"]:
                level = _max(level, "possible")
            support = current is tok and current.dep_ == "dobj"  # "announced sanctions"
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
            if passive and lemma in reporting:
                level = _max(level, "reported")  # "X is said / believed to ..."
            elif (lemma in reporting or lemma in cues["alleged"]["verbs"]) and not support:
                # "Moscow has been accused of ...": the passive subject is the accused
                subj = [c for c in head.children if c.dep_ in ("nsubj", "expl") or
                        (c.dep_ == "nsubjpass" and not passive)] \
                    or _speaker_as_apposition(view, head)
                # "Russia acknowledged using drones": the speaker is also the doer
                self_report = current.dep_ == "xcomp" and current.tag_ == "VBG"
                for s in subj:
                    kind, who, toks = speaker_of(view, s, head)
                    level = _max(level, kind)
                    if who and attribution is None:
                        attribution = who
                    if not self_report:
                        speaker |= toks
                for c in head.children:
                    if c.dep_ == "agent":
                        for pobj in c.children:
                            kind, who, toks = speaker_of(view, pobj, head)
                            if who and attribution is None:
                                attribution = who
                            speaker |= toks
                for c in head.children:
                    if c.dep_ == "advmod" and c.lower_ in cues["reported"]["adverbs"]:
                        level = _max(level, "reported")
            if any(c.dep_ == "neg" for c in head.children) and lemma in reporting:
                level = _max(level, "possible")
        elif head.pos_ in ("NOUN", "PROPN"):
            if low in cues["reported"]["nouns"] or lemma in cues["reported"]["nouns"]:
                level = _max(level, "reported")
            elif low in cues["alleged"]["nouns"] or lemma in cues["alleged"]["nouns"]:
                level = _max(level, "alleged")
            if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
                level = _max(level, "denied")
        current = head
    # "according to X", "as confirmed by X" anywhere in the sentence
    for t in view.framing_words:
        if t.lower_ == "according" and t.i + 1 < len(view.tokens) and \
                view.tokens[t.i + 1].lower_ == "to":
            for pobj in view.tokens[t.i + 1].children:
                if pobj.dep_ == "pobj":
                    kind, who, toks = speaker_of(view, pobj, t)
                    level = _max(level, kind)
                    if who and attribution is None:
                        attribution = who
                    speaker |= toks
        elif t.dep_ == "agent" and t.head.lemma_ in reporting and t.head.i != tok.i and \
                not _is_ancestor(t.head, tok):
            for pobj in t.children:
                kind, who, toks = speaker_of(view, pobj, t.head)
                if who and attribution is None:
                    attribution = who
                speaker |= toks
    if attribution is None:
        for v in _trailing_reporting_clauses(view, tok):
            for s in v.children:
                if s.dep_ == "nsubj":
                    kind, who, toks = speaker_of(view, s, v)
                    level = _max(level, kind)
                    attribution = attribution or who
                    speaker |= toks
    text = view.sentence.text.lower()
    for phrase in cues["reported"].get("phrases", ()):
        if phrase in text:
            level = _max(level, "reported")
    if pending(view, tok, cues["possible"].get("pending") or ()):
        level = _max(level, "possible")
    return Framing(level, attribution, frozenset(speaker))


def _trailing_reporting_clauses(view: SentenceView, tok: Token) -> list[Token]:
    """", John Kirby told reporters." after the statement it reports; parsers
    attach it as a conjunct or a separate clause rather than above it."""
    found = []
    for v in view.framing_words:
        if v.i <= tok.i or v.lemma_ not in view.lexicon.reporting_verbs or v.pos_ != "VERB":
            continue
        if v.dep_ not in ("conj", "parataxis", "ROOT", "advcl") or \
                any(c.dep_ == "ccomp" for c in v.children):
            continue
        subject = [c for c in v.children if c.dep_ == "nsubj"]
        if not subject:
            continue
        first = min(t.i for t in subject[0].subtree)
        if first > 0 and view.tokens[first - 1].text in (",", "—", "–", "-"):
            found.append(v)
    return found


def _full_name(view: SentenceView, first: Token, last: Token) -> str:
    """The name from ``first`` to ``last``, with a hyphenated part the tagger split
    off kept ("Shin Won-sik", "Jean-Yves Le Drian")."""
    toks = view.tokens
    end = last.i
    while end + 2 < len(toks) and toks[end + 1].text in ("-", "‑") and \
            not toks[end].whitespace_ and not toks[end + 1].whitespace_ and \
            toks[end + 2].is_alpha:
        end += 2
    return view.doc[first.i:end + 1].text


def pending(view: SentenceView, tok: Token, nouns) -> bool:
    """"A deal for Russia to buy missiles is under discussion": the verb that is
    "under discussion" governs the clause holding the event word."""
    if "under" not in view.sentence.text.lower():
        return False
    for t in view.tokens:
        if t.lower_ != "under" or t.dep_ != "prep":
            continue
        if not any(c.dep_ == "pobj" and c.lemma_.lower() in nouns for c in t.children):
            continue
        verb = t.head
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(tok.i in {x.i for x in s.subtree} for s in subjects):
            return True
    return False


def _speaker_as_apposition(view: SentenceView, verb: Token) -> list[Token]:
    """"sent shells to Russia, South Korea's defence minister said": a parser may
    hang the speaker on the noun before it as an apposition and leave the verb
    of saying without a subject. An agent noun ("minister", "officials") in
    apposition, set off by a comma and ending right before the verb, is taken
    for the speaker."""
    for n in view.tokens[:verb.i]:
        if n.dep_ != "appos" or not view.is_agent_noun(n):
            continue
        span = sorted(t.i for t in n.subtree)
        if span[-1] == verb.i - 1 and span[0] > 0 and view.tokens[span[0] - 1].text == ",":
            return [n]
    return []


def _is_ancestor(candidate: Token, tok: Token) -> bool:
    return any(a.i == candidate.i for a in tok.ancestors)


def certainty_at(view: SentenceView, tok: Token) -> tuple[Framing, str]:
    """How the event of word ``tok`` is framed (speaker, attribution), and its
    certainty: the higher-ranked of its own clause's cues and its framing's."""
    frame = framing(view, tok)
    return frame, _max(local_certainty(view, tok), frame.certainty)


def _max(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def speaker_of(view: SentenceView, np: Token, verb: Token) -> tuple[str, str | None, set[int]]:
    """(certainty, attribution, tokens) for the subject of a verb of saying."""
    cues = _cue_table(view)
    toks = {t.i for t in np.subtree}
    low = np.lower_
    lemma = np.lemma_.lower()
    if np.dep_ == "expl" or low == "it":
        return ("reported", None, set()) if verb.lemma_ in ("report", "say", "believe",
                                                             "understand", "claim") else (
            "asserted", None, set())
    if low in cues["alleged"]["nouns"] or lemma in cues["alleged"]["nouns"]:
        return "alleged", None, toks
    if low in cues["reported"]["nouns"] or lemma in cues["reported"]["nouns"]:
        return "reported", None, toks
    for t in np.subtree:
        m = view.actor_at.get(t.i)
        if m is not None and m.form == "person":
            return "asserted", m.person or m.text, toks
    names = [t for t in np.subtree if t.pos_ == "PROPN" and t.i not in view.actor_at]
    if len(names) >= 2 and names[-1].i - names[0].i == len(names) - 1 and \
            not view.is_agent_noun(names[-1]):  # "defense ministry" tagged as a name
        return "asserted", _full_name(view, names[0], names[-1]), toks
    actors = view.np_actors(np)
    if actors:
        return "asserted", actors[0].ref, toks
    if len(names) == 1 and names[0].i == np.i and np.text[:1].isupper() and \
            not view.is_agent_noun(np) and \
            sum(t.pos_ == "PROPN" for t in np.subtree) == 1:  # not "the Washington Post"
        # a surname alone ("Shin told reporters"); the document may know the full name
        return "asserted", _full_name(view, np, np), toks
    return "asserted", None, toks
