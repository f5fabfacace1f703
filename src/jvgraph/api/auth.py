"""Which requests a server with access tokens answers (see :mod:`jvgraph.api.tokens`).

Every path needs a token except the sign-in page and the static code and styles (no data
is served there). A token comes in ``Authorization: Bearer TOKEN`` or in the cookie the
sign-in page sets (``HttpOnly``, ``SameSite=Lax``: another site's page cannot send it with
a POST, and no GET route changes anything). Routes under ``/api/admin/`` need an admin
token.

>>> from jvgraph.api.tokens import hash_token, parse_tokens
>>> tokens = parse_tokens(f"read alice {hash_token('jvg_x')}", origin="test")
>>> authorise(tokens, "GET", "/api/stats", {b"authorization": b"Bearer jvg_x"})
Holder(name='alice', role='read')
>>> authorise(tokens, "GET", "/api/stats", {}).status
401
>>> authorise(tokens, "POST", "/api/admin/upsert", {b"authorization": b"Bearer jvg_x"}).status
403
"""

from __future__ import annotations

from dataclasses import dataclass
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

from jvgraph.api.tokens import Holder, Role, Tokens

__all__ = ["ADMIN_PREFIX", "COOKIE", "Refusal", "authorise", "required_role", "safe_next"]

COOKIE = "jvgraph_token"
ADMIN_PREFIX = "/api/admin/"
#: paths anyone may fetch: the sign-in page and the static code and styles
OPEN_PATHS = ("/login", "/logout")
OPEN_PREFIXES = ("/static/",)
#: paths a browser opens as pages: without a token they lead to the sign-in page
PAGES = ("/", "/docs", "/redoc")


@dataclass(frozen=True)
class Refusal:
    """The answer to a request the tokens do not allow."""

    status: int
    code: str
    message: str
    headers: tuple[tuple[bytes, bytes], ...] = ()


def required_role(path: str) -> Role | None:
    """The role a path needs: ``None`` for the open paths."""
    if path in OPEN_PATHS or path.startswith(OPEN_PREFIXES):
        return None
    return "admin" if path.startswith(ADMIN_PREFIX) or path == ADMIN_PREFIX[:-1] else "read"


def authorise(
    tokens: Tokens, method: str, path: str, headers: dict[bytes, bytes], query: str = ""
) -> Holder | Refusal | None:
    """The token's holder when the request may go on (``None`` on an open path), else why
    not. ``headers`` are the request's, with lower-case names; ``query`` its query string
    (kept for the page it leads back to after signing in)."""
    needed = required_role(path)
    if needed is None:
        return None
    presented = _presented(headers)
    holder = tokens.check(presented) if presented else None
    if holder is None:
        if method == "GET" and path in PAGES:
            target = path + ("?" + query if query else "")
            return Refusal(303, "sign_in", "sign in first", ((b"location", _sign_in(target)),))
        return _unauthorised(bool(presented))
    if needed == "admin" and not holder.may_change():
        return Refusal(
            403,
            "forbidden",
            f"the token of '{holder.name}' has the read role; this route changes the graph "
            "and needs an admin token",
        )
    return holder


def safe_next(target: str) -> str:
    """Where to go after signing in: a path on this server (never another site)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")) and "\n" not in target:
        return target
    return "/"


def _presented(headers: dict[bytes, bytes]) -> str:
    auth = headers.get(b"authorization", b"").decode("latin-1").strip()
    scheme, _, value = auth.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = headers.get(b"cookie", b"").decode("latin-1")
    if not cookie:
        return ""
    try:
        jar: SimpleCookie = SimpleCookie(cookie)
    except CookieError:
        return ""
    found = jar.get(COOKIE)
    return found.value if found is not None else ""


def _unauthorised(presented: bool) -> Refusal:
    if presented:
        message = "the access token is not one this server accepts"
        challenge = b'Bearer realm="jvgraph", error="invalid_token"'
    else:
        message = (
            "this server needs an access token: send 'Authorization: Bearer TOKEN' "
            "or sign in at /login"
        )
        challenge = b'Bearer realm="jvgraph"'
    code = "invalid_token" if presented else "unauthorised"
    return Refusal(401, code, message, ((b"www-authenticate", challenge),))


def _sign_in(path: str) -> bytes:
    return ("/login?next=" + quote(path, safe="/")).encode("ascii")
