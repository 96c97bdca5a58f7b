"""The sender worker against the fake Graph API: order, retries, permanent errors, dry run."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from handlers.messages import Choice, Reply
from messenger.events import Event, TextMessage
from models.outbox import OutgoingMessage, OutgoingStatus
from settings import MessengerSettings, Settings
from tests.messenger.fake_graph import BASE_URL, Failure, FakeGraph
from tests.messenger.harness import FAST, delivery, post_delivery, running_bot, text_event

pytestmark = pytest.mark.anyio

SECRET = "app-secret"
TOKEN = "page-token"

TRANSIENT = [
    Failure(status=500, code=2),
    Failure(status=500, code=1),
    Failure(status=400, code=4),
    Failure(status=400, code=17),
    Failure(status=400, code=32),
    Failure(status=400, code=613),
    Failure(status=503, code=None),
    Failure(connection_error=True),
]
PERMANENT = [
    Failure(status=400, code=551),
    Failure(status=400, code=10, subcode=2018278),
    Failure(status=400, code=100, subcode=2018001),
    Failure(status=400, code=200),
    Failure(status=400, code=190),
]


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph(TOKEN, SECRET)


@pytest.fixture
def settings(db: str) -> Settings:
    return Settings(database_url=db, messenger=MessengerSettings(app_secret=SECRET, page_access_token=TOKEN, graph_url=BASE_URL))


@pytest.fixture
async def graph_client(fake: FakeGraph) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=fake.transport()) as client:
        yield client


async def two_replies(event: Event, now: object, settings: Settings) -> list[Reply]:
    """Two replies per text: `<text> 1`, then `<text> 2` with quick replies."""
    if not isinstance(event, TextMessage):
        return []
    buttons = (Choice("Так", "YES"), Choice("Ні", "NO"))
    return [Reply(f"{event.text} 1"), Reply(f"{event.text} 2", buttons)]


async def _exchange(settings: Settings, client: httpx.AsyncClient, *texts: str) -> None:
    body = delivery(*(text_event("100", f"m_{n}", text) for n, text in enumerate(texts)))
    async with running_bot(settings, http_client=client, responder=two_replies) as (bot, workers):
        assert (await post_delivery(bot, SECRET, body)).status_code == 200
        await workers.wait_idle()


def _texts(fake: FakeGraph) -> list[str]:
    return [message["message"]["text"] for message in fake.messages]


async def test_replies_are_sent_in_order_with_token_proof_and_limits(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    await _exchange(settings, graph_client, "a", "b")
    assert fake.violations == []
    assert _texts(fake) == ["a 1", "a 2", "b 1", "b 2"]
    last = fake.messages[-1]
    assert last["recipient"] == {"id": "100"} and last["messaging_type"] == "RESPONSE"
    assert [item["payload"] for item in last["message"]["quick_replies"]] == ["YES", "NO"]
    assert "quick_replies" not in fake.messages[0]["message"]


@pytest.mark.parametrize("failure", TRANSIENT, ids=lambda failure: repr(failure))
async def test_a_transient_failure_is_retried_and_order_kept(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient, failure: Failure
) -> None:
    fake.fail_next(failure, times=2)
    await _exchange(settings, graph_client, "a")
    assert _texts(fake) == ["a 1", "a 2"]
    first = await OutgoingMessage.all().order_by("id").first()
    assert first is not None and (first.status, first.attempts) == (OutgoingStatus.SENT, 2)


@pytest.mark.parametrize("failure", PERMANENT, ids=lambda failure: f"{failure.code}/{failure.subcode}")
async def test_a_permanent_failure_is_recorded_and_not_retried(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient, failure: Failure
) -> None:
    fake.fail_next(failure)
    await _exchange(settings, graph_client, "a")
    assert fake.calls == 2
    assert _texts(fake) == ["a 2"]
    failed = await OutgoingMessage.get(status=OutgoingStatus.FAILED)
    assert failed.attempts == 1
    assert failed.error is not None and f"code {failure.code}" in failed.error


async def test_retries_end_after_the_last_attempt(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    fake.fail_next(Failure(status=500, code=2), times=100)
    await _exchange(settings, graph_client, "a")
    statuses = await OutgoingMessage.all().order_by("id").values_list("status", "attempts")
    assert statuses == [(OutgoingStatus.FAILED, FAST.max_send_attempts)] * 2


async def test_an_invalid_token_is_logged_loudly_once(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    fake.fail_next(Failure(status=400, code=190), times=4)
    with caplog.at_level(logging.INFO, logger="messenger"):
        await _exchange(settings, graph_client, "a", "b")
    alarms = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(alarms) == 1 and "FB_PAGE_ACCESS_TOKEN" in alarms[0].getMessage()
    assert TOKEN not in caplog.text
    assert await OutgoingMessage.filter(status=OutgoingStatus.FAILED).count() == 4


async def test_without_a_page_token_replies_are_logged_as_a_dry_run(
    db: str, fake: FakeGraph, graph_client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=db, messenger=MessengerSettings(app_secret=SECRET, graph_url=BASE_URL))
    with caplog.at_level(logging.INFO, logger="messenger"):
        await _exchange(settings, graph_client, "рахунок 1234567")
    assert fake.calls == 0
    assert await OutgoingMessage.filter(status=OutgoingStatus.DRY_RUN).count() == 2
    assert "dry run" in caplog.text and "рахунок *****67 1" in caplog.text
    assert "1234567" not in caplog.text


async def test_a_long_reply_becomes_several_messages_with_quick_replies_on_the_last(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    text = "\n".join(f"Рядок {n}: " + "х" * 90 for n in range(50))

    async def long_reply(event: Event, now: object, settings: Settings) -> list[Reply]:
        return [Reply(text, (Choice("Допомога", "HELP"),))]

    async with running_bot(settings, http_client=graph_client, responder=long_reply) as (bot, workers):
        await post_delivery(bot, SECRET, delivery(text_event("100", "m_1", "hi")))
        await workers.wait_idle()
    assert fake.violations == []
    parts = _texts(fake)
    assert len(parts) == 3 and "\n".join(parts) == text
    assert ["quick_replies" in message["message"] for message in fake.messages] == [False, False, True]
    assert await OutgoingMessage.all().count() == 3


async def test_the_served_fake_checks_requests_over_a_socket(fake: FakeGraph) -> None:
    async with fake.serve() as url, httpx.AsyncClient() as client:
        bad = await client.post(f"{url}/me/messages", params={"access_token": "stolen"}, json={})
        assert bad.status_code == 400
    assert "wrong or missing access_token" in fake.violations
