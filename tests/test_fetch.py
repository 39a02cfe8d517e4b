"""The fetcher against a real HTTP server on 127.0.0.1: politeness, retries, caps,
hostile answers, and the cache."""

from __future__ import annotations

import pytest

from axiswatch.ingest.fetch import Fetcher, FetchError, FetchSettings
from conftest import run_cli
from webserver import LocalServer, Route

PAGE = """<html><head><title>Shells for Russia</title></head><body><article>
<p>North Korea has shipped more than 1,000 containers of munitions to Russia, the White
House said on Friday.</p></article></body></html>"""


@pytest.fixture
def server():
    s = LocalServer().start()
    yield s
    s.stop()


def fetcher(tmp_path, **kwargs) -> Fetcher:
    settings = {"min_interval": 0.0, "backoff": 0.05, "timeout": 2.0, "deadline": 3.0,
                "allow_private": True,  # the test server is on loopback
                "cache_dir": str(tmp_path / "cache"), **kwargs}
    return Fetcher(FetchSettings(**settings))


def test_identifies_itself_asks_robots_once_and_caches(server, tmp_path):
    url = server.page("/a.html", PAGE)
    with fetcher(tmp_path) as f:
        first = f.fetch(url)
        again = f.fetch(url)
    assert first.status == 200 and first.content_type == "text/html" and b"1,000" in first.body
    assert again.from_cache and again.body == first.body
    assert [h.path for h in server.hits] == ["/robots.txt", "/a.html"]
    assert all(h.user_agent.startswith("axiswatch/") for h in server.hits)
    # a new run (new fetcher) reads the cache from disk, without a request
    with fetcher(tmp_path) as f:
        assert f.fetch(url).from_cache
    assert len(server.hits_of("/a.html")) == 1


def test_robots_disallow_and_crawl_delay(server, tmp_path):
    server.page("/robots.txt", "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n",
                "text/plain")
    server.page("/private/x.html", PAGE)
    ok = [server.page(f"/p{i}.html", PAGE) for i in range(2)]
    with fetcher(tmp_path) as f:
        with pytest.raises(FetchError, match="robots.txt"):
            f.fetch(server.url("/private/x.html"))
        for url in ok:
            f.fetch(url)
    assert server.hits_of("/private/x.html") == []
    times = [h.at for h in server.hits if h.path.startswith("/p")]
    assert all(b - a >= 0.95 for a, b in zip(times, times[1:], strict=False)), times


def test_per_host_rate_limit(server, tmp_path):
    urls = [server.page(f"/r{i}.html", PAGE) for i in range(4)]
    with fetcher(tmp_path, min_interval=0.25) as f:
        for url in urls:
            f.fetch(url)
    times = [h.at for h in server.hits]  # robots.txt counts against the host too
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 5 and min(gaps) >= 0.23, gaps


def test_retries_with_backoff_then_succeeds(server, tmp_path):
    url = server.page("/busy.html", PAGE, fail_first=2, retry_after="0")
    with fetcher(tmp_path, retries=3) as f:
        response = f.fetch(url)
    assert response.status == 200
    hits = server.hits_of("/busy.html")
    assert len(hits) == 3
    assert hits[2].at - hits[1].at >= hits[1].at - hits[0].at >= 0.04  # backoff grows


def test_gives_up_after_retries_and_does_not_retry_404(server, tmp_path):
    url = server.page("/down.html", PAGE, fail_first=99)
    with fetcher(tmp_path, retries=2) as f:
        with pytest.raises(FetchError, match=r"HTTP 503 \(gave up after 3 attempts\)") as info:
            f.fetch(url)
        assert info.value.transient
        with pytest.raises(FetchError, match="HTTP 404") as missing:
            f.fetch(server.url("/nowhere.html"))
        assert not missing.value.transient
    assert len(server.hits_of("/down.html")) == 3 and len(server.hits_of("/nowhere.html")) == 1


def test_size_cap_announced_and_streamed(server, tmp_path):
    big = server.page("/big.html", b"<p>" + b"x" * 300_000 + b"</p>")
    with fetcher(tmp_path, max_bytes=100_000) as f, pytest.raises(FetchError, match="too large"):
        f.fetch(big)


def test_slow_drip_hits_the_deadline(server, tmp_path):
    slow = server.page("/slow.html", PAGE, drip=0.05)  # ~250 bytes at 20 bytes/s
    with fetcher(tmp_path, deadline=1.0, retries=0) as f, \
            pytest.raises(FetchError, match="too slow"):
        f.fetch(slow)


def test_stalled_server_times_out(server, tmp_path):
    stalled = server.page("/stall.html", PAGE, stall=2.0)
    with fetcher(tmp_path, timeout=0.5, retries=0) as f, \
            pytest.raises(FetchError, match="timed out"):
        f.fetch(stalled)


