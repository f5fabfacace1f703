"""The sign-in page of a server with access tokens: a token pasted once becomes a cookie
(``HttpOnly``, ``SameSite=Lax``, ``Secure`` over HTTPS, 12 hours) that the explorer's
requests carry; ``/logout`` removes it. Plain HTML forms: no script runs on this page."""

from __future__ import annotations

from html import escape
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jvgraph.api.auth import COOKIE, safe_next
from jvgraph.api.settings import ApiSettings

__all__ = ["install"]

MAX_AGE_S = 12 * 3600

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · jvgraph</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css"></head>
<body class="sign-in"><main>
<h1>jvgraph</h1>
{body}
</main></body></html>
"""

_FORM = """<p>This server's graph is shared with named people only. Paste the access token
you were given (it starts with <code>jvg_</code>).</p>
{error}<form method="post" action="/login">
<input type="hidden" name="next" value="{next}">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required
 maxlength="256" autofocus>
<button type="submit">Sign in</button>
</form>"""

_OPEN = """<p>This server has no access tokens: everyone who reaches it may use it, so it
listens on this machine only. <a href="/">Open the explorer</a>.</p>"""


def _page(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(body=body), status_code=status)


def _form(target: str, error: str = "") -> str:
    shown = f'<p class="warn" role="alert">{escape(error)}</p>\n' if error else ""
    return _FORM.format(error=shown, next=escape(safe_next(target), quote=True))


def install(app: FastAPI) -> None:
    @app.get("/login", include_in_schema=False)
    async def sign_in_page(request: Request, next: str = "/") -> HTMLResponse:
        settings: ApiSettings = request.app.state.settings
        return _page(_form(next) if settings.tokens else _OPEN)

    @app.post("/login", include_in_schema=False)
    async def sign_in(request: Request) -> Response:
        settings: ApiSettings = request.app.state.settings
        if not settings.tokens:
            return RedirectResponse("/", status_code=303)
        fields = parse_qs((await request.body()).decode("utf-8", "replace"))
        token = (fields.get("token") or [""])[0].strip()
        target = safe_next((fields.get("next") or ["/"])[0])
        holder = settings.tokens.check(token)
        if holder is None:
            error = "That token is not one this server accepts."
            return _page(_form(target, error), status=401)
        response = RedirectResponse(target, status_code=303)
        secure = request.url.scheme == "https"
        response.set_cookie(
            COOKIE, token, max_age=MAX_AGE_S, path="/", secure=secure, httponly=True, samesite="lax"
        )
        return response

    @app.post("/logout", include_in_schema=False)
    async def sign_out() -> Response:
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax")
        return response
