"""``/docs`` in a real browser: Debian's chromium driven by Playwright, against
`axiswatch serve` on 127.0.0.1 (no network): Swagger UI from the installed
package renders the API's operations under the page's own Content-Security-Policy,
with no error or policy violation in the console, and a request made from it
answers. A screenshot goes to test-artifacts/docs.png."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import CHROMIUM, ROOT

ARTIFACTS = ROOT / "test-artifacts"

MISSING = ("Debian's chromium is not installed (apt-get install chromium)"
           if not Path(CHROMIUM).exists() else None)
if MISSING and os.environ.get("AXISWATCH_REQUIRE_BROWSER"):
    raise RuntimeError(f"browser tests required (AXISWATCH_REQUIRE_BROWSER) but {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

# violations are recorded by the page itself too, in case the console misses one
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(e.violatedDirective + " " + e.blockedURI));
"""


def test_docs_render_swagger_ui_under_the_csp(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1300, "height": 1400})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}")
            if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda exc: console.append(f"pageerror: {exc}"))
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        response = page.goto(server + "/docs")
        assert response is not None and response.status == 200
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_selector("body[data-ready=yes]", timeout=30_000)
        page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
        paths = page.eval_on_selector_all(
            ".opblock-summary-path", "els => els.map(e => e.dataset.path || e.textContent)")
        assert {"/api/facts", "/api/events", "/api/timeline", "/api/graph",
                "/api/search"} <= {p.strip().replace("\u200b", "") for p in paths}
        assert page.inner_text(".swagger-ui .info .title").startswith("axiswatch")

        # a request from the page: GET /api/facts with its default parameters
        block = page.locator("#operations-default-facts_api_facts_get")
        block.locator(".opblock-summary").click()
        block.locator("button.try-out__btn").click()
        block.locator("button.execute").click()
        status = block.locator(".live-responses-table tbody .response-col_status")
        status.first.wait_for(timeout=30_000)
        assert status.first.inner_text().strip().startswith("200")
        page.screenshot(path=str(ARTIFACTS / "docs.png"), full_page=False)

        assert page.evaluate("window.__violations") == []
        assert console == [], f"console: {console}"
        assert failed == [], f"requests that failed: {failed}"
    finally:
        context.close()


def test_favicon_is_an_icon(browser, server):
    context = browser.new_context()
    page = context.new_page()
    try:
        response = page.goto(server + "/favicon.ico")
        assert response is not None and response.status == 200
        assert response.headers["content-type"] == "image/x-icon"
        assert response.body()[:4] == b"\x00\x00\x01\x00"
        # the browser decodes both forms of the mark as images
        widths = page.evaluate("""async (urls) => Promise.all(urls.map(async (url) => {
            const img = new Image(); img.src = url; await img.decode(); return img.naturalWidth;
        }))""", [server + "/favicon.ico", server + "/favicon.svg"])
        assert widths[0] == 32 and widths[1] > 0
    finally:
        context.close()
