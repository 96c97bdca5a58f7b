"""Reading updates: kinds, chats, what is answered, and the conversation's message in each."""

from __future__ import annotations

from typing import Any

import pytest
from telegram import Message

from handlers import payloads
from handlers.messages import Incoming
from photos.limits import MAX_BYTES
from telegram_door.updates import chat_id_of, decode, incoming, is_answerable, kind_of, photo_of, update_id_of
from tests.telegram_door.harness import callback_update, member_update, message, text_update


def _incoming(raw: dict[str, Any]) -> Incoming | None:
    update = decode(raw)
    assert update is not None
    return incoming(update, "d")


def test_a_private_text_is_a_message_from_its_chat() -> None:
    update = decode(text_update(7, 42, "показники 12345"))
    assert (kind_of(update), chat_id_of(update), is_answerable(update)) == ("message", "42", True)
    assert _incoming(text_update(7, 42, "показники 12345")) == Incoming("telegram", "42", "d", "показники 12345")


@pytest.mark.parametrize(("text", "payload"), [("/start", payloads.GET_STARTED), ("/start ad-campaign", payloads.GET_STARTED),
                                               ("/start@DtekBot", payloads.GET_STARTED), ("/help", payloads.HELP),
                                               ("/HELP", payloads.HELP)])
def test_start_and_help_are_the_get_started_and_help_payloads(text: str, payload: str) -> None:
    assert _incoming(text_update(1, 42, text)) == Incoming("telegram", "42", "d", payload=payload)


def test_an_unknown_command_is_plain_text() -> None:
    assert _incoming(text_update(1, 42, "/weather")) == Incoming("telegram", "42", "d", "/weather")


def test_a_tap_carries_its_data_and_the_buttons_title() -> None:
    keyboard = [[{"text": "Мої рахунки", "callback_data": "MY_ACCOUNTS"}, {"text": "Допомога", "callback_data": "HELP"}]]
    raw = callback_update(3, 42, "HELP", "q1", keyboard)
    assert (kind_of(decode(raw)), is_answerable(decode(raw))) == ("callback", True)
    assert _incoming(raw) == Incoming("telegram", "42", "d", "Допомога", "HELP")
    assert _incoming(callback_update(4, 42, "HELP", "q2")) == Incoming("telegram", "42", "d", "", "HELP")


@pytest.mark.parametrize(("field", "value", "attachment"), [
    ("sticker", {"file_id": "a", "file_unique_id": "b", "width": 1, "height": 1, "is_animated": False,
                 "is_video": False, "type": "regular"}, "sticker"),
    ("voice", {"file_id": "a", "file_unique_id": "b", "duration": 2}, "audio"),
    ("document", {"file_id": "a", "file_unique_id": "b"}, "file"),
])
def test_attachments_are_named(field: str, value: Any, attachment: str) -> None:
    raw = {"update_id": 5, "message": message(42, **{field: value})}
    assert _incoming(raw) == Incoming("telegram", "42", "d", attachments=(attachment,))


@pytest.mark.parametrize("kind", ["group", "supergroup", "channel"])
def test_groups_and_channels_are_stored_but_not_answered(kind: str) -> None:
    raw = text_update(6, -100123, "12345", kind)
    if kind == "channel":
        raw = {"update_id": 6, "channel_post": raw["message"]}
    update = decode(raw)
    assert not is_answerable(update) and _incoming(raw) is None


def test_edited_messages_members_and_unknown_kinds_are_not_answered() -> None:
    edited = {"update_id": 8, "edited_message": {**message(42, text="12346"), "edit_date": 1764400100}}
    kicked, back = decode(member_update(9, 42, "kicked")), decode(member_update(10, 42, "member"))
    unknown = decode({"update_id": 11, "business_message_2030": {"x": 1}})
    assert [kind_of(update) for update in (decode(edited), kicked, back, unknown)] == ["edited", "kicked", "member", "unknown"]
    assert not any(is_answerable(update) for update in (decode(edited), kicked, back, unknown))
    assert chat_id_of(kicked) == "42" and chat_id_of(unknown) == ""


