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


def test_hostile_headers_are_bounded_and_never_crash(tmp_path):
    from axiswatch.nlp.sentences import split_sentences
    from axiswatch.store.database import Store
    from axiswatch.store.fusion import process_pending, update_after_save
    from axiswatch.store.schema import Document
    from axiswatch.store.writer import save_article

    raw = ("Publisher: " + "<script>" * 2000 + "\nURL: http://[::1\nDate: 2024-13-45\n\n"
           "Iran sent drones to Russia.").encode()
    article = article_from_bytes(raw, "h", "h.txt")
    assert article.published is None  # an impossible date is no date
    assert len(article.publisher) <= 500
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    with store.session() as session, session.begin():
        saved = save_article(session, article, list(split_sentences(article.text)), [])
        update_after_save(session, saved)
        process_pending(session)
    with store.session() as session:
        assert len(session.query(Document).one().publisher) == 255
    store.close()
