"""Driving the bot's app over HTTP in tests: signed deliveries, events, a running app.

    async with running_bot(settings, http_client=fake_client) as (client, workers):
        await post_delivery(client, settings.messenger.app_secret, delivery(text_event("100", "m_1", "hi")))
        await workers.wait_idle()
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from app import create_app
from delivery.answering import Responder
from delivery.timing import Clock, WorkerTiming, system_clock
from delivery.workers import Workers
from messenger.signature import sign
from models.database import open_database
from settings import Settings
from tests.photos.reader import READER

PAGE_ID = "999000"
FAST = WorkerTiming(idle_poll=0.05, retry_base=0.01, retry_cap=0.05, max_send_attempts=8)
"""Worker timing for tests: short sleeps and backoffs."""


@asynccontextmanager
async def running_bot(
    settings: Settings,
    *,
    http_client: httpx.AsyncClient | None = None,
    clock: Clock = system_clock,
    responder: Responder | None = None,
    timing: WorkerTiming = FAST,
) -> AsyncIterator[tuple[httpx.AsyncClient, Workers]]:
    """The app with its lifespan running, and an HTTP client that reaches it; photos are read
    by the tests' shared reader.

    The lifespan closes the ORM when it ends; it is opened again afterwards so the test
    can look at what was stored.
    """
    app = create_app(
        settings, http_client=http_client, clock=clock, responder=responder, timing=timing, photo_reader=READER
    )
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
                yield client, app.state.workers
    finally:
        await open_database(settings.database_url)


def encode(body: dict[str, Any]) -> bytes:
    """JSON as Meta sends it: non-ASCII escaped as \\uXXXX."""
    return json.dumps(body).encode()


async def post_delivery(client: httpx.AsyncClient, secret: str, body: dict[str, Any] | bytes) -> httpx.Response:
    """POST a delivery to `/webhook` signed with `secret`."""
    raw = body if isinstance(body, bytes) else encode(body)
    headers = {"X-Hub-Signature-256": sign(secret, raw), "Content-Type": "application/json"}
    return await client.post("/webhook", content=raw, headers=headers)


def delivery(*events: dict[str, Any], standby: tuple[dict[str, Any], ...] = ()) -> dict[str, Any]:
    """A page delivery with one entry holding `events` (and `standby` events)."""
    entry: dict[str, Any] = {"id": PAGE_ID, "time": 1764000000000, "messaging": list(events)}
    if standby:
        entry["standby"] = list(standby)
    return {"object": "page", "entry": [entry]}


def event(psid: str, **part: Any) -> dict[str, Any]:
    """A `messaging[]` item from `psid` to the page with the given part (`message=...`, ...)."""
    return {"sender": {"id": psid}, "recipient": {"id": PAGE_ID}, "timestamp": 1764000000000, **part}


def text_event(psid: str, mid: str, text: str, quick_reply: str | None = None) -> dict[str, Any]:
    """A text message, optionally a tapped quick reply."""
    message: dict[str, Any] = {"mid": mid, "text": text}
    if quick_reply is not None:
        message["quick_reply"] = {"payload": quick_reply}
    return event(psid, message=message)


def postback_event(psid: str, mid: str, payload: str, title: str = "") -> dict[str, Any]:
    """A tap on a button or a menu item."""
    return event(psid, postback={"mid": mid, "payload": payload, "title": title})
