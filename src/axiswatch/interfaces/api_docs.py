"""``/docs`` (Swagger UI from the installed ``swagger-ui-bundle-v2`` package, no CDN)
and the favicon (``/favicon.ico``, ``/favicon.svg``).

FastAPI's own ``/docs`` page loads Swagger UI from a CDN and starts it with an
inline script; the page's Content-Security-Policy (``script-src 'self'``) and a
machine without network both leave it blank. Here the page is plain HTML that
loads the package's files from ``/docs/assets/`` and a start script from
``/docs/init.js``, all from this server, so the same policy as the web page
applies unchanged.

The favicon is a mark drawn here: two nodes joined by an edge on a dark
rounded square. The ICO is rendered from the same shapes at its first request
(32×32, 32-bit with alpha), so no binary file is kept in the package.
"""

from __future__ import annotations

import math
import struct
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

DOCS_HTML = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>axiswatch API</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
"""

# No topbar (it would offer to load other documents) and no validator badge (it
# fetches an image from another site).
DOCS_INIT = """"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    onComplete: function () { document.body.dataset.ready = "yes"; }
  });
});
"""

# the mark, in a 32-unit square: background, edge, nodes
_BACKGROUND = (0x1D, 0x2B, 0x44)
_EDGE = (0xE8, 0xEC, 0xF2)
_NODE = (0xF2, 0x8C, 0x28)
_A, _B = (9.5, 22.5), (22.5, 9.5)
_NODE_RADIUS = 5.0
_EDGE_WIDTH = 3.0
_CORNER = 6.0

FAVICON_SVG = f"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="{_CORNER:g}" fill="#{''.join(f'{c:02x}' for c in _BACKGROUND)}"/>
<line x1="{_A[0]:g}" y1="{_A[1]:g}" x2="{_B[0]:g}" y2="{_B[1]:g}" \
stroke="#{''.join(f'{c:02x}' for c in _EDGE)}" stroke-width="{_EDGE_WIDTH:g}"/>
<circle cx="{_A[0]:g}" cy="{_A[1]:g}" r="{_NODE_RADIUS:g}" \
fill="#{''.join(f'{c:02x}' for c in _NODE)}"/>
<circle cx="{_B[0]:g}" cy="{_B[1]:g}" r="{_NODE_RADIUS:g}" \
fill="#{''.join(f'{c:02x}' for c in _NODE)}"/>
</svg>
"""


def _color_at(x: float, y: float) -> tuple[int, int, int, int]:
    """The mark's colour at a point of the 32-unit square (alpha 0 outside)."""
    # rounded corners: outside the circle of a corner's radius is transparent
    cx = min(max(x, _CORNER), 32 - _CORNER)
    cy = min(max(y, _CORNER), 32 - _CORNER)
    if math.hypot(x - cx, y - cy) > _CORNER:
        return (0, 0, 0, 0)
    for node in (_A, _B):
        if math.hypot(x - node[0], y - node[1]) <= _NODE_RADIUS:
            return (*_NODE, 255)
    # distance to the segment A-B
    dx, dy = _B[0] - _A[0], _B[1] - _A[1]
    t = max(0.0, min(1.0, ((x - _A[0]) * dx + (y - _A[1]) * dy) / (dx * dx + dy * dy)))
    if math.hypot(x - (_A[0] + t * dx), y - (_A[1] + t * dy)) <= _EDGE_WIDTH / 2:
        return (*_EDGE, 255)
    return (*_BACKGROUND, 255)


@cache
def render_ico(size: int = 32, samples: int = 4) -> bytes:
    """The mark as an ICO file: one ``size``² 32-bit image, each pixel the average
    of ``samples``² points (smooth edges)."""
    scale = 32 / size
    rows = []
    for py in range(size - 1, -1, -1):  # a BMP is stored bottom row first
        row = bytearray()
        for px in range(size):
            total = [0, 0, 0, 0]
            for sy in range(samples):
                for sx in range(samples):
                    r, g, b, a = _color_at((px + (sx + 0.5) / samples) * scale,
                                           (py + (sy + 0.5) / samples) * scale)
                    total[0] += r * a
                    total[1] += g * a
                    total[2] += b * a
                    total[3] += a
            alpha = total[3]
            rgb = [round(c / alpha) if alpha else 0 for c in total[:3]]
            row += bytes((rgb[2], rgb[1], rgb[0], round(alpha / samples ** 2)))  # BGRA
        rows.append(bytes(row))
    pixels = b"".join(rows)
    mask = b"\x00" * (((size + 31) // 32) * 4 * size)  # transparency is in the alpha
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0,
                         len(pixels) + len(mask), 0, 0, 0, 0)
    image = header + pixels + mask
    directory = struct.pack("<HHH", 0, 1, 1)
    entry = struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image),
                        6 + 16)
    return directory + entry + image


_CACHE = {"Cache-Control": "public, max-age=86400"}


def swagger_ui_assets() -> Path | None:
    """The folder of Swagger UI's files in the installed package, if it is installed."""
    try:
        from swagger_ui_bundle import swagger_ui_path  # type: ignore[import-untyped]
    except ImportError:
        return None
    folder = Path(str(swagger_ui_path))
    return folder if (folder / "swagger-ui-bundle.js").is_file() else None


def docs_routes(app: FastAPI) -> None:
    """Add ``/docs``, its script and assets, and the favicon to ``app`` (built with
    ``docs_url=None`` so FastAPI's CDN page is not there)."""

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon_ico() -> Response:
        return Response(render_ico(), media_type="image/x-icon", headers=_CACHE)

    @app.get("/favicon.svg", include_in_schema=False)
    def favicon_svg() -> Response:
        return Response(FAVICON_SVG, media_type="image/svg+xml", headers=_CACHE)

    assets = swagger_ui_assets()
    if assets is None:
        @app.get("/docs", include_in_schema=False)
        def no_docs() -> Response:
            return Response(
                "Swagger UI is not installed (the swagger-ui-bundle-v2 package: run "
                "scripts/setup.sh). The API's description is at /openapi.json.\n",
                status_code=503, media_type="text/plain")
        return

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    @app.get("/docs/init.js", include_in_schema=False)
    def docs_init() -> Response:
        return Response(DOCS_INIT, media_type="text/javascript")

    app.mount("/docs/assets", StaticFiles(directory=assets), name="docs-assets")
