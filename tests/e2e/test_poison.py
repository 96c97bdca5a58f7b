"""A poison event (its handling always raises) is retried a few times, then set aside with its error."""

from __future__ import annotations

from datetime import datetime

import httpx
import pytest

from app import create_app
from delivery.timing import WorkerTiming
from handlers.messages import Incoming, Reply
from models.database import open_database
from models.inbox import EventStatus, InboundEvent
from settings import MessengerSettings, Settings
from tests.e2e.harness import APP_SECRET, PAGE_TOKEN, eventually, fake_graph, signature, text_delivery

pytestmark = pytest.mark.anyio

TIMING = WorkerTiming(idle_poll=0.05, retry_base=0.02, retry_cap=0.1, max_event_attempts=3)
POISON = "отрута"


async def _echo_unless_poison(incoming: Incoming, now: datetime) -> list[Reply]:
    """A responder that fails on every message saying POISON and echoes any other text."""
    text = incoming.text
    if text == POISON:
        raise RuntimeError("the handler broke on this event")
    return [Reply(f"echo: {text}")]


async def test_a_poison_event_is_set_aside_and_the_queues_go_on(db: str) -> None:
    async with fake_graph() as graph:
        config = Settings(database_url=db, messenger=MessengerSettings(
            app_secret=APP_SECRET, page_access_token=PAGE_TOKEN, graph_url=graph.url))
        app = create_app(config, responder=_echo_unless_poison, timing=TIMING)
        try:
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
                    for psid, mid, text in (("ill", "m-1", POISON), ("ill", "m-2", "one"), ("well", "m-3", "two"),
                                            ("ill", "m-4", "three")):
                        body = text_delivery(psid, mid, text)
                        headers = {"X-Hub-Signature-256": signature(APP_SECRET, body)}
                        assert (await client.post("/webhook", content=body, headers=headers)).status_code == 200
                    await eventually(lambda: len(graph.replies) == 3, 20.0, "the healthy events answered")
        finally:
            await open_database(db)

    assert graph.by_recipient() == {"ill": ["echo: one", "echo: three"], "well": ["echo: two"]}
    poison = await InboundEvent.get(status=EventStatus.FAILED)
    assert poison.payload["message"]["mid"] == "m-1"
    assert poison.attempts == TIMING.max_event_attempts
    assert poison.error is not None and "the handler broke on this event" in poison.error
    assert await InboundEvent.filter(status=EventStatus.DONE).count() == 3
