"""The key that signs the pages' tokens and sessions (CONTRACT section 1, `SESSION_SECRET`).

When `SESSION_SECRET` is not set, the first instance to start generates one and keeps it in
the database; every instance, now and after restarts, reads back that same value.
"""

from __future__ import annotations

import secrets

from models.keeping import keep_first

KEPT_AS = "session_secret"


async def session_secret(configured: str) -> bytes:
    """`configured` when set, else the secret kept in the database (generated on first use).

    The database must be open. The app loads it once in its lifespan as
    `app.state.session_secret`, where `web.csrf` (and the operator's sessions) read it.
    """
    if configured:
        return configured.encode()
    return (await keep_first(KEPT_AS, secrets.token_urlsafe(48))).encode()
