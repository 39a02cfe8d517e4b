"""Fusion stages on plain data: stories, support, facts in time, series, conflicts."""

from __future__ import annotations

import random
from datetime import date

from axiswatch.fuse.claims import Claim, FigurePoint, unit_of
from axiswatch.fuse.conflicts import denial_conflicts, figure_conflicts
from axiswatch.fuse.facts import group_facts
from axiswatch.fuse.near_duplicates import same_story, signature, similarity
from axiswatch.fuse.series import build_series
from axiswatch.fuse.stories import group_stories
from axiswatch.fuse.support import confidence, independent_groups, summarize

STORY = ("North Korea has shipped more than 1,000 containers of ammunition to Russia, South "
         "Korea's intelligence agency said on Friday. The containers were loaded at the port of "
         "Rajin and carried by rail towards the front in Ukraine, the agency told lawmakers in a "
         "closed briefing on the state of the alliance between the two countries.")


def claim(event_id: int, doc: str, *, story: str | None = None, publisher: str | None = None,
          published: str | None = "2024-01-10", type: str = "transfer", source: str = "PRK",
          target: str | None = "RUS", category: str | None = "ammunition",
          when: str | None = None, certainty: str = "asserted") -> Claim:
    return Claim(event_id, doc, story or doc, publisher,
                 date.fromisoformat(published) if published else None, type, source, target,
                 category, when, certainty)


def point(event_id: int, doc: str, value: float, *, published: str = "2024-10-04",
          story: str | None = None, bound: str | None = "about", unit: str = "containers",
          when: str | None = None, high: float | None = None) -> FigurePoint:
    return FigurePoint(event_id, doc, story or doc, None, date.fromisoformat(published),
                       "transfer", "PRK", "RUS", "ammunition", when, value, high, unit,
                       bound is not None, bound, "asserted")


# -- near-duplicates and stories ------------------------------------------------------------

def test_a_copy_with_an_extra_line_is_the_same_story_and_a_paraphrase_is_not():
    copy = STORY + " This article was republished with permission."
    paraphrase = ("Russia has received over a thousand containers of North Korean munitions, "
                  "according to Seoul's spy agency, which briefed members of parliament about "
                  "rail shipments from the port of Rajin to the Ukrainian front.")
    assert similarity(signature(STORY), signature(STORY)) == 1.0
    assert same_story(signature(STORY), signature(copy))
    assert not same_story(signature(STORY), signature(paraphrase))


def test_stories_are_transitive_and_named_by_their_smallest_member_whatever_the_order():
    a = STORY
    b = STORY + " Editing by Ed Davies."
    c = STORY + " Editing by Ed Davies. Additional reporting by Jo Kim in Seoul."
    other = "Iran delivered drones to Russia in the autumn, Ukrainian officials said on Monday."
    docs = [("z_copy", signature(c)), ("m_copy", signature(b)), ("q_first", signature(a)),
            ("other", signature(other))]
    for _ in range(3):
        random.shuffle(docs)
        groups = group_stories(docs)
        assert groups == {"z_copy": "m_copy", "m_copy": "m_copy", "q_first": "m_copy",
                          "other": "other"}


# -- support and confidence -----------------------------------------------------------------

def test_copies_under_different_publishers_and_one_publishers_articles_count_once():
    claims = [claim(1, "a", publisher="Reuters"),
              claim(2, "a-copy", story="a", publisher="Daily Courier"),  # syndicated copy
              claim(3, "b", publisher="Reuters"),  # another Reuters story
              claim(4, "c", publisher=None),  # unknown publisher: its own source
              claim(5, "d", publisher="reuters")]  # publishers compare without case
    assert len(independent_groups(claims)) == 2


def test_confidence_is_one_minus_the_chance_all_independent_sources_are_wrong():
    assert confidence([claim(1, "a")]) == 0.8
    assert confidence([claim(1, "a"), claim(2, "b")]) == 0.96
    assert confidence([claim(1, "a", certainty="alleged")]) == 0.4
    # a copy adds nothing; the surest wording of one source counts
    assert confidence([claim(1, "a", certainty="possible"),
                       claim(2, "a2", story="a", certainty="asserted")]) == 0.8
    # a denial does not lower confidence; it is counted apart
    with_denial = [claim(1, "a"), claim(2, "b", certainty="denied")]
    assert confidence(with_denial) == 0.8
    support = summarize(with_denial)
    assert (support.sources, support.denials, support.strongest, support.weakest) == \
        (1, 1, "asserted", "denied")


def test_support_gives_first_and_last_report_and_period():
    support = summarize([claim(1, "a", published="2023-10-14"),
                         claim(2, "b", published="2025-02-11", when="2024")])
    assert support.first_reported == date(2023, 10, 14)
    assert support.last_reported == date(2025, 2, 11)
    assert (support.period_start, support.period_end) == ("2023-10-14", "2024-12-31")


