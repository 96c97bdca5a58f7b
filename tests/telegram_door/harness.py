"""Driving the Telegram door in tests: updates in the Bot API's documented shapes, posted with the
secret token to a running app (`tests.messenger.harness.running_bot`)."""

from __future__ import annotations

import itertools
import json
from typing import Any

import httpx

from settings import Settings, TelegramSettings
from tests.telegram_door.fake_botapi import BASE_URL

TOKEN = "123456:test-token-ABCdef"
SECRET = "webhook-secret"
TELEGRAM = TelegramSettings(bot_token=TOKEN, webhook_secret=SECRET, api_url=BASE_URL)
DATE = 1764400000
_ids = itertools.count(1)


def settings_for(database_url: str) -> Settings:
    """Settings with the Telegram channel on, against the fake Bot API."""
    return Settings(database_url=database_url, telegram=TELEGRAM, public_url="https://bot.example")


async def post_update(client: httpx.AsyncClient, update: dict[str, Any] | bytes, secret: str | None = SECRET) -> httpx.Response:
    """POST an update to `/telegram/webhook` with the secret token header (none when `secret` is None)."""
    body = update if isinstance(update, bytes) else json.dumps(update).encode()
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return await client.post("/telegram/webhook", content=body, headers=headers)


def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": "Олена", "language_code": "uk"}


def chat(chat_id: int, kind: str = "private") -> dict[str, Any]:
    if kind == "private":
        return {"id": chat_id, "type": "private", "first_name": "Олена"}
    return {"id": chat_id, "type": kind, "title": "Сусіди"}


def message(chat_id: int, kind: str = "private", **fields: Any) -> dict[str, Any]:
    """A `Message` in chat `chat_id` from the user of the same id."""
    sender = {"from": user(abs(chat_id))} if kind != "channel" else {}
    return {"message_id": next(_ids), "date": DATE, "chat": chat(chat_id, kind), **sender, **fields}


def text_update(update_id: int, chat_id: int, text: str, kind: str = "private") -> dict[str, Any]:
    """A text message (a `/command` gets its `bot_command` entity)."""
    fields: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return {"update_id": update_id, "message": message(chat_id, kind, **fields)}


def callback_update(
    update_id: int, chat_id: int, data: str, query_id: str, keyboard: list[list[dict[str, str]]] | None = None,
) -> dict[str, Any]:
    """A tap on an inline button with `data`, under a bot message carrying `keyboard`."""
    shown: dict[str, Any] = {"text": "Оберіть дію."}
    if keyboard is not None:
        shown["reply_markup"] = {"inline_keyboard": keyboard}
    bot_message = {**message(chat_id, **shown), "from": {"id": 123456, "is_bot": True, "first_name": "Бот"}}
    query = {"id": query_id, "from": user(chat_id), "chat_instance": "ci", "data": data, "message": bot_message}
    return {"update_id": update_id, "callback_query": query}


def member_update(update_id: int, chat_id: int, status: str) -> dict[str, Any]:
    """`my_chat_member`: the bot's status in a private chat changed (`kicked` when blocked)."""
    bot = {"id": 123456, "is_bot": True, "first_name": "Бот"}
    return {
        "update_id": update_id,
        "my_chat_member": {
            "chat": chat(chat_id), "from": user(chat_id), "date": DATE,
            "old_chat_member": {"user": bot, "status": "member"},
            "new_chat_member": {"user": bot, "status": status, "until_date": 0} if status == "kicked"
            else {"user": bot, "status": status},
        },
    }
