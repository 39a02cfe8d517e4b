"""Weapon systems with one maker (systems.yaml): goods named by their system come
from its maker when the text names no origin (sentences written for these tests)."""

from __future__ import annotations

import pytest
from tests.test_extract import events_of, keys


@pytest.mark.parametrize("sentence, expected", [
    ("Morocco bought twelve Akinci drones last year.", ("transfer", "TUR", "MAR", "drone")),
    ("Estonia received K9 howitzers in 2023.", ("transfer", "KOR", "EST", "weapon")),
    ("Egypt has purchased Rafale fighter jets.", ("transfer", "FRA", "EGY", "weapon")),
])
def test_goods_named_by_their_system_come_from_its_maker(sentence, expected):
    assert expected in keys(events_of(sentence))


@pytest.mark.parametrize("sentence, expected, not_expected", [
    # a state the text names as the giver, or the goods' own adjective, comes first
    ("Ukraine has received F-16 fighter jets from the Netherlands.",
     ("transfer", "NLD", "UKR", "weapon"), ("transfer", "USA", "UKR", "weapon")),
    ("Ukraine received Polish Leopard tanks in March.",
     ("transfer", "POL", "UKR", "weapon"), ("transfer", "DEU", "UKR", "weapon")),
])
def test_a_named_origin_comes_before_the_maker(sentence, expected, not_expected):
    found = keys(events_of(sentence))
    assert expected in found and not_expected not in found, found


def test_the_maker_is_not_who_fired_what_was_shot_down():
    found = keys(events_of("Armenia shot down two Bayraktar drones over the border."))
    assert not any(k[0] == "use" and k[1] == "TUR" for k in found), found
