"""The sender worker with any channel: failures by class, the platform's own retry-after, and a
recipient who cannot be reached until they write again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from delivery import queues
from delivery.channel import Failure, SendError
from delivery.receiving import inbound_event, insert_events
from delivery.workers import Workers
from handlers.messages import Incoming, Reply
from models.outbox import OutgoingMessage, OutgoingStatus
from models.senders import Sender
from tests.delivery.fake_channel import FakeChannel
from tests.messenger.harness import FAST

pytestmark = pytest.mark.anyio


async def echo(incoming: Incoming, now: datetime) -> list[Reply]:
    await Sender.get_or_create(channel=incoming.channel, external_id=incoming.sender)
    return [Reply(f"re {incoming.text}")]


async def _store(channel: FakeChannel, *texts: str, sender: str = "7") -> None:
    """Store one event per text from `sender`."""
    for text in texts:
        payload = {"sender": sender, "id": f"{sender}-{text}", "text": text}
        await insert_events([inbound_event(channel.name, payload["id"], sender, "text", payload, answer=True)])


def _workers(channel: FakeChannel) -> Workers:
    return Workers({channel.name: channel}, echo, 20, lambda: datetime.now(UTC), FAST, ZoneInfo("Europe/Kyiv"))


async def _answer(channel: FakeChannel, *texts: str, sender: str = "7") -> None:
    """Store one event per text from `sender` and let the workers answer them all."""
    await _store(channel, *texts, sender=sender)
    workers = _workers(channel)
    workers.start()
    try:
        await workers.wait_idle()
    finally:
        await workers.stop()


async def test_a_retry_after_is_waited_out_and_order_kept(db: str) -> None:
    channel = FakeChannel()
    channel.fail_next(SendError("429", Failure.TRANSIENT, retry_after=0.3))
    started = asyncio.get_running_loop().time()
    await _answer(channel, "a", "b")
    assert channel.sent == [("7", "re a"), ("7", "re b")]
    assert asyncio.get_running_loop().time() - started >= 0.3


async def test_a_recipient_whose_next_message_waits_for_a_retry_is_claimed_once_it_is_due(db: str) -> None:
    await OutgoingMessage.create(channel="fake", address="fake:7", payload={"text": "a"},
                                 next_attempt_at=datetime.now(UTC) + timedelta(hours=1))
    await OutgoingMessage.create(channel="fake", address="fake:7", payload={"text": "b"})
    now = datetime.now(UTC)
    assert await queues.claim_recipients("w", now, now + timedelta(seconds=30), 10) == []
    later = now + timedelta(hours=2)
    assert await queues.claim_recipients("w", later, later + timedelta(seconds=30), 10) == ["fake:7"]
    assert await OutgoingMessage.filter(claimed_by="w").count() == 2


async def test_a_permanent_failure_is_recorded_and_the_next_message_goes(db: str) -> None:
    channel = FakeChannel()
    channel.fail_next(SendError("bad request", Failure.PERMANENT))
    await _answer(channel, "a", "b")
    assert channel.sent == [("7", "re b")]
    failed = await OutgoingMessage.get(status=OutgoingStatus.FAILED)
    assert (failed.error, failed.attempts, failed.address) == ("bad request", 1, "fake:7")


async def test_an_unreachable_recipient_gets_nothing_until_they_write_again(db: str) -> None:
    channel = FakeChannel()
    channel.fail_next(SendError("blocked", Failure.UNREACHABLE))
    await _answer(channel, "a", "b")
    assert channel.sent == [] and channel.attempts == 1
    assert await OutgoingMessage.filter(status=OutgoingStatus.UNREACHABLE).count() == 2
    assert (await Sender.get(channel="fake", external_id="7")).unreachable_since is not None

    await _answer(channel, "back")
    assert channel.sent == [("7", "re back")]


async def test_a_channel_turned_off_fails_its_messages_not_the_worker(db: str) -> None:
    await OutgoingMessage.create(channel="gone", address="gone:1", payload={"text": "x"})
    channel = FakeChannel()
    await _answer(channel, "a")
    assert channel.sent == [("7", "re a")]
    assert (await OutgoingMessage.get(channel="gone")).status == OutgoingStatus.FAILED


async def test_failed_sends_are_retried_with_backoff_for_transient_errors(db: str) -> None:
    channel = FakeChannel()
    channel.fail_next(*[SendError("timeout", Failure.TRANSIENT)] * 3)
    await _answer(channel, "a")
    assert channel.sent == [("7", "re a")] and channel.attempts == 4
    assert (await OutgoingMessage.get()).status == OutgoingStatus.SENT


class _HeldChannel(FakeChannel):
    """Sends to the recipient "slow" wait until `release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def send(self, recipient: str, body: dict[str, Any]) -> bool:
        if recipient == "slow":
            self.holding.set()
            await self.release.wait()
        return await super().send(recipient, body)


async def test_a_slow_send_holds_up_only_its_own_recipient(db: str) -> None:
    channel = _HeldChannel()
    await _store(channel, "a", sender="slow")
    workers = _workers(channel)
    workers.start()
    try:
        await asyncio.wait_for(channel.holding.wait(), 5)
        await _store(channel, "b", sender="fast")
        workers.events_stored()
        async with asyncio.timeout(5):
            while ("fast", "re b") not in channel.sent:
                await asyncio.sleep(0.01)
        channel.release.set()
        await workers.wait_idle()
    finally:
        channel.release.set()
        await workers.stop()
    assert channel.sent == [("fast", "re b"), ("slow", "re a")]
