"""The per-sender message limit: a sender who floods the bot gets one notice, then silence.

Only answerable events count (echoes, receipts and standby events are stored as ignored).
Of a sender's events received within one minute, the first `limit` are answered, the next
gets a single polite notice and the rest are marked handled without a reply, so a flood
neither fills the outgoing queue nor holds up other senders. The count is read from the
stored events, so every worker and process reaches the same verdict for the same event.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from models.events import EventStatus, InboundEvent

WINDOW = timedelta(minutes=1)


class Verdict(Enum):
    """What to do with one event under the limit."""

    ANSWER = "answer"
    NOTICE = "notice"
    DROP = "drop"


async def flood_verdict(event: InboundEvent, limit: int) -> Verdict:
    """Answer, notify or drop `event`, by how many of its sender's events came just before it."""
    earlier = await InboundEvent.filter(
        status__in=(EventStatus.PENDING, EventStatus.DONE, EventStatus.FAILED),
        sender_psid=event.sender_psid,
        id__lt=event.id,
        received_at__gt=event.received_at - WINDOW,
    ).count()
    if earlier < limit:
        return Verdict.ANSWER
    return Verdict.NOTICE if earlier == limit else Verdict.DROP
