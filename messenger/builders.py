"""Send API request bodies for texts, quick replies and sender actions, within Messenger's limits.

Texts over 2,000 characters are split (`delivery.splitting`); quick replies go on the last
part. Titles over 20 characters are shortened with an ellipsis; more than 13 quick replies or
a payload over 1,000 characters is an error of the caller and raises `ValueError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from delivery.splitting import split_text
from handlers.messages import Choice, Reply

MAX_TEXT = 2000
MAX_QUICK_REPLIES = 13
MAX_TITLE = 20
MAX_PAYLOAD = 1000
SENDER_ACTIONS = frozenset({"typing_on", "typing_off", "mark_seen"})


def quick_reply(choice: Choice) -> dict[str, str]:
    """One text quick reply; a long title is shortened, a long or empty payload raises."""
    if not choice.payload or len(choice.payload) > MAX_PAYLOAD:
        raise ValueError(f"a quick-reply payload must have 1 to {MAX_PAYLOAD} characters")
    title = choice.title
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip(" ,.") + "…"
    return {"content_type": "text", "title": title, "payload": choice.payload}


def text_message(psid: str, text: str, quick_replies: Sequence[Choice] = ()) -> dict[str, Any]:
    """A Send API body with one text of at most 2,000 characters and up to 13 quick replies."""
    if not text or len(text) > MAX_TEXT:
        raise ValueError(f"a text must have 1 to {MAX_TEXT} characters")
    if len(quick_replies) > MAX_QUICK_REPLIES:
        raise ValueError(f"at most {MAX_QUICK_REPLIES} quick replies")
    message: dict[str, Any] = {"text": text}
    if quick_replies:
        message["quick_replies"] = [quick_reply(item) for item in quick_replies]
    return {"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": message}


def sender_action(psid: str, action: str) -> dict[str, Any]:
    """A Send API body that shows typing or marks the conversation seen."""
    if action not in SENDER_ACTIONS:
        raise ValueError(f"unknown sender action {action!r}")
    return {"recipient": {"id": psid}, "sender_action": action}


def reply_messages(psid: str, reply: Reply) -> list[dict[str, Any]]:
    """The Send API bodies for one reply: its text split, its quick replies on the last part."""
    parts = split_text(reply.text, MAX_TEXT)
    if not parts:
        raise ValueError("a reply needs a text")
    last = len(parts) - 1
    return [
        text_message(psid, part, reply.choices if index == last else ())
        for index, part in enumerate(parts)
    ]
