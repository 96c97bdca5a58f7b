"""What a channel (a door: Messenger, Telegram, ...) supplies to the rest of the service.

A channel verifies and decodes its platform's deliveries into the inbox (its own routes),
translates a stored event into the conversation's `Incoming`, renders a `Reply` into request
bodies within its limits, and sends one body, classifying a failure as a `SendError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from starlette.routing import BaseRoute

from handlers.messages import Incoming, Reply

_LONG_NUMBER = re.compile(r"\d{5,}")


class Failure(StrEnum):
    """What a failed send means for this message and the recipient's next ones."""

    TRANSIENT = "transient"
    """Worth trying again later (a timeout, a 5xx, rate limiting)."""
    PERMANENT = "permanent"
    """This message will never go; the recipient's next ones may."""
    UNREACHABLE = "unreachable"
    """Nothing can be sent to this recipient until they write again (they blocked the bot)."""


@dataclass
class SendError(Exception):
    """A send failed; `retry_after` is the platform's own wait in seconds, when it gave one.

    `alarm` is set when every send will fail until an operator acts (a rejected token).
    """

    reason: str
    failure: Failure
    retry_after: float | None = None
    alarm: bool = False

    def __str__(self) -> str:
        return self.reason


class Channel(Protocol):
    """A door, as the app and the workers see it."""

    name: str
    """The channel's name in addresses, readings and exports (`messenger`, `telegram`, ...)."""

    reminders: bool
    """Whether the platform allows the monthly reminder (Messenger does not, in Ukraine)."""

    def routes(self) -> list[BaseRoute]:
        """The HTTP routes of its webhook, mounted by the app."""
        ...

    def incoming(self, event: dict[str, Any]) -> Incoming | None:
        """The conversation's message in a stored event, or None when it is not one to answer."""
        ...

    def acknowledgements(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """Bodies sent for a stored event before any reply, whatever the conversation answers
        (Telegram's `answerCallbackQuery` for a tap); usually none."""
        ...

    def render(self, recipient: str, reply: Reply) -> list[dict[str, Any]]:
        """The request bodies that carry `reply` to `recipient`, each within the channel's limits."""
        ...

    async def photo(self, reference: str) -> bytes | None:
        """The photo an `Incoming.photo` refers to, at most `photos.limits.MAX_BYTES`; None when
        it cannot be fetched (see `photos.download`). Never raises."""
        ...

    async def send(self, recipient: str, body: dict[str, Any]) -> bool:
        """Send one body; False when it was only logged (a dry run). Raises `SendError`."""
        ...


def masked(text: str) -> str:
    """`text` with runs of five or more digits hidden but their last two, fit for a log."""
    return _LONG_NUMBER.sub(lambda match: "*" * (len(match[0]) - 2) + match[0][-2:], text)
