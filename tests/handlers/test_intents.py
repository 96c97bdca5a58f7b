"""Typed commands and questions: any case, a typo or two, Ukrainian and Russian; never a reading."""

from __future__ import annotations

import pytest

from handlers import payloads
from handlers.intents import typed_command


@pytest.mark.parametrize(
    ("text", "payload"),
    [
        ("Так", payloads.CONFIRM_YES), ("ДА", payloads.CONFIRM_YES), ("ні", payloads.CONFIRM_NO),
        ("Скасувати", payloads.CANCEL), ("скасуватт", payloads.CANCEL), ("Отмена!", payloads.CANCEL),
        ("?", payloads.HELP), ("Помощь", payloads.HELP), ("допомга", payloads.HELP),
        ("мои счета", payloads.MY_ACCOUNTS), ("передати показникі", payloads.SUBMIT_READING),
        ("Оператор", payloads.PERSON), ("опертор", payloads.PERSON), ("Зв’яжіть з людиною", payloads.PERSON),
        ("зв'язатися з оператором", payloads.PERSON), ("дайте живого человека пожалуйста", payloads.PERSON),
        ("хочу поговорити з оператором", payloads.PERSON), ("живой человек", payloads.PERSON),
        ("що я передав?", payloads.LAST_SENT), ("Что я передал", payloads.LAST_SENT),
        ("коли передавати?", payloads.WINDOW), ("когда передавать показания?", payloads.WINDOW),
        ("Чому рахунок за середнім?", payloads.ESTIMATE), ("почему счет по среднему", payloads.ESTIMATE),
        ("виправити", payloads.CORRECT), ("исправить", payloads.CORRECT),
        ("видалити мої дані", payloads.FORGET), ("удалите мои данные", payloads.FORGET),
        ("не нагадувати", payloads.STOP_REMINDING), ("отписаться", payloads.STOP_REMINDING),
    ],
)
def test_commands_and_questions_are_understood(text: str, payload: str | None) -> None:
    assert typed_command(text) == payload


@pytest.mark.parametrize("text", ["там", "нi1", "12345", "0012345", "так 12345", "Шевченко", "Коваленко",
                                  "Мельник-Сидоренко", "оператор 12345", "добрий вечір, як справи", ""])
def test_short_words_readings_and_surnames_are_not_commands(text: str) -> None:
    assert typed_command(text) is None


@pytest.mark.parametrize(("title", "payload"), [("Так, видалити", payloads.CONFIRM_YES), ("Так, відв'язати", payloads.CONFIRM_YES),
                                                ("Ні, залишити", payloads.CONFIRM_NO), ("Підключити рахунок", payloads.LINK_ANOTHER),
                                                ("Оператор", payloads.PERSON), ("Виправити", payloads.CORRECT)])
def test_quick_reply_titles_typed_as_text_stand_for_their_payload(title: str, payload: str) -> None:
    assert typed_command(title) == payload
