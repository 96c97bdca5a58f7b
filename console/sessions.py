"""Operators' sessions: a random token in a signed cookie, backed by a row that signing out ends.

The cookie holds `<token>.<HMAC-SHA256(session secret, token)>`; the row keeps only the
token's SHA-256, so a leaked table signs no one in. A session lasts `LIFETIME`.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from starlette.requests import Request
from starlette.responses import Response

from models.operators import Operator, OperatorSession

LIFETIME = timedelta(hours=12)


class Sessions:
    """Starts, finds and ends sessions; `secure` cookies when the pages are served over https."""

    def __init__(self, *, secure: bool) -> None:
        self._secure = secure
        self.cookie = "__Host-operator" if secure else "operator"

    async def start(self, request: Request, response: Response, operator: Operator, now: datetime) -> None:
        """A new session for `operator`, its cookie set on `response`."""
        token = secrets.token_urlsafe(32)
        await OperatorSession.create(token=_digest(token), operator=operator, created_at=now, expires_at=now + LIFETIME)
        response.set_cookie(
            self.cookie, f"{token}.{_sign(request, token)}", max_age=int(LIFETIME.total_seconds()), path="/",
            secure=self._secure, httponly=True, samesite="lax",
        )

    async def operator(self, request: Request, now: datetime) -> Operator | None:
        """The operator signed in with the request's cookie, if the session still holds."""
        session = await self._session(request, now)
        return None if session is None else session.operator

    async def end(self, request: Request, response: Response, now: datetime) -> None:
        """End the request's session (its cookie no longer works anywhere) and drop the cookie."""
        session = await self._session(request, now)
        if session is not None:
            session.ended_at = now
            await session.save(update_fields=["ended_at"])
        response.delete_cookie(self.cookie, path="/", secure=self._secure, httponly=True, samesite="lax")

    async def _session(self, request: Request, now: datetime) -> OperatorSession | None:
        token, _, signature = request.cookies.get(self.cookie, "").partition(".")
        if not token or not hmac.compare_digest(signature.encode(), _sign(request, token).encode()):
            return None
        return await OperatorSession.get_or_none(
            token=_digest(token), ended_at__isnull=True, expires_at__gt=now
        ).prefetch_related("operator")


def _sign(request: Request, token: str) -> str:
    key: bytes = request.app.state.session_secret
    return hmac.new(key, f"operator-session:{token}".encode(), hashlib.sha256).hexdigest()


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
