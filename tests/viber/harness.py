"""Viber callbacks for tests, in the documented shapes, and posting them signed to the app.

    async with running_bot(settings, http_client=fake_client) as (client, workers):
        await post_callback(client, TOKEN, message("u1", 1, "12345"))
        await workers.wait_idle()
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from viber.signature import sign

TIMESTAMP = 1764000000000


async def post_callback(client: httpx.AsyncClient, token: str, body: dict[str, Any] | bytes) -> httpx.Response:
    """POST a callback to `/viber/webhook` signed with `token`, as Viber does."""
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"X-Viber-Content-Signature": sign(token, raw), "Content-Type": "application/json"}
    return await client.post("/viber/webhook", content=raw, headers=headers)


def user(user_id: str) -> dict[str, Any]:
    """The user object of `subscribed` and `conversation_started`, and the `sender` of `message`."""
    return {"id": user_id, "name": "Тарас", "avatar": "https://avatar.example/1", "country": "UA",
            "language": "uk", "api_version": 10}


def message(user_id: str, token: int, text: str, *, silent: bool = False) -> dict[str, Any]:
    """A text message (a tap when `text` is a button's ActionBody)."""
    return media_message(user_id, token, {"type": "text", "text": text}, silent=silent)


def media_message(user_id: str, token: int, part: dict[str, Any], *, silent: bool = False) -> dict[str, Any]:
    """A message of any type: `part` is its `message` object."""
    return {"event": "message", "timestamp": TIMESTAMP, "chat_hostname": "SN-CHAT-01_", "message_token": token,
            "sender": user(user_id), "message": part, "silent": silent}


def picture(user_id: str, token: int, media: str = "https://dl-media.viber.com/1.jpg", caption: str = "") -> dict[str, Any]:
    """A photo at the `media` URL, with its `caption` as the text."""
    part = {"type": "picture", "text": caption, "media": media, "thumbnail": "https://dl-media.viber.com/1t.jpg",
            "file_name": "1.jpg", "size": 120000}
    return media_message(user_id, token, part)


def conversation_started(user_id: str, token: int, *, subscribed: bool) -> dict[str, Any]:
    """The user opened the conversation."""
    return {"event": "conversation_started", "timestamp": TIMESTAMP, "chat_hostname": "SN-CHAT-01_",
            "message_token": token, "type": "open", "context": "", "user": user(user_id), "subscribed": subscribed}


def subscribed(user_id: str, token: int) -> dict[str, Any]:
    """The user subscribed."""
    return {"event": "subscribed", "timestamp": TIMESTAMP, "chat_hostname": "SN-CHAT-01_", "user": user(user_id),
            "message_token": token}


def unsubscribed(user_id: str, token: int) -> dict[str, Any]:
    """The user unsubscribed."""
    return {"event": "unsubscribed", "timestamp": TIMESTAMP, "chat_hostname": "SN-CHAT-01_", "user_id": user_id,
            "message_token": token}


def receipt(event: str, user_id: str, token: int) -> dict[str, Any]:
    """`delivered`, `seen` or `failed` of the bot's message `token`."""
    body = {"event": event, "timestamp": TIMESTAMP, "chat_hostname": "SN-CHAT-01_", "message_token": token,
            "user_id": user_id}
    return {**body, "desc": "failure description"} if event == "failed" else body


def webhook_check(token: int) -> dict[str, Any]:
    """The callback Viber sends when `set_webhook` is called."""
    return {"event": "webhook", "timestamp": TIMESTAMP, "chat_hostname": "SN-CHAT-01_", "message_token": token}
