"""The ASGI app: the health check and each enabled channel's routes, and a lifespan that owns
the database, the platforms' HTTP client and the background workers."""

from __future__ import annotations

import asyncio
import logging
import os
import random
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import datetime
from functools import partial
from multiprocessing.connection import Connection

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
from delivery.answering import Deliveries, Responder
from delivery.channel import Channel
from delivery.photos import PhotoReading
from delivery.process import NICENESS, WaitingDeliveries, WorkerProcesses, serve_wakeups
from delivery.receiving import Inbox
from delivery.timing import Clock, WorkerTiming, system_clock
from delivery.workers import Workers
from handlers.conversation import respond
from handlers.messages import Incoming, Reply
from messenger.channel import Messenger
from messenger.graph import GraphClient, new_http_client
from models.database import apply_migrations, close_database, connect
from photos.pool import PhotoReader
from privacy.pages import PrivacyPages
from privacy.retention import RetentionWorker
from runtime import collect_garbage_less_often, configure_logging, run_loop
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
    worker_processes: int = 0,
) -> Starlette:
    """The service's app. While its lifespan runs, `app.state.workers` is the `Workers` object
    (or, with `worker_processes`, the `WorkerProcesses` that run them) and
    `app.state.session_secret` the key of the pages' tokens (`web.secret`).

    `http_client` reaches the platforms (one is made, and closed, when none is given); `clock`
    is the one clock of the workers and the conversation; `responder` replaces the conversation;
    `photo_reader` reads customers' photos (one is started on the first photo, and stopped, when
    none is given); `worker_processes` runs the background workers in that many processes of
    their own (`delivery.process`), with the system clock, the conversation and their own HTTP
    client, instead of in this one.
    """
    http = http_client or new_http_client()
    settings, by_name = _assembled(settings, http, clock)
    answer = responder or partial(_converse, settings=settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await _apply_migrations(settings.database_url)
        app.state.session_secret = await session_secret(settings.web.session_secret)
        background: WorkerProcesses | Background
        if worker_processes:
            background = WorkerProcesses(work_apart, settings, worker_processes)
            inbox = Inbox(background.events_stored, background.deliveries.set)
            app.state.workers = background
        else:
            inbox = Inbox(lambda: background.events_stored())  # stores only once `background` is set below
            background = Background(settings, by_name, answer, clock, timing or WorkerTiming(), photo_reader, inbox)
            app.state.workers = background.workers
        app.state.inbox = inbox
        app.state.clock = clock
        background.start()
        try:
            yield
        finally:
            await background.stop()
            await close_database()
            if http_client is None:
                await http.aclose()

    # The webhooks first: Starlette tries routes in order, and they take most requests.
    routes: list[BaseRoute] = [route for channel in by_name.values() for route in channel.routes()]
    routes += [
        Route("/healthz", _health, methods=["GET"]), Route("/metrics", metrics, methods=["GET"]), *static_routes(),
        *WebForm(settings, clock).routes(), *PrivacyPages(settings).routes(),
        *Console(settings, by_name, clock).routes(),
    ]
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(SecurityHeaders)])


class Background:
    """The background work of one process: the `Workers` and the retention worker, and the
    photo reader they use (`photo_reader`, else one of their own, closed with them);
    `deliveries` are the web process's, whose commits come first (see `delivery.answering`)."""

    def __init__(
        self, settings: Settings, channels: Mapping[str, Channel], responder: Responder, clock: Clock,
        timing: WorkerTiming, photo_reader: PhotoReader | None = None,
        deliveries: Deliveries | None = None,
    ) -> None:
        self._reader = photo_reader or PhotoReader()
        self._own_reader = photo_reader is None
        photos = PhotoReading(channels, self._reader, settings.conversation)
        self.workers = Workers(channels, responder, settings.messages_per_minute, clock, timing,
                               settings.conversation.timezone, photos, deliveries)
        self.events_stored = self.workers.events_stored
        self.replies_stored = self.workers.replies_stored
        self._retention = RetentionWorker(self.workers.worker_id, settings.retention_days, clock, timing)
        self._retaining: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Start the workers and the retention worker as tasks of the running loop."""
        self.workers.start()
        self._retaining = asyncio.create_task(self._retention.run(), name="retention-worker")

    async def stop(self) -> None:
        """Stop them all (see `Workers.stop`)."""
        self._retention.stop()
        if self._retaining is not None:
            await self._retaining
        await self.workers.stop()
        if self._own_reader:
            self._reader.close()


def work_apart(settings: Settings, wake: Connection, deliveries: WaitingDeliveries) -> None:
    """A workers' process of `create_app(worker_processes=N)`: `Background` on its own event
    loop, woken through `wake` and yielding to the web process's `deliveries`, until the web
    process closes `wake` (`delivery.process`)."""
    configure_logging()
    os.nice(NICENESS)
    run_loop(_work_apart(settings, wake, deliveries))


async def _work_apart(settings: Settings, wake: Connection, deliveries: WaitingDeliveries) -> None:
    await connect(settings.database_url)
    http = new_http_client()
    settings, by_name = _assembled(settings, http, system_clock)
    background = Background(settings, by_name, partial(_converse, settings=settings), system_clock, WorkerTiming(),
                            deliveries=deliveries)
    background.start()
    collect_garbage_less_often()

    async def stopped() -> None:
        await background.stop()
        await close_database()
        await http.aclose()

    await serve_wakeups(wake, background, stopped)


def _assembled(settings: Settings, http: httpx.AsyncClient, clock: Clock) -> tuple[Settings, dict[str, Channel]]:
    """`settings` told which channels take reminders, and the enabled channels by name."""
    channels = enabled_channels(settings, http, clock)
    reminding = frozenset(channel.name for channel in channels if channel.reminders)
    settings = replace(settings, conversation=replace(settings.conversation, reminder_channels=reminding))
    return settings, {channel.name: channel for channel in channels}


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
