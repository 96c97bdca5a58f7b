"""Decoding a webhook delivery into typed events (CONTRACT section 3).

Every `entry[]` is read, and in each both `messaging[]` and `standby[]`. A malformed event
is logged and skipped; the rest of the delivery still counts. Unknown kinds and unknown
fields are tolerated: an event of a kind not listed here becomes `Unknown`.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

from messenger.events import (
    AttachmentMessage,
    Delivery,
    Echo,
    Event,
    OptIn,
    Postback,
    Reaction,
    Read,
    Referral,
    TextMessage,
    ThreadControl,
    Unknown,
)

log = logging.getLogger(__name__)

_QUEUES = (("messaging", False), ("standby", True))
MAX_ID = 64
"""The longest sender id taken (page-scoped ids have about 16 digits)."""
_MAX_MID = 200


class MalformedEvent(ValueError):
    """An event lacks what every event must have, or a known part has the wrong shape."""


def decode_delivery(body: dict[str, Any]) -> list[Event]:
    """The events of a delivery, in the order Meta sent them; malformed ones are skipped."""
    return list(_events(body))


def _events(body: dict[str, Any]) -> Iterator[Event]:
    entries = body.get("entry")
    for entry in entries if isinstance(entries, list) else ():
        if not isinstance(entry, dict):
            log.warning("skipped a malformed entry: not an object")
            continue
        for queue, standby in _QUEUES:
            items = entry.get(queue)
            for item in items if isinstance(items, list) else ():
                try:
                    yield decode_event(item, standby=standby)
                except MalformedEvent as error:
                    log.warning("skipped a malformed %s event: %s", queue, error)


def decode_event(raw: Any, *, standby: bool = False) -> Event:
    """One `messaging[]` or `standby[]` item as a typed event; raises `MalformedEvent`."""
    if not isinstance(raw, dict):
        raise MalformedEvent("not an object")
    common: dict[str, Any] = {
        "sender_psid": _id_of(raw, "sender"),
        "recipient_id": _id_of(raw, "recipient", required=False),
        "timestamp": _timestamp(raw),
        "raw": raw,
        "standby": standby,
    }
    for key, decode in _DECODERS:
        if key in raw:
            return decode(_object(raw, key), common)
    return Unknown(**common)


def _message(message: dict[str, Any], common: dict[str, Any]) -> Event:
    mid = _text(message, "mid")
    if message.get("is_echo"):
        return Echo(**common, mid=mid)
    text = message.get("text")
    quick_reply = message.get("quick_reply")
    payload = _str_or_none(quick_reply.get("payload") if isinstance(quick_reply, dict) else None)
    if (isinstance(text, str) and text) or payload:
        return TextMessage(**common, mid=mid, text=text if isinstance(text, str) else "", quick_reply_payload=payload)
    attachments = message.get("attachments")
    if not isinstance(attachments, list) or not attachments:
        return Unknown(**common)
    types = tuple(str(item.get("type", "")) for item in attachments if isinstance(item, dict))
    sticker = message.get("sticker_id")
    return AttachmentMessage(
        **common, mid=mid, attachment_types=types, sticker_id=sticker if isinstance(sticker, int) else None,
        photo_url=_photo_url(message, attachments),
    )


def _photo_url(message: dict[str, Any], attachments: list[Any]) -> str | None:
    """The `payload.url` of the first `image` attachment that is a photo, not a sticker.

    Meta sends a sticker (the "like" thumb too) as an `image` with `payload.sticker_id`, and
    during its transition to a `sticker` type as both; older webhook versions put `sticker_id`
    on the message. A message carrying a sticker in any of these ways has no photo.
    """
    items = [item for item in attachments if isinstance(item, dict)]
    if "sticker_id" in message or any(item.get("type") == "sticker" for item in items):
        return None
    for item in items:
        payload = item.get("payload")
        if item.get("type") != "image" or not isinstance(payload, dict) or "sticker_id" in payload:
            continue
        url = payload.get("url")
        return url if isinstance(url, str) and url else None
    return None


def _postback(postback: dict[str, Any], common: dict[str, Any]) -> Event:
    referral = postback.get("referral")
    return Postback(
        **common,
        mid=_text(postback, "mid"),
        payload=_text(postback, "payload"),
        title=_text(postback, "title"),
        referral=referral if isinstance(referral, dict) else None,
    )


def _referral(referral: dict[str, Any], common: dict[str, Any]) -> Event:
    return Referral(**common, ref=_text(referral, "ref"))


def _thread_control(action: str) -> Callable[[dict[str, Any], dict[str, Any]], Event]:
    def decode(part: dict[str, Any], common: dict[str, Any]) -> Event:
        owner = part.get("new_owner_app_id")
        return ThreadControl(**common, action=action, new_owner_app_id=str(owner) if owner is not None else "")

    return decode


def _plain(kind: type[Event]) -> Callable[[dict[str, Any], dict[str, Any]], Event]:
    return lambda _part, common: kind(**common)


_DECODERS: tuple[tuple[str, Callable[[dict[str, Any], dict[str, Any]], Event]], ...] = (
    ("message", _message),
    ("postback", _postback),
    ("delivery", _plain(Delivery)),
    ("read", _plain(Read)),
    ("reaction", _plain(Reaction)),
    ("optin", _plain(OptIn)),
    ("referral", _referral),
    *((action, _thread_control(action)) for action in ("pass_thread_control", "take_thread_control",
                                                        "request_thread_control")),
)


def _id_of(raw: dict[str, Any], key: str, *, required: bool = True) -> str:
    part = raw.get(key)
    value = part.get("id") if isinstance(part, dict) else None
    if isinstance(value, (str, int)) and not isinstance(value, bool) and 0 < len(str(value)) <= MAX_ID:
        return str(value)
    if required:
        raise MalformedEvent(f"no {key}.id of 1 to {MAX_ID} characters")
    return ""


def _timestamp(raw: dict[str, Any]) -> int:
    value = raw.get("timestamp", 0)
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedEvent("timestamp is not an integer")
    return value


def _object(raw: dict[str, Any], key: str) -> dict[str, Any]:
    part = raw[key]
    if not isinstance(part, dict):
        raise MalformedEvent(f"{key} is not an object")
    return part


def _text(part: dict[str, Any], key: str) -> str:
    value = part.get(key, "")
    if not isinstance(value, str):
        raise MalformedEvent(f"{key} is not a string")
    return value


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) else None


_KINDS: dict[type[Event], str] = {
    TextMessage: "text",
    AttachmentMessage: "attachment",
    Postback: "postback",
    Echo: "echo",
    Delivery: "delivery",
    Read: "read",
    Reaction: "reaction",
    OptIn: "optin",
    Referral: "referral",
    ThreadControl: "thread_control",
    Unknown: "unknown",
}


_ANSWERABLE = (TextMessage, AttachmentMessage, Postback, Referral)


def is_answerable(event: Event) -> bool:
    """Whether the conversation sees `event`: never standby events, echoes, receipts or unknown kinds."""
    return isinstance(event, _ANSWERABLE) and not event.standby


def kind_of(event: Event) -> str:
    """A short name of the event's type, as stored in `InboundEvent.kind`."""
    return _KINDS[type(event)]


def dedup_key(event: Event) -> str:
    """What identifies a redelivery: the `mid` when Meta gives one, else a digest of the event."""
    mid = getattr(event, "mid", "")
    if mid and len(mid) <= _MAX_MID:
        return f"mid:{mid}"
    if mid:
        return "mid-sha256:" + _digest(mid)
    return "sha256:" + _digest(json.dumps([event.standby, event.raw], sort_keys=True, ensure_ascii=False))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
