"""Publisher and header metadata: from the header, the URL, the dateline, credit lines."""

from datetime import date

import pytest

from axiswatch.ingest.metadata import split_header
from axiswatch.ingest.publisher import detect_publisher, publisher_from_text, publisher_from_url
from axiswatch.ingest.reader import article_from_bytes


def test_header_block_gives_metadata_and_body():
    meta, body = split_header("Title: Drones for oil\nDate: 2024-05-02\nPublisher: Daily Courier\n"
                              "URL: https://courier.example/a/1\n\nTehran sent drones.")
    assert meta.title == "Drones for oil"
    assert meta.published == date(2024, 5, 2)
    assert meta.publisher == "Daily Courier"
    assert meta.url == "https://courier.example/a/1"
    assert body.strip() == "Tehran sent drones."


def test_text_starting_with_a_colon_word_is_not_a_header():
    meta, body = split_header("Update: Russia received shells.\n\nMore text.")
    assert meta.publisher is None and body.startswith("Update:")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.reuters.com/world/asia/story", "Reuters"),
    ("https://en.yna.co.kr/view/AEN2024", "Yonhap"),
    ("https://www.small-town-paper.example/news/1", "small-town-paper.example"),
    ("not a url", None),
])
def test_publisher_from_url(url, expected):
    assert publisher_from_url(url) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("SEOUL (Reuters) - North Korea has shipped shells.", "Reuters"),
    ("KYIV, Ukraine (AP) — Iranian drones struck the city.", "Associated Press"),
    ("WASHINGTON (Baltic Wire) — Officials said.", "Baltic Wire"),
    ("Shells moved by rail.\n\nReporting by Jane Roe in Seoul; Editing by Sam Poe for Reuters",
     "Reuters"),
    ("Shells moved by rail.\n\n© 2024 The Korea Herald. All rights reserved.", "The Korea Herald"),
    ("Shells moved by rail. Nobody signed this.", None),
    ("Map (AP) of the front. The ap was not a publisher here.", None),
])
def test_publisher_from_text(text, expected):
    assert publisher_from_text(text) == expected


def test_declared_publisher_wins_and_is_normalised():
    assert detect_publisher("reuters", "https://apnews.com/x", "") == "Reuters"
    assert detect_publisher(None, "https://apnews.com/x", "SEOUL (Reuters) -") == \
        "Associated Press"


def test_article_keeps_publisher_from_credit_line_that_cleaning_drops():
    raw = (b"Date: 2024-02-01\n\nNorth Korea sent shells to Russia.\n\n"
           b"Copyright 2024 Reuters. All rights reserved.")
    article = article_from_bytes(raw, "a", "a.txt")
    assert article.publisher == "Reuters"
    assert article.published == date(2024, 2, 1)
    assert "Copyright" not in article.text
