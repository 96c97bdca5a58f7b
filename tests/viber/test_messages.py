"""Rendering replies for Viber: splitting within 7,000 characters and 30 KB, keyboards, ActionBody payloads."""

from __future__ import annotations

import pytest

from handlers import payloads, texts
from handlers.messages import Choice, Reply
from tests.viber.fake_viber import send_problems
from tests.viber.harness import message
from viber.callbacks import decode, incoming
from viber.keyboards import ACTION_PREFIX, MAX_BUTTONS, action_body, keyboard, payload_of
from viber.messages import MAX_BODY_BYTES, MAX_TEXT, encode, reply_messages

NAME = "ДТЕК Донецькі електромережі"


def test_a_short_reply_is_one_message_with_its_keyboard() -> None:
    [body] = reply_messages("u1", Reply("Оберіть дію.", texts.MENU), NAME)
    assert body["receiver"] == "u1" and body["type"] == "text" and body["sender"] == {"name": NAME}
    buttons = body["keyboard"]["Buttons"]
    assert [button["ActionBody"] for button in buttons] == [ACTION_PREFIX + payload for payload in
                                                            (payloads.SUBMIT_READING, payloads.MY_ACCOUNTS,
                                                             payloads.HELP)]
    assert [button["Columns"] for button in buttons] == [2, 2, 2]
    assert all(button["ActionType"] == "reply" and button["Silent"] for button in buttons)
    assert body["keyboard"]["Type"] == "keyboard" and body["keyboard"]["DefaultHeight"] is False


def test_a_long_reply_is_split_between_paragraphs_with_the_keyboard_on_the_last_part() -> None:
    paragraphs = [f"Абзац {index}. " + "слово " * 300 for index in range(12)]
    bodies = reply_messages("u1", Reply("\n\n".join(paragraphs), (texts.YES, texts.NO)), NAME)
    assert len(bodies) > 1 and all(len(body["text"]) <= MAX_TEXT for body in bodies)
    assert ["keyboard" in body for body in bodies] == [False] * (len(bodies) - 1) + [True]
    assert " ".join(body["text"] for body in bodies).split() == " ".join(paragraphs).split()
    assert all(send_problems(body, NAME) == [] for body in bodies)


@pytest.mark.parametrize("character", ["ї", "\"", "\n", "😀", "\x01"])
def test_every_body_stays_under_30_kb_whatever_the_characters(character: str) -> None:
    text = (character + "я ") * 20000
    bodies = reply_messages("u1", Reply(text, tuple(Choice(f"Кнопка {i}", f"P{i}") for i in range(13))), NAME)
    assert all(len(encode(body)) < MAX_BODY_BYTES and len(body["text"]) <= MAX_TEXT for body in bodies)
    assert "".join("".join(body["text"] for body in bodies).split()) == "".join(text.split())


@pytest.mark.parametrize(("count", "columns"), [(1, 6), (2, 3), (3, 2), (4, 2), (6, 2), (7, 3), (24, 3)])
def test_buttons_fit_one_row_up_to_three_two_rows_up_to_six(count: int, columns: int) -> None:
    buttons = keyboard([Choice(f"Кнопка {i}", f"P{i}") for i in range(count)])["Buttons"]
    assert {button["Columns"] for button in buttons} == {columns} and {button["Rows"] for button in buttons} == {1}


def test_more_than_24_buttons_or_an_empty_payload_is_the_callers_error() -> None:
    with pytest.raises(ValueError):
        keyboard([Choice("x", f"P{i}") for i in range(MAX_BUTTONS + 1)])
    with pytest.raises(ValueError):
        keyboard([Choice("x", "")])


@pytest.mark.parametrize("payload", [payloads.CONFIRM_YES, payloads.choose_account(12), payloads.unlink(7)])
def test_a_tap_comes_back_as_its_payload(payload: str) -> None:
    assert payload_of(action_body(payload)) == payload
    tapped = incoming(decode(message("u1", 1, action_body(payload), silent=True)))
    assert tapped is not None and (tapped.payload, tapped.text) == (payload, "")


@pytest.mark.parametrize("text", ["12345", "1234567", "так", "ACCOUNT:12", "dtek", ACTION_PREFIX])
def test_typed_text_is_text_never_a_tap(text: str) -> None:
    typed = incoming(decode(message("u1", 1, text)))
    assert typed is not None and (typed.text, typed.payload) == (text, None)
