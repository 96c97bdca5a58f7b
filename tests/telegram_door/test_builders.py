"""Rendering replies as `sendMessage` bodies within Telegram's limits."""

from __future__ import annotations

import pytest

from handlers import texts
from handlers.messages import Choice, Reply
from telegram_door.builders import MAX_TEXT, answer_callback_query, button, reply_messages


def test_a_reply_is_one_send_message_with_its_buttons_one_or_two_a_row() -> None:
    [body] = reply_messages("42", Reply("Оберіть дію.", texts.MENU))
    assert body["method"] == "sendMessage" and body["chat_id"] == "42" and body["text"] == "Оберіть дію."
    rows = [[item["text"] for item in row] for row in body["reply_markup"]["inline_keyboard"]]
    assert rows == [["Передати показники"], ["Мої рахунки", "Допомога"]]
    assert body["reply_markup"]["inline_keyboard"][1][1]["callback_data"] == "HELP"


def test_yes_and_no_share_a_row() -> None:
    [body] = reply_messages("42", Reply("Зберегти?", (texts.YES, texts.NO)))
    assert len(body["reply_markup"]["inline_keyboard"]) == 1


def test_a_long_reply_is_split_at_paragraphs_with_the_buttons_on_the_last_part() -> None:
    paragraphs = [f"Абзац {number}. " + "слово " * 300 for number in range(5)]
    bodies = reply_messages("42", Reply("\n\n".join(paragraphs), texts.MENU))
    assert len(bodies) > 1 and all(len(body["text"]) <= MAX_TEXT for body in bodies)
    assert " ".join(body["text"] for body in bodies).split() == " ".join(paragraphs).split()
    assert all(body["text"].startswith("Абзац") for body in bodies)
    assert ["reply_markup" in body for body in bodies] == [False] * (len(bodies) - 1) + [True]


def test_callback_data_over_64_bytes_is_refused() -> None:
    button(Choice("ok", "x" * 64))
    with pytest.raises(ValueError, match="64 bytes"):
        button(Choice("ok", "ї" * 33))


def test_every_payload_the_conversation_offers_fits() -> None:
    offered = [*texts.MENU, texts.YES, texts.NO, texts.CANCEL, texts.REPEAT, texts.LINK_ANOTHER, texts.REMIND,
               texts.STOP_REMINDING, Choice("…4567", "ACCOUNT:2147483647"), Choice("x", "UNLINK:2147483647")]
    for choice in offered:
        button(choice)


def test_a_tap_is_answered_by_its_id() -> None:
    assert answer_callback_query("q1") == {"method": "answerCallbackQuery", "callback_query_id": "q1"}
