"""Typed events decoded from a webhook delivery (one `messaging[]` or `standby[]` item each)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    """What every event has: who sent it, to whom, when (ms since epoch), and its raw JSON."""

    sender_psid: str
    recipient_id: str
    timestamp: int
    raw: dict[str, Any] = field(repr=False, compare=False)
    standby: bool = False


@dataclass(frozen=True)
class TextMessage(Event):
    """A message with text; `quick_reply_payload` is set when the user tapped a quick reply."""

    mid: str = ""
    text: str = ""
    quick_reply_payload: str | None = None


@dataclass(frozen=True)
class AttachmentMessage(Event):
    """A message with attachments and no text: photos, voice, stickers, files, locations.

    `photo_url` is where Meta's CDN serves the photo attached, when one is (never a sticker);
    it carries signed query parameters, so it is never logged.
    """

    mid: str = ""
    attachment_types: tuple[str, ...] = ()
    sticker_id: int | None = None
    photo_url: str | None = None


@dataclass(frozen=True)
class Postback(Event):
    """A tap on Get Started, a persistent-menu item or a button; `referral` when from a link."""

    mid: str = ""
    payload: str = ""
    title: str = ""
    referral: dict[str, Any] | None = None


@dataclass(frozen=True)
class Echo(Event):
    """A message the page itself sent, echoed back; stored, never answered."""

    mid: str = ""


@dataclass(frozen=True)
class Delivery(Event):
    """A delivery receipt."""


@dataclass(frozen=True)
class Read(Event):
    """A read receipt."""


@dataclass(frozen=True)
class Reaction(Event):
    """A reaction to one of the page's messages."""


@dataclass(frozen=True)
class Referral(Event):
    """The user opened the conversation from an m.me link or an ad, in an existing thread."""

    ref: str = ""


@dataclass(frozen=True)
class OptIn(Event):
    """The user opted in (checkbox, one-time notification, ...)."""


@dataclass(frozen=True)
class ThreadControl(Event):
    """A handover protocol event: the thread was passed (`pass_thread_control`: it came back to
    the bot when delivered in `messaging`), taken, or requested; stored, never answered."""

    action: str = ""
    new_owner_app_id: str = ""


@dataclass(frozen=True)
class Unknown(Event):
    """An event of a kind this bot does not know; stored and tolerated, never answered."""
