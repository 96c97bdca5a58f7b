"""Over the webhook, what only the webhook has: batches, redeliveries, concurrent posts, Send API
failures. (Every conversation of `test_conversation.py` also runs over the webhook.)"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from handlers import payloads
from models.readings import Reading
from settings import MessengerSettings, Settings
from tests.channels.clock import SetClock
from tests.channels.dialogue import IN_WINDOW, load_registry
from tests.messenger.door import SECRET, TOKEN
from tests.messenger.fake_graph import BASE_URL, Failure, FakeGraph
from tests.messenger.harness import delivery, event, post_delivery, postback_event, running_bot, text_event

pytestmark = pytest.mark.anyio

@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph(TOKEN, SECRET)


@pytest.fixture
async def settings(db: str) -> Settings:
    await load_registry()
    return Settings(database_url=db, messenger=MessengerSettings(
        app_secret=SECRET, page_access_token=TOKEN, graph_url=BASE_URL))


@pytest.fixture
async def graph_client(fake: FakeGraph) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=fake.transport()) as client:
        yield client


def texts_to(fake: FakeGraph, psid: str) -> list[str]:
    return [body["message"]["text"] for body in fake.messages if body["recipient"]["id"] == psid]


def quick_replies(body: dict[str, Any]) -> list[str]:
    return [choice["title"] for choice in body["message"].get("quick_replies", [])]


async def test_a_new_customer_from_get_started_to_a_stored_reading(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    async with running_bot(settings, http_client=graph_client, clock=SetClock(IN_WINDOW)) as (client, workers):
        for part in (
            postback_event("100", "p_1", payloads.GET_STARTED),
            text_event("100", "m_1", "7654321"),
            text_event("100", "m_2", "Коваленко"),
            text_event("100", "m_3", "день 8432 ніч 2917"),
        ):
            assert (await post_delivery(client, SECRET, delivery(part))).status_code == 200
            await workers.wait_idle()
    replies = texts_to(fake, "100")
    assert "номер вашого особового рахунку" in replies[0]
    assert "прізвище" in replies[1]
    assert "підключено" in replies[2] and "день, потім ніч" in replies[3]
    assert replies[4] == "Показники за листопад 2026 прийнято — …4321: день 8432, ніч 2917. Дякуємо!"
    assert quick_replies(fake.messages[-1]) == ["Передати показники", "Мої рахунки", "Допомога"]
    assert fake.violations == []
    assert await Reading.filter(day=8432, night=2917, period="2026-11", source_mid="m_3").count() == 1


async def test_a_batch_from_one_sender_is_handled_in_order(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    batch = delivery(
        text_event("100", "m_1", "1234567"),
        text_event("200", "m_9", "2345678"),
        text_event("100", "m_2", "Шевченко"),
        text_event("200", "m_10", "Бондаренко"),
        text_event("100", "m_3", "12300"),
        text_event("100", "m_4", "12345"),
        text_event("200", "m_11", "2200 1300 3400"),
    )
    async with running_bot(settings, http_client=graph_client, clock=SetClock(IN_WINDOW)) as (client, workers):
        assert (await post_delivery(client, SECRET, batch)).status_code == 200
        await workers.wait_idle()
    assert "замінили надіслані раніше" in texts_to(fake, "100")[-1]
    assert "пік 2200, напівпік 1300, ніч 3400" in texts_to(fake, "200")[-1]
    totals = await Reading.filter(account__number="1234567").order_by("id").values_list("total", flat=True)
    assert totals == [12300, 12345]


async def test_redelivered_and_concurrent_messages_are_handled_once(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    link = delivery(text_event("100", "m_1", "1234567"), text_event("100", "m_2", "Шевченко"))
    reading = delivery(text_event("100", "m_3", "12345"))
    async with running_bot(settings, http_client=graph_client, clock=SetClock(IN_WINDOW)) as (client, workers):
        await post_delivery(client, SECRET, link)
        answers = await asyncio.gather(*(post_delivery(client, SECRET, reading) for _ in range(5)))
        assert [answer.status_code for answer in answers] == [200] * 5
        await workers.wait_idle()
        await post_delivery(client, SECRET, reading)
        await post_delivery(client, SECRET, link)
        await workers.wait_idle()
    assert await Reading.all().count() == 1
    assert len(texts_to(fake, "100")) == 4  # surname question, linked, ask for reading, confirmation


async def test_a_transient_send_failure_still_delivers_the_confirmation_once(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    async with running_bot(settings, http_client=graph_client, clock=SetClock(IN_WINDOW)) as (client, workers):
        await post_delivery(client, SECRET, delivery(text_event("100", "m_1", "1234567")))
        await workers.wait_idle()
        fake.fail_next(Failure(status=500), times=2)
        await post_delivery(client, SECRET, delivery(text_event("100", "m_2", "Шевченко")))
        await post_delivery(client, SECRET, delivery(text_event("100", "m_3", "12345")))
        await workers.wait_idle()
    replies = texts_to(fake, "100")
    assert replies[1].startswith("Рахунок …4567") and replies[-1].startswith("Показники за листопад 2026")
    assert len(replies) == 4 and await Reading.all().count() == 1


async def test_messages_posted_back_to_back_are_answered_in_order(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    texts = ["2345678", "Бондаренко", "пік 2200 напівпік 1300 ніч 3400", "пік 2300 напівпік 1300 ніч 3400"]
    async with running_bot(settings, http_client=graph_client, clock=SetClock(IN_WINDOW)) as (client, workers):
        for number, text in enumerate(texts):
            await post_delivery(client, SECRET, delivery(text_event("100", f"m_{number}", text)))
        await workers.wait_idle()
    replies = texts_to(fake, "100")
    assert "прізвище" in replies[0] and "підключено" in replies[1] and "пік, напівпік, ніч" in replies[2]
    assert "пік 2200" in replies[3] and "пік 2300" in replies[4] and "замінили" in replies[4]
    assert await Reading.filter(account__number="2345678").order_by("id").values_list("peak", flat=True) == [2200, 2300]


async def test_a_quick_reply_sent_without_text_gets_its_answer(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    tap = event("100", message={"mid": "m_q", "quick_reply": {"payload": payloads.HELP}})
    async with running_bot(settings, http_client=graph_client, clock=SetClock(IN_WINDOW)) as (client, workers):
        assert (await post_delivery(client, SECRET, delivery(tap))).status_code == 200
        await workers.wait_idle()
    assert texts_to(fake, "100")[0].startswith("Як передати показники")
