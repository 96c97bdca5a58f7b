"""The ASGI app: webhook routes, and a lifespan that owns the database, the HTTP client and the workers."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

import httpx
from starlette.applications import Starlette
from starlette.routing import Route
from tortoise.exceptions import BaseORMException

from handlers.conversation import respond
from messenger.graph import GraphClient, new_http_client
from messenger.handling import Responder
from messenger.inbox import Inbox
from messenger.refusals import RefusalLog
from messenger.timing import WorkerTiming, utc_now
from messenger.webhook import health, receive_delivery, verify_subscription
from messenger.workers import Workers
from models.database import apply_migrations, close_database
from settings import Settings

log = logging.getLogger(__name__)

_MIGRATION_ATTEMPTS = 5


def create_app(
    settings: Settings,
    *,
    http_client: httpx.AsyncClient | None = None,
    clock: Callable[[], datetime] | None = None,
    responder: Responder = respond,
    timing: WorkerTiming | None = None,
) -> Starlette:
    """The bot's app. While its lifespan runs, `app.state.workers` is the `Workers` object.

    `http_client` is used for the Graph API (one is made, and closed, when none is given);
    `clock` gives the responder its `now` (default: the current time in UTC).
    """

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await _apply_migrations(settings.database_url)
        http = http_client or new_http_client()
        graph = None
        if settings.page_access_token:
            graph = GraphClient(http, settings.graph_url, settings.page_access_token, settings.app_secret)
        workers = Workers(responder, settings, clock or utc_now, graph, timing or WorkerTiming())
        app.state.settings = settings
        app.state.inbox = Inbox()
        app.state.refusals = RefusalLog(logging.getLogger("messenger.webhook"))
        app.state.workers = workers
        workers.start()
        try:
            yield
        finally:
            await workers.stop()
            await close_database()
            if http_client is None:
                await http.aclose()

    return Starlette(
        routes=[
            Route("/webhook", verify_subscription, methods=["GET"]),
            Route("/webhook", receive_delivery, methods=["POST"]),
            Route("/healthz", health, methods=["GET"]),
        ],
        lifespan=lifespan,
    )


async def _apply_migrations(database_url: str) -> None:
    """Apply pending migrations; when instances started together collide, try again.

    The loser of the race fails on an object the winner has just created; once the winner
    has committed, the migrations are found applied.
    """
    for attempt in range(1, _MIGRATION_ATTEMPTS + 1):
        try:
            await apply_migrations(database_url)
            return
        except BaseORMException as error:
            if attempt == _MIGRATION_ATTEMPTS:
                raise
            log.warning("migrations collided with another instance (%s), trying again", type(error).__name__)
            await close_database()
            await asyncio.sleep(random.uniform(0.2, 0.6) * attempt)
