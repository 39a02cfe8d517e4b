"""Watch mode against a real HTTP server on 127.0.0.1: a feed that changes
between polls, alerts exactly once, a webhook that is down then up, a folder,
and a watch killed in the middle of a poll and started again."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from rich.console import Console
from sqlalchemy import func, select

from axiswatch.store.database import Store
from axiswatch.store.schema import Document, WatchAlert, WatchItem
from axiswatch.watch.config import ConfigError, load_config
from axiswatch.watch.runner import Watcher
from webserver import LocalServer

ARTICLES = {
    "a1": ("North Korea ships ammunition", "2023-10-13", [
        "North Korea has shipped more than 1,000 containers of ammunition to Russia, the "
        "White House said on Friday.",
        "The containers were carried by rail towards the front in Ukraine, officials said."]),
    "a2": ("Drones over Kyiv", "2022-10-18", [
        "Iran has supplied Shahed drones to Russia, Ukraine's air force said on Tuesday."]),
    "a3": ("Seoul counts 6,700 containers", "2024-02-27", [
        "North Korea has sent about 6,700 containers of munitions to Russia, South Korea's "
        "defence minister said on Tuesday.",
        "North Korea has also delivered ballistic missiles to Russia, the minister said."]),
    "a4": ("Pyongyang denies", "2024-02-29", [
        "Pyongyang denied on Thursday that it had sent any weapons to Russia, calling the "
        "reports a smear campaign."]),
}


def html_page(key: str) -> str:
    title, day, paragraphs = ARTICLES[key]
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Courier {key}'>"
            f"<meta property='article:published_time' content='{day}T09:00:00Z'></head>"
            f"<body><nav>Home | World</nav><article><h1>{title}</h1>\n{body}</article>"
            f"<footer>Subscribe</footer></body></html>")


def rss(server: LocalServer, keys: list[str]) -> str:
    items = "".join(
        f"<item><title>{ARTICLES[k][0]}</title><link>{server.url(f'/{k}.html')}</link>"
        f"<guid isPermaLink='false'>{k}</guid></item>" for k in keys)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>World</title>{items}</channel></rss>")


RULES = [
    {"name": "prk-rus", "when": "new_fact", "actors": ["PRK", "RUS"]},
    {"name": "new-items", "when": "new_category", "source": "PRK", "target": "RUS"},
    {"name": "containers", "when": "figure_rises", "source": "PRK", "target": "RUS",
     "unit": "containers"},
    {"name": "disputes", "when": "new_conflict", "actors": ["PRK"]},
]


@pytest.fixture
def server():
    s = LocalServer().start()
    for key in ARTICLES:
        s.page(f"/{key}.html", html_page(key))
    yield s
    s.stop()


def write_config(tmp_path: Path, server: LocalServer, **extra) -> Path:
    config = {"name": "test-watch", "db": "store.db", "interval": 0.3,
              "fetch": {"min_interval": 0.0, "backoff": 0.05, "timeout": 5,
                        "cache_dir": "cache", "allow_private": True},  # a loopback server
              "sources": [{"feed": server.url("/world.rss")}],
              "alerts": {"console": True, "jsonl": "alerts.jsonl",
                         "webhook": server.url("/hook")},
              "rules": RULES, **extra}
    path = tmp_path / "watch.yaml"
    path.write_text(yaml.safe_dump(config), "utf-8")
    return path


def alerts(tmp_path: Path) -> list[dict]:
    path = tmp_path / "alerts.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def summary(records: list[dict]) -> list[tuple[str, str]]:
    return sorted((r["rule"], r["key"]) for r in records)


FIRST = [("new-items", "transfer|PRK|RUS|ammunition"), ("prk-rus", "transfer|PRK|RUS|ammunition")]
SECOND = [("containers", "S"), ("disputes", "C"), ("disputes", "C"),
          ("new-items", "transfer|PRK|RUS|missile"), ("prk-rus", "transfer|PRK|RUS|missile")]


def shape(records: list[dict]) -> list[tuple[str, str]]:
    """Series and conflict ids are hashes: compare their kind by the first letter."""
    return sorted((rule, key if "|" in key else key[0]) for rule, key in summary(records))


def poll(config: Path) -> tuple[Watcher, object]:
    watcher = Watcher(load_config(config), console=Console(quiet=True))
    try:
        report = watcher.poll()
    finally:
        watcher.close()
    return watcher, report


@pytest.mark.parametrize("workers", [1, 2])
def test_changing_feed_gives_exactly_the_new_alerts(server, tmp_path, workers):
    server.page("/world.rss", rss(server, ["a1", "a2"]), "application/rss+xml")
    config = write_config(tmp_path, server, workers=workers)
    _, report = poll(config)
    assert (report.stored, report.failed) == (2, 0)
    assert shape(alerts(tmp_path)) == FIRST
    first = alerts(tmp_path)[0]
    assert first["alert"] in ("new_fact", "new_category") and first["evidence"][0]["sentence"]\
        .startswith("North Korea has shipped more than 1,000 containers")
    assert first["evidence"][0]["url"] == server.url("/a1.html")

    _, report = poll(config)  # nothing new: no alerts, no fetches of known pages
    assert (report.stored, report.alerts) == (0, 0) and len(alerts(tmp_path)) == 2
    assert len(server.hits_of("/a1.html")) == 1

    server.page("/world.rss", rss(server, ["a3", "a4", "a1", "a2"]), "application/rss+xml")
    _, report = poll(config)
    assert report.stored == 2
    new = alerts(tmp_path)[2:]
    assert shape(new) == SECOND
    rise = next(a for a in new if a["rule"] == "containers")
    assert (rise["previous"], rise["value"], rise["unit"]) == (1000, 6700, "containers")
    assert rise["message"] == ("figure rises: transfer PRK → RUS now 6,700 containers "
                               "(was 1,000)")
    assert all(a["kind"] == "denial" for a in new if a["rule"] == "disputes")
    # the webhook got the same alerts, once each
    posted = [json.loads(body) for path, body in server.posts if path == "/hook"]
    assert [p["id"] for p in posted] == [a["id"] for a in alerts(tmp_path)]
    with Store(str(tmp_path / "store.db")) as store, store.session() as session:
        docs = {d.url: d for d in session.scalars(select(Document))}
        assert len(docs) == 4
        a1 = docs[server.url("/a1.html")]
        assert (a1.title, a1.publisher, a1.published.isoformat()) == (
            "North Korea ships ammunition", "Courier a1", "2023-10-13")
        assert a1.text.startswith("North Korea has shipped") and "Subscribe" not in a1.text


def test_hostile_feed_does_not_stop_the_others(server, tmp_path):
    server.page("/world.rss", rss(server, ["a1"]), "application/rss+xml")
    server.page("/evil.rss", "<?xml version='1.0'?><!DOCTYPE r [<!ENTITY a 'aaaa'>"
                "<!ENTITY b '&a;&a;&a;&a;'>]><rss version='2.0'><channel><title>&b;</title>"
                "</channel></rss>", "application/rss+xml")
    server.page("/page.rss", html_page("a2"))  # an HTML page where a feed should be
    config = write_config(tmp_path, server, sources=[
        {"feed": server.url("/evil.rss")}, {"feed": server.url("/page.rss")},
        {"feed": server.url("/world.rss")}])
    messages = []
    watcher = Watcher(load_config(config), console=Console(quiet=True))
    watcher._warn = messages.append  # what the console would print
    try:
        report = watcher.poll()
    finally:
        watcher.close()
    assert report.stored == 1 and shape(alerts(tmp_path)) == FIRST
    assert any("evil.rss: feed refused" in m and "entity-expansion" in m for m in messages)
    assert any("page.rss: not an RSS or Atom feed" in m for m in messages), messages


def test_webhook_down_then_up_delivers_once(server, tmp_path):
    server.page("/world.rss", rss(server, ["a1"]), "application/rss+xml")
    server.post_status = 500
    config = write_config(tmp_path, server)
    _, report = poll(config)
    assert report.pending_alerts == 2 and len(alerts(tmp_path)) == 2  # JSONL got them
    server.post_status = 200
    _, report = poll(config)
    assert report.pending_alerts == 0
    ok = [json.loads(b)["id"] for p, b in server.posts[2:] if p == "/hook"]
    assert sorted(ok) == sorted(a["id"] for a in alerts(tmp_path))
    assert len(alerts(tmp_path)) == 2  # not written again


def test_unreachable_and_broken_entries_are_retried_then_failed(server, tmp_path):
    server.page("/world.rss", rss(server, ["a1"]).replace(
        "</channel>", f"<item><title>x</title><link>{server.url('/gone.html')}</link>"
                      f"<guid>gone</guid></item><item><title>y</title>"
                      f"<link>{server.url('/busy.html')}</link><guid>busy</guid></item>"
                      "</channel>"), "application/rss+xml")
    server.page("/busy.html", html_page("a2"), fail_first=99)
    config = write_config(tmp_path, server, fetch={"min_interval": 0, "backoff": 0.01,
                                                   "retries": 0, "cache_dir": "cache",
                                                   "allow_private": True})
    for _ in range(3):
        poll(config)
    with Store(str(tmp_path / "store.db")) as store, store.session() as session:
        items = {r.key: (r.status, r.attempts, r.detail) for r in session.scalars(
            select(WatchItem))}
    assert items["a1"][0] == "stored"
    assert items["gone"][:2] == ("failed", 1) and "HTTP 404" in items["gone"][2]
    assert items["busy"][:2] == ("failed", 3) and "HTTP 503" in items["busy"][2]
    assert len(server.hits_of("/gone.html")) == 1 and len(server.hits_of("/busy.html")) == 3


def settled(path: Path, data: str | bytes, age: float = 5.0) -> None:
    """Write a file as if it had been written ``age`` seconds ago."""
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    past = time.time() - age
    os.utime(path, (past, past))


def test_folder_source_takes_new_and_changed_files(server, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settled(inbox / "a1.txt", "\n\n".join(ARTICLES["a1"][2]))
    config = write_config(tmp_path, server, sources=[{"folder": "inbox"}])
    _, report = poll(config)
    assert report.stored == 1 and shape(alerts(tmp_path)) == FIRST
    settled(inbox / "a3.html", html_page("a3"))
    settled(inbox / "junk.html", b"\x00\x01binary")
    (inbox / "a2.txt").write_text(ARTICLES["a2"][2][0], "utf-8")  # being written just now
    _, report = poll(config)
    assert (report.stored, report.failed) == (1, 1)
    assert ("containers", "S") in shape(alerts(tmp_path))
    settled(inbox / "a2.txt", ARTICLES["a2"][2][0])
    _, report = poll(config)
    assert (report.stored, report.failed, report.alerts) == (1, 0, 0)
    # a changed file is taken again and replaces its document
    settled(inbox / "a1.txt", "\n\n".join(ARTICLES["a1"][2]) + "\n\nMore was expected.", 3)
    _, report = poll(config)
    assert (report.stored, report.failed) == (1, 0)
    with Store(str(tmp_path / "store.db")) as store, store.session() as session:
        texts = list(session.scalars(select(Document.text).where(Document.doc_id == "a1")))
    assert len(texts) == 1 and texts[0].endswith("More was expected.")


def test_config_errors_name_the_place(tmp_path):
    bad = tmp_path / "bad.yaml"
    cases = {
        "sources: []": "sources: a list of at least one feed or folder",
        "sources: [{feed: ftp://x}]": "sources[0].feed: not an http(s) URL",
        "sources: [{folder: nowhere}]": "sources[0].folder: no such folder",
        "sources: [{folder: .}]\nrules: [{when: sometimes}]": "rules[0]: 'when' must be one of",
        "sources: [{folder: .}]\nrules: [{when: new_fact, types: [gift]}]":
            "rules[0].types: unknown event type 'gift'",
        "sources: [{folder: .}]\nfetch: {speed: 3}": "fetch: unknown fetch setting(s): speed",
        "sources: [{folder: .}]\nfetch: {timeout: fast}":
            "fetch: timeout: expected a number, 0 or more, not 'fast'",
        "sources: [{folder: .}]\nfetch: {retries: 2.5}":
            "fetch: retries: expected a whole number, 0 or more, not 2.5",
        "sources: [{folder: .}]\nworkers: many": "workers: a whole number of processes",
        "sources: [{folder: .}]\ninterval: -1": "interval: seconds, a positive number",
        "{{{": "not valid YAML",
        "sources: [{folder: .}]\ncolour: red": "unknown key(s) colour",
    }
    for text, message in cases.items():
        bad.write_text(text, "utf-8")
        with pytest.raises(ConfigError) as info:
            load_config(bad)
        assert str(info.value).startswith(f"{bad}: ") and message in str(info.value), text


def _start(config: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "axiswatch", "watch", str(config), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_restart_in_the_middle_of_a_poll(server, tmp_path):
    server.page("/world.rss", rss(server, ["a1", "a2"]), "application/rss+xml")
    config = write_config(tmp_path, server)
    watch = _start(config)
    try:
        deadline = time.monotonic() + 120
        while len(alerts(tmp_path)) < 2:  # first poll done
            assert watch.poll() is None, watch.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        # the feed changes; a4's page answers slowly, so the watch is caught mid-poll
        server.page("/a4.html", html_page("a4"), drip=0.01)
        server.page("/world.rss", rss(server, ["a3", "a4", "a1", "a2"]), "application/rss+xml")
        while not server.hits_of("/a4.html"):
            assert watch.poll() is None, watch.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        watch.send_signal(signal.SIGKILL)
        watch.wait(30)
    finally:
        if watch.poll() is None:
            watch.kill()
    # killed while reading the new entries, before their alerts
    assert len(alerts(tmp_path)) == 2
    with Store(str(tmp_path / "store.db")) as store, store.session() as session:
        assert sorted(session.scalars(select(WatchItem.key).where(
            WatchItem.status == "stored"))) == ["a1", "a2"]
    server.page("/a4.html", html_page("a4"))
    again = _start(config, "--once")
    out, errors = again.communicate(timeout=180)
    assert again.returncode == 0, errors
    assert "2 stored" in errors
    assert shape(alerts(tmp_path)[2:]) == SECOND
    assert len({a["id"] for a in alerts(tmp_path)}) == len(alerts(tmp_path)) == 7
    with Store(str(tmp_path / "store.db")) as store, store.session() as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 4
        assert session.scalar(select(func.count()).select_from(WatchAlert).where(
            WatchAlert.delivered != "console,jsonl,webhook")) == 0


def test_ingest_url_list_and_feed_url_with_cache(server, tmp_path):
    from conftest import run_cli

    server.page("/world.rss", rss(server, ["a3", "a4"]), "application/rss+xml")
    server.page("/plain.txt", "Title: Fuel\n\nBelarus has sent fuel to Russia, officials said.",
                "text/plain; charset=utf-8")
    server.page("/loop", "", redirect="/loop")
    server.page("/huge.html", b"<p>" + b"x" * (11 * 1024 * 1024) + b"</p>")
    listing = tmp_path / "reading.urls"
    listing.write_text("\n".join(["# this week", server.url("/a1.html"), server.url("/plain.txt"),
                                  server.url("/world.rss"), server.url("/missing.html"),
                                  server.url("/loop"), server.url("/huge.html"),
                                  "not a url"]) + "\n", "utf-8")
    args = ("ingest", str(listing), "--db", str(tmp_path / "s.db"), "--rate", "0",
            "--cache-dir", str(tmp_path / "cache"), "--allow-private")
    first = run_cli(*args)
    assert first.returncode == 1
    assert "4 added, 0 replaced, 0 unchanged, 4 failed" in first.stderr
    for problem in (f"{server.url('/missing.html')}: HTTP 404",
                    f"{server.url('/loop')}: too many redirects",
                    f"{server.url('/huge.html')}: response too large",
                    f"{listing}:8: not an http(s) URL: 'not a url'"):
        assert problem in first.stderr, first.stderr
    assert "Traceback" not in first.stderr
    pages = {p: len(server.hits_of(p)) for p in ("/a1.html", "/plain.txt", "/a3.html")}
    second = run_cli(*args)
    assert "0 added, 0 replaced, 4 unchanged, 4 failed" in second.stderr
    assert pages == {p: len(server.hits_of(p)) for p in pages}  # read from the cache
    events = run_cli("events", "--db", str(tmp_path / "s.db"), "-f", "json")
    docs = {e["doc"] for e in json.loads(events.stdout)}
    assert any(d.startswith("127.0.0.1-plain-") for d in docs)


@pytest.mark.postgres
def test_watch_on_postgresql(server, tmp_path, pg_url):
    server.page("/world.rss", rss(server, ["a1", "a2"]), "application/rss+xml")
    config = write_config(tmp_path, server, db=pg_url.replace("postgresql://",
                                                               "postgresql+psycopg://"))
    poll(config)
    server.page("/world.rss", rss(server, ["a3", "a4", "a1", "a2"]), "application/rss+xml")
    _, report = poll(config)
    assert report.stored == 2
    assert shape(alerts(tmp_path)) == sorted(FIRST + SECOND)


def test_alerts_command_lists_what_the_watch_raised(server, tmp_path):
    from conftest import run_cli

    server.page("/world.rss", rss(server, ["a1"]), "application/rss+xml")
    config = write_config(tmp_path, server)
    poll(config)
    db = str(tmp_path / "store.db")
    listed = run_cli("alerts", "--db", db, "-f", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert sorted(r["rule"] for r in rows) == ["new-items", "prk-rus"]
    assert all(r["delivered"] == ["console", "jsonl", "webhook"] for r in rows)
    assert rows[0]["payload"]["evidence"][0]["url"] == server.url("/a1.html")
    items = run_cli("alerts", "--db", db, "--items", "stored", "-f", "csv")
    assert items.stdout.splitlines()[0].startswith("watch,source,key,status")
    assert "a1" in items.stdout
    bad = run_cli("alerts", "--db", db, "--since", "last week")
    assert bad.returncode == 2 and "--since: not a date" in bad.stderr
