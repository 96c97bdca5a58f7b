"""What waits for an operator: failed sends, conversations handed to a person, an account's history.

Customers appear masked (`delivery.channel.masked`): ids and account numbers show their last
digits only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from delivery.addresses import address, external_id
from delivery.channel import Channel, masked
from handlers.texts import mask
from models.accounts import Account
from models.handovers import Handover, waiting
from models.inbox import InboundEvent
from models.outbox import OutgoingMessage, OutgoingStatus
from models.readings import Reading

SHOWN = 50
"""Rows of each list on the page."""
THREAD = 20
"""Customer messages shown per waiting conversation."""


@dataclass(frozen=True)
class FailedSend:
    id: int
    channel: str
    recipient: str
    error: str
    failed_at: datetime | None


@dataclass(frozen=True)
class Conversation:
    """A hand-over waiting in the console and what the customer wrote since they asked."""

    handover: Handover
    recipient: str
    messages: list[str]


@dataclass(frozen=True)
class History:
    """An account (masked) and its newest accepted readings."""

    account: str
    zones: tuple[str, ...]
    readings: list[Reading]


async def failed_sends() -> list[FailedSend]:
    """The newest replies that failed for good."""
    rows = await OutgoingMessage.filter(status=OutgoingStatus.FAILED).order_by("-id").limit(SHOWN)
    return [
        FailedSend(row.id, row.channel, masked(external_id(row.address)), row.error or "", row.failed_at)
        for row in rows
    ]


async def conversations(channels: Mapping[str, Channel], now: datetime) -> list[Conversation]:
    """The conversations waiting for a person, oldest first, each with its thread."""
    found = []
    for handover in (await waiting(now))[:SHOWN]:
        events = await InboundEvent.filter(
            address=address(handover.channel, handover.external_id), received_at__gte=handover.opened_at
        ).order_by("-id").limit(THREAD)
        channel = channels.get(handover.channel)
        texts = [_text(channel, event) for event in reversed(events)] if channel else []
        found.append(Conversation(handover, masked(handover.external_id), [text for text in texts if text]))
    return found


def _text(channel: Channel, event: InboundEvent) -> str:
    incoming = channel.incoming(event.payload) if event.payload else None
    return "" if incoming is None else incoming.text or " ".join(incoming.attachments)


async def history(number: str) -> History | None:
    """The account `number` and its newest readings, or None for an unknown account."""
    account = await Account.get_or_none(number=number.strip())
    if account is None:
        return None
    readings = await Reading.filter(account_id=account.id).order_by("-submitted_at").limit(SHOWN)
    return History(mask(account.number), account.zone_names, readings)
