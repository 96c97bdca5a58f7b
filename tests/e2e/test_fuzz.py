"""Fuzzing `POST /webhook`: whatever arrives, never a 5xx, and the workers go on answering."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from delivery.timing import WorkerTiming
from models.database import open_database
from settings import MessengerSettings, Settings
from tests.e2e.harness import (
    APP_SECRET,
    PAGE_TOKEN,
    FakeGraph,
    eventually,
    fake_graph,
    signature,
    text_delivery,
)

pytestmark = pytest.mark.anyio

FAST = WorkerTiming(idle_poll=0.05, retry_base=0.01, retry_cap=0.05)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
ids = st.text(max_size=80) | st.integers() | json_values
messages = st.fixed_dictionaries({}, optional={
    "mid": st.text(max_size=300) | json_values,
    "text": st.text(max_size=2500) | json_values,
    "quick_reply": st.fixed_dictionaries({"payload": st.text(max_size=40)}) | json_values,
    "attachments": st.lists(st.fixed_dictionaries({"type": st.sampled_from(["image", "audio", "x"])})) | json_values,
    "is_echo": st.booleans() | json_values,
})
events = st.fixed_dictionaries(
    {"sender": st.fixed_dictionaries({"id": ids}) | json_values},
    optional={
        "recipient": st.fixed_dictionaries({"id": ids}) | json_values,
        "timestamp": st.integers() | json_values,
        "message": messages | json_values,
        "postback": st.fixed_dictionaries({}, optional={"mid": ids, "payload": ids, "title": ids}) | json_values,
        "read": json_values,
        "delivery": json_values,
        "reaction": json_values,
        "referral": json_values,
        "optin": json_values,
    },
)
entries = st.fixed_dictionaries({"id": ids, "time": st.integers() | json_values}, optional={
    "messaging": st.lists(events, max_size=3) | json_values,
    "standby": st.lists(events, max_size=2) | json_values,
})
deliveries = st.fixed_dictionaries({"object": st.just("page") | json_values}, optional={
    "entry": st.lists(entries, max_size=3) | json_values,
})


@pytest.fixture
async def graph() -> AsyncIterator[FakeGraph]:
    async with fake_graph() as fake:
        yield fake


@pytest.fixture
async def bot(db: str, graph: FakeGraph) -> AsyncIterator[httpx.AsyncClient]:
    """The app with its lifespan (database, workers) running, reached in-process.

    After the test, whatever it posted, a new sender's message must still be answered.
    """
    config = Settings(database_url=db, messenger=MessengerSettings(
        app_secret=APP_SECRET, page_access_token=PAGE_TOKEN, graph_url=graph.url))
    app = create_app(config, timing=FAST)
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://bot.test") as client:
                yield client
                await _still_answers(client, graph)
    finally:
        await open_database(db)


async def _post(bot: httpx.AsyncClient, body: bytes, signed: bool) -> int:
    headers = {"Content-Type": "application/json"}
    if signed:
        headers["X-Hub-Signature-256"] = signature(APP_SECRET, body)
    return (await bot.post("/webhook", content=body, headers=headers)).status_code


async def _still_answers(bot: httpx.AsyncClient, graph: FakeGraph) -> None:
    assert await _post(bot, text_delivery("after-fuzz", "m-after-fuzz", "Добрий день"), signed=True) == 200
    await eventually(lambda: "after-fuzz" in graph.by_recipient(), 20.0, "a reply after the fuzzing")


def _encoded(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


@FUZZ
@given(body=deliveries | json_values)
async def test_signed_json_of_any_shape_is_never_a_server_error(
    bot: httpx.AsyncClient, graph: FakeGraph, body: Any
) -> None:
    status = await _post(bot, _encoded(body), signed=True)

    assert status == (200 if isinstance(body, dict) else 400)


@FUZZ
@given(body=st.binary(max_size=2000), signed=st.booleans())
async def test_random_bytes_are_refused_without_a_server_error(
    bot: httpx.AsyncClient, graph: FakeGraph, body: bytes, signed: bool
) -> None:
    status = await _post(bot, body, signed)

    assert status in ((200, 400) if signed else (403,))


@pytest.mark.parametrize("event", [
    {"sender": {"id": ""}},
    {"sender": {"id": "x" * 80}, "message": {"mid": "m-long-sender", "text": "Добрий день"}},
    {"sender": {"id": "long-mid"}, "message": {"mid": "m" * 300, "text": "Добрий день"}},
    {"sender": {"id": "long-text"}, "message": {"mid": "m-long-text", "text": "д" * 5000}},
    {"sender": {"id": 12345}, "postback": {"payload": None}},
])
async def test_odd_events_are_stored_or_skipped_without_a_server_error(
    bot: httpx.AsyncClient, event: dict[str, Any]
) -> None:
    body = _encoded({"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [event]}]})

    assert await _post(bot, body, signed=True) == 200
