"""CSRF tokens bound to a cookie and signed with the session secret.

A page with a form sets a cookie holding a random nonce and puts
`HMAC-SHA256(secret, purpose:nonce)` in the form's hidden `csrf_token` field. A post is
accepted only when that field signs the nonce in its cookie (compared in constant time):
another site can make a browser send the cookie along, but can neither read the cookie nor
sign a nonce of its own, and a token made for one form (`purpose`) is refused by another.

The cookie is host-only (no `Domain`), `Path=/`, `HttpOnly` and `SameSite=Lax`; when the
pages are served over https it is also `Secure` and named with the `__Host-` prefix, which
browsers accept only from the host itself, so a sibling subdomain cannot plant a nonce.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

FIELD = "csrf_token"
"""The name of the hidden form field."""

_NONCE = re.compile(r"[A-Za-z0-9_-]{43}")
"""`secrets.token_urlsafe(32)`: 43 characters."""


@dataclass(frozen=True)
class CsrfToken:
    """A nonce for the cookie and the token that signs it for the form."""

    nonce: str
    token: str


class Csrf:
    """Issues and checks the tokens of one kind of form (`purpose`).

    The key is the app's session secret, `request.app.state.session_secret` (`web.secret`).
    """

    def __init__(self, purpose: str, *, secure: bool) -> None:
        self._purpose = purpose
        self._secure = secure
        self.cookie = "__Host-csrf" if secure else "csrf"
        """The cookie's name."""

    def issue(self, request: Request) -> CsrfToken:
        """The token for the nonce in the request's cookie, or for a new nonce when it has none."""
        nonce = request.cookies.get(self.cookie, "")
        if not _NONCE.fullmatch(nonce):
            nonce = secrets.token_urlsafe(32)
        return CsrfToken(nonce, self._sign(request, nonce))

    def is_valid(self, request: Request, submitted: str) -> bool:
        """True when `submitted` is the token of the nonce in the request's cookie."""
        nonce = request.cookies.get(self.cookie, "")
        if not _NONCE.fullmatch(nonce):
            return False
        return hmac.compare_digest(submitted.encode(), self._sign(request, nonce).encode())

    def keep(self, response: Response, issued: CsrfToken) -> None:
        """Set (or refresh) the nonce cookie on `response`; it lasts as long as the browser session."""
        response.set_cookie(
            self.cookie, issued.nonce, path="/", secure=self._secure, httponly=True, samesite="lax"
        )

    def _sign(self, request: Request, nonce: str) -> str:
        key: bytes = request.app.state.session_secret
        return hmac.new(key, f"{self._purpose}:{nonce}".encode(), hashlib.sha256).hexdigest()
