from __future__ import annotations

import pytest

from axiswatch.nlp.gazetteer import default_gazetteer
from axiswatch.nlp.sentences import split_sentences


def refs(text: str, kind: str = "actor") -> list[str]:
    g = default_gazetteer()
    found = g.actors(text) if kind == "actor" else g.items(text)
    return [m.ref for m in found]


def test_states_by_name_adjective_capital_and_seat():
    text = ("North Korean officials met the Kremlin's envoy; Pyongyang, Seoul, the White House "
            "and Tehran reacted, as did the DPRK and Britain.")
    assert refs(text) == ["PRK", "RUS", "PRK", "KOR", "USA", "IRN", "PRK", "GBR"]


def test_states_outside_the_curated_list_come_from_iso_names():
    assert refs("Bolivia and Mozambique signed a pact.") == ["BOL", "MOZ"]


def test_people_stand_for_their_state_and_keep_their_name():
    [m] = default_gazetteer().actors("Kim Jong-un arrived.")
    assert (m.ref, m.form, m.person) == ("PRK", "person", "Kim Jong Un")


def test_defence_companies_and_services_stand_for_their_state():
    text = ("Hanwha Aerospace will build howitzers with Polska Grupa Zbrojeniowa, while "
            "Elbit Systems and Rosoboronexport bid against Lockheed Martin; the IRGC and "
            "the Royal Air Force looked on.")
    assert refs(text) == ["KOR", "POL", "ISR", "RUS", "USA", "IRN", "GBR"]
    [m] = default_gazetteer().actors("Baykar sold drones.")
    assert (m.ref, m.form) == ("TUR", "company")


def test_ministers_stand_for_their_state_by_full_name():
    found = default_gazetteer().actors("Le Drian met Annalena Baerbock; Senator Wong spoke.")
    assert [(m.ref, m.person) for m in found] == [
        ("FRA", "Jean-Yves Le Drian"), ("DEU", "Annalena Baerbock"), ("AUS", "Penny Wong")]


def test_made_in_adjectives_still_name_the_state():
    assert refs("North Korean-made missiles were fired.") == ["PRK"]


def test_based_and_flagged_name_the_state_and_more_demonyms():
    text = ("Hong Kong-based traders, a Russian-flagged tanker, Cypriot firms, the U.S and "
            "Kuwaiti buyers met in Dubai; Iranian-backed militias were not there.")
    assert refs(text) == ["CHN", "RUS", "CYP", "USA", "KWT", "ARE"]


def test_us_abbreviation_is_case_sensitive():
    assert refs("The US said so; let us go.") == ["USA"]


def test_items_with_plurals_aliases_and_longest_match():
    text = ("Geran-2 drones, 152mm shells, KN-23 missiles, loitering munitions, "
            "drone technologies and hard currency")
    assert refs(text, "item") == ["drone", "ammunition", "missile", "drone", "technology", "money"]


def test_weapon_systems_beyond_the_axis_have_their_category():
    text = ("Warsaw ordered F-35 jets, K9 howitzers and IRIS-T batteries; Kyiv fired ATACMS "
            "and flew TB2s, bought gunpowder, and a typhoon hit Taipei")
    assert refs(text, "item") == ["weapon", "weapon", "weapon", "missile", "drone", "materials"]


def test_training_is_know_how_and_bare_artillery_a_weapon():
    text = ("Tehran gave training and artillery, not artillery shells, at the training grounds; "
            "Moscow sent economic aid and glide bombs")
    assert refs(text, "item") == ["technology", "weapon", "ammunition", "money", "ammunition"]


def test_sentences_glued_without_a_space_are_split():
    text = "Shells went to Russia.In May, Reuters said so. The U.S.Army and e.g.Smith stay."
    parts = [s.text for s in split_sentences(text)]
    assert parts == ["Shells went to Russia.", "In May, Reuters said so.",
                     "The U.S.Army and e.g.Smith stay."]
    assert all(text[s.start:s.end] == s.text for s in split_sentences(text))


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = ("On Jan. 9, 2024, the U.S. and its partners spoke. Mr. Kirby said so.\n\n"
            "A new paragraph starts here! Does it?")
    sentences = list(split_sentences(text))
    assert [s.text for s in sentences] == [
        "On Jan. 9, 2024, the U.S. and its partners spoke.", "Mr. Kirby said so.",
        "A new paragraph starts here!", "Does it?"]
    assert all(text[s.start:s.end] == s.text for s in sentences)
    assert [s.paragraph for s in sentences] == [0, 0, 1, 1]


