"""The checks every request passes before a route sees it, as one ASGI middleware: the
``Host`` header names this server (against DNS rebinding), the request carries a token
the server accepts when it has any (:mod:`jvgraph.api.auth`), the body is at most
``max_body_bytes`` and its JSON nests at most ``max_json_depth`` deep; and the security
headers every response carries.

Starlette's ``TrustedHostMiddleware`` answers a wrong host in plain text; this one answers
every refusal as the API's JSON errors (``{"error", "message"}``) and checks the body too.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from jvgraph.api.auth import Refusal, authorise
from jvgraph.api.settings import ApiSettings
from jvgraph.safe_text import json_depth

__all__ = ["CSP", "DOCS_CSP", "SECURITY_HEADERS", "Guard"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

#: the explorer: its own scripts only; inline styles (vis-network and the tables set them)
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Swagger UI and ReDoc start from an inline script and run a worker from a blob
DOCS_CSP = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") + (
    "; worker-src 'self' blob:"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: ``app.add_middleware(Guard, settings=ApiSettings())``."""

    def __init__(self, app: App, settings: ApiSettings) -> None:
        self.app = app
        self.settings = settings
        self.hosts = {h.lower().strip("[]") for h in settings.allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_headers(send, DOCS_CSP if _is_docs(scope["path"]) else CSP)
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        host = _host_name(headers.get(b"host", b"").decode("latin-1"))
        if "*" not in self.hosts and host not in self.hosts:
            allowed = ", ".join(sorted(self.hosts))
            msg = (
                f"this server does not answer to the host name '{host}' (it answers to "
                f"{allowed}); start it with --allowed-host {host or 'NAME'} to allow it"
            )
            await _refuse(send, 400, "bad_host", msg)
            return
        if self.settings.tokens:
            query = scope.get("query_string", b"").decode("latin-1")
            decision = authorise(
                self.settings.tokens, scope["method"], scope["path"], headers, query
            )
            if isinstance(decision, Refusal):
                await _refuse(
                    send, decision.status, decision.code, decision.message, decision.headers
                )
                return
            scope.setdefault("state", {})["holder"] = decision
        try:
            body = await self._body(headers, receive)
        except _TooLarge:
            limit = self.settings.max_body_bytes
            msg = f"the request body is over the limit of {limit:,} bytes"
            await _refuse(send, 413, "body_too_large", msg)
            return
        depth = json_depth(body) if body else 0
        if depth > self.settings.max_json_depth:
            msg = (
                f"the request body's JSON nests {depth:,} deep; "
                f"the limit is {self.settings.max_json_depth}"
            )
            await _refuse(send, 400, "json_too_deep", msg)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _body(self, headers: dict[bytes, bytes], receive: Receive) -> bytes:
        """The whole body, read up to the limit (refused at once when its declared length
        is over it)."""
        limit = self.settings.max_body_bytes
        declared = headers.get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            raise _TooLarge
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return b"".join(parts)
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _TooLarge
            parts.append(chunk)
            if not message.get("more_body", False):
                return b"".join(parts)


def _is_docs(path: str) -> bool:
    return path in ("/docs", "/redoc") or path.startswith("/docs/")


def _host_name(host: str) -> str:
    """The name of a ``Host`` header without its port: ``[::1]:8000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _with_headers(send: Send, csp: str) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            have = {k.lower() for k, _ in message.get("headers", [])}
            extra = [(k, v) for k, v in SECURITY_HEADERS if k not in have]
            if b"content-security-policy" not in have:
                extra.append((b"content-security-policy", csp.encode()))
            message["headers"] = list(message.get("headers", [])) + extra
        await send(message)

    return sending


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(
    send: Send, status: int, code: str, message: str, extra: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    body = json.dumps({"error": code, "message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += list(extra)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
