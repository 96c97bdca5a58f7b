"""The Telegram door of the shared scenario: updates posted to the running app, replies read back
from the fake Bot API, which also checks that every tap was answered and serves the photos sent."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from handlers import payloads
from handlers.messages import Choice, Incoming, Reply
from tests.channels.clock import SetClock
from tests.messenger.harness import running_bot
from tests.telegram_door.fake_botapi import FakeBotApi
from tests.telegram_door.harness import TOKEN, callback_update, message, post_update, settings_for, text_update

_update_ids = itertools.count(1)
_COMMANDS = {payloads.GET_STARTED: "/start", payloads.HELP: "/help"}


@dataclass
class TelegramDoor:
    """A customer's messages as Telegram delivers them; what the fake Bot API received since."""

    client: httpx.AsyncClient
    wait_idle: Callable[[], Any]
    api: FakeBotApi
    clock: SetClock
    channel: str = "telegram"
    photos: dict[str, bytes] = field(default_factory=dict)
    """The fake Bot API's files: a photo's key is the file id of its largest size."""

    async def exchange(self, sent: Incoming, now: datetime) -> list[Reply]:
        self.clock.set(now)
        seen = len(self.api.accepted)
        update = as_update(next(_update_ids), sent, self.photos)
        assert (await post_update(self.client, update)).status_code == 200
        await self.wait_idle()
        assert self.api.violations == []
        calls = self.api.accepted[seen:]
        if "callback_query" in update:
            assert calls[0].method == "answerCallbackQuery", "a tap is answered before anything else"
            assert calls[0].params["callback_query_id"] == update["callback_query"]["id"]
        return [_reply(call.params) for call in calls if call.method == "sendMessage"
                and call.params["chat_id"] == sent.sender]


@asynccontextmanager
async def telegram_door(database_url: str) -> AsyncIterator[TelegramDoor]:
    """The app running on `database_url` with a fake Bot API; its clock follows each message."""
    photos: dict[str, bytes] = {}
    api = FakeBotApi(TOKEN, photos)
    clock = SetClock()
    async with httpx.AsyncClient(transport=api.transport()) as http:
        async with running_bot(settings_for(database_url), http_client=http, clock=clock) as (client, workers):
            yield TelegramDoor(client, workers.wait_idle, api, clock, photos=photos)


def as_update(update_id: int, sent: Incoming, photos: dict[str, bytes]) -> dict[str, Any]:
    """The update Telegram would send for `sent`: a photo (one of `photos` when `sent.photo` names
    it), `/start` or `/help`, a tap on an inline button (a payload, with the button's title as its
    text when there is one), or a text."""
    chat_id = int(sent.sender)
    if sent.photo is not None:
        caption = {"caption": sent.text} if sent.text else {}
        sizes = _photo_sizes(sent.photo, len(photos[sent.photo]))
        return {"update_id": update_id, "message": message(chat_id, photo=sizes, **caption)}
    if sent.attachments:
        photo = [{"file_id": "f1", "file_unique_id": "u1", "width": 90, "height": 90}]
        return {"update_id": update_id, "message": message(chat_id, photo=photo)}
    if sent.payload in _COMMANDS and not sent.text:
        return text_update(update_id, chat_id, _COMMANDS[sent.payload])
    if sent.payload is not None:
        keyboard = [[{"text": sent.text, "callback_data": sent.payload}]] if sent.text else None
        return callback_update(update_id, chat_id, sent.payload, f"cq{update_id}", keyboard)
    return text_update(update_id, chat_id, sent.text)


def _photo_sizes(file_id: str, file_size: int) -> list[dict[str, Any]]:
    """A photo's `PhotoSize`s as Telegram lists them, smallest first: thumbnails of their own file
    ids (which the fake Bot API does not serve), then `file_id`, the photo as sent."""
    thumbnails = [{"file_id": f"{file_id}-{side}", "file_unique_id": f"u-{file_id}-{side}", "width": side,
                   "height": side * 3 // 4, "file_size": side * 20} for side in (90, 320)]
    return [*thumbnails, {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 1280, "height": 960,
                          "file_size": file_size}]


def _reply(params: dict[str, Any]) -> Reply:
    rows = params.get("reply_markup", {}).get("inline_keyboard", [])
    assert all(1 <= len(row) <= 2 for row in rows), "one or two buttons a row"
    return Reply(params["text"], tuple(Choice(button["text"], button["callback_data"]) for row in rows for button in row))
