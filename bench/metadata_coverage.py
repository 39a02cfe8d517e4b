"""How often the reader finds the publisher and the date that articles state in their text.

usage: python bench/metadata_coverage.py [DOCS] [--list]

DOCS is a folder of article files (default: the shared dev set,
../shared/eval/dev/docs). Each file is read as `axiswatch` reads it. Printed:
the share of documents with a publisher, and with a date, among those that
state one in their text, and the longest sentence the splitter gives.

Whether a document "states" a publisher or a date is decided by the simple,
separate checks below, not by the reader's own rules:

* date: the file begins with a " date YYYY-MM-DD" token, or one of its first
  12 non-empty lines is at most 120 characters long and holds a full date
  (a year 1980-2099 with a month and a day, written "May 24, 2024",
  "24 May 2024", "2024-05-24" or "24/05/2024"); or a line starts with a
  place and a parenthesised tag holding such a date.
* publisher: one of the first 12 non-empty lines has, within its first 60
  characters, a parenthesised tag followed by a dash, a colon or a capitalised
  word ("SEOUL (AP) -", "Oct 18 (Reuters) –", "New Delhi, Apr 28 (PTI) India"),
  a slashed tag ("/TASS/") or opens with a one-word tag ("(MENAFN)"); or a line
  of the text is a credit line
  ("Source: ...", "(With inputs from ...)", "Copyright ...", "Reporting by",
  "Read the original article on ...") naming something capitalised, or a line
  of at most 60 characters is, but for "By"/"Source:", brackets and spaced
  separators with a date, the name or alias of an outlet listed in
  data/publishers.yaml.

These checks are deliberately loose (a tag that is no agency counts as a
statement), so they can only make the shares smaller. A date found is also
compared with the date in an ``articles.jsonl`` beside DOCS, when there is
one: "wrong dates" counts the disagreements. With --list, one line per
document shows what was stated and what was found.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from axiswatch.ingest import iter_article_paths
from axiswatch.ingest.errors import IngestError
from axiswatch.ingest.publisher import load_publishers
from axiswatch.ingest.reader import read_article
from axiswatch.nlp.sentences import split_sentences

DEFAULT_DOCS = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev" / "docs"

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:19[89]\d|20\d\d)"
_ANY_DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+{_YEAR}\b"
    rf"|\b{_YEAR}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}[/.]\d{{1,2}}[/.]{_YEAR}\b", re.IGNORECASE)
_TOKEN = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}\b")
_PLACE_TAG = re.compile(r"^[A-Z][^()\n]{0,60}\(([^()\n]{2,80})\)")
_TAG = re.compile(r"(?:\([A-Z][^()\n]{0,40}\)|\(\w[\w.\-]{1,20}\))[.,]?\s*(?:[-—–:]|(?=[A-Z]\w* ))"
                  r"|^\(\w[\w.\-]{1,20}\)|/[A-Z][A-Za-z]{1,15}/")
_CREDIT = re.compile(r"^[\[(]?\s*(?:source\s*:|with\s+inputs?\s+from|copyright|©|\(c\)|"
                     r"(?:additional\s+)?reporting\s+by|read\s+the\s+original)", re.IGNORECASE)
_CAPITALISED = re.compile(r"\b(?!All\b|Rights\b|Reserved\b)[A-Z][A-Za-z]")
_LABEL = re.compile(r"^[\[(]?\s*(?:by|source\s*:)?\s*|[\])]?[.:]?\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(r"\s[|/•·–—-]\s")


def states_date(raw: str) -> bool:
    if _TOKEN.match(raw):
        return True
    lines = [ln.strip() for ln in raw.split("\n") if ln.strip()][:12]
    for line in lines:
        if len(line) <= 120 and _ANY_DATE.search(line):
            return True
        m = _PLACE_TAG.match(line)
        if m and _ANY_DATE.search(m.group(1)):
            return True
    return False


def states_publisher(raw: str) -> bool:
    aliases = load_publishers().by_alias
    lines = [ln.strip() for ln in _TOKEN.sub("", raw).split("\n") if ln.strip()]
    for line in lines[:12]:
        if _TAG.search(line[:60]):
            return True
    for line in lines:
        if len(line) <= 200 and _CREDIT.match(line) and _CAPITALISED.search(line[6:]):
            return True
        if len(line) <= 60:
            for part in [line, *_SEPARATOR.split(line)]:
                if _LABEL.sub("", part).lower() in aliases:
                    return True
    return False


def _gold_dates(folder: Path) -> dict[str, str | None]:
    path = folder.parent / "articles.jsonl"
    if not path.is_file():
        return {}
    out: dict[str, str | None] = {}
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[str(row.get("id"))] = row.get("date")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("docs", nargs="?", default=str(DEFAULT_DOCS))
    ap.add_argument("--list", action="store_true", help="one line per document")
    args = ap.parse_args()
    folder = Path(args.docs)
    if not folder.is_dir():
        print(f"skipped: no folder of documents at {folder}")
        return 0
    gold = _gold_dates(folder)
    n = pub_stated = pub_found = date_stated = date_found = 0
    inline_stated = inline_found = wrong = 0
    longest = (0, "")
    for path in iter_article_paths([folder]):
        try:
            raw = path.read_text("utf-8", errors="replace")
            article = read_article(path)
        except (OSError, IngestError) as exc:
            print(f"  {path.name}: not read ({exc})", file=sys.stderr)
            continue
        n += 1
        sp, sd = states_publisher(raw), states_date(raw)
        pub_stated += sp
        pub_found += sp and article.publisher is not None
        date_stated += sd
        date_found += sd and article.published is not None
        if sd and not _TOKEN.match(raw):
            inline_stated += 1
            inline_found += article.published is not None
        expected = gold.get(path.stem)
        bad = bool(article.published and expected and article.published.isoformat() != expected)
        wrong += bad
        for s in split_sentences(article.text):
            if len(s.text) > longest[0]:
                longest = (len(s.text), path.stem)
        if args.list:
            print(f"{path.stem}\tstates publisher={'y' if sp else '-'} date={'y' if sd else '-'}"
                  f"\tpublisher={article.publisher}\tdate={article.published}"
                  f"{'  WRONG (expected ' + str(expected) + ')' if bad else ''}")

    def share(found: int, stated: int) -> str:
        return f"{found}/{stated} = {found / stated:.0%}" if stated else "n/a"

    print(f"documents: {n}")
    print(f"publisher found, among those stating one: {share(pub_found, pub_stated)}")
    print(f"date found, among those stating one:      {share(date_found, date_stated)}"
          f"  (stated only inline, no date token: {share(inline_found, inline_stated)})")
    if gold:
        print(f"dates that disagree with articles.jsonl:   {wrong}")
    print(f"longest sentence: {longest[0]} characters ({longest[1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
