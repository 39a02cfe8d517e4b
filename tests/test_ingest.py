from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from axiswatch.ingest import IngestError, iter_article_paths, read_article
from axiswatch.ingest.clean import clean_text
from axiswatch.ingest.decode import decode_bytes
from axiswatch.ingest.metadata import split_header


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_date_header_is_read_and_removed():
    meta, rest = split_header(" date 2024-03-01 Russia turned to Iran.")
    assert meta.published == date(2024, 3, 1)
    assert rest == "Russia turned to Iran."


def test_impossible_date_header_gives_no_date():
    meta, rest = split_header(" date 2024-02-31 Text")
    assert meta.published is None and rest == "Text"


def test_boilerplate_lines_are_dropped_and_paragraphs_kept():
    raw = ("Skip to content\nTitle line\n\nAdvertisement\nFirst paragraph.\n"
           "Share this article\nPhoto: Reuters/Someone\n"
           "Other Topics of Interest Something unrelated\nLast one.")
    assert clean_text(raw) == "Title line\n\nFirst paragraph.\n\nLast one."


def test_latin1_bytes_are_decoded(tmp_path):
    text = "Le ministre a déclaré que Moscou a reçu des obus nord-coréens. " * 3
    article = read_article(write(tmp_path, "latin.txt", text.encode("latin-1")))
    assert "déclaré" in article.text and "reçu" in article.text


def test_utf8_with_bom_and_crlf(tmp_path):
    article = read_article(write(tmp_path, "bom.txt", b"\xef\xbb\xbfTitle\r\nBody text.\r\n"))
    assert article.title == "Title"
    assert article.text == "Title\n\nBody text."


def test_utf16_is_decoded():
    text, encoding = decode_bytes("Kyiv said drones hit the city.".encode("utf-16"))
    assert text == "Kyiv said drones hit the city." and encoding == "utf-16"


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b"   \n\n  ", "empty file"),
    (bytes(range(256)) * 40, "binary content, not text"),
    (b"Advertisement\nShare\n", "no article text after cleaning"),
])
def test_bad_content_names_the_file_and_reason(tmp_path, data, reason):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(IngestError) as info:
        read_article(path)
    assert info.value.reason == reason
    assert str(path) in str(info.value)


def test_too_large_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    with open(path, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(IngestError, match="too large"):
        read_article(path)


def test_missing_and_dangling_paths(tmp_path):
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    for path in (tmp_path / "absent.txt", link):
        with pytest.raises(IngestError, match="no such file"):
            read_article(path)


def test_same_text_same_hash_and_doc_id_from_stem(tmp_path):
    a = read_article(write(tmp_path, "a.txt", b" date 2024-01-01 Same words."))
    b = read_article(write(tmp_path, "b.txt", b" date 2024-01-01 Same words.\n\nAdvertisement"))
    assert a.content_hash == b.content_hash
    assert (a.doc_id, b.doc_id) == ("a", "b")


def test_folders_are_walked_in_order_skipping_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for name in ("b.txt", "a.txt", "sub/c.txt", ".hidden/d.txt", "image.png"):
        (tmp_path / name).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths([tmp_path])]
    assert found == ["a.txt", "b.txt", "sub/c.txt"]


def test_datelines_with_dates_and_page_scraps_are_dropped():
    from axiswatch.ingest.clean import clean_text
    from axiswatch.ingest.publisher import publisher_from_text

    raw = ("SEOUL, March 1 (Reuters) - North Korea has shipped shells to Russia, Seoul said.\n"
           "Advertisement · Scroll to continue\n"
           "KYIV, Ukraine, Feb 11 (AP) — Iran sent drones to Russia, Kyiv said.\n"
           "WASHINGTON, Oct. 13 — The White House said Pyongyang sent containers.\n"
           "Story continues below advertisement\n"
           "NATO — the alliance — condemned the transfers.")
    assert clean_text(raw).split("\n\n") == [
        "North Korea has shipped shells to Russia, Seoul said.",
        "Iran sent drones to Russia, Kyiv said.",
        "The White House said Pyongyang sent containers.",
        "NATO — the alliance — condemned the transfers."]
    assert publisher_from_text(raw) == "Reuters"


def test_short_capital_datelines_go_but_acronyms_stay():
    from axiswatch.ingest.clean import strip_dateline

    assert strip_dateline("KYIV — North Korea has sent shells.") == "North Korea has sent shells."
    assert strip_dateline("NATO — the alliance — condemned it.") == \
        "NATO — the alliance — condemned it."
