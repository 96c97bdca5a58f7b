"""The ASGI app: the health check and each enabled channel's routes, and a lifespan that owns
the database, the platforms' HTTP client and the background workers."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from functools import partial

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from tortoise import Tortoise
from tortoise.exceptions import BaseORMException

from console.metrics import metrics
from console.routes import Console
from delivery.answering import Responder
from delivery.channel import Channel
from delivery.photos import PhotoReading
from delivery.receiving import Inbox
from delivery.timing import Clock, WorkerTiming, system_clock
from delivery.workers import Workers
from handlers.conversation import respond
from handlers.messages import Incoming, Reply
from messenger.channel import Messenger
from messenger.graph import GraphClient, new_http_client
from models.database import apply_migrations, close_database
from photos.pool import PhotoReader
from privacy.pages import PrivacyPages
from privacy.retention import RetentionWorker
from settings import Settings
from telegram_door.botapi import BotApi
from telegram_door.channel import Telegram
from viber.api import ViberClient
from viber.channel import Viber
from web.headers import SecurityHeaders
from web.secret import session_secret
from web.templates import static_routes
from webform.routes import WebForm

log = logging.getLogger(__name__)

_MIGRATION_ATTEMPTS = 5


def create_app(
    settings: Settings,
    *,
    http_client: httpx.AsyncClient | None = None,
    clock: Clock = system_clock,
    responder: Responder | None = None,
    timing: WorkerTiming | None = None,
    photo_reader: PhotoReader | None = None,
) -> Starlette:
    """The service's app. While its lifespan runs, `app.state.workers` is the `Workers` object
    and `app.state.session_secret` the key of the pages' tokens (`web.secret`).

    `http_client` reaches the platforms (one is made, and closed, when none is given); `clock`
    is the one clock of the workers and the conversation; `responder` replaces the conversation;
    `photo_reader` reads customers' photos (one is started on the first photo, and stopped, when
    none is given).
    """
    http = http_client or new_http_client()
    channels = enabled_channels(settings, http, clock)
    reminding = frozenset(channel.name for channel in channels if channel.reminders)
    settings = replace(settings, conversation=replace(settings.conversation, reminder_channels=reminding))
    answer = responder or partial(_converse, settings=settings)
    by_name = {channel.name: channel for channel in channels}

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await _apply_migrations(settings.database_url)
        app.state.session_secret = await session_secret(settings.web.session_secret)
        reader = photo_reader or PhotoReader()
        workers = Workers(
            by_name, answer, settings.messages_per_minute, clock, timing or WorkerTiming(),
            settings.conversation.timezone, PhotoReading(by_name, reader, settings.conversation),
        )
        retention = RetentionWorker(workers.worker_id, settings.retention_days, clock, timing or WorkerTiming())
        app.state.inbox = Inbox(workers.events_stored)
        app.state.workers = workers
        app.state.clock = clock
        workers.start()
        retaining = asyncio.create_task(retention.run(), name="retention-worker")
        try:
            yield
        finally:
            retention.stop()
            await retaining
            await workers.stop()
            if photo_reader is None:
                reader.close()
            await close_database()
            if http_client is None:
                await http.aclose()

    routes: list[BaseRoute] = [
        Route("/healthz", _health, methods=["GET"]), Route("/metrics", metrics, methods=["GET"]), *static_routes(),
        *WebForm(settings, clock).routes(), *PrivacyPages(settings).routes(),
        *Console(settings, by_name, clock).routes(),
    ]
    for channel in channels:
        routes += channel.routes()
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])


def enabled_channels(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> Sequence[Channel]:
    """The enabled channels: Messenger always (a dry run without a page token), Telegram and
    Viber when their tokens are set."""
    messenger = settings.messenger
    graph = None
    if messenger.page_access_token:
        graph = GraphClient(http, messenger.graph_url, messenger.page_access_token, messenger.app_secret)
    channels: list[Channel] = [Messenger(messenger, graph, settings.public_url, http=http)]
    viber = settings.viber
    if viber.auth_token:
        channels.append(Viber(viber, ViberClient(http, viber.api_url, viber.auth_token), clock))
    telegram = settings.telegram
    if telegram.bot_token:
        channels.append(Telegram(BotApi(http, telegram.api_url, telegram.bot_token), telegram.webhook_secret, clock))
    return channels


async def _converse(incoming: Incoming, now: datetime, settings: Settings) -> list[Reply]:
    return await respond(incoming, now, settings.conversation)


async def _health(request: Request) -> Response:
    """`GET /healthz`: 200 when the database answers, else 503."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:
        log.exception("health check: the database does not answer")
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


async def _apply_migrations(database_url: str) -> None:
    """Apply pending migrations; when instances started together collide, try again.

    The loser of the race fails on an object the winner has just created; once the winner
    has committed, the migrations are found applied.
    """
    jitter = random.Random()
    for attempt in range(1, _MIGRATION_ATTEMPTS + 1):
        try:
            await apply_migrations(database_url)
            return
        except BaseORMException as error:
            if attempt == _MIGRATION_ATTEMPTS:
                raise
            log.warning("migrations collided with another instance (%s), trying again", type(error).__name__)
            await close_database()
            await asyncio.sleep(jitter.uniform(0.2, 0.6) * attempt)
