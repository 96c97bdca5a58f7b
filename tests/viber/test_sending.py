"""Sending through the fake Viber API: status codes classified, retries, unreachable users, the alarm."""

from __future__ import annotations

import logging

import httpx
import pytest

from delivery.channel import Failure as FailureClass
from delivery.channel import SendError
from delivery.workers import Workers
from models.outbox import OutgoingMessage, OutgoingStatus
from models.senders import Sender
from tests.viber.door import TOKEN
from tests.viber.fake_viber import BASE_URL, Failure, FakeViber
from tests.viber.harness import message, post_callback
from viber.api import ViberClient, classify

pytestmark = pytest.mark.anyio

Bot = tuple[httpx.AsyncClient, Workers]


@pytest.mark.parametrize(("status", "failure", "alarm"), [
    (12, FailureClass.TRANSIENT, False), (5, FailureClass.UNREACHABLE, False), (6, FailureClass.UNREACHABLE, False),
    (2, FailureClass.PERMANENT, True), (3, FailureClass.PERMANENT, False), (None, FailureClass.PERMANENT, False),
])
def test_statuses_are_classified(status: int | None, failure: FailureClass, alarm: bool) -> None:
    error = classify(status, "message")
    assert (error.failure, error.alarm) == (failure, alarm)


@pytest.mark.parametrize(("failure", "expected"), [
    (Failure(http_status=503), FailureClass.TRANSIENT), (Failure(http_status=429), FailureClass.TRANSIENT),
    (Failure(connection_error=True), FailureClass.TRANSIENT), (Failure(http_status=404), FailureClass.PERMANENT),
])
async def test_http_and_network_failures_are_classified(failure: Failure, expected: FailureClass) -> None:
    fake = FakeViber(TOKEN, "bot")
    fake.fail_next(failure)
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        with pytest.raises(SendError) as raised:
            await ViberClient(http, BASE_URL, TOKEN).send_message({"receiver": "u1", "type": "text", "text": "x",
                                                                    "sender": {"name": "bot"}})
    assert raised.value.failure is expected


async def test_too_many_requests_is_retried_and_the_order_kept(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    fake.fail_next(Failure(status=12), times=2)
    await post_callback(client, TOKEN, message("u1", 1, "Допомога"))
    await post_callback(client, TOKEN, message("u1", 2, "Дякую"))
    await workers.wait_idle()
    assert fake.calls == 4 and len(fake.messages) == 2
    assert fake.messages[1]["text"] == "Будь ласка! Гарного дня."
    assert await OutgoingMessage.filter(status=OutgoingStatus.SENT).count() == 2


async def test_not_subscribed_stops_sending_until_they_write_again(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    fake.fail_next(Failure(status=6))
    await post_callback(client, TOKEN, message("u1", 1, "Допомога"))
    await workers.wait_idle()
    assert fake.messages == [] and (await Sender.get(external_id="u1")).unreachable_since is not None
    assert await OutgoingMessage.filter(status=OutgoingStatus.UNREACHABLE).count() == 1
    await post_callback(client, TOKEN, message("u1", 2, "Допомога"))
    await workers.wait_idle()
    assert len(fake.messages) == 1 and (await Sender.get(external_id="u1")).unreachable_since is None


async def test_an_invalid_auth_token_is_not_retried_and_raises_the_alarm(
    bot: Bot, fake: FakeViber, caplog: pytest.LogCaptureFixture
) -> None:
    client, workers = bot
    fake.fail_next(Failure(status=2))
    with caplog.at_level(logging.ERROR):
        await post_callback(client, TOKEN, message("u1", 1, "Допомога"))
        await workers.wait_idle()
    assert fake.calls == 1 and await OutgoingMessage.filter(status=OutgoingStatus.FAILED).count() == 1
    assert "VIBER REFUSED THE BOT'S CREDENTIALS" in caplog.text
