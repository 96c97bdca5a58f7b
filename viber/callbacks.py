"""Decoding a Viber callback (CONTRACT section 3) into what the bot needs of it.

Every callback names its user (`sender.id`, `user.id` or `user_id`, by event) and carries a
`message_token`. The receipts of one sent message (`delivered`, `seen`) share its token, so a
redelivery is recognised by the event and the token together. Unknown events and fields are
tolerated; a callback without a user is malformed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from handlers import payloads
from handlers.messages import Incoming
from viber.keyboards import payload_of

CHANNEL = "viber"
MAX_ID = 64
"""The longest user id taken (Viber's are about 24 characters)."""
_ANSWERED = frozenset({"message", "conversation_started"})
_ATTACHMENT_NAMES = {"picture": "image"}
"""A Viber message type by the core's attachment name where they differ (a photo is an `image`)."""


class MalformedCallback(ValueError):
    """A callback lacks its event or user, or a known part has the wrong shape."""


@dataclass(frozen=True)
class Callback:
    """One callback: its event, the user it concerns, its token, and its raw JSON."""

    event: str
    user_id: str
    token: str
    raw: dict[str, Any] = field(repr=False, compare=False)

    @property
    def subscribed(self) -> bool:
        """For `conversation_started`: whether the user may already be sent messages."""
        return self.raw.get("subscribed") is True

    @property
    def answered(self) -> bool:
        """Whether the conversation answers it: messages, and conversations opened by subscribers.

        An unsubscribed user who opens the conversation gets the welcome in the callback's
        response instead (see `viber.webhook`): Viber takes no `send_message` to them.
        """
        return self.event in _ANSWERED and (self.event == "message" or self.subscribed)

    @property
    def dedup_key(self) -> str:
        """What identifies a redelivery: the event and its token, else a digest of the callback."""
        if self.token:
            return f"{self.event}:{self.token}"[:255]
        text = json.dumps(self.raw, sort_keys=True, ensure_ascii=False)
        return f"{self.event}:sha256:{hashlib.sha256(text.encode()).hexdigest()}"


def decode(raw: dict[str, Any]) -> Callback:
    """The callback in a JSON object; raises `MalformedCallback`."""
    event = raw.get("event")
    if not isinstance(event, str) or not event:
        raise MalformedCallback("no event")
    token = raw.get("message_token")
    if isinstance(token, bool) or not isinstance(token, (int, str)):
        token = ""
    return Callback(event[:32], _user_id(raw), str(token), raw)


def incoming(callback: Callback) -> Incoming | None:
    """The conversation's message in a callback it answers, else None.

    A text that is a button's `ActionBody` is a tap on it; other message types are attachments.
    A picture with its `media` URL is a photo to fetch (`Viber.photo`), its caption the text.
    """
    if not callback.answered:
        return None
    token = callback.token
    if callback.event == "conversation_started":
        return Incoming(CHANNEL, callback.user_id, token, payload=payloads.GET_STARTED)
    message = callback.raw.get("message")
    if not isinstance(message, dict):
        return None
    kind, text = message.get("type"), message.get("text")
    if kind == "text" and isinstance(text, str):
        payload = payload_of(text)
        if payload is not None:
            return Incoming(CHANNEL, callback.user_id, token, payload=payload)
        return Incoming(CHANNEL, callback.user_id, token, text)
    if not isinstance(kind, str) or not kind:
        return None
    attachments = (_ATTACHMENT_NAMES.get(kind, kind),)
    media = message.get("media")
    if kind == "picture" and isinstance(media, str) and media:
        caption = text if isinstance(text, str) else ""
        return Incoming(CHANNEL, callback.user_id, token, caption, attachments=attachments, photo=media)
    return Incoming(CHANNEL, callback.user_id, token, attachments=attachments)


def _user_id(raw: dict[str, Any]) -> str:
    for key in ("sender", "user"):
        part = raw.get(key)
        if isinstance(part, dict):
            return _id(part.get("id"))
    return _id(raw.get("user_id"))


def _id(value: Any) -> str:
    if isinstance(value, str) and 0 < len(value) <= MAX_ID:
        return value
    raise MalformedCallback(f"no user id of 1 to {MAX_ID} characters")
