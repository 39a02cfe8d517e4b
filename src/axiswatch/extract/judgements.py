"""Denunciations stated as judgements, with no word of denouncing.

"U.S. arms sales to Taiwan were a serious breach of international law, the
Chinese spokesperson said", "Iran's missile barrage was a dangerous escalation,
Senator Wong said", "Russia's ambassador called the move another blatant
provocation", "the cooperation between Russia and Iran poses a direct threat":
a speaker judges an act with a word of wrong (``cues.yaml: judgement_words``),
and so denounces who did it. The speaker is the subject of the verb of saying
(or of naming: "called X Y", "described X as Y") the judgement is said in; who
did the act is the judged phrase's own state (its possessive, its adjective,
"by" X, "between" X and Y), or the judged phrase itself when it names a state.
With no speaker or no doer in the sentence there is no event: an article's own
judgement is no state's, and "Iran called the move illegal" names no mover.
"""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.attributes import event_time
from axiswatch.extract.certainty import certainty_at
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.frames import act_modifiers, participle_agents
from axiswatch.extract.sentence import Draft
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention

_SUBJECTS = ("nsubj", "nsubjpass")



def _subject_of(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _judged(view: SentenceView, tok: Token) -> tuple[Token, Token] | None:
    """The phrase a judgement word judges, and the verb of the judgement's clause."""
    naming = view.lexicon.words("naming_verbs")
    noun = tok.head if tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN") else tok
    if tok.pos_ == "VERB" and tok.dep_ != "amod":  # "the cooperation threatens Europe"
        subject = _subject_of(tok)
        return (subject, tok) if subject is not None else None
    if noun.dep_ in ("attr", "acomp", "oprd", "dobj") or tok.dep_ in ("acomp", "oprd"):
        word = noun if noun.dep_ in ("attr", "acomp", "oprd", "dobj") else tok
        verb = word.head
        if verb.lemma_.lower() in naming:  # "called the move a provocation"
            obj = next((c for c in verb.children if c.dep_ == "dobj" and c.i != word.i), None)
            return (obj, verb) if obj is not None else None
        if word.dep_ == "dobj" and verb.lemma_.lower() not in view.lexicon.words("posing_verbs"):
            return None
        subject = _subject_of(verb)
        if subject is None:
            return None
        if subject.lower_ == "it":  # "it is unacceptable that Israel supplies ..."
            clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
            subject = _subject_of(clause) if clause is not None else None
        return (subject, verb) if subject is not None else None
    if noun.dep_ == "pobj" and noun.head.lower_ == "as":  # "described the sanctions as hostile"
        holder = noun.head.head
        if holder.dep_ == "dobj" and holder.head.lemma_.lower() in naming:
            return holder, holder.head  # "as" hung on the object
        if holder.lemma_.lower() in naming:
            obj = next((c for c in holder.children if c.dep_ == "dobj"), None)
            return (obj, holder) if obj is not None else None
        return None
    if noun.dep_ == "pobj" and noun.head.lower_ == "in" and noun.head.head.pos_ in ("VERB", "AUX"):
        verb = noun.head.head  # "Iran is arming them in violation of resolutions"
        subject = _subject_of(verb)
        return (subject, verb) if subject is not None else None
    if tok.dep_ == "amod" and noun is not tok:  # "Iran's reckless decision"
        verb = noun
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return noun, verb
    return None


def _doers(view: SentenceView, judged: Token) -> list[Mention]:
    """Who did the judged act: the phrase's own state(s), never those it is done to."""
    if judged.i in view.actor_at:
        return view.np_actors(judged, "any")
    # "Iran's reckless decision", "Venezuelan arms sales", "by Iran", "between X and Y",
    # "the sanctions imposed by the EU"
    found = act_modifiers(view, judged) + participle_agents(view, judged)
    for obj in view.prep_objects(judged, ("by", "between")):
        found += view.np_actors(obj, "any")
    hostile = judged.lemma_.lower() in view.lexicon.words("hostile_acts") or \
        view.lexicon.means(judged.lemma_.lower(), "use", "noun")
    if not found and not hostile:  # "the invasion of Ukraine": who is struck, not a doer
        for obj in view.prep_objects(judged, ("of",)):
            if obj.i in view.actor_at:  # "the activities of the Ukrainian forces"
                found += view.np_actors(obj, "any")
    return list(dict.fromkeys(found))


def _speakers(view: SentenceView, verb: Token) -> list[Mention]:
    """Who says the clause of ``verb``: the subject of a verb of saying or naming
    above it (or the verb itself, when it names)."""
    saying = view.lexicon.reporting_verbs | view.lexicon.words("naming_verbs")
    clause = verb
    for _ in range(4):
        if clause.lemma_.lower() in saying and clause.pos_ == "VERB":
            return [m for m in view.subject(clause) if m.kind == "actor"]
        if clause.dep_ not in ("ccomp", "parataxis", "xcomp", "advcl", "conj") or \
                clause.head.i == clause.i:
            break
        clause = clause.head
    return []


def _referred_act(view: SentenceView, judged: Token) -> str | None:
    """For an act named by a definite noun with no doer ("the move", "the
    strikes", "this decision"): the event type whose latest doer it refers to
    ("" for any), from ``cues.yaml: referring_acts``; else None."""
    if not any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "that", "such")
               for c in judged.children):
        return None
    # "the transfer of missiles" names no doer either; "the transfer to Russia" does
    if any(c.dep_ == "prep" and (c.lower_ != "of" or any(t.i in view.actor_at
                                                         for t in c.subtree))
           for c in judged.children):
        return None
    kinds = view.lexicon.cues.get("referring_acts") or {}
    lemma = judged.lemma_.lower()
    for kind, nouns in kinds.items():
        if lemma in (nouns or ()):
            return "" if kind == "any" else str(kind)
    return None


def judgement_drafts(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    words = view.lexicon.words("judgement_words")
    out: list[Draft] = []
    seen: set[tuple[str, str]] = set()
    for tok in view.tokens:
        if tok.lemma_.lower() not in words and tok.lower_ not in words:
            continue
        found = _judged(view, tok)
        if found is None:
            continue
        judged, verb = found
        speakers = [m.ref for m in _speakers(view, verb)]
        targets = [m.ref for m in _doers(view, judged) if m.ref not in speakers]
        pairs = [(s, t) for s in speakers for t in targets if (s, t) not in seen]
        frame, certainty = certainty_at(view, tok)
        if certainty == "denied":  # "said the strike was not an escalation"
            continue
        latest = _referred_act(view, judged) if speakers and not targets else None
        if latest is not None:  # "Iran called the move illegal": who made the move
            out.append(Draft("denounce", speakers, [], None, None, event_time(view, tok, times),
                             None, frame.attribution, certainty, index, tok.i, "noun",
                             explicit=1, trigger=tok.text, guess=False,
                             denounces_latest=latest))
            continue
        if not pairs:
            continue
        seen.update(pairs)
        out.append(Draft("denounce", list(dict.fromkeys(s for s, _ in pairs)),
                         list(dict.fromkeys(t for _, t in pairs)), None, None,
                         event_time(view, tok, times), None, frame.attribution, certainty,
                         index, tok.i, "noun", explicit=2, trigger=tok.text, guess=False))
    return out
