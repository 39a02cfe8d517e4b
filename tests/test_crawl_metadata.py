"""Publisher, date, title and sentences from the metadata crawled pages carry inline."""

from __future__ import annotations

import time
from datetime import date

import pytest

from axiswatch.ingest.clean import clean_text, find_dateline, not_a_title
from axiswatch.ingest.metadata import date_from_text, date_line, split_header
from axiswatch.ingest.publisher import publisher_from_text
from axiswatch.ingest.reader import article_from_bytes
from axiswatch.nlp.sentences import MAX_SENTENCE, split_sentences


@pytest.mark.parametrize("line, expected", [
    ("March 3, 2023", date(2023, 3, 3)),
    ("AFP / February 9, 2021 11:02 am", date(2021, 2, 9)),
    ("Tuesday, June 4, 2019", date(2019, 6, 4)),
    ("Updated: 2020-07-15 08:00:12", date(2020, 7, 15)),
    ("15/07/2020", date(2020, 7, 15)),
    ("07/15/2020", date(2020, 7, 15)),
    ("3 Sept. 2018 14:20 GMT • 230 views", date(2018, 9, 3)),
    ("07/08/2020", None),                      # day and month could be swapped
    ("June 2019", None),                       # no day
    ("Troops parade in Minsk on May 9, 2021.", None),  # a date inside a caption
    ("The summit took place on 12 April 2022 in a remote city far away", None),
])
def test_date_lines(line: str, expected: date | None) -> None:
    assert date_line(line) == expected


def test_date_from_text_reads_the_top_only() -> None:
    top = "Allies agree on a new package\nBy Ana Silva\n4 March 2022\n\nBody text here."
    assert date_from_text(top) == date(2022, 3, 4)
    body = "\n".join(["A long paragraph of the story that goes on and on. " * 4] * 3)
    assert date_from_text(body + "\nMarch 3, 2021\n") is None
    assert date_from_text("HAVANA (Novosti - 2nd July, 2019) Officials said") == date(2019, 7, 2)


def test_partial_date_token_is_removed() -> None:
    meta, body = split_header(" date 2019-05 Officials in Ankara said")
    assert meta.published is None and body == "Officials in Ankara said"


@pytest.mark.parametrize("line, rest, tag", [
    ("HANOI, Vietnam, Jan 5, (AP): Vietnam bought", "Vietnam bought", "AP"),
    ("Mar 2 (Reuters) – Brazil said", "Brazil said", "Reuters"),
    ("CAIRO, June 1 (MENA) -- Egypt will", "Egypt will", "MENA"),
    ("Islamabad, Feb 3 (APP) Pakistan and China", "Pakistan and China", "APP"),
    ("MINSK, April 2. /BelTA/. Belarus got", "Belarus got", "BelTA"),
    ("Ankara (Anadolu)—Turkey signed", "Turkey signed", "Anadolu"),
    ("(IANS) India received", "India received", "IANS"),
    ("LONDON: Britain sent", "Britain sent", None),
    ("Ankara/Baku : Talks began", "Talks began", None),
])
def test_datelines(line: str, rest: str, tag: str | None) -> None:
    found = find_dateline(line)
    assert found is not None and line[found.end:] == rest and found.tag == tag


@pytest.mark.parametrize("line", [
    "Kremlin: Putin will travel", "Russia (which denies it) - Moscow said",
    "NATO (the alliance) Secretary General spoke", "Quote: \"We will respond\"",
])
def test_not_datelines(line: str) -> None:
    assert find_dateline(line) is None


def test_dateline_removed_in_the_first_lines() -> None:
    text = "Headline about tanks\nMarch 3, 2023\nHANOI, Vietnam, Jan 5, (AP): Vietnam bought tanks."
    assert "Vietnam bought tanks." in clean_text(text).split("\n\n")
    assert "HANOI" not in clean_text(text)


@pytest.mark.parametrize("text, expected", [
    ("Headline\nAFP\nMarch 3, 2023\n[Source: AFP]\nBody.", "AFP"),
    ("HANOI, Vietnam, Jan 5, (AP): Vietnam bought", "Associated Press"),
    ("Body text.\n(With inputs from Reuters)", "Reuters"),
    ("Body text.\nSource: dpa", "dpa"),
    ("By Ana Silva | AP\nBody.", "Associated Press"),
    ("Body.\nRead the original article on The Daily Example", "The Daily Example"),
    ("Headline\nTASS/EPA/Reuters\nBody.", None),       # a photo credit
    ("Headline\nKCNA via Reuters\nBody.", None),
    ("Headline\nPOLAND (MAY 3, 2022) (Image: Reuters)\nBody.", None),
])
def test_publisher_from_text(text: str, expected: str | None) -> None:
    assert publisher_from_text(text) == expected


@pytest.mark.parametrize("line", ["Trending", "Menu Content", "A+ A-", "11/30/2021",
                                  "Photo : NEWSIS", "EPA/Reuters/AFP", "https://t.co/abc",
                                  "(@someone)", "October 2024", "By Ana Silva"])
def test_not_titles(line: str) -> None:
    assert not_a_title(line)


def test_title_and_date_of_a_crawled_page() -> None:
    page = ("Breaking\n11/30/2021\nPhoto : NEWSIS\nBrazil buys ten helicopters from Italy\n"
            "ROME, Nov 30 (ANSA) - Brazil will buy ten helicopters, officials said.")
    article = article_from_bytes(page.encode(), doc_id="x", origin="x")
    assert article.title == "Brazil buys ten helicopters from Italy"
    assert article.published == date(2021, 11, 30)
    assert article.publisher == "ANSA"
    assert "ROME" not in article.text


@pytest.mark.parametrize("text, parts", [
    ("Kenya got drones.Officials said so.", 2),
    ("It breaks Resolution 1701 (UNSCR).Analysts agree.", 2),
    ("The war began in 2014.Fighting went on.", 2),
    ("He met the U.S.Army chief.", 1),
])
def test_glued_sentences(text: str, parts: int) -> None:
    assert len(list(split_sentences(text))) == parts


def test_long_sentences_are_cut_at_clauses() -> None:
    text = ("In a statement, " + "the minister of a far country, " * 25
            + "said the deal was done.")
    sentences = list(split_sentences(text))
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE for s in sentences)
    assert all(text[s.start:s.end] == s.text for s in sentences)


@pytest.mark.parametrize("hostile", [
    "a" * 1_000_000, "ab.Cd" * 200_000, "SEOUL, " + "a, " * 300_000 + "(AP) - X",
    "(" * 500_000, "\u200f\x00" * 300_000, "May 1, 2020 " * 80_000, "1/1/2020/" * 100_000,
])
def test_hostile_text_is_fast(hostile: str) -> None:
    start = time.monotonic()
    date_from_text(hostile)
    publisher_from_text(hostile)
    find_dateline(hostile)
    assert all(len(s.text) <= MAX_SENTENCE for s in split_sentences(hostile))
    clean_text(hostile[:200_000])
    assert time.monotonic() - start < 20
