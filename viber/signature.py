"""The `X-Viber-Content-Signature` check: hex HMAC-SHA256 of the raw body, keyed by the auth token."""

from __future__ import annotations

import hashlib
import hmac


def sign(auth_token: str, body: bytes) -> str:
    """The header value Viber sends with `body`."""
    return hmac.new(auth_token.encode(), body, hashlib.sha256).hexdigest()


def is_valid(auth_token: str, body: bytes, header: str | None) -> bool:
    """True when `header` signs `body` with `auth_token`; always False without a token.

    The comparison is constant-time; letter case of the hex digits does not matter.
    """
    if not auth_token or not header:
        return False
    return hmac.compare_digest(sign(auth_token, body).encode(), header.strip().lower().encode())
