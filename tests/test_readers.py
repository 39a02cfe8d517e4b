"""Readers for web pages, feeds and corpus files, on inputs written here, hostile ones too."""

from __future__ import annotations

import json
from datetime import date

import pytest

from axiswatch.ingest import IngestError
from axiswatch.ingest.corpus import Fields, iter_csv, iter_jsonl
from axiswatch.ingest.feed import parse_feed
from axiswatch.ingest.html import article_from_html, fragment_text
from axiswatch.ingest.sources import Format, Sources, format_of, sniff, url_doc_id
from axiswatch.model import Article

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Pyongyang's shells reach the front | Baltic Wire</title>
<meta property="og:title" content="Pyongyang's shells reach the front">
<meta property="og:site_name" content="Baltic Wire">
<meta name="author" content="Anna Berg">
<meta property="article:published_time" content="2024-02-27T08:30:00+02:00">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/login">Log in</a></nav></header>
<main><article>
<h1>Pyongyang's shells reach the front</h1>
<p>North Korea has sent about 6,700 containers of munitions to Russia since July, South
Korea's defence ministry said on Tuesday.</p>
<p>The shipments were believed to include millions of artillery shells, officials said,
while Pyongyang denied the report.</p>
</article>
<aside><h3>Most read</h3><ul><li>Football results</li><li>Weather tomorrow</li></ul></aside>
</main><footer>© 2024 Baltic Wire. All rights reserved.</footer></body></html>"""


def test_html_page_text_and_metadata():
    article = article_from_html(PAGE.encode("utf-8"), "bw-1", "bw-1.html",
                                url="https://balticwire.example/world/shells")
    assert article.title == "Pyongyang's shells reach the front"
    assert article.published == date(2024, 2, 27)
    assert article.publisher == "Baltic Wire"
    assert article.url == "https://balticwire.example/world/shells"
    assert article.text.startswith("North Korea has sent about 6,700 containers")
    assert "Pyongyang denied the report." in article.text
    for furniture in ("Log in", "Football results", "All rights reserved", "Most read"):
        assert furniture not in article.text


def test_page_that_lies_about_its_charset():
    text = PAGE.replace("South\nKorea's", "Sïouth Korea’s")
    # declares utf-8 but is cp1252: decoded by detection instead of replacement characters
    data = text.replace('charset="utf-8"', 'charset="utf-8"').encode("cp1252")
    article = article_from_html(data, "x", "x.html")
    assert "\ufffd" not in article.text and "Korea’s" in article.text
    # declares a charset that does not exist
    odd = PAGE.replace('charset="utf-8"', 'charset="klingon-8"').encode("utf-8")
    assert "6,700 containers" in article_from_html(odd, "y", "y.html").text
    # latin-1 page with the HTTP header saying so
    latin = PAGE.replace("South\nKorea's", "Corée du Sud's").replace(
        '<meta charset="utf-8">', "").encode("latin-1")
    assert "Corée" in article_from_html(latin, "z", "z.html", charset="iso-8859-1").text


@pytest.mark.parametrize("data, problem", [
    (b"", "empty page"),
    (b"\x00\x01\x02PK\x03\x04" * 50, "binary"),
    (b"<html><body><nav>Home</nav></body></html>", "no article text"),
    (b"<html><body><p>" + b"<div>" * 20000 + b"Russia got shells.", "no article text|cannot"),
    (b"<html><head><title>x</title><body><p>Iran<p>drones<<<>>>\x00</html", "no article text"),
    (b"<html><head><title>x</title><body><p>Iran<p>drones<<<>>></html", "no article text"),
])
def test_broken_pages_give_a_clear_error(data, problem):
    with pytest.raises(IngestError, match=problem) as info:
        article_from_html(data, "bad", "bad.html")
    assert str(info.value).startswith("bad.html: ")


def test_malformed_but_readable_html():
    data = (b"<html><body><div><p>Russia has received Shahed drones from Iran, Ukraine's air "
            b"force said on Tuesday.<p>More were expected, officials said<table><tr><td>x"
            b"</body>")
    article = article_from_html(data, "m", "m.html")
    assert "Shahed drones from Iran" in article.text


def test_fragment_text_drops_scripts_and_keeps_paragraphs():
    text = fragment_text("<p>Iran sent <b>drones</b>.</p><script>alert(1)</script>"
                         "<p>Russia &amp; Belarus</p>")
    assert text == "Iran sent drones.\n\nRussia & Belarus"


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Courier — World</title><link>https://courier.example/</link>
<item><title>Iran ships drones</title><link>https://courier.example/iran-drones</link>
<guid isPermaLink="false">courier-101</guid><pubDate>Tue, 18 Oct 2022 09:00:00 GMT</pubDate>
<description>&lt;p&gt;Iran has supplied Shahed drones to Russia, Ukraine said.&lt;/p&gt;
</description>
</item>
<item><title>No link here</title><description>Belarus sent fuel to Russia.</description></item>
<item><title>Same again</title><link>https://courier.example/iran-drones</link>
<guid isPermaLink="false">courier-101</guid></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>
<entry><id>tag:wire.example,2024:7</id><title>Missiles</title>
<link href="https://wire.example/7"/><updated>2024-01-09T10:00:00Z</updated>
<content type="html">&lt;p&gt;North Korea supplied ballistic missiles to Russia.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_and_atom_entries():
    feed = parse_feed(RSS.encode("utf-8"), "world.rss")
    assert feed.title == "Courier — World"
    assert [e.key for e in feed.entries][0] == "courier-101"
    assert len(feed.entries) == 2  # the repeated guid is one entry
    first = feed.entries[0]
    assert first.link == "https://courier.example/iran-drones"
    assert first.published == date(2022, 10, 18)
    assert first.summary == "Iran has supplied Shahed drones to Russia, Ukraine said."
    assert feed.entries[1].key.startswith("sha1:") and feed.entries[1].link is None
    atom = parse_feed(ATOM.encode("utf-8"), "wire.atom")
    assert atom.entries[0].key == "tag:wire.example,2024:7"
    assert atom.entries[0].published == date(2024, 1, 9)
    assert "ballistic missiles" in atom.entries[0].summary


def test_entity_tricks_are_refused():
    laughs = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><title>&c;</title><item><title>&c;</title></item></channel></rss>"""
    external = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><title>&x;</title></item></channel></rss>"""
    for data in (laughs, external):
        with pytest.raises(IngestError, match="entity-expansion risk"):
            parse_feed(data, "evil.xml")


def test_malformed_feed_read_leniently_or_refused():
    broken = RSS.replace("</channel></rss>", "").replace("<item>", "<item><bogus>", 1)
    feed = parse_feed(broken.encode("utf-8"), "broken.rss")
    assert feed.entries and feed.warnings and "not well-formed" in feed.warnings[0]
    with pytest.raises(IngestError, match="not an RSS or Atom feed"):
        parse_feed(b"<<<< this is not xml at all", "junk.xml")
    with pytest.raises(IngestError, match="empty feed"):
        parse_feed(b"  \n", "empty.xml")


def test_feed_entries_without_fetching(tmp_path):
    path = tmp_path / "world.rss"
    path.write_text(RSS, "utf-8")
    items = list(Sources(fetcher=None).items([str(path)]))
    assert all(isinstance(i, Article) for i in items)
    first = items[0]
    assert first.text == "Iran has supplied Shahed drones to Russia, Ukraine said."
    assert first.publisher == "courier.example" and first.published == date(2022, 10, 18)
    assert first.doc_id == url_doc_id("https://courier.example/iran-drones")


def test_jsonl_corpus_with_field_mapping(tmp_path):
    path = tmp_path / "dump.jsonl"
    rows = [
        {"uid": "a1", "body": "Iran has sent drones to Russia, Kyiv said.", "when": "2022-10-18",
         "outlet": "Kyiv Post", "link": "https://kyivpost.example/a1"},
        "a string, not an object",
        {"uid": "a3", "body": ""},
        {"uid": "a4", "body": "Belarus sent fuel to Russia.", "when": "last Tuesday"},
        {"uid": "a5", "page": "<html><body><article><p>North Korea has shipped shells to "
                              "Russia, officials in Seoul said on Monday.</p></article></body>"
                              "</html>"},
        {"uid": ["not", "text"], "body": "x"},
    ]
    lines = [json.dumps(r) for r in rows] + ["{not json", "", "\xff\xfe bad bytes"]
    path.write_bytes("\n".join(lines[:-1]).encode() + b"\n\xff\xfe bad bytes\n")
    fields = Fields.parse("text=body,date=when,publisher=outlet,url=link,id=uid,html=page")
    out = list(iter_jsonl(path, fields))
    good = [o for o in out if isinstance(o, Article)]
    bad = {o.origin.rsplit(":", 1)[1]: o.reason for o in out if isinstance(o, IngestError)}
    assert [a.doc_id for a in good] == ["a1", "a5"]
    assert good[0].publisher == "Kyiv Post" and good[0].published == date(2022, 10, 18)
    assert good[0].url == "https://kyivpost.example/a1"
    assert "shipped shells" in good[1].text
    assert bad == {"2": "record is not an object", "3": "no text (field 'body' is missing or "
                   "empty)", "4": "cannot read the date 'last Tuesday' (field 'when')",
                   "6": "field 'uid' is not text", "7": bad["7"], "9": bad["9"]}
    assert bad["7"].startswith("not JSON") and bad["9"].startswith("not UTF-8")


def test_field_mapping_errors():
    with pytest.raises(ValueError, match="bad field mapping 'txt=body'"):
        Fields.parse("txt=body")
    with pytest.raises(ValueError, match="bad field mapping 'text'"):
        Fields.parse("text")


def test_csv_corpus_in_cp1252_with_semicolons(tmp_path):
    path = tmp_path / "dump.csv"
    text = ("id;text;date;publisher\r\n"
            "c1;\"North Korea sent 1,000 containers of munitions to Russia, the White House "
            "said; “a large number”.\";2023-10-13;Reuters\r\n"
            "c2;;2023-01-01;AP\r\n")
    path.write_bytes(text.encode("cp1252"))
    out = list(iter_csv(path, Fields()))
    assert isinstance(out[0], Article) and out[0].doc_id == "c1"
    assert "“a large number”" in out[0].text and out[0].publisher == "Reuters"
    assert isinstance(out[1], IngestError) and out[1].origin.endswith("dump.csv:3")
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n", "utf-8")
    (error,) = list(iter_csv(wrong, Fields()))
    assert "no text column" in error.reason and "--fields" in error.reason


def test_formats_by_extension_and_content(tmp_path):
    cases = {"a.html": PAGE, "b.rss": RSS, "c.jsonl": '{"text": "x"}\n', "d.csv": "text\nx\n",
             "e.urls": "https://a.example/1\n", "f.txt": "Plain text.",
             "g": RSS, "h.dat": PAGE, "i.log": "# list\nhttps://a.example/1\nhttp://b/2\n",
             "j.data": '{"text": "x"}'}
    expected = {"a.html": "html", "b.rss": "feed", "c.jsonl": "jsonl", "d.csv": "csv",
                "e.urls": "urls", "f.txt": "text", "g": "feed", "h.dat": "html",
                "i.log": "urls", "j.data": "jsonl"}
    for name, body in cases.items():
        (tmp_path / name).write_text(body, "utf-8")
        assert format_of(tmp_path / name).value == expected[name], name
    assert format_of(tmp_path / "f.txt", Format.html) is Format.html
    assert sniff(b"\xef\xbb\xbf<?xml version='1.0'?><feed xmlns='x'>") is Format.feed


def test_url_list_offline_names_each_bad_line(tmp_path):
    path = tmp_path / "list.urls"
    path.write_text("# to read\nhttps://a.example/news/1.html\nftp://b.example/x\n", "utf-8")
    errors = list(Sources(fetcher=None).items([str(path)]))
    assert [(e.origin, e.reason) for e in errors] == [
        ("https://a.example/news/1.html", "fetching is off (--offline); cannot read a URL"),
        (f"{path}:3", "not an http(s) URL: 'ftp://b.example/x'")]


def test_html_with_entity_declarations_is_not_expanded():
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 8))
    page = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY e0 "lol">{levels}]><html><body>'
            "<article><p>Iran has sent drones to Russia, officials said. &e7;</p></article>"
            "</body></html>").encode()
    article = article_from_html(page, "bomb", "bomb.html")
    assert len(article.text) < 200 and article.text.startswith("Iran has sent drones")


def test_overlong_jsonl_line_is_skipped_not_loaded(tmp_path):
    from axiswatch.ingest.corpus import MAX_RECORD_CHARS

    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"text": "' + "x" * (MAX_RECORD_CHARS + 10) + '"}\n')
        handle.write('{"id": "ok", "text": "Belarus sent fuel to Russia, officials said."}\n')
    out = list(iter_jsonl(path, Fields()))
    assert isinstance(out[0], IngestError) and out[0].origin.endswith("big.jsonl:1")
    assert "line too long" in out[0].reason
    assert isinstance(out[1], Article) and out[1].doc_id == "ok"


@pytest.mark.parametrize("depth", [10, 400, 5000])
def test_an_article_inside_deeply_nested_markup_is_read(depth):
    story = ("<p>Iran has delivered hundreds of Shahed drones to Russia, Ukrainian "
             "officials said on Monday.</p><p>Tehran denied the report.</p>")
    page = ("<html><head><title>Drones for Moscow</title></head><body>"
            "<nav>Home | World | Politics | Business | Sport | Culture</nav>"
            + "<div><section>" * depth + story + "</section></div>" * depth
            + "<footer>Copyright The Steppe Courier, all rights reserved</footer></body></html>")
    article = article_from_html(page.encode(), "nested", "nested.html")
    assert article.text.startswith("Iran has delivered hundreds of Shahed drones")
    assert "Tehran denied" in article.text
    assert "Home |" not in article.text and "Copyright" not in article.text
    assert article.title == "Drones for Moscow"


def test_stray_nul_bytes_do_not_make_a_text_binary():
    from axiswatch.ingest.reader import article_from_bytes

    data = (b"Date: 2024-05-02\n\nNorth Korea\x00 has sent artillery shells to Russia,\x00 "
            b"South Korean officials said.\x00\x00\x00 Moscow denied it.")
    article = article_from_bytes(data, "nul", "nul.txt")
    assert "\x00" not in article.text
    assert article.text.startswith("North Korea has sent artillery shells to Russia")
    with pytest.raises(IngestError, match="binary"):
        article_from_bytes(bytes(range(32)) * 300, "bin", "bin.dat")


def test_document_ids_lose_control_and_direction_characters():
    from axiswatch.ingest.reader import article_from_bytes, safe_id

    assert safe_id("line\nbreak\u202egpj.txt") == "line_break_gpj.txt"
    assert safe_id("\x00\x01") == "document"
    article = article_from_bytes(b"Belarus sent fuel to Russia, officials said.",
                                 "two\nlines", "two\nlines.txt")
    assert article.doc_id == "two_lines"


def test_language_is_detected_and_other_languages_say_why_they_give_nothing(tmp_path):
    from axiswatch.extract import extract_article
    from axiswatch.ingest.reader import article_from_bytes
    from conftest import run_cli

    english = article_from_bytes(b"North Korea has sent artillery shells to Russia, "
                                 b"South Korean officials said on Monday.", "en", "en.txt")
    french = article_from_bytes("La Corée du Nord a livré des obus d'artillerie à la Russie, "
                                "ont déclaré lundi des responsables sud-coréens.".encode(),
                                "fr", "fr.txt")
    assert (english.language, french.language) == ("en", "fr")
    assert article_from_bytes(b"Kim: 12, 34.", "short", "short.txt").language is None
    assert extract_article(french) == []
    (tmp_path / "fr.txt").write_text(french.text, "utf-8")
    done = run_cli("ingest", str(tmp_path / "fr.txt"), "--db", f"sqlite:///{tmp_path / 's.db'}")
    assert done.returncode == 0, done.stderr
    assert "language fr: not supported yet, 0 events" in done.stderr
