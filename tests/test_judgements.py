"""Denunciations stated as judgements ("... was a flagrant breach of international
law, the minister said"), on sentences written for these tests."""

from __future__ import annotations

import pytest
from tests.test_extract import events_of


def denounced(text: str) -> set[tuple[str | None, str | None]]:
    return {(e["source"], e["target"]) for e in events_of(text) if e["type"] == "denounce"}


@pytest.mark.parametrize("text, expected", [
    # a copula: the judged phrase's own state did it
    ("Chile's foreign minister said the Argentine missile tests were a dangerous escalation.",
     {("CHL", "ARG")}),
    ("Brazil said, \"Venezuelan arms purchases from Belarus are a flagrant breach of the "
     "regional accord.\"", {("BRA", "VEN")}),
    ("Greece's drone flights over the islands were a provocation, the Turkish defence "
     "ministry said on Monday.", {("TUR", "GRC")}),
    # "by" and "between" name the doers
    ("Norway said the seizure of the tanker by Iran was illegal.", {("NOR", "IRN")}),
    ("\"The military cooperation between Myanmar and Belarus poses a direct threat to the "
     "region,\" Thailand's prime minister said.", {("THA", "MMR"), ("THA", "BLR")}),
    # naming: "called X Y", "described X as Y"
    ("Pakistan called India's missile test reckless.", {("PAK", "IND")}),
    ("Moscow described Finland's new sanctions as an unfriendly move.", {("RUS", "FIN")}),
    # a judgement on a noun the speaker names
    ("\"We are acting in response to Syria's reckless decision to arm the militias,\" the "
     "Jordanian foreign minister said.", {("JOR", "SYR")}),
    ("\"It is unacceptable for us that Serbia supplies weapons to the separatists,\" "
     "Croatia's president said.", {("HRV", "SRB")}),
])
def test_a_speaker_judging_an_act_denounces_who_did_it(text, expected):
    assert expected <= denounced(text)


@pytest.mark.parametrize("text", [
    # the act's victim is not its doer
    "Germany said the invasion of Georgia was a flagrant breach of international law.",
    # no speaker: the article's own judgement
    "Kenya's arms purchases from Uganda were a dangerous escalation.",
    # nobody named as doing what is judged
    "Iran called the move illegal.",
    # denied: no judgement
    "Japan said Australia's missile test was not a provocation.",
    # a threat from goods is no state's act
    "Analysts said Peruvian drones pose a threat to Bolivian cities.",
])
def test_no_denunciation_without_a_speaker_a_doer_or_a_judgement(text):
    assert not {(s, t) for s, t in denounced(text)
                if t in ("GEO", "UGA", "KEN", "AUS", "PER", "BOL")}
    if text.startswith("Iran called"):
        assert not denounced(text)


def test_a_judgement_keeps_the_speakers_hedge():
    events = [e for e in events_of("Sweden said Hungary's arms deal with Serbia may be "
                                   "illegal.") if e["type"] == "denounce"]
    assert [(e["source"], e["target"]) for e in events] == [("SWE", "HUN")]


def test_a_judged_move_named_before_was_made_by_its_doer():
    found = denounced("Britain, France and Germany reimposed sanctions on Iran on Friday. "
                      "Iran has called the move illegal.")
    assert {("IRN", "GBR"), ("IRN", "FRA"), ("IRN", "DEU")} <= found, found
    # with no act named before, no one is denounced
    assert not denounced("Iran has called the move illegal.")


def test_a_judged_transfer_of_goods_named_before_was_made_by_its_supplier():
    found = denounced("Belarus has sent ballistic missiles to Venezuela. Colombia and Brazil "
                      "said in a statement that the transfer of missiles is a direct threat "
                      "to regional security.")
    assert {("COL", "BLR"), ("BRA", "BLR")} <= found, found
    # the transfer's doer named with "to" is not left for the article to give
    assert not denounced("Colombia said the transfer to Venezuela is a direct threat.") & \
        {("COL", "BLR")}
