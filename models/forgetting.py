"""Deleting what is kept about one sender (CONTRACT section 6, "Delete my data").

Gone: the sender with their links, conversation state, lock-out counts and hand-overs; the
texts of their messages and of the replies to them (the stored payloads are emptied). Kept:
accepted readings, the account's billing records, without the sender's id; and the delivery
ids of their events, so a redelivery is still recognised and not answered twice. Replies not
yet sent keep their recipient until they go, then are emptied by retention like any other.
"""

from __future__ import annotations

from tortoise.transactions import in_transaction

from delivery.addresses import address
from models.handovers import Handover
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage, OutgoingStatus
from models.readings import Reading
from models.senders import Sender

FORGOTTEN = "-"
"""The external id that stands in for a forgotten sender in the queues' addresses."""


async def forget_sender(channel: str, external_id: str) -> bool:
    """Delete what is kept about the sender; False when the bot knows no such sender."""
    sender = await Sender.get_or_none(channel=channel, external_id=external_id)
    where = address(channel, external_id)
    stored = await InboundEvent.filter(address=where).exists()
    if sender is None and not stored:
        return False
    async with in_transaction():
        if sender is not None:
            await Reading.filter(sender_id=sender.id).update(sender_id=None)
            await Sender.filter(id=sender.id).delete()
        await Handover.filter(channel=channel, external_id=external_id).delete()
        await InboundEvent.filter(address=where).update(payload={})
        await InboundEvent.filter(address=where).exclude(status=EventStatus.PENDING).update(
            address=address(channel, FORGOTTEN)
        )
        await OutgoingMessage.filter(address=where).exclude(status=OutgoingStatus.PENDING).update(
            payload={}, address=address(channel, FORGOTTEN)
        )
    return True