def test_remembered_attributes_equal_the_real_components():
    """The parser answers part of speech, morphology and lemma from memory; a
    second pass over the same sentences (all answered from memory) and the
    plain spaCy pipeline must annotate every word alike, two-word patterns
    ("there are", "gonna") included."""
    import spacy

    from axiswatch.nlp.parser import MODEL_PACKAGE, Parser

    texts = [
        "Tehran has sent hundreds of drones to Moscow, officials said on Tuesday.",
        "There are reports that the shells were shipped by rail.",
        "They're gonna sign the treaty, and it was signed by both ministers.",
        "Seoul condemned the transfers; Pyongyang denied them.",
        "Did the envoy have talks with him? He did, but I doubt it helped.",
    ]
    plain = spacy.load(MODEL_PACKAGE, exclude=["ner"])

    def annotations(docs):
        return [[(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in d]
                for d in docs]

    expected = annotations(plain.pipe(texts))
    parser = Parser(spacy.load(MODEL_PACKAGE, exclude=["ner"]))
    assert annotations(parser.pipe(texts)) == expected
    assert len(parser._memo) > 20
    assert annotations(parser.pipe(texts)) == expected  # now from memory
    # known words beside new ones: only the new ones go through the components
    mixed = ["Pyongyang has sent hundreds of howitzers to Minsk, diplomats said on Friday.",
             "The envoys weren't gonna sign; both ministers had signed it already."]
    assert annotations(parser.pipe(mixed)) == annotations(plain.pipe(mixed))


def test_seats_of_government_beyond_capitals_name_their_state():
    text = ("The Foreign Office summoned the envoy; the State Duma, the Knesset and the "
            "Bundestag debated, and the Treasury Department listed the firms.")
    assert refs(text) == ["GBR", "RUS", "ISR", "DEU", "USA"]


def test_armed_groups_and_blocs_keep_their_own_ids():
    text = ("The Huthis, the Rapid Support Forces (RSF), the Libyan National Army and "
            "Palestinian Islamic Jihad were named by the Gulf Cooperation Council and the "
            "African Union; the Sudanese Armed Forces and the Tatmadaw replied.")
    assert refs(text) == ["Houthis", "Rapid Support Forces", "Rapid Support Forces",
                          "Libyan National Army", "Islamic Jihad", "GCC", "AU", "SDN", "MMR"]


def test_commanders_of_armed_groups_speak_for_them():
    found = default_gazetteer().actors("Hemedti rejected it; Haftar and al-Burhan agreed.")
    assert [(m.ref, m.form) for m in found] == [
        ("Rapid Support Forces", "person"), ("Libyan National Army", "person"), ("SDN", "person")]


def test_alternatives_factored_by_first_letter_match_as_the_plain_group():
    import re

    from axiswatch.nlp.gazetteer import by_first_letter

    words = ["South Korea", "South", "Sudan", "Seoul", "the Kremlin", "The Hague", "-ish",
             "152 mm shell", "152", "Kyiv"]
    words = sorted(words, key=len, reverse=True)
    texts = ["South Korea and Sudan met in Seoul; the Kremlin, The Hague, Kyiv.",
             "a 152 mm shell, 152 rounds, south korea, THE KREMLIN, outlandish-ish"]
    for flags in (0, re.IGNORECASE):
        plain = re.compile("(?:" + "|".join(map(re.escape, words)) + ")", flags)
        factored = re.compile(by_first_letter([re.escape(w) for w in words],
                                              bool(flags)), flags)
        for text in texts:
            assert [m.span() for m in factored.finditer(text)] == \
                [m.span() for m in plain.finditer(text)]


def test_names_with_an_apostrophe_match_it_typeset_curly():
    found = default_gazetteer().actors("the Democratic People\u2019s Republic of Korea\u2019s "
                                       "troops")
    assert [(m.text, m.ref) for m in found] == [
        ("Democratic People\u2019s Republic of Korea", "PRK")]


def test_a_lemma_means_an_event_type_as_a_verb_a_noun_or_either():
    from axiswatch.nlp.lexicon import load_lexicon
    lexicon = load_lexicon()
    assert lexicon.means("supply", "transfer") and lexicon.means("supply", "transfer", "noun")
    assert lexicon.means("condemn", "denounce", "verb")
    assert not lexicon.means("condemn", "denounce", "noun")
    assert not lexicon.means("weather", "transfer")


@pytest.mark.parametrize("text, expected", [
    ("the growing Iran-Russia partnership", [("Iran", "IRN"), ("Russia", "RUS")]),
    ("Russia-North Korea ties", [("Russia", "RUS"), ("North Korea", "PRK")]),
    ("talks on the U.S.-South Korea alliance", [("U.S.", "USA"), ("South Korea", "KOR")]),
    # a name with a hyphen of its own is matched whole; prefixes are no names
    ("Kim Jong-Un met Putin", [("Kim Jong-Un", "PRK"), ("Putin", "RUS")]),
    ("pro-Russian separatists and Anti-Western protests", []),
])
def test_two_names_joined_by_a_hyphen_are_both_named(text, expected):
    assert [(m.text, m.ref) for m in default_gazetteer().actors(text)] == expected
