"""The web form through the real app (`httpx.ASGITransport`, lifespan run): visitors with cookies.

    async with form_site(db) as site:
        visitor = await site.visitor("203.0.113.5")
        page = await visitor.post(account="1234567", surname="Шевченко", total="12300")

The registry is `tests.channels.dialogue.REGISTRY`; the clock starts in the window
(29 November 2026) and `site.clock.set()` moves it.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field

import httpx
from starlette.applications import Starlette

from app import create_app
from models.database import open_database
from settings import Settings
from tests.channels.clock import SetClock
from tests.channels.dialogue import load_registry
from tests.messenger.harness import FAST

_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def token_in(page: str) -> str:
    """The hidden `csrf_token` of a page with the form."""
    found = _TOKEN.search(page)
    assert found, "the page has no csrf_token"
    return found.group(1)


@dataclass
class Visitor:
    """One browser: its own cookies and address; `post` fills the fields it is given."""

    client: httpx.AsyncClient
    token: str = ""

    async def open(self) -> httpx.Response:
        """`GET /form`, keeping the cookie and the token it sets."""
        page = await self.client.get("/form")
        self.token = token_in(page.text)
        return page

    async def post(self, **fields: str) -> httpx.Response:
        """`POST /form` with the token of the last page and `fields` (a box: any value)."""
        return await self.client.post("/form", data={"csrf_token": self.token, **fields})


@dataclass
class FormSite:
    """The app with its lifespan running; visitors come from any address."""

    app: Starlette
    clock: SetClock
    _clients: AsyncExitStack = field(default_factory=AsyncExitStack)

    async def visitor(self, address: str = "203.0.113.5") -> Visitor:
        """A new visitor from `address` who has opened the form."""
        transport = httpx.ASGITransport(app=self.app, client=(address, 40000))
        client = await self._clients.enter_async_context(httpx.AsyncClient(transport=transport, base_url="http://bot.test"))
        visitor = Visitor(client)
        await visitor.open()
        return visitor


@asynccontextmanager
async def form_site(database_url: str, clock: SetClock | None = None, *, registry: bool = True,
                    settings: Settings | None = None) -> AsyncIterator[FormSite]:
    """The app on `database_url` (with the test registry loaded unless `registry` is false).

    The lifespan closes the ORM when it ends; it is opened again so the test can look at what was stored.
    """
    clock = clock or SetClock()
    app = create_app(settings or Settings(database_url=database_url), clock=clock, timing=FAST)
    try:
        async with app.router.lifespan_context(app):
            if registry:
                await load_registry()
            site = FormSite(app, clock)
            async with site._clients:
                yield site
    finally:
        await open_database(database_url)
