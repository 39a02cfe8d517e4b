"""A real HTTP server on 127.0.0.1 for the fetching and watch tests.

Routes are set by the test: a path maps to a :class:`Route` (status, body,
content type, headers) or to a behaviour: fail a number of times first,
drip the body slowly, redirect in a loop, send more than it announces. Every
request is logged with its time, path and user agent.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    fail_first: int = 0            # answer 503 this many times first
    retry_after: str | None = None
    drip: float = 0.0              # seconds between 1-byte chunks of the body
    redirect: str | None = None    # Location to send with a 302
    stall: float = 0.0             # seconds to wait before answering at all
    served: int = 0


@dataclass
class Hit:
    at: float
    path: str
    user_agent: str
    headers: dict[str, str]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.posts: list[tuple[str, bytes]] = []
        self.post_status = 200
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *_args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                with server._lock:
                    server.hits.append(Hit(time.monotonic(), self.path,
                                           self.headers.get("User-Agent", ""),
                                           dict(self.headers)))
                    route = server.routes.get(self.path)
                    if route is not None:
                        route.served += 1
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.stall:
                    time.sleep(route.stall)
                if route.fail_first and route.served <= route.fail_first:
                    headers = {"Retry-After": route.retry_after} if route.retry_after else {}
                    self._send(503, b"busy", "text/plain", headers)
                    return
                if route.redirect:
                    self._send(302, b"", "text/plain", {"Location": route.redirect})
                    return
                etag = route.headers.get("ETag")
                if etag and self.headers.get("If-None-Match") == etag:
                    self._send(304, b"", None, {"ETag": etag})
                    return
                if route.drip:
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    self.send_header("Content-Length", str(len(route.body)))
                    self.end_headers()
                    try:
                        for i in range(len(route.body)):
                            self.wfile.write(route.body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(route.drip)
                    except OSError:
                        pass
                    return
                self._send(route.status, route.body, route.content_type, route.headers)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length)
                with server._lock:
                    server.posts.append((self.path, data))
                self._send(server.post_status, b"{}", "application/json")

            def _send(self, status: int, body: bytes, content_type: str | None,
                      headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):
                    self.wfile.write(body)

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request, client_address) -> None:
                pass  # a client that hangs up early (the size cap) is expected here

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, body: bytes | str, content_type: str = "text/html; charset=utf-8",
             **kwargs) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(body=data, content_type=content_type, **kwargs)
        return self.url(path)

    def hits_of(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]
