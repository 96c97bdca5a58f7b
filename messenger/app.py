"""The ASGI app: webhook routes, and a lifespan that owns the database, the HTTP client and the workers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime

import httpx
from starlette.applications import Starlette
from starlette.routing import Route

from handlers.conversation import respond
from messenger.graph import GraphClient, new_http_client
from messenger.handling import Responder
from messenger.inbox import Inbox
from messenger.timing import WorkerTiming, utc_now
from messenger.webhook import health, receive_delivery, verify_subscription
from messenger.workers import Workers
from models.database import apply_migrations, close_database
from settings import Settings


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
        await apply_migrations(settings.database_url)
        http = http_client or new_http_client()
        graph = None
        if settings.page_access_token:
            graph = GraphClient(http, settings.graph_url, settings.page_access_token, settings.app_secret)
        workers = Workers(responder, settings, clock or utc_now, graph, timing or WorkerTiming())
        app.state.settings = settings
        app.state.inbox = Inbox()
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
