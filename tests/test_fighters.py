"""Foreign fighters: troops fighting for another state are a use of force by their
own state against that state's foes, and were sent to it (sentences written for
these tests)."""

from __future__ import annotations

import pytest
from tests.test_extract import events_of, keys


@pytest.mark.parametrize("text, expected", [
    # the ally named with "alongside", "on the side of", "for"; the foe from the article
    ("Serbian artillery shelled Croatian towns for a week. Some 2,000 Hungarian soldiers fought "
     "alongside Serbian forces near the border, officials said.",
     {("use", "HUN", "HRV", "personnel"), ("transfer", "HUN", "SRB", "personnel")}),
    ("Chadian mercenaries fighting on the side of Libya suffered heavy losses in the war "
     "between Libya and Egypt.",
     {("use", "TCD", "EGY", "personnel"), ("transfer", "TCD", "LBY", "personnel")}),
    ("Cuban soldiers are fighting for Venezuela against Colombian troops.",
     {("use", "CUB", "COL", "personnel"), ("transfer", "CUB", "VEN", "personnel")}),
    # "took part in the Venezuelan attacks": the attacks are the ally's own
    ("Colombia was struck again on Monday. Cuban troops took part in the Venezuelan attacks.",
     {("use", "CUB", "COL", "personnel"), ("transfer", "CUB", "VEN", "personnel")}),
])
def test_fighters_for_an_ally_are_their_own_states_use(text, expected):
    found = keys(events_of(text))
    assert expected <= found
    allies = {k[2] for k in expected if k[0] == "transfer"}
    # the ally is never taken for the one who fights nor for the one struck
    assert not {k for k in found if k[0] == "use" and k[3] == "personnel"
                and (k[1] in allies or k[2] in allies)}


@pytest.mark.parametrize("text", [
    # a state's own army fighting: no ally, no one sent
    "Armenian troops are fighting in the mountains.",
    # fighters with no state of their own named
    "Some of these soldiers have already fought alongside Serbian troops.",
])
def test_no_foreign_fighters_without_an_ally_and_their_state(text):
    assert not {k for k in keys(events_of(text)) if k[0] == "use" and k[3] == "personnel"}


def test_a_use_with_no_one_struck_is_against_the_users_foe_in_the_articles_war():
    found = keys(events_of("Venezuela's war against Guyana entered its second year. Venezuela "
                           "has used Iranian drones heavily, officials said."))
    assert ("use", "VEN", "GUY", "drone") in found, found


@pytest.mark.parametrize("text, expected", [
    # force with no goods named: weapons
    ("Turkey has repeatedly bombed Syrian territory.", ("use", "TUR", "SYR", "weapon")),
    # goods named: those
    ("Russian missile strikes hit Kyiv overnight.", ("use", "RUS", "UKR", "missile")),
])
def test_force_with_no_goods_named_used_weapons(text, expected):
    assert expected in keys(events_of(text))
