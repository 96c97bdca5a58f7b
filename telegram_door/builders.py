"""Bot API request bodies for replies and button taps, within Telegram's limits (CONTRACT section 7).

A body is the method's parameters with the method's name under `method`, as the outbox keeps
it. Texts over 4,096 characters are split (`delivery.splitting`); the choices go on the last
part as an inline keyboard, one or two buttons a row. A `callback_data` over 64 bytes is an
error of the caller and raises `ValueError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from delivery.splitting import split_text
from handlers.messages import Choice, Reply

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
"""Bytes of UTF-8."""
PAIRED_TITLE = 15
"""Two buttons share a row when both titles are at most this long: they fit a phone's width."""


def button(choice: Choice) -> InlineKeyboardButton:
    """An inline button that sends `choice.payload` back as its `callback_data`."""
    if not 1 <= len(choice.payload.encode()) <= MAX_CALLBACK_DATA:
        raise ValueError(f"callback_data must have 1 to {MAX_CALLBACK_DATA} bytes: {choice.payload!r}")
    return InlineKeyboardButton(choice.title, callback_data=choice.payload)


def keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup:
    """The choices as rows of one button, or two when both titles are short."""
    rows: list[list[InlineKeyboardButton]] = []
    for choice in choices:
        last = rows[-1] if rows else None
        if last is not None and len(last) == 1 and _short(last[0].text) and _short(choice.title):
            last.append(button(choice))
        else:
            rows.append([button(choice)])
    return InlineKeyboardMarkup(rows)


def send_message(chat_id: str, text: str, choices: Sequence[Choice] = ()) -> dict[str, Any]:
    """A `sendMessage` body: one text of at most 4,096 characters and its buttons."""
    if not text or len(text) > MAX_TEXT:
        raise ValueError(f"a text must have 1 to {MAX_TEXT} characters")
    body: dict[str, Any] = {"method": "sendMessage", "chat_id": chat_id, "text": text}
    if choices:
        body["reply_markup"] = keyboard(choices).to_dict()
    return body


def answer_callback_query(callback_query_id: str) -> dict[str, Any]:
    """An `answerCallbackQuery` body: the tapped button stops spinning."""
    return {"method": "answerCallbackQuery", "callback_query_id": callback_query_id}


def reply_messages(chat_id: str, reply: Reply) -> list[dict[str, Any]]:
    """The `sendMessage` bodies for one reply: its text split, its choices on the last part."""
    parts = split_text(reply.text, MAX_TEXT)
    if not parts:
        raise ValueError("a reply needs a text")
    last = len(parts) - 1
    return [send_message(chat_id, part, reply.choices if index == last else ()) for index, part in enumerate(parts)]


def _short(title: str) -> bool:
    return len(title) <= PAIRED_TITLE
