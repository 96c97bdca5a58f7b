"""Handing a conversation to a person, the same way for every channel.

The conversation marks a reply `hand_over`. A channel whose platform routes threads between
apps (Messenger's handover protocol) is a `ThreadRouting` channel: after the reply's text, the
outbox holds a hand-over request, which the sender worker performs in order like any message;
if the platform refuses, the reply of `texts.hand_over_refused()` (the phone lines), rendered
in advance, is queued instead. The text must go first: once the thread is passed, the bot can
no longer write in it. On other channels the hand-over waits in the operator console
(`models.handovers`) and the bot keeps quiet for that sender meanwhile.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from delivery.channel import Channel
from handlers import texts
from handlers.messages import Reply
from models.handovers import open_handover
from models.outbox import OutgoingMessage

log = logging.getLogger(__name__)

_HAND_OVER = "hand_over"


@runtime_checkable
class ThreadRouting(Protocol):
    """A channel whose platform can give the thread to another app (a person's inbox)."""

    async def hand_over(self, recipient: str) -> bool:
        """Give `recipient`'s thread to the people's app; False when the platform refused.

        Raises `delivery.channel.SendError` for a failure worth retrying.
        """
        ...


async def render(channel: Channel, recipient: str, reply: Reply, now: datetime) -> list[dict[str, Any]]:
    """The outbox bodies of `reply`, followed by a hand-over request when it asks for one."""
    bodies = channel.render(recipient, reply)
    if not reply.hand_over:
        return bodies
    if isinstance(channel, ThreadRouting):
        refused = channel.render(recipient, Reply(texts.HAND_OVER_REFUSED))
        return [*bodies, {_HAND_OVER: {"if_refused": refused}}]
    await open_handover(channel.name, recipient, now)
    return bodies


def is_hand_over(body: dict[str, Any]) -> bool:
    """Whether an outbox body is a hand-over request rather than a message."""
    return _HAND_OVER in body


async def perform(channel: Channel, recipient: str, message: OutgoingMessage) -> None:
    """Ask the platform to take the thread; when it refuses, queue the refusal reply."""
    if not isinstance(channel, ThreadRouting):
        raise TypeError(f"channel {channel.name} does not route threads")
    if await channel.hand_over(recipient):
        log.info("%s handed over to a person", message.address)
        return
    log.warning("%s: the platform refused the hand-over; the phone lines are sent", message.address)
    refused = message.payload[_HAND_OVER]["if_refused"]
    await OutgoingMessage.bulk_create(
        [OutgoingMessage(channel=message.channel, address=message.address, payload=body) for body in refused]
    )
