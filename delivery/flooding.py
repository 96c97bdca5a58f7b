"""The per-sender message limit: a sender who floods the bot gets one notice, then silence.

Only answerable events count (echoes, receipts and standby events are stored as ignored).
Of a sender's events received within one minute, the first `limit` are answered, the next
gets a single polite notice and the rest are marked handled without a reply, so a flood
neither fills the outgoing queue nor holds up other senders. The count is read from the
stored events, so every worker and process reaches the same verdict for the same event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import Enum

from models.inbox import EventStatus, InboundEvent

WINDOW = timedelta(minutes=1)
_COUNTED = (EventStatus.PENDING, EventStatus.DONE, EventStatus.FAILED)


class Admission(Enum):
    """What to do with one event under the limit."""

    ANSWER = "answer"
    NOTICE = "notice"
    DROP = "drop"


class FloodGate:
    """The admissions of a batch of events, from one read of their senders' recent events."""

    def __init__(self, limit: int, recent: dict[str, list[tuple[int, datetime]]]) -> None:
        self._limit = limit
        self._recent = recent

    @classmethod
    async def load(cls, events: Sequence[InboundEvent], limit: int) -> FloodGate:
        """The gate for `events`: their senders' counted events of the minute before the oldest."""
        recent: dict[str, list[tuple[int, datetime]]] = {event.address: [] for event in events}
        if events:
            rows = await InboundEvent.filter(
                status__in=_COUNTED,
                address__in=list(recent),
                id__lt=max(event.id for event in events),
                received_at__gt=min(event.received_at for event in events) - WINDOW,
            ).values_list("address", "id", "received_at")
            for address, id_, received_at in rows:
                recent[address].append((id_, received_at))
        return cls(limit, recent)

    def admission(self, event: InboundEvent) -> Admission:
        """Answer, notify or drop `event`, by how many of its sender's events came just before it."""
        since = event.received_at - WINDOW
        earlier = sum(1 for id_, at in self._recent[event.address] if id_ < event.id and at > since)
        if earlier < self._limit:
            return Admission.ANSWER
        return Admission.NOTICE if earlier == self._limit else Admission.DROP


async def admission_of(event: InboundEvent, limit: int) -> Admission:
    """Answer, notify or drop `event`, by how many of its sender's events came just before it."""
    return (await FloodGate.load([event], limit)).admission(event)
