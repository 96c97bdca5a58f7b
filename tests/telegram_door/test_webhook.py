"""`POST /telegram/webhook` through the running app: the secret token, limits, storing, answering."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from delivery.workers import Workers
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage
from models.senders import Sender
from serving import announce_telegram
from settings import Settings, TelegramSettings
from telegram_door.webhook import MAX_BODY_BYTES
from tests.messenger.harness import running_bot
from tests.telegram_door.fake_botapi import Failure, FakeBotApi
from tests.telegram_door.harness import (
    TOKEN,
    callback_update,
    member_update,
    message,
    post_update,
    settings_for,
    text_update,
)

pytestmark = pytest.mark.anyio


@dataclass
class Bot:
    client: httpx.AsyncClient
    workers: Workers
    api: FakeBotApi


@pytest.fixture
async def bot(db: str) -> AsyncIterator[Bot]:
    api = FakeBotApi(TOKEN)
    async with httpx.AsyncClient(transport=api.transport()) as http:
        async with running_bot(settings_for(db), http_client=http) as (client, workers):
            yield Bot(client, workers, api)


async def _texts(bot: Bot) -> list[str]:
    await bot.workers.wait_idle()
    assert bot.api.violations == []
    return [params["text"] for params in bot.api.sent()]


async def test_a_text_is_stored_then_answered_with_send_message(bot: Bot) -> None:
    answer = await post_update(bot.client, text_update(1, 42, "/start"))
    assert answer.status_code == 200
    event = await InboundEvent.get()
    assert (event.channel, event.dedup_key, event.address, event.kind) == ("telegram", "update:1", "telegram:42", "message")
    [text] = await _texts(bot)
    assert "номер вашого особового рахунку" in text and bot.api.sent()[0]["chat_id"] == "42"


@pytest.mark.parametrize("secret", [None, "", "wrong-secret", "webhook-secre"])
async def test_a_missing_or_wrong_secret_is_403_and_nothing_is_stored(bot: Bot, secret: str | None) -> None:
    assert (await post_update(bot.client, text_update(1, 42, "hi"), secret=secret)).status_code == 403
    assert await InboundEvent.all().count() == 0


async def test_the_secret_is_checked_before_the_body_is_read(bot: Bot) -> None:
    assert (await post_update(bot.client, b"not json", secret="wrong")).status_code == 403


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b"{", b"[" * 100_000])
async def test_a_body_that_is_not_a_json_object_is_400(bot: Bot, body: bytes) -> None:
    assert (await post_update(bot.client, body)).status_code == 400
    assert await InboundEvent.all().count() == 0


async def test_a_body_over_the_limit_is_413(bot: Bot) -> None:
    body = b'{"update_id": 1, "pad": "' + b"x" * MAX_BODY_BYTES + b'"}'
    assert (await post_update(bot.client, body)).status_code == 413
    assert await InboundEvent.all().count() == 0


async def test_the_same_update_again_changes_nothing(bot: Bot) -> None:
    update = text_update(5, 42, "/help")
    for _ in range(3):
        assert (await post_update(bot.client, update)).status_code == 200
    assert len(await _texts(bot)) == 1
    assert await InboundEvent.all().count() == 1


async def test_every_tap_is_answered_first_even_when_the_conversation_says_nothing(bot: Bot) -> None:
    keyboard = [[{"text": "Допомога", "callback_data": "HELP"}]]
    await post_update(bot.client, callback_update(1, 42, "HELP", "q-help", keyboard))
    await post_update(bot.client, callback_update(2, 42, "", "q-empty"))
    await bot.workers.wait_idle()
    assert [call.method for call in bot.api.accepted] == ["answerCallbackQuery", "sendMessage", "answerCallbackQuery"]
    assert bot.api.unanswered_taps(["q-help", "q-empty"]) == []


@pytest.mark.parametrize("update", [
    text_update(1, -100500, "12345", "supergroup"),
    text_update(1, -100500, "/start", "group"),
    {"update_id": 1, "edited_message": {**message(42, text="12346"), "edit_date": 1764400100}},
    {"update_id": 1, "channel_post": message(-100600, "channel", text="новини")},
    {"update_id": 1, "poll": {"id": "p"}},
    {"update_id": 1, "some_future_kind": {"id": 1}},
    {"update_id": 1, "message": {"text": "no chat or date"}},
    {"update_id": 1, "message": "not an object"},
    {"no_update_id": True},
    member_update(1, 42, "member"),
])
async def test_groups_edits_unknown_and_malformed_updates_get_200_and_no_reply(bot: Bot, update: dict[str, Any]) -> None:
    assert (await post_update(bot.client, update)).status_code == 200
    assert await _texts(bot) == []
    assert await InboundEvent.filter(status=EventStatus.PENDING).count() == 0


async def test_a_sticker_or_a_photo_gets_a_hint(bot: Bot) -> None:
    sticker = {"file_id": "s", "file_unique_id": "u", "width": 1, "height": 1, "is_animated": False,
               "is_video": False, "type": "regular"}
    await post_update(bot.client, {"update_id": 1, "message": message(42, sticker=sticker)})
    [text] = await _texts(bot)
    assert "текстом" in text


async def test_a_user_who_blocks_the_bot_gets_nothing_until_they_write_again(bot: Bot) -> None:
    await post_update(bot.client, text_update(1, 42, "/start"))
    await bot.workers.wait_idle()
    await post_update(bot.client, member_update(2, 42, "kicked"))
    sender = await Sender.get(channel="telegram", external_id="42")
    assert sender.unreachable_since is not None
    await post_update(bot.client, text_update(3, 42, "/help"))
    await bot.workers.wait_idle()
    assert (await Sender.get(channel="telegram", external_id="42")).unreachable_since is None


async def test_429_is_retried_after_retry_after(bot: Bot) -> None:
    bot.api.fail_next(Failure(429, retry_after=1))
    await post_update(bot.client, text_update(1, 42, "/help"))
    await bot.workers.wait_idle(timeout=5)
    assert len(await _texts(bot)) == 1 and bot.api.calls == 2
    message_row = await OutgoingMessage.get()
    assert message_row.attempts == 1 and "HTTP 429" in (message_row.error or "")


@pytest.mark.parametrize("failure", [Failure(502), Failure(connection_error=True)])
async def test_5xx_and_network_failures_are_retried(bot: Bot, failure: Failure) -> None:
    bot.api.fail_next(failure, times=2)
    await post_update(bot.client, text_update(1, 42, "/help"))
    assert len(await _texts(bot)) == 1 and bot.api.calls == 3


async def test_403_stops_sending_to_that_chat_until_they_write_again(bot: Bot) -> None:
    bot.api.fail_next(Failure(403))
    await post_update(bot.client, text_update(1, 42, "/help"))
    await bot.workers.wait_idle()
    assert bot.api.sent() == []
    assert (await Sender.get(external_id="42")).unreachable_since is not None
    assert await OutgoingMessage.filter(status="unreachable").count() == 1
    await post_update(bot.client, text_update(2, 42, "/help"))
    assert len(await _texts(bot)) == 1


async def test_another_4xx_is_not_retried(bot: Bot) -> None:
    bot.api.fail_next(Failure(400))
    await post_update(bot.client, text_update(1, 42, "/help"))
    await post_update(bot.client, text_update(2, 42, "Дякую"))
    assert await _texts(bot) == ["Будь ласка! Гарного дня."]
    assert (await OutgoingMessage.filter(status="failed").count(), bot.api.calls) == (1, 2)


async def test_no_log_line_carries_the_token(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    bot.api.fail_next(Failure(500))
    bot.api.fail_next(Failure(connection_error=True))
    bot.api.fail_next(Failure(401))
    await post_update(bot.client, text_update(1, 42, "/help"))
    await post_update(bot.client, text_update(2, 42, "/start"))
    await bot.workers.wait_idle()
    assert caplog.records and all(TOKEN not in record.getMessage() for record in caplog.records)
    assert TOKEN.split(":")[1] not in caplog.text


async def test_without_a_token_the_channel_is_off_and_its_webhook_404(db: str) -> None:
    settings = Settings(database_url=db, telegram=TelegramSettings(webhook_secret="webhook-secret"))
    async with running_bot(settings) as (client, _workers):
        assert (await post_update(client, text_update(1, 42, "/start"))).status_code == 404


@pytest.mark.parametrize(("telegram", "level", "words"), [
    (TelegramSettings(), logging.WARNING, "TG_BOT_TOKEN is not set"),
    (TelegramSettings(bot_token=TOKEN), logging.WARNING, "TG_WEBHOOK_SECRET is not set"),
    (TelegramSettings(bot_token=TOKEN, webhook_secret="s"), logging.INFO, "Telegram channel on at /telegram/webhook"),
])
def test_serve_says_whether_the_channel_is_on(
    caplog: pytest.LogCaptureFixture, telegram: TelegramSettings, level: int, words: str
) -> None:
    caplog.set_level(logging.INFO, logger="serving")
    announce_telegram(Settings(telegram=telegram))
    [record] = caplog.records
    assert record.levelno == level and words in record.getMessage() and TOKEN not in record.getMessage()
