"""Message builders and Messenger's limits, with pymessenger as an oracle for the text shape."""

from __future__ import annotations

from typing import Any

import pytest
from pymessenger.bot import Bot

from handlers.messages import Choice, Reply
from messenger.builders import (
    MAX_TEXT,
    reply_messages,
    sender_action,
    text_message,
)


class _RecordingBot(Bot):  # type: ignore[misc]
    """pymessenger's bot with its HTTP call replaced by recording the body."""

    def send_raw(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.sent = payload
        return {}


def test_a_text_body_has_the_shape_pymessenger_sends() -> None:
    oracle = _RecordingBot("token")
    oracle.send_text_message("100", "Дякуємо!")
    ours = text_message("100", "Дякуємо!")
    assert ours == {**oracle.sent, "messaging_type": "RESPONSE"}


def test_quick_replies_go_with_the_text() -> None:
    body = text_message("100", "Котрий рахунок?", (Choice("1234567", "ACCOUNT:1"),))
    assert body["message"]["quick_replies"] == [{"content_type": "text", "title": "1234567", "payload": "ACCOUNT:1"}]


def test_limits_on_quick_replies() -> None:
    many = tuple(Choice(f"q{n}", f"P{n}") for n in range(14))
    with pytest.raises(ValueError):
        text_message("100", "x", many)
    assert len(text_message("100", "x", many[:13])["message"]["quick_replies"]) == 13
    with pytest.raises(ValueError):
        text_message("100", "x", (Choice("ok", "P" * 1001),))
    with pytest.raises(ValueError):
        text_message("100", "x", (Choice("ok", ""),))
    long_title = text_message("100", "x", (Choice("Передати показники зараз", "P"),))
    assert long_title["message"]["quick_replies"][0]["title"] == "Передати показники…"
    address = text_message("100", "x", (Choice("…4567 вул. Незалежності 40", "P"),))
    assert address["message"]["quick_replies"][0]["title"] == "…4567 вул. Незалежн…"


def test_limits_on_texts() -> None:
    with pytest.raises(ValueError):
        text_message("100", "x" * (MAX_TEXT + 1))
    with pytest.raises(ValueError):
        text_message("100", "")
    with pytest.raises(ValueError):
        reply_messages("100", Reply("   "))


def test_sender_actions() -> None:
    assert sender_action("100", "typing_on") == {"recipient": {"id": "100"}, "sender_action": "typing_on"}
    with pytest.raises(ValueError):
        sender_action("100", "dance")


def test_a_long_reply_puts_quick_replies_on_its_last_message() -> None:
    reply = Reply("Рядок.\n" * 600, (Choice("Допомога", "HELP"),))
    bodies = reply_messages("100", reply)
    assert len(bodies) > 1
    assert all(len(body["message"]["text"]) <= MAX_TEXT for body in bodies)
    assert [("quick_replies" in body["message"]) for body in bodies] == [False] * (len(bodies) - 1) + [True]
