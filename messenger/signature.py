"""The `X-Hub-Signature-256` check: HMAC-SHA256 of the raw body as received, keyed by the app secret."""

from __future__ import annotations

import hashlib
import hmac

_PREFIX = "sha256="


def sign(app_secret: str, body: bytes) -> str:
    """The header value Meta sends with `body`: `sha256=<hex digest>`."""
    return _PREFIX + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def is_valid(app_secret: str, body: bytes, header: str | None) -> bool:
    """True when `header` signs `body` with `app_secret`; always False without a secret.

    The algorithm is fixed (never taken from the header) and the comparison is constant-time.
    """
    if not app_secret or not header or not header.startswith(_PREFIX):
        return False
    return hmac.compare_digest(sign(app_secret, body).encode(), header.strip().encode())


def appsecret_proof(app_secret: str, access_token: str) -> str:
    """The Graph API `appsecret_proof`: HMAC-SHA256 of the access token keyed by the app secret."""
    return hmac.new(app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()
