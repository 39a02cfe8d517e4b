from __future__ import annotations

from datetime import date

import pytest

from axiswatch.extract import extract_article
from axiswatch.extract.dates import find_times
from axiswatch.extract.quantities import parse_number, read_figure
from axiswatch.ingest.metadata import Metadata
from axiswatch.ingest.reader import build_article


@pytest.mark.parametrize("phrase, value, high, approx", [
    ("around 6,700", 6700, None, True),
    ("over 1,000", 1000, None, True),
    ("five million", 5_000_000, None, False),
    ("one-thousand", 1000, None, False),
    ("two hundred and fifty", 250, None, False),
    ("between 300 and 400", 300, 400, False),
    ("2,000-3,000", 2000, 3000, False),
    ("at least 11,000", 11000, None, True),
    ("1.5 million", 1_500_000, None, False),
])
def test_figures(phrase, value, high, approx):
    q = read_figure(phrase, "Shells")
    assert (q.value, q.high, q.approx, q.unit) == (value, high, approx, "shells")


@pytest.mark.parametrize("phrase", ["millions", "hundreds", "dozens", "a", "several"])
def test_vague_amounts_are_not_figures(phrase):
    assert read_figure(phrase, "shells") is None


def test_calibres_and_durations_are_not_counts():
    assert read_figure("152", "mm") is None
    assert read_figure("18", "months") is None


def test_parse_number_rejects_words():
    assert parse_number("several") is None


PUBLISHED = date(2024, 3, 1)


@pytest.mark.parametrize("text, value", [
    ("On Jan. 9, 2024, they met", "2024-01-09"),
    ("on 9 January 2024", "2024-01-09"),
    ("in October 2023", "2023-10"),
    ("in late 2022", "2022"),
    ("since mid-2022", "2022"),
    ("in September", "2023-09"),
    ("in February", "2024-02"),
    ("last month", "2024-02"),
    ("last year", "2023"),
    ("in October of last year", "2023-10"),
    ("yesterday", "2024-02-29"),
])
def test_times_resolve_against_publication(text, value):
    [t] = find_times(text, PUBLISHED)
    assert t.value == value


def test_relative_times_need_a_publication_date():
    assert find_times("last month", None) == []
    assert [t.value for t in find_times("in October 2023", None)] == ["2023-10"]


def test_spans_cover_the_expression():
    text = "They met on Jan. 9, 2024 in Moscow."
    [t] = find_times(text, None, offset=100)
    assert text[t.start - 100:t.end - 100] == "Jan. 9, 2024"


@pytest.mark.parametrize("text, expected", [
    ("Iran shipped drones to Russia on Tuesday.", "2024-09-10"),
    ("On Thursday Iran shipped drones to Russia.", "2024-09-12"),  # the publication day
    ("Yesterday Iran shipped drones to Russia.", "2024-09-11"),
    ("Three days ago Iran shipped drones to Russia.", "2024-09-09"),
    ("Two weeks ago, Iran shipped drones to Russia.", "2024-08"),
    ("Six months ago Iran shipped drones to Russia.", "2024-03"),
    ("Two years ago Iran shipped drones to Russia.", "2022"),
    ("Iran shipped drones to Russia, Kyiv said on Tuesday.", None),  # the saying's date
    ("On Tuesday, Kyiv said Iran is shipping drones to Russia.", "2024-09-10"),
])
def test_days_weeks_and_ago_resolve_against_a_thursday(text, expected):
    article = build_article(text, Metadata(published=date(2024, 9, 12)), "t", "t")
    (event,) = [e for e in extract_article(article) if e.type == "transfer"]
    assert event.when == expected
