"""The checks every request passes before any page sees it (an ASGI middleware).

* Host: only the loopback names of this server's own port (a web page that rebinds a
  DNS name to 127.0.0.1 still sends its own name here, and is refused).
* Token: the first path segment must be this run's random token. Another run's token,
  or none, is refused: the address printed at start is the key.
* Origin (CSRF): a request a browser sends on behalf of another site carries that site's
  Origin or `Sec-Fetch-Site: cross-site/same-site`; both are refused. Another port on
  127.0.0.1 is "same-site" but not our origin, so it is refused too.
* Size: a request body larger than the upload limit is read to its end and dropped (so
  the browser gets the page, not a reset connection) and answered with a clear page.

Every response gets headers that keep the confidential pages out of caches and frames and
forbid loading anything from elsewhere.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
#: Renders a refusal page: (scope, status, text key, values) -> an ASGI response app.
Refuse = Callable[..., ASGIApp]

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        b"form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),  # no-referrer makes Chromium send Origin: null
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class TooLarge(Exception):
    """The request body went over the limit (raised by the counting receive, after the
    rest of the body was read and dropped)."""


class Guard:
    """ASGI middleware: host, token, origin and size checks; security headers.

    Args:
        app: the application behind the guard.
        token: this run's token (the first path segment of every address).
        port: the port the server listens on (for the Host and Origin checks).
        max_body: the largest request body accepted, in bytes.
        refuse: builds the refusal page for (scope, status, key, **values).
    """

    def __init__(
        self, app: ASGIApp, *, token: str, port: int, max_body: int, refuse: Refuse
    ) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body
        self.refuse = refuse
        self.hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
        self.origins = {f"http://{host}" for host in self.hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a request on, or answer it with a refusal page; every answer gets the guard's
        headers."""
        if scope["type"] != "http":  # lifespan: nothing to guard
            await self.app(scope, receive, send)
            return
        send = _with_headers(send)
        problem = self.refusal(scope)
        if problem is not None:
            status, key = problem
            await _drain(receive)
            await self.refuse(scope, status, key)(scope, receive, send)
            return
        if scope["method"] in UNSAFE_METHODS:
            await self.limited(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """(status, text key) of the reason to refuse the request, or None to let it in."""
        headers = _headers(scope)
        if headers.get("host") not in self.hosts:
            return 403, "bad_origin"
        origin = headers.get("origin")
        if origin is not None and origin not in self.origins:
            return 403, "bad_origin"
        if headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            return 403, "bad_origin"
        first = scope["path"].lstrip("/").split("/", 1)[0]
        if not secrets.compare_digest(first.encode(), self.token.encode()):
            return 403, "bad_token"
        return None

    async def limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with a receive that stops at `max_body` bytes."""
        limit_mb = self.max_body // (1024 * 1024)
        length = _headers(scope).get("content-length", "")
        if length.isdigit() and int(length) > self.max_body:
            await _drain(receive)
            await self.refuse(scope, 413, "too_large", limit=limit_mb)(scope, receive, send)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                if message.get("more_body", False):
                    await _drain(receive)
                raise TooLarge
            return message

        # TooLarge surfaces in the page reading the form; create_app answers it with the
        # refusal page (an exception handler), since Starlette turns it into a response.
        await self.app(scope, counting, send)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", [])}


async def _drain(receive: Receive) -> None:
    """Read the rest of the request body and drop it."""
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body", False):
            return


def _with_headers(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            names = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
            message["headers"] = [*message.get("headers", []), *extra]
        await send(message)

    return sending
