"""What the conversation reads and answers, the same on every channel.

A channel translates its own events into `Incoming` and renders each `Reply` within its own
limits (CONTRACT section 7); the conversation never sees platform JSON.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Incoming:
    """One message from a customer.

    `sender` is the id the channel knows them by (a PSID, a Telegram chat id, ...), unique
    only within `channel`. `payload` is set when they chose one of the offered choices (or
    tapped a menu item); `attachments` names what they attached (`image`, `sticker`, ...).
    `delivery_id` identifies the message on its channel (the readings taken from it keep it).

    `photo` is how the channel fetches the photo attached, when there is one (a URL, a
    Telegram file id); `read_from_photo` is the register read from it by the delivery layer
    before the conversation sees the message (`delivery.photos`), digits with leading zeros,
    or None when it was not read.
    """

    channel: str
    sender: str
    delivery_id: str
    text: str = ""
    payload: str | None = None
    attachments: tuple[str, ...] = ()
    photo: str | None = None
    read_from_photo: str | None = None

    @property
    def photo_alone(self) -> bool:
        """A photo without a caption: a caption is answered as the message's text."""
        return self.photo is not None and not self.text


@dataclass(frozen=True)
class Choice:
    """A choice offered under a reply: `title` is shown, `payload` comes back when chosen."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message to the customer: paragraphs separated by a blank line, and choices.

    A channel that cannot carry the whole text in one message splits it between paragraphs.
    `hand_over` asks for the conversation to be handed to a person once the text is sent
    (see `delivery.handing_over`).
    """

    text: str
    choices: tuple[Choice, ...] = ()
    hand_over: bool = False
