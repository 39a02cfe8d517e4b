"""Who may read and write through the server, and from where.

The rules, checked on every request before it reaches a route:

* **Host allow-list.** The ``Host`` header must name one of the allowed hosts
  (by default the loopback names when the server listens on loopback). A page
  on another site that rebinds its DNS name to 127.0.0.1 therefore cannot read
  the API: its requests carry its own host name.
* **No cross-site writes.** A request that changes the store (``POST``, ``PUT``,
  ``PATCH``, ``DELETE``) is refused when the browser says it comes from another
  site (``Sec-Fetch-Site``) or its ``Origin`` is not the server's own. Plain
  clients (curl, scripts) send neither header and are not affected.
* **A token for writes.** When a token is set (``--token`` or
  ``AXISWATCH_TOKEN``; ``serve`` makes one up when it listens beyond loopback
  without one), every write must carry it as ``Authorization: Bearer TOKEN``
  or ``X-Axiswatch-Token: TOKEN``. With ``private``, reads of ``/api`` need it
  too.

The settings travel to the server processes in environment variables.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from dataclasses import dataclass
from urllib.parse import urlsplit

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
TOKEN_ENV = "AXISWATCH_TOKEN"
PRIVATE_ENV = "AXISWATCH_PRIVATE"
HOSTS_ENV = "AXISWATCH_ALLOWED_HOSTS"


class AccessError(ValueError):
    """A server setting that cannot be honoured safely."""


@dataclass(frozen=True)
class Refusal:
    status: int
    message: str


@dataclass(frozen=True)
class Access:
    token: str | None = None
    private: bool = False  # reads of /api need the token too
    allowed_hosts: frozenset[str] = LOOPBACK_HOSTS  # "*" allows any

    @classmethod
    def from_environment(cls) -> Access:
        hosts = os.environ.get(HOSTS_ENV, "")
        return cls(
            token=os.environ.get(TOKEN_ENV) or None,
            private=os.environ.get(PRIVATE_ENV, "") in ("1", "true", "yes"),
            allowed_hosts=frozenset(h.strip().lower() for h in hosts.split(",") if h.strip())
            or LOOPBACK_HOSTS,
        )

    def to_environment(self) -> dict[str, str]:
        env = {PRIVATE_ENV: "1" if self.private else "",
               HOSTS_ENV: ",".join(sorted(self.allowed_hosts))}
        if self.token:
            env[TOKEN_ENV] = self.token
        return env

    def check(self, method: str, path: str, headers: dict[str, str]) -> Refusal | None:
        """Why a request may not go through, or None. ``headers`` are lowercase-keyed."""
        host = host_name(headers.get("host", ""))
        if "*" not in self.allowed_hosts and host not in self.allowed_hosts:
            return Refusal(400, f"host {host or '(none)'!r} is not served here; start the "
                                "server with --allow-host for the names clients use")
        writes = method.upper() in UNSAFE_METHODS
        if writes:
            site = headers.get("sec-fetch-site", "").lower()
            if site in ("cross-site", "same-site"):
                return Refusal(403, "cross-site writes are refused")
            origin = headers.get("origin")
            if origin is not None and not _same_origin(origin, headers.get("host", "")):
                return Refusal(403, f"writes from origin {origin[:100]!r} are refused")
        needs_token = writes or (self.private and path.startswith("/api/")
                                 and path != "/api/health")
        if needs_token and self.token and not self._has_token(headers):
            return Refusal(401, "this needs the server's token (Authorization: Bearer TOKEN "
                                "or X-Axiswatch-Token)")
        return None

    def _has_token(self, headers: dict[str, str]) -> bool:
        given = headers.get("x-axiswatch-token", "")
        auth = headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            given = given or auth[7:].strip()
        return bool(given) and hmac.compare_digest(given.encode(), (self.token or "").encode())


def host_name(host_header: str) -> str:
    """The host of a ``Host`` header, without its port, lowercase."""
    value = host_header.strip().lower()
    if value.startswith("["):  # [::1]:8000
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        value = value.split(":", 1)[0]
    return value


def _same_origin(origin: str, host_header: str) -> bool:
    parts = urlsplit(origin.strip())
    return bool(parts.netloc) and parts.netloc.lower() == host_header.strip().lower()


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serving_access(host: str, token: str | None, private: bool,
                   allow_hosts: list[str]) -> tuple[Access, list[str]]:
    """The access rules for ``serve --host HOST``, and what to tell the operator.

    Beyond loopback a token is required for writes (one is made up when none is
    given) and the names clients use must be listed with ``--allow-host``.
    """
    import secrets

    notes: list[str] = []
    hosts = {h.strip().lower() for h in allow_hosts if h.strip()}
    if is_loopback(host):
        hosts |= LOOPBACK_HOSTS
    else:
        if not hosts:
            raise AccessError(
                f"--host {host} listens beyond this machine: list the host names clients "
                "will use with --allow-host NAME (or --allow-host '*' behind a proxy that "
                "checks them)")
        if not token:
            token = secrets.token_urlsafe(24)
            notes.append(f"writes need this token (Authorization: Bearer ...): {token}")
        notes.append("plain HTTP: put a TLS-terminating reverse proxy in front (see README)")
    if private and not token:
        raise AccessError("--private needs a token (--token or AXISWATCH_TOKEN)")
    return Access(token or None, private, frozenset(hosts)), notes
