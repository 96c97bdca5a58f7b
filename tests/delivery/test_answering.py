"""The event worker: the responder in one transaction with the replies, failures, recovery."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

import pytest

from delivery.answering import EventWorker
from handlers.messages import Incoming, Reply
from messenger.channel import Messenger
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage
from models.senders import Sender
from settings import MessengerSettings, Settings
from tests.conftest import POSTGRES_URL
from tests.messenger.harness import FAST, delivery, post_delivery, postback_event, running_bot, text_event

pytestmark = pytest.mark.anyio

SECRET = "app-secret"


@pytest.fixture
def settings(db: str) -> Settings:
    return Settings(database_url=db, messenger=MessengerSettings(app_secret=SECRET))


class FlakyResponder:
    """Fails the first `failures` times it sees text `fail`; writes a sender row every time."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.seen: list[tuple[str, str, datetime]] = []

    async def __call__(self, incoming: Incoming, now: datetime) -> list[Reply]:
        label = incoming.text or str(incoming.payload)
        self.seen.append((incoming.sender, label, now))
        await Sender.get_or_create(channel="test", external_id=f"{incoming.sender}:{label}:{len(self.seen)}")
        if label == "fail" and self.failures > 0:
            self.failures -= 1
            raise RuntimeError("the conversation broke")
        return [Reply(f"re {label}")]


async def _texts_sent() -> list[tuple[str, str]]:
    rows = await OutgoingMessage.all().order_by("id").values_list("address", "payload")
    return [(address.removeprefix("messenger:"), payload["message"]["text"]) for address, payload in rows]


async def test_the_responder_gets_the_decoded_event_and_the_clock(settings: Settings) -> None:
    moment = datetime(2026, 10, 30, 9, 0, tzinfo=UTC)
    responder = FlakyResponder(0)
    async with running_bot(settings, responder=responder, clock=lambda: moment) as (client, workers):
        await post_delivery(client, SECRET, delivery(postback_event("100", "m_p", "GET_STARTED")))
        await workers.wait_idle()
    assert responder.seen == [("100", "GET_STARTED", moment)]
    assert await _texts_sent() == [("100", "re GET_STARTED")]


async def test_a_failing_responder_is_rolled_back_retried_and_keeps_its_sender_in_order(
    settings: Settings,
) -> None:
    responder = FlakyResponder(2)
    body = delivery(text_event("100", "m_1", "fail"), text_event("100", "m_2", "after"),
                    text_event("200", "m_3", "other"))
    async with running_bot(settings, responder=responder) as (client, workers):
        await post_delivery(client, SECRET, body)
        await workers.wait_idle()
    assert await _texts_sent() == [("200", "re other"), ("100", "re fail"), ("100", "re after")]
    first = await InboundEvent.get(dedup_key="mid:m_1")
    assert (first.status, first.attempts) == (EventStatus.DONE, 2)
    assert first.error is not None and "the conversation broke" in first.error
    assert await Sender.filter(external_id__startswith="100:fail").count() == 1, "failed attempts roll back"


async def test_a_responder_that_keeps_failing_gives_up_and_lets_the_sender_go_on(settings: Settings) -> None:
    responder = FlakyResponder(100)
    body = delivery(text_event("100", "m_1", "fail"), text_event("100", "m_2", "after"))
    async with running_bot(settings, responder=responder) as (client, workers):
        await post_delivery(client, SECRET, body)
        await workers.wait_idle()
    failed = await InboundEvent.get(dedup_key="mid:m_1")
    assert (failed.status, failed.attempts) == (EventStatus.FAILED, 5)
    assert await _texts_sent() == [("100", "re after")]
    assert await Sender.filter(external_id__startswith="100:fail").count() == 0


async def test_events_stored_before_a_restart_are_answered_after_it(settings: Settings) -> None:
    await InboundEvent.create(channel="messenger", dedup_key="mid:m_old", address="messenger:100", kind="text",
                              payload=text_event("100", "m_old", "old"))
    stale = datetime.now(UTC) - timedelta(seconds=1)
    await InboundEvent.create(channel="messenger", dedup_key="mid:m_crashed", address="messenger:200", kind="text",
                              payload=text_event("200", "m_crashed", "crashed"),
                              claimed_by="dead-worker", claimed_until=stale)
    async with running_bot(settings, responder=FlakyResponder(0)) as (_, workers):
        await workers.wait_idle()
    assert sorted(await _texts_sent()) == [("100", "re old"), ("200", "re crashed")]