def test_redirect_loop_and_bad_content_type(server, tmp_path):
    server.page("/loop-a", "", redirect="/loop-b")
    server.page("/loop-b", "", redirect="/loop-a")
    server.page("/image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "image/png")
    with fetcher(tmp_path) as f:
        with pytest.raises(FetchError, match="redirect loop"):
            f.fetch(server.url("/loop-a"))
        with pytest.raises(FetchError, match="unsupported content type image/png"):
            f.fetch(server.url("/image.png"))
        with pytest.raises(FetchError, match="not an http"):
            f.fetch("file:///etc/passwd")


def test_refresh_asks_conditionally(server, tmp_path):
    url = server.page("/feed.xml", "<rss version='2.0'><channel></channel></rss>",
                      "application/rss+xml", headers={"ETag": '"v1"'})
    with fetcher(tmp_path) as f:
        f.fetch(url, refresh=True)
        again = f.fetch(url, refresh=True)
    assert again.not_modified and again.body.startswith(b"<rss")
    assert server.hits_of("/feed.xml")[1].headers.get("If-None-Match") == '"v1"'


def test_pages_over_http_whatever_their_charset_claims(server, tmp_path):
    from axiswatch.ingest.sources import Sources

    text = ("<html><head><title>Seoul’s count</title>{meta}</head><body><article><p>North "
            "Korea has sent about 6,700 containers of munitions to Russia, South Korea’s "
            "defence ministry said — a “significant” rise.</p></article></body></html>")
    lying = server.page("/lying.html", text.format(meta="").encode("cp1252"),
                        "text/html; charset=utf-8")
    meta_lies = server.page("/meta.html", text.format(
        meta="<meta charset='shift_jis'>").encode("utf-8"), "text/html")
    unknown = server.page("/unknown.html", text.format(meta="").encode("utf-8"),
                          "text/html; charset=x-martian")
    with fetcher(tmp_path) as f:
        articles = [next(Sources(fetcher=f).from_url(u)) for u in (lying, meta_lies, unknown)]
    for article in articles:
        assert "South Korea’s defence ministry said — a “significant” rise." in article.text, \
            article
        assert article.title == "Seoul’s count" and article.publisher == "127.0.0.1"


# -- server-side request forgery ------------------------------------------------

@pytest.mark.parametrize("url", [
    "http://127.0.0.1:{port}/secret", "http://localhost:{port}/secret",
    "http://[::1]:{port}/secret", "http://10.0.0.7/", "http://192.168.1.1/admin",
    "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://224.0.0.1/",
    "http://0.0.0.0:{port}/", "http://[::ffff:127.0.0.1]:{port}/", "http://100.64.0.1/",
])
def test_private_and_local_addresses_are_refused_by_default(server, tmp_path, url):
    server.page("/secret", "<html><body><p>internal</p></body></html>")
    f = fetcher(tmp_path, allow_private=False, retries=0)
    with pytest.raises(FetchError, match="not a public internet address") as caught:
        f.fetch(url.format(port=server.port))
    assert not caught.value.transient
    assert not any(h.path == "/secret" for h in server.hits)  # never reached


def test_a_redirect_into_the_private_network_is_refused(server, tmp_path):
    """Allowed to reach only the test server (127.0.0.1/32), a redirect to another
    local address or to a cloud metadata service is refused at the redirect."""
    server.routes["/go-local"] = Route(redirect="http://127.0.0.2:9/x")
    server.routes["/go-metadata"] = Route(redirect="http://169.254.169.254/latest/meta-data/")
    f = fetcher(tmp_path, allow_private=False, allow_networks="127.0.0.1/32", retries=0,
                respect_robots=False)
    for path, where in (("/go-local", "127.0.0.2"), ("/go-metadata", "169.254.169.254")):
        with pytest.raises(FetchError, match="not a public internet address") as caught:
            f.fetch(server.url(path))
        assert caught.value.url == server.url(path) and where in caught.value.reason
    assert any(h.path == "/go-local" for h in server.hits)


def test_intranet_use_is_allowed_on_request(server, tmp_path):
    server.page("/intranet.html", PAGE)
    response = fetcher(tmp_path, allow_private=True).fetch(server.url("/intranet.html"))
    assert response.status == 200
    narrow = fetcher(tmp_path, allow_private=False, allow_networks="127.0.0.0/8",
                     cache_dir=str(tmp_path / "other-cache"))
    assert narrow.fetch(server.url("/intranet.html")).status == 200


def test_ingest_refuses_local_urls_unless_allowed(server, tmp_path):
    server.page("/a.html", PAGE)
    listing = tmp_path / "list.urls"
    listing.write_text(server.url("/a.html") + "\n", "utf-8")
    args = ("ingest", str(listing), "--db", f"sqlite:///{tmp_path / 's.db'}", "--rate", "0",
            "--cache-dir", str(tmp_path / "cache"))
    refused = run_cli(*args)
    assert refused.returncode == 1 and "not a public internet address" in refused.stderr
    assert "Traceback" not in refused.stderr
    allowed = run_cli(*args, "--allow-private")
    assert allowed.returncode == 0, allowed.stderr
