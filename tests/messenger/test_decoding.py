"""Decoding deliveries into typed events: every kind, every entry and queue, malformed parts."""

from __future__ import annotations

import pytest

from handlers.messages import Incoming
from messenger.channel import Messenger
from messenger.decoding import decode_delivery, decode_event, dedup_key, is_answerable, kind_of
from messenger.events import (
    AttachmentMessage,
    Delivery,
    Echo,
    OptIn,
    Postback,
    Reaction,
    Read,
    Referral,
    TextMessage,
    ThreadControl,
    Unknown,
)
from settings import MessengerSettings
from tests.messenger.harness import delivery, event, postback_event, text_event


def test_a_text_message() -> None:
    decoded = decode_event(text_event("100", "m_1", "Покази 12345"))
    assert decoded == TextMessage("100", "999000", 1764000000000, {}, mid="m_1", text="Покази 12345")
    assert kind_of(decoded) == "text"


def test_a_quick_reply_tap_carries_its_payload() -> None:
    decoded = decode_event(text_event("100", "m_1", "Так", quick_reply="CONFIRM_YES"))
    assert isinstance(decoded, TextMessage) and decoded.quick_reply_payload == "CONFIRM_YES"


def test_attachments_and_stickers() -> None:
    raw = event("100", message={"mid": "m_2", "sticker_id": 369239263222822,
                                "attachments": [{"type": "image", "payload": {"url": "u"}}, {"type": "audio"}]})
    decoded = decode_event(raw)
    assert isinstance(decoded, AttachmentMessage)
    assert (decoded.attachment_types, decoded.sticker_id) == (("image", "audio"), 369239263222822)


def test_a_postback_with_a_referral() -> None:
    raw = postback_event("100", "m_3", "GET_STARTED", "Почати")
    raw["postback"]["referral"] = {"ref": "promo", "source": "SHORTLINK", "type": "OPEN_THREAD"}
    decoded = decode_event(raw)
    assert isinstance(decoded, Postback)
    assert (decoded.payload, decoded.title, decoded.referral) == ("GET_STARTED", "Почати", raw["postback"]["referral"])


@pytest.mark.parametrize(
    ("part", "kind"),
    [
        ({"message": {"mid": "m_e", "text": "x", "is_echo": True}}, Echo),
        ({"delivery": {"mids": ["m_1"], "watermark": 5}}, Delivery),
        ({"read": {"watermark": 5}}, Read),
        ({"reaction": {"mid": "m_1", "action": "react", "emoji": "❤"}}, Reaction),
        ({"optin": {"type": "notification_messages"}}, OptIn),
        ({"referral": {"ref": "ad-7", "source": "ADS"}}, Referral),
        ({"pass_thread_control": {"new_owner_app_id": "2"}}, ThreadControl),
        ({"app_roles": {"2": ["primary_receiver"]}}, Unknown),
        ({"message": {"mid": "m_empty"}}, Unknown),
    ],
)
def test_every_kind_is_recognised(part: dict[str, object], kind: type) -> None:
    assert type(decode_event(event("100", **part))) is kind


def test_a_referral_keeps_its_ref() -> None:
    decoded = decode_event(event("100", referral={"ref": "ad-7"}))
    assert isinstance(decoded, Referral) and decoded.ref == "ad-7"


def test_every_entry_and_both_queues_are_read_in_order() -> None:
    body = delivery(text_event("1", "m_a", "a"), standby=(text_event("2", "m_b", "b"),))
    body["entry"].append({"id": "999000", "messaging": [text_event("3", "m_c", "c")]})
    events = decode_delivery(body)
    assert [(e.sender_psid, e.standby) for e in events] == [("1", False), ("2", True), ("3", False)]


@pytest.mark.parametrize(
    "bad",
    [
        "text",
        {"recipient": {"id": "1"}, "message": {"mid": "m", "text": "x"}},
        {"sender": {}, "message": {"mid": "m", "text": "x"}},
        event("1", timestamp="soon", message={"mid": "m", "text": "x"}),
        event("1", message=["x"]),
        event("1", message={"mid": 5, "text": "x"}),
        event("1", postback="GET_STARTED"),
        event("1", postback={"payload": 7}),
        event("x" * 65, message={"mid": "m", "text": "x"}),
        {"sender": {"id": True}, "message": {"mid": "m", "text": "x"}},
    ],
)
def test_a_malformed_event_is_skipped_and_the_rest_kept(bad: object, caplog: pytest.LogCaptureFixture) -> None:
    body = {"object": "page", "entry": [{"messaging": [bad, text_event("1", "m_ok", "ok")]}, 3, {"messaging": 4}]}
    assert [e.raw for e in decode_delivery(body)] == [text_event("1", "m_ok", "ok")]
    assert "malformed" in caplog.text


def test_unknown_fields_are_tolerated() -> None:
    raw = text_event("100", "m_1", "x")
    raw["message"]["nlp"] = {"entities": {}}
    raw["brand_new"] = True
    assert isinstance(decode_event(raw), TextMessage)
    assert decode_delivery({"object": "page", "entry": "nope"}) == []


def test_dedup_key_is_the_mid_or_a_digest() -> None:
    assert dedup_key(decode_event(text_event("1", "m_1", "x"))) == "mid:m_1"
    assert dedup_key(decode_event(postback_event("1", "m_2", "HELP"))) == "mid:m_2"
    read = event("1", read={"watermark": 1})
    assert dedup_key(decode_event(read)) == dedup_key(decode_event(dict(reversed(read.items()))))
    assert dedup_key(decode_event(read)) != dedup_key(decode_event(read, standby=True))
    assert dedup_key(decode_event(event("1", postback={"payload": "HELP"}))).startswith("sha256:")
    long_mid = dedup_key(decode_event(text_event("1", "m" * 300, "x")))
    assert long_mid.startswith("mid-sha256:") and len(long_mid) <= 255
    assert long_mid != dedup_key(decode_event(text_event("1", "m" * 301, "x")))


@pytest.mark.parametrize(
    ("raw", "standby", "answerable"),
    [
        (text_event("1", "m", "x"), False, True),
        (text_event("1", "m", "x"), True, False),
        (event("1", message={"mid": "m", "attachments": [{"type": "image"}]}), False, True),
        (event("1", referral={"ref": "ad"}), False, True),
        (event("1", message={"mid": "m", "text": "x", "is_echo": True}), False, False),
        (event("1", read={"watermark": 1}), False, False),
        (event("1", optin={"ref": "x"}), False, False),
    ],
)
def test_only_user_messages_postbacks_and_referrals_are_answered(
    raw: dict[str, object], standby: bool, answerable: bool
) -> None:
    assert is_answerable(decode_event(raw, standby=standby)) is answerable


def test_a_quick_reply_without_text_is_a_tap() -> None:
    raw = event("1", message={"mid": "m_q", "quick_reply": {"payload": "HELP"}})
    decoded = decode_event(raw)
    assert isinstance(decoded, TextMessage) and decoded.quick_reply_payload == "HELP" and is_answerable(decoded)
    incoming = Messenger(MessengerSettings(), None).incoming(raw)
    assert incoming == Incoming("messenger", "1", "m_q", "", "HELP")