async def test_a_live_lease_of_another_worker_is_respected(settings: Settings) -> None:
    later = datetime.now(UTC) + timedelta(minutes=5)
    await InboundEvent.create(channel="messenger", dedup_key="mid:m_theirs", address="messenger:100", kind="text",
                              payload=text_event("100", "m_theirs", "theirs"),
                              claimed_by="other-worker", claimed_until=later)
    async with running_bot(settings, responder=FlakyResponder(0)) as (client, workers):
        await post_delivery(client, SECRET, delivery(text_event("100", "m_mine", "mine"),
                                                     text_event("200", "m_x", "x")))
        with pytest.raises(TimeoutError):
            await workers.wait_idle(timeout=0.5)
    assert await _texts_sent() == [("200", "re x")]
    assert await InboundEvent.filter(status=EventStatus.PENDING).count() == 2


async def test_two_workers_on_one_database_handle_each_event_once_in_sender_order(db: str) -> None:
    for n in range(60):
        raw = text_event(str(n % 6), f"m_{n}", str(n))
        await InboundEvent.create(channel="messenger", dedup_key=f"mid:m_{n}", address=f"messenger:{n % 6}",
                                  kind="text", payload=raw)
    seen: list[tuple[str, int]] = []

    async def recording(incoming: Incoming, now: datetime) -> list[Reply]:
        seen.append((incoming.sender, int(incoming.text)))
        await asyncio.sleep(0)
        return []

    channels = {"messenger": Messenger(MessengerSettings(), None)}

    def worker(name: str) -> EventWorker:
        return EventWorker(name, channels, recording, 20, lambda: datetime.now(UTC), FAST, lambda: None)

    first, second = worker("first"), worker("second")
    while await InboundEvent.filter(status=EventStatus.PENDING).exists():
        await asyncio.gather(first.work_once(), second.work_once())
    assert sorted(seen) == sorted((str(n % 6), n) for n in range(60))
    for psid in map(str, range(6)):
        assert [n for sender, n in seen if sender == psid] == list(range(int(psid), 60, 6))


class _Deliveries:
    """An inbox whose deliveries wait to be committed when `waiting`; records the event
    worker's waits for them."""

    def __init__(self, waiting: bool) -> None:
        self.committing = waiting
        self.waits: list[float] = []

    async def committed(self, at_most: float) -> None:
        self.waits.append(at_most)


@pytest.mark.parametrize("waiting", [False, True])
async def test_a_batch_commits_after_each_event_and_waits_while_deliveries_wait(
    db: str, waiting: bool, caplog: pytest.LogCaptureFixture
) -> None:
    for n in range(6):
        await InboundEvent.create(channel="messenger", dedup_key=f"mid:m_{n}", address=f"messenger:{n % 3}",
                                  kind="text", payload=text_event(str(n % 3), f"m_{n}", str(n)))

    async def echo(incoming: Incoming, now: datetime) -> list[Reply]:
        return [Reply(f"re {incoming.text}")]

    channels = {"messenger": Messenger(MessengerSettings(), None)}
    deliveries = _Deliveries(waiting)
    worker = EventWorker("w", channels, echo, 20, lambda: datetime.now(UTC), FAST, lambda: None,
                         deliveries=deliveries)
    with caplog.at_level(logging.INFO, logger="delivery.answering"):
        while await worker.work_once():
            pass
    commits = [record.getMessage() for record in caplog.records if "events handled" in record.getMessage()]
    if waiting:  # a wait before each next transaction, none after the last of a batch or share
        assert commits == ["1 events handled: 1 messages to send"] * 6
        assert len(deliveries.waits) == (3 if POSTGRES_URL else 5)
        assert all(0 < wait <= 0.1 for wait in deliveries.waits)
    else:  # on PostgreSQL a transaction per sender over the pool
        assert commits == (["2 events handled: 2 messages to send"] * 3 if POSTGRES_URL
                           else ["6 events handled: 6 messages to send"])
        assert deliveries.waits == []
    for psid in "012":
        assert [text for sender, text in await _texts_sent() if sender == psid] == [
            f"re {n}" for n in range(int(psid), 6, 3)
        ]
