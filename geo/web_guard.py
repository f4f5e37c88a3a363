"""What the one server process accepts from a browser: its own host names, its own origin, safe headers.

ASGI middleware in front of the dashboard, its websocket and the API:
- a Host header that names another host (a DNS-rebinding page) is refused, for pages and websockets;
- a POST, PUT, PATCH or DELETE to the API from a page of another origin (a form or fetch on a
  hostile site, which needs no token when none is set) is refused;
- every answer carries X-Content-Type-Options, Referrer-Policy, X-Frame-Options and a
  Content-Security-Policy that forbids framing by other sites, plugins and a foreign <base>
  (scripts are not restricted: Streamlit's page and the map's frames run inline code).

Allowed: localhost, 127.0.0.1, ::1, the address the server is bound to and this machine's name, plus
the names in COVERAGE_ATLAS_HOSTS (comma-separated, e.g. an intranet name; `*` allows any). Origins
allowed to POST are those hosts, plus COVERAGE_ATLAS_ORIGINS (comma-separated origins).
"""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["HOSTS_VARIABLE", "ORIGINS_VARIABLE", "SECURITY_HEADERS", "WebGuard", "allowed_hosts"]

HOSTS_VARIABLE = "COVERAGE_ATLAS_HOSTS"
ORIGINS_VARIABLE = "COVERAGE_ATLAS_ORIGINS"
SECURITY_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"content-security-policy", b"frame-ancestors 'self'; object-src 'none'; base-uri 'self'"),
)
_WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def _listed(variable: str) -> set[str]:
    return {item.strip().lower() for item in os.environ.get(variable, "").split(",") if item.strip()}


def allowed_hosts(bound: str | None = None) -> set[str]:
    """Host names the server answers to (see the module docstring)."""
    hosts = {"localhost", "127.0.0.1", "::1", socket.gethostname().lower()}
    if bound and bound not in ("0.0.0.0", "::"):
        hosts.add(bound.lower())
    return hosts | _listed(HOSTS_VARIABLE)


def _host_of(value: str) -> str:
    """'example.com:8501' -> 'example.com'; '[::1]:8501' -> '::1'."""
    return (urlsplit(f"//{value}").hostname or "").lower()


def _header(scope: Scope, name: bytes) -> str | None:
    return next((v.decode("latin-1") for k, v in scope.get("headers", []) if k.lower() == name), None)


class WebGuard:
    """Refuses foreign hosts and cross-origin writes to the API; adds the security headers to every answer."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str] | None = None, api_prefix: str = "/api/") -> None:
        self.app = app
        self.hosts = set(hosts) if hosts is not None else allowed_hosts()
        self.origins = _listed(ORIGINS_VARIABLE)
        self.api_prefix = api_prefix

    def _host_allowed(self, scope: Scope) -> bool:
        return "*" in self.hosts or _host_of(_header(scope, b"host") or "") in self.hosts

    def _origin_allowed(self, scope: Scope) -> bool:
        origin = _header(scope, b"origin")
        if origin is None:  # not sent by a browser for a same-origin GET, nor by curl or scripts
            return _header(scope, b"sec-fetch-site") != "cross-site"
        return origin.lower() in self.origins or "*" in self.hosts or _host_of(urlsplit(origin).netloc) in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not self._host_allowed(scope):
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if not self._host_allowed(scope):
            await _refuse(send, 400, f"host not allowed; set {HOSTS_VARIABLE} to serve under another name")
            return
        writes_api = scope["method"] in _WRITES and scope["path"].startswith(self.api_prefix)
        if writes_api and not self._origin_allowed(scope):
            await _refuse(send, 403, f"cross-origin request refused; set {ORIGINS_VARIABLE} to allow an origin")
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


async def _refuse(send: Send, status: int, error: str) -> None:
    body = json.dumps({"error": error}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": [*headers, *SECURITY_HEADERS]})
    await send({"type": "http.response.body", "body": body})
