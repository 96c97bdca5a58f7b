"""A bare Starlette app with a session secret, for testing the page helpers without the bot."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import BaseRoute

from web.headers import SecurityHeaders

SECRET = b"test-session-secret"


@asynccontextmanager
async def page_client(routes: Sequence[BaseRoute], *, base_url: str = "http://pages.test") -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app serving `routes` behind `SecurityHeaders`, with `SECRET` as its key."""
    app = Starlette(routes=list(routes), middleware=[Middleware(SecurityHeaders)])
    app.state.session_secret = SECRET
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url) as client:
        yield client
