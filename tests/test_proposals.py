"""Candidate events and their features (extract/proposals.py): list members."""

from __future__ import annotations

from axiswatch.extract.document import analyse_articles
from axiswatch.ingest.reader import article_from_bytes


def _proposals(text: str, etype: str) -> dict[tuple, list[str]]:
    article = article_from_bytes(text.encode(), "prop-test", "test")
    analysis = next(analyse_articles([article]))
    return {(p.source, p.target): p.features for p in analysis.proposals if p.type == etype}


def _role(features: list[str], side: str) -> set[str]:
    bare = [f.split("|", 1)[-1] for f in features]
    return {f for f in bare if f.startswith((f"{side}_dep=", f"{side}_gov="))}


def test_every_member_of_a_subject_list_takes_the_lists_role() -> None:
    text = ("Canada, the European Union (EU), Japan and Norway imposed sanctions on Belarus "
            "on Friday.")
    found = _proposals(text, "sanction")
    first = _role(found[("CAN", "BLR")], "src")
    assert "src_dep=nsubj" in first
    for member in ("EU", "JPN", "NOR"):
        assert _role(found[(member, "BLR")], "src") == first, member


def test_list_members_are_one_list_not_a_path_between_parties() -> None:
    text = "Chile, Peru and Colombia signed a naval cooperation accord in Lima."
    found = _proposals(text, "agreement")
    pair = found.get(("CHL", "PER")) or found[("PER", "CHL")]
    assert "agreement|path=samelist" in pair


def test_an_apposition_that_is_not_an_actor_is_not_climbed() -> None:
    # "Ankara, the capital" is no list: Turkey keeps its own role
    text = "Sweden sold radar parts to Ankara, its new partner, last spring."
    found = _proposals(text, "transfer")
    assert "tgt_dep=pobj" in _role(found[("SWE", "TUR")], "tgt")


def test_every_coordinated_maker_of_an_item_is_its_origin() -> None:
    text = ("Reports say the Ethiopian army has flown Iranian, Turkish and Chinese drones "
            "against rebel columns.")
    found = _proposals(text, "use")
    for maker in ("IRN", "TUR", "CHN"):
        features = found.get(("ETH", maker))
        if features is not None:  # the maker as a target: the item's origin says so
            assert "use|origin=tgt" in features, maker
    transfers = _proposals(text, "transfer")
    for maker in ("IRN", "TUR", "CHN"):
        assert "transfer|origin=src" in transfers[(maker, "ETH")], maker


def test_a_rule_event_whose_parties_the_sentence_does_not_name_is_proposed() -> None:
    text = ("Canada imposed sanctions on 40 companies on Monday. Firms in Brazil and Mexico "
            "were also included.")
    found = _proposals(text, "sanction")
    for target in ("BRA", "MEX"):
        features = found[("CAN", target)]
        assert "sanction|rule_exact" in features and "sanction|src_ctx=previous" in features
    assert ("BRA", "MEX") in found  # the sentence's own pairs as before


def test_uses_sanctions_and_production_are_proposed_only_where_a_word_states_them() -> None:
    # no word of force, sanctions or making, and no rule reading one: none proposed
    text = "Chile and Peru signed a fisheries accord in Lima on Friday."
    for etype in ("use", "sanction", "production"):
        assert not _proposals(text, etype), etype
    # a meeting or a deal may be told without a word of its own: still proposed
    assert _proposals(text, "meeting")
    # a word of the type brings its candidates back
    assert _proposals("Chile imposed sanctions on Peru on Friday.", "sanction")
    assert _proposals("Chile shelled Peruvian positions with artillery.", "use")