# -- facts in time ----------------------------------------------------------------------------

def meeting(event_id: int, doc: str, when: str | None, published: str | None,
            certainty: str = "asserted") -> Claim:
    return claim(event_id, doc, type="meeting", category=None, when=when, published=published,
                 certainty=certainty, source="RUS" if event_id % 2 else "PRK",
                 target="PRK" if event_id % 2 else "RUS")


def test_two_summits_a_year_apart_are_two_facts_and_undated_reports_join_the_recent_one():
    claims = [meeting(1, "sept", "2023-09", "2023-09-14"),
              meeting(2, "sept-b", "2023-09-13", "2023-09-13"),
              meeting(3, "june", "2024-06-19", "2024-06-20"),
              meeting(4, "later", None, "2024-07-02"),  # "the two leaders met" two weeks on
              meeting(5, "year", "2023", "2023-12-01"),  # "met in 2023": the one 2023 summit
              meeting(6, "old", None, "2025-03-01")]  # too late to belong to either
    facts = group_facts(claims)
    assert sorted((f.anchor, sorted(c.doc for c in f.claims)) for f in facts) == [
        ("2023-09", ["sept", "sept-b", "year"]),
        ("2024-06-19", ["june", "later"]),
        ("2025-03-01", ["old"]),
    ]
    assert all((f.source, f.target) == ("PRK", "RUS") for f in facts)  # either order is one


def test_a_flow_is_one_fact_however_long_and_ids_do_not_depend_on_order():
    claims = [claim(i, f"d{i}", published=f"20{22 + i % 3}-0{1 + i % 9}-01") for i in range(12)]
    first = group_facts(claims)
    shuffled = claims[:]
    random.shuffle(shuffled)
    again = group_facts(shuffled)
    assert len(first) == 1 and len(first[0].claims) == 12
    assert [f.id for f in first] == [f.id for f in again]
    assert first[0].support == again[0].support


def test_units_pair_actors_in_either_order():
    assert unit_of("meeting", "RUS", "PRK") == unit_of("meeting", "PRK", "RUS")
    assert unit_of("production", "IRN", None) == "production||IRN"


# -- series -------------------------------------------------------------------------------------

def test_series_keep_units_apart_merge_copies_and_order_by_report():
    points = [point(1, "b", 6700, published="2024-02-27"),
              point(2, "a", 1000, published="2023-10-14", bound="min"),
              point(3, "a-copy", 1000, published="2023-10-15", story="a", bound="min"),
              point(4, "c", 3_000_000, published="2024-02-27", unit="shells")]
    series = build_series(points)
    assert [(s.unit, [(p.date, p.value, p.doc) for p in s.points]) for s in series] == [
        ("containers", [("2023-10-14", 1000, "a"), ("2024-02-27", 6700, "b")]),
        ("shells", [("2024-02-27", 3_000_000, "c")]),
    ]
    assert series[0].points[0].event_ids == (2, 3)


# -- conflicts ----------------------------------------------------------------------------------

def test_a_denial_of_weapons_contradicts_shells_but_not_machine_tools():
    claims = [claim(1, "a", category="ammunition"),
              claim(2, "b", category="weapon", certainty="denied"),
              claim(3, "c", source="CHN", category="materials"),
              claim(4, "d", source="CHN", category="weapon", certainty="denied")]
    conflicts = denial_conflicts(group_facts(claims))
    assert [(c.category, c.stating, c.contrary) for c in conflicts] == [("ammunition", (1,), (2,))]


def test_figures_conflict_only_beyond_their_ranges_in_the_same_month():
    def conflicts(points):
        facts = group_facts([claim(p.event_id, p.doc) for p in points])
        return [(c.period, c.stating, c.contrary)
                for c in figure_conflicts(build_series(points), facts)]

    # "more than 1,000" and "about 6,700" the same month agree; "2,000" and "about 10,000" do not
    assert conflicts([point(1, "a", 1000, bound="min"), point(2, "b", 6700)]) == []
    assert conflicts([point(1, "a", 2000, bound=None), point(2, "b", 10000),
                      point(3, "c", 10500)]) == [("2024-10", (1,), (2, 3))]
    # a range "between 9,000 and 11,000" holds "about 10,000"
    assert conflicts([point(1, "a", 9000, bound=None, high=11000), point(2, "b", 10000)]) == []
    # months apart: a growing total, not a contradiction
    assert conflicts([point(1, "a", 2000, bound=None, published="2024-01-02"),
                      point(2, "b", 10000)]) == []
    # one story cannot contradict itself
    assert conflicts([point(1, "a", 2000, bound=None), point(2, "a2", 10000, story="a")]) == []
