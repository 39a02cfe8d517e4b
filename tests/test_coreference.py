"""Referring phrases resolved to the actors named before them (nlp/coreference.py)."""

from __future__ import annotations

from pathlib import Path

from axiswatch.extract.classifier import read_model
from axiswatch.extract.document import extract_article
from axiswatch.ingest.reader import article_from_bytes
from axiswatch.nlp.coreference import actor_lists, resolve
from axiswatch.nlp.gazetteer import default_gazetteer
from axiswatch.nlp.sentences import split_sentences

SHIPPED = Path(__file__).resolve().parents[1] / "src/axiswatch/data/model/events.json"


def _resolved(text: str) -> list[list[tuple[str, str, str]]]:
    """Per sentence: (phrase, actor, form) of every mention the step adds."""
    sentences = list(split_sentences(text))
    mentions = default_gazetteer().actors(text)
    actors = [[m for m in mentions if s.start <= m.start < s.end] for s in sentences]
    return [[(m.text, m.ref, m.form) for m in found]
            for found in resolve(text, sentences, actors)]


def test_plural_phrase_takes_the_latest_list_of_its_size() -> None:
    text = ("Officials from Brazil and Argentina met in Montevideo on Tuesday. "
            "The two countries agreed to build patrol boats together.")
    added = _resolved(text)
    assert added[0] == []
    assert {(ref, form) for _, ref, form in added[1]} == {("BRA", "ref-list"),
                                                          ("ARG", "ref-list")}
    assert all(phrase == "The two countries" for phrase, _, _ in added[1])


def test_a_number_finds_the_sentence_naming_that_many_else_nothing() -> None:
    text = ("Greece and Cyprus protested to Ankara. "
            "The three governments will hold talks next month.")
    # no list of three, but a sentence naming exactly three actors
    assert {ref for _, ref, _ in _resolved(text)[1]} == {"GRC", "CYP", "TUR"}
    text = "Greece and Cyprus protested. The four governments will hold talks."
    assert _resolved(text)[1] == []


def test_european_powers_resolve_to_the_states_listed_before() -> None:
    text = ("France, Germany and the United Kingdom triggered the snapback mechanism. "
            "Moscow accused the European powers of bad faith.")
    refs = {ref for _, ref, _ in _resolved(text)[1]}
    assert refs == {"FRA", "DEU", "GBR"}


def test_singular_phrase_takes_the_first_actor_of_the_latest_sentence() -> None:
    text = ("Pakistan tested a new cruise missile on Monday. "
            "The country says the weapon can carry a nuclear warhead.")
    assert _resolved(text)[1] == [("The country", "PAK", "ref-one")]


def test_sanctions_regime_is_not_a_state() -> None:
    text = ("Iran shipped drones to Sudan last year. "
            "Diplomats said the sanctions regime had failed to stop it.")
    assert _resolved(text)[1] == []


def test_we_inside_a_quote_is_the_speakers_state() -> None:
    text = ('Japanese Prime Minister Fumio Kishida spoke to reporters in Tokyo. '
            '"We strongly protest this launch," he said.')
    added = _resolved(text)[1]
    assert [(ref, form) for _, ref, form in added] == [("JPN", "ref-we")]


def test_we_in_a_joint_statement_is_its_signatories() -> None:
    text = ("The foreign ministers of Canada, Italy and Australia issued the following "
            "statement.\n\nWe condemn the transfer of ballistic missiles to Russia.")
    refs = {ref for _, ref, _ in _resolved(text)[1]}
    assert {"CAN", "ITA", "AUS"} <= refs


def test_a_phrase_naming_an_actor_already_in_the_sentence_adds_nothing() -> None:
    text = ("Egypt and Sudan signed a defence pact. "
            "Egypt said the two countries would train together.")
    refs = {ref for _, ref, _ in _resolved(text)[1]}
    assert "EGY" not in refs
    assert refs == {"SDN"}


def test_actor_lists_need_two_distinct_actors_joined_by_commas_or_and() -> None:
    text = "Poland, Lithuania and Latvia; later Estonia spoke, then Finland."
    mentions = default_gazetteer().actors(text)
    runs = actor_lists(text, mentions)
    assert [[m.ref for m in run] for run in runs] == [["POL", "LTU", "LVA"]]


def test_no_actors_no_resolution_and_no_crash() -> None:
    text = "The two countries met. We condemn it. The regime fell.\n\n\u201cWe will"
    assert _resolved(text) == [[], [], [], []]


def test_extractor_sees_the_parties_a_phrase_refers_to() -> None:
    text = ("Title: Pact\nDate: 2024-05-02\n\n"
            "Leaders of Vietnam and India met in Hanoi on Thursday. "
            "The two countries signed a defence cooperation agreement.")
    article = article_from_bytes(text.encode(), "coref-test", "test")
    events = extract_article(article, model=read_model(SHIPPED))
    pairs = {(e.type, e.source, e.target) for e in events}
    assert ("agreement", "IND", "VNM") in pairs


def test_the_north_is_the_latest_state_named_with_north_first() -> None:
    text = ("North Macedonia bought helicopters from France in 2022. Officials in Skopje "
            "praised the deal. Paris said the North would get spare parts too.")
    assert _resolved(text)[2] == [("the North", "MKD", "ref-one")]
    assert _resolved("Kenya sent ships to the North Sea.") == [[]]


def test_his_country_is_the_named_persons_state_not_a_later_adjectives() -> None:
    text = ("Kazakh President Kassym-Jomart Tokayev confirmed the delivery of Turkish "
            "drones to his country.")
    added = _resolved(text)[0]
    assert [(ref, form) for _, ref, form in added] == [("KAZ", "ref-one")], added


def test_we_is_who_the_statement_is_by_whatever_the_title_names_first() -> None:
    text = ("Serbia/Kosovo: Joint Statement by the Foreign Minister of Austria and the "
            "Foreign Minister of Hungary on the Border\n\n"
            "We condemn the shipment of rifles to the region.")
    assert {ref for _, ref, _ in _resolved(text)[1]} == {"AUT", "HUN"}


def test_an_unattributed_quote_in_an_article_with_a_joint_statement_is_its_signers() -> None:
    text = ("A statement by Antony Blinken, who spoke in Lima, preceded it.\n\n"
            '"We strongly condemn the transfer of drones to Venezuela."\n\n'
            "Joint Statement by Chile, Peru, and Colombia")
    assert {ref for _, ref, _ in _resolved(text)[1]} == {"CHL", "PER", "COL"}


def test_a_list_may_name_its_states_through_their_offices() -> None:
    text = ("The Ministers of Foreign Affairs of Norway, Sweden, the High Representative of "
            "the European Union, and the Secretary of State of the United States met.")
    runs = actor_lists(text, default_gazetteer().actors(text))
    assert [[m.ref for m in run] for run in runs] == [["NOR", "SWE", "EU", "USA"]]


def test_two_phrases_for_one_actor_in_a_sentence_are_both_resolved() -> None:
    text = ("North Korea sent troops to Russia in October. The cooperation between the two "
            "countries alarmed Seoul, with Tokyo condemning the North for sending them.")
    added = _resolved(text)[1]
    assert ("the North", "PRK", "ref-one") in added, added
    assert ("PRK", "ref-list") in {(ref, form) for _, ref, form in added}, added
