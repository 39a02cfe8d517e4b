"""Bans a state is bound by or breaks as sanctions on it ("in breach of U.N.
sanctions", "resolutions that bar X from"), on sentences written for these tests."""

from __future__ import annotations

import pytest
from tests.test_extract import events_of


def sanctions(text: str) -> set[tuple[str | None, str | None]]:
    return {(e["source"], e["target"]) for e in events_of(text) if e["type"] == "sanction"}


@pytest.mark.parametrize("text, expected", [
    # the ban's own "on": the state it binds
    ("Weapons kept reaching the rebels despite a United Nations arms prohibition on Libya.",
     {("UN", "LBY")}),
    # the one it bars
    ("Eritrea kept buying rifles, in defiance of Security Council resolutions that bar Eritrea "
     "from importing weapons.", {("UNSC", "ERI")}),
    ("Syria was prohibited from importing missiles under UN Security Council Resolution 2118.",
     {("UNSC", "SYR")}),
    # the one state that breaks it
    ("Venezuela imported 2 million barrels of fuel from Iran over the summer in breach of "
     "U.S. sanctions, analysts said.", {("USA", "VEN")}),
    ("Myanmar's violation of U.N. sanctions was documented by the panel.", {("UN", "MMR")}),
])
def test_a_ban_is_a_sanction_on_the_state_it_binds(text, expected):
    assert expected <= sanctions(text)


@pytest.mark.parametrize("text", [
    # a supplier and its client: which of them the ban binds, the sentence does not say
    "The trade between Belarus and Venezuela is in violation of UN Security Council "
    "resolutions.",
    # a pronoun speaker is not who breaks it
    "We are concerned by the trade in flagrant violation of Security Council resolutions.",
])
def test_no_sanction_without_the_one_state_bound(text):
    assert not {s for s in sanctions(text) if s[0] in ("UN", "UNSC")}