@pytest.mark.parametrize("raw", [{"update_id": 1, "message": {"text": "no chat"}}, {"update_id": 1, "message": 5},
                                 {"update_id": 1, "callback_query": {"id": "q"}}])
def test_a_malformed_update_decodes_to_none(raw: dict[str, Any]) -> None:
    assert decode(raw) is None and kind_of(None) == "malformed" and not is_answerable(None)


@pytest.mark.parametrize(("raw", "expected"), [({"update_id": 3}, 3), ({}, None), ({"update_id": "3"}, None),
                                               ({"update_id": True}, None)])
def test_the_update_id_must_be_an_integer(raw: dict[str, Any], expected: int | None) -> None:
    assert update_id_of(raw) == expected


def _size(file_id: str, side: int, file_size: int | None = None) -> dict[str, Any]:
    """A `PhotoSize` of a square photo, as Telegram lists them: smallest first."""
    size = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": side, "height": side}
    return size if file_size is None else {**size, "file_size": file_size}


def _document(mime_type: str, file_size: int | None = 2_400_000) -> dict[str, Any]:
    document = {"file_id": "doc", "file_unique_id": "u-doc", "file_name": "лічильник", "mime_type": mime_type}
    return document if file_size is None else {**document, "file_size": file_size}


def test_a_photo_is_fetched_by_its_largest_size() -> None:
    sizes = [_size("s", 90, 1_300), _size("m", 320, 21_000), _size("x", 1280, 190_000), _size("w", 800)]
    raw = {"update_id": 5, "message": message(42, photo=sizes)}
    assert _incoming(raw) == Incoming("telegram", "42", "d", attachments=("image",), photo="x")


def test_a_photos_caption_is_its_text() -> None:
    raw = {"update_id": 5, "message": message(42, photo=[_size("s", 90), _size("m", 320)], caption="мої показники")}
    assert _incoming(raw) == Incoming("telegram", "42", "d", "мої показники", attachments=("image",), photo="m")


def test_sizes_over_ten_megabytes_are_skipped() -> None:
    sizes = [_size("s", 90, 1_300), _size("m", 2560, MAX_BYTES), _size("x", 9000, MAX_BYTES + 1)]
    assert photo_of(Message.de_json(message(42, photo=sizes), None)) == "m"
    raw = {"update_id": 5, "message": message(42, photo=[_size("x", 9000, MAX_BYTES + 1)])}
    assert _incoming(raw) == Incoming("telegram", "42", "d", attachments=("image",))


@pytest.mark.parametrize("mime_type", ["image/jpeg", "image/png", "image/webp", "IMAGE/JPEG"])
def test_an_image_sent_as_a_file_is_a_photo(mime_type: str) -> None:
    raw = {"update_id": 5, "message": message(42, document=_document(mime_type), caption="квартира 12")}
    assert _incoming(raw) == Incoming("telegram", "42", "d", "квартира 12", attachments=("image",), photo="doc")
    no_size = {"update_id": 5, "message": message(42, document=_document(mime_type, file_size=None))}
    assert _incoming(no_size) == Incoming("telegram", "42", "d", attachments=("image",), photo="doc")


def test_an_image_file_over_ten_megabytes_is_an_image_not_fetched() -> None:
    raw = {"update_id": 5, "message": message(42, document=_document("image/png", MAX_BYTES + 1))}
    assert _incoming(raw) == Incoming("telegram", "42", "d", attachments=("image",))


@pytest.mark.parametrize("mime_type", ["application/pdf", "image/heic", "image/gif", "text/plain"])
def test_other_files_are_no_photo(mime_type: str) -> None:
    raw = {"update_id": 5, "message": message(42, document=_document(mime_type))}
    assert _incoming(raw) == Incoming("telegram", "42", "d", attachments=("file",))
