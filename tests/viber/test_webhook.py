"""`POST /viber/webhook` over HTTP with the app's lifespan: signature, limits, storage, dedup, events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from delivery.workers import Workers
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage, OutgoingStatus
from models.senders import Sender
from settings import Settings
from tests.messenger.harness import running_bot
from tests.viber.door import NAME, TOKEN
from tests.viber.fake_viber import FakeViber, send_problems
from tests.viber.harness import (
    conversation_started,
    media_message,
    message,
    picture,
    post_callback,
    receipt,
    subscribed,
    unsubscribed,
    webhook_check,
)
from viber.signature import sign
from viber.webhook import MAX_BODY_BYTES

pytestmark = pytest.mark.anyio

Bot = tuple[httpx.AsyncClient, Workers]


async def test_a_message_is_stored_then_answered_through_send_message(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    answer = await post_callback(client, TOKEN, message("u1", 1, "Допомога"))
    assert answer.status_code == 200
    assert await InboundEvent.filter(channel="viber", address="viber:u1", kind="message").count() == 1
    await workers.wait_idle()
    assert [body["receiver"] for body in fake.messages] == ["u1"]
    assert "0-800-301-497" in fake.messages[0]["text"] and fake.messages[0]["sender"] == {"name": NAME}
    assert fake.violations == []


@pytest.mark.parametrize("signature", [None, "", "00" * 32, sign("another-token", b"{}")])
async def test_a_missing_or_wrong_signature_is_403_and_nothing_is_stored(bot: Bot, signature: str | None) -> None:
    client, _ = bot
    headers = {} if signature is None else {"X-Viber-Content-Signature": signature}
    answer = await client.post("/viber/webhook", content=json.dumps(message("u1", 1, "hi")), headers=headers)
    assert answer.status_code == 403
    assert await InboundEvent.all().count() == 0


async def test_the_signature_is_taken_over_the_raw_bytes(bot: Bot) -> None:
    client, _ = bot
    raw = json.dumps(message("u1", 1, "привіт"), ensure_ascii=False, indent=1).encode()
    assert (await post_callback(client, TOKEN, raw)).status_code == 200
    tampered = raw.replace(b"u1", b"u2")
    headers = {"X-Viber-Content-Signature": sign(TOKEN, raw)}
    assert (await client.post("/viber/webhook", content=tampered, headers=headers)).status_code == 403


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b'"text"', b"null", b"[" * 60000])
async def test_a_signed_body_that_is_not_a_json_object_is_400(bot: Bot, raw: bytes) -> None:
    client, _ = bot
    assert (await post_callback(client, TOKEN, raw)).status_code == 400
    assert await InboundEvent.all().count() == 0


async def test_a_body_over_the_limit_is_413(bot: Bot) -> None:
    client, _ = bot
    big = message("u1", 1, "1" * MAX_BODY_BYTES)
    assert (await post_callback(client, TOKEN, big)).status_code == 413

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 4096 + 2):
            yield b"x" * 4096

    assert (await client.post("/viber/webhook", content=chunks())).status_code == 413
    assert await InboundEvent.all().count() == 0


async def test_without_an_auth_token_the_channel_is_off(db: str) -> None:
    async with running_bot(Settings(database_url=db)) as (client, _):
        assert (await post_callback(client, "", message("u1", 1, "hi"))).status_code == 404


async def test_the_set_up_check_is_answered_at_once_and_not_stored(bot: Bot) -> None:
    client, _ = bot
    assert (await post_callback(client, TOKEN, webhook_check(7))).status_code == 200
    assert await InboundEvent.all().count() == 0


async def test_a_redelivered_message_token_changes_nothing_and_sends_nothing_again(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    for _ in range(3):
        assert (await post_callback(client, TOKEN, message("u1", 42, "Допомога"))).status_code == 200
        await workers.wait_idle()
    assert await InboundEvent.all().count() == 1 and len(fake.messages) == 1


async def test_receipts_of_one_message_share_its_token_and_are_stored_unanswered(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    for event in ("delivered", "seen", "failed"):
        assert (await post_callback(client, TOKEN, receipt(event, "u1", 5001))).status_code == 200
    await workers.wait_idle()
    stored = await InboundEvent.all().order_by("id").values_list("kind", "status")
    assert stored == [(event, EventStatus.IGNORED) for event in ("delivered", "seen", "failed")]
    assert fake.messages == []


@pytest.mark.parametrize("part", [
    {"type": "sticker", "sticker_id": 46105},
    {"type": "contact", "contact": {"name": "Іван", "phone_number": "+380501234567"}},
    {"type": "location", "location": {"lat": 48.0, "lon": 37.8}},
    {"type": "file", "media": "https://dl-media.viber.com/f.pdf", "file_name": "f.pdf", "size": 1000},
    {"type": "video", "media": "https://dl-media.viber.com/v.mp4", "size": 1000, "duration": 3},
])
async def test_other_message_types_get_the_hint_to_type_the_reading(bot: Bot, fake: FakeViber, part: dict) -> None:
    client, workers = bot
    assert (await post_callback(client, TOKEN, media_message("u1", 1, part))).status_code == 200
    await workers.wait_idle()
    assert "текстом" in fake.messages[0]["text"]


async def test_a_photo_from_a_stranger_asks_to_link_the_account_first(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    await post_callback(client, TOKEN, picture("u1", 1))
    await workers.wait_idle()
    assert "з фото, потрібно підключити рахунок" in fake.messages[0]["text"]


async def test_unknown_events_and_callbacks_without_a_user_are_200_and_unanswered(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    assert (await post_callback(client, TOKEN, {"event": "client_status", "user_id": "u1", "message_token": 3,
                                                "extra": [1]})).status_code == 200
    assert (await post_callback(client, TOKEN, {"event": "message", "message_token": 4})).status_code == 200
    assert (await post_callback(client, TOKEN, {"no": "event"})).status_code == 200
    await workers.wait_idle()
    assert await InboundEvent.all().values_list("kind", "status") == [("client_status", EventStatus.IGNORED)]
    assert fake.messages == []


async def test_an_unsubscribed_user_who_opens_the_conversation_gets_the_welcome_in_the_response(
    bot: Bot, fake: FakeViber
) -> None:
    client, workers = bot
    answer = await post_callback(client, TOKEN, conversation_started("u1", 9, subscribed=False))
    assert answer.status_code == 200
    welcome = answer.json()
    assert send_problems(welcome, NAME) == [] and "receiver" not in welcome
    assert "Вітаємо" in welcome["text"]
    assert [button["Text"] for button in welcome["keyboard"]["Buttons"]] == ["Передати показники", "Мої рахунки",
                                                                            "Допомога"]
    await workers.wait_idle()
    assert fake.messages == []
    assert await InboundEvent.all().values_list("kind", "status") == [("conversation_started", EventStatus.IGNORED)]


async def test_a_subscriber_who_opens_the_conversation_is_answered_like_get_started(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    answer = await post_callback(client, TOKEN, conversation_started("u1", 9, subscribed=True))
    assert answer.status_code == 200 and answer.text == "ok"
    await workers.wait_idle()
    assert [body["receiver"] for body in fake.messages] == ["u1"]
    assert "номер вашого особового рахунку" in fake.messages[0]["text"]


async def test_unsubscribed_stops_sending_until_subscribed_again(bot: Bot, fake: FakeViber) -> None:
    client, workers = bot
    await post_callback(client, TOKEN, message("u1", 1, "Допомога"))
    await workers.wait_idle()
    # a reply still pending, waiting for its retry, so the running sender worker cannot take it mid-test
    retry_at = datetime.now(UTC) + timedelta(hours=1)
    await OutgoingMessage.create(channel="viber", address="viber:u1", payload={"receiver": "u1"}, next_attempt_at=retry_at)
    await post_callback(client, TOKEN, unsubscribed("u1", 2))
    assert (await Sender.get(channel="viber", external_id="u1")).unreachable_since is not None
    assert await OutgoingMessage.filter(status=OutgoingStatus.UNREACHABLE).count() == 1
    await post_callback(client, TOKEN, subscribed("u1", 3))
    assert (await Sender.get(channel="viber", external_id="u1")).unreachable_since is None
    await workers.wait_idle()
    assert len(fake.messages) == 1
