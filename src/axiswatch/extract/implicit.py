"""Events no event word states: goods a state owns that another made ("India's
French-made Rafales"); a deal's contents listed after the deal ("The package
includes HIMARS systems"), whose parties :mod:`axiswatch.extract.document` takes
from the transfer the article has just named; and the states where those a
sanctions list names are based ("Firms in Turkey and India were also included"),
sanctioned by whoever the article has just named as imposing it.
"""

from __future__ import annotations

from spacy.tokens import Token

from axiswatch.extract.attributes import event_time
from axiswatch.extract.certainty import certainty_at
from axiswatch.extract.dates import TimeMention
from axiswatch.extract.sentence import Draft
from axiswatch.extract.syntax import SentenceView
from axiswatch.model import Mention


def implicit_drafts(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    return owned_imports(view, index, times) + bundle_contents(view, index, times) + \
        listed_places(view, index, times)


def _makers(view: SentenceView, root: Token) -> list[Mention]:
    """States named as makers before an item's word ("French-made", "Chinese",
    "US"), never its possessor."""
    found: list[Mention] = []
    for t in range(root.left_edge.i, root.i):
        m = view.actor_at.get(t)
        tok = view.tokens[t]
        if m is None or m in found or tok.dep_ == "poss" or view.mention_root[m].i != t:
            continue
        head = tok
        for _ in range(4):
            if head.dep_ not in ("amod", "compound", "npadvmod", "nmod", "conj"):
                break
            head = head.head
            if head.i == root.i:
                found.append(m)
                break
    return found


def owned_imports(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    """"India's French-made Rafales", "Kenya's fleet of Italian helicopters": a
    state owns goods another state made, so the maker supplied them."""
    out: list[Draft] = []
    for item, root in view.mention_root.items():
        if item.kind != "item" or item.ref == "personnel":
            continue
        holder = root.head if root.dep_ == "pobj" and root.head.lower_ == "of" else None
        owners = [m for t in (root, holder.head if holder is not None else None) if t is not None
                  for c in t.children if c.dep_ == "poss" for m in view.np_actors(c, "any")]
        owned = {o.ref for o in owners}
        makers = [m for m in _makers(view, root) if m.ref not in owned]
        if not owners or not makers:
            continue
        frame, certainty = certainty_at(view, root)
        out.extend(Draft("transfer", [maker.ref], [owners[0].ref], item, None,
                         event_time(view, root, times), "delivered", frame.attribution,
                         certainty, index, root.i, "noun", explicit=2, trigger=root.text)
                   for maker in makers)
    return out


def bundle_contents(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    """"The package includes HIMARS systems and Altius drones": goods of the transfer
    the article has just named, whose parties :mod:`document` fills in."""
    if view.actor_at:
        return []  # a sentence with its own actors says who by itself
    cues = view.lexicon.cues
    out: list[Draft] = []
    for tok in view.tokens:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in (cues.get("inclusion_verbs") or ()):
            continue
        holder = tok
        while holder.dep_ in ("xcomp", "conj") and holder.head.i != holder.i:
            holder = holder.head  # "the sale was intended to include"
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects or subjects[0].lemma_.lower() not in (cues.get("bundle_nouns") or ()):
            continue
        skip = {t.i for t in subjects[0].subtree}
        frame, certainty = certainty_at(view, tok)
        seen: set[str] = set()
        for item in view.items_below(tok, skip):
            if item.ref in seen:
                continue
            seen.add(item.ref)
            out.append(Draft("transfer", [], [], item, None, event_time(view, tok, times),
                             None, frame.attribution, certainty, index, tok.i, "verb",
                             explicit=0, trigger=tok.text, guess=False, inherit=True))
    return out


_LIST_MARKERS = ("like", "including")
_COUNTRY_WORDS = ("country", "nation", "jurisdiction", "state")


def _placed(view: SentenceView, tok: Token) -> bool:
    """Whether an actor's word places those a list names: "firms in Turkey", "six
    from China", "others based in Oman", "Cypriot firms", "third countries like
    Serbia and Thailand"."""
    cues = view.lexicon.cues
    listed = set(cues.get("listed_nouns") or ())
    for _ in range(8):  # up the list the actor is a member of
        if tok.dep_ in ("conj", "appos") and tok.head.i != tok.i:
            tok = tok.head
        elif tok.dep_ == "pobj" and (tok.head.lower_ in _LIST_MARKERS or tok.head.lower_ == "as"
                                     and any(c.lower_ == "such" for c in tok.head.children)):
            tok = tok.head.head  # "countries like Serbia"
        elif tok.lemma_.lower() in _COUNTRY_WORDS and tok.dep_ != "pobj" and \
                tok.head.i != tok.i and tok.dep_ != "ROOT":
            tok = tok.head
        else:
            break
    if tok.dep_ in ("amod", "compound", "nmod") and tok.i in view.actor_at:
        return tok.head.lemma_.lower() in listed  # "11 Chinese firms"
    if tok.dep_ != "pobj" or tok.head.lower_ not in ("in", "from"):
        return False
    holder = tok.head.head
    if holder.pos_ == "VERB" and holder.lemma_.lower() in (cues.get("placing_words") or ()):
        subjects = [c for c in holder.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:  # "some of them are located in ..."
            holder = subjects[0]
            return holder.lemma_.lower() in listed or holder.pos_ in ("PRON", "NUM")
        holder = holder.head  # "others based in Oman"
    return holder.lemma_.lower() in listed or holder.like_num or holder.pos_ == "NUM"


def _imposers(view: SentenceView) -> list[str]:
    """Who a sanctions word of the sentence names as imposing it by a possessive,
    a modifier, a participle's "by" or as the subject of the verb it is the object
    of: "the EU's list", "the new EU sanctions list", "the blacklist released by
    Japan", "the US placed sanctions on seven firms located in the UAE"."""
    found: list[str] = []
    evading = view.lexicon.words("evading_verbs")
    for tok in view.tokens:
        if not view.lexicon.means(tok.lemma_.lower(), "sanction"):
            continue
        if tok.dep_ == "dobj" and tok.head.lemma_.lower() in evading or any(
                c.dep_ == "amod" and c.lemma_.lower() in evading for c in tok.children):
            continue  # "helping Moscow circumvent sanctions": who evades imposes none
        noun = tok.head if tok.dep_ == "compound" and tok.head.pos_ == "NOUN" else tok
        for c in (*tok.children, *noun.children):
            if c.dep_ in ("poss", "compound", "amod", "nmod") and (m := view.actor(c)):
                found.append(m.ref)
        for acl in view.children(noun, ("acl",)):
            found += [m.ref for p in view.prep_objects(acl, ("by",))
                      if (m := view.actor(p)) is not None]
        if noun.pos_ == "NOUN" and not found:  # "the US placed sanctions on firms in the UAE"
            found += [m.ref for m in view.noun_agent(noun)]
    return list(dict.fromkeys(found))


def listed_places(view: SentenceView, index: int, times: list[TimeMention]) -> list[Draft]:
    """"Firms in Turkey and India were also included", "The blacklist includes 11
    Chinese firms, along with five from Russia and others based in Oman": each
    state is the target of a sanction whose imposer :mod:`document` takes from the
    article's latest sanction (none there, no event)."""
    cues = view.lexicon.cues
    listing = {*(cues.get("listing_words") or ()), *(cues.get("placing_words") or ())}
    cue = next((t for t in view.tokens if t.lemma_.lower() in listing and t.pos_ == "VERB"
                or view.lexicon.means(t.lemma_.lower(), "sanction")), None)
    if cue is None:
        return []
    frame, certainty = certainty_at(view, cue)
    imposers = _imposers(view)
    out: list[Draft] = []
    seen: set[str] = set(imposers)
    for m, root in sorted(view.mention_root.items(), key=lambda mr: mr[1].i):
        if m.kind != "actor" or m.ref in seen or m.ref in view.lexicon.groups or \
                not _placed(view, root):
            continue
        seen.add(m.ref)
        out.append(Draft("sanction", imposers, [m.ref], None, None, event_time(view, cue, times),
                         None, frame.attribution, certainty, index, root.i, "noun",
                         explicit=1 + bool(imposers), trigger=cue.text, guess=False,
                         inherit=not imposers))
    return out
