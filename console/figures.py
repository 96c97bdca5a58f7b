"""The service's figures as SQL aggregates, shared by `/metrics` and the console page.

Every figure is read from the database, so any process of any instance answers the same
numbers: what the whole service did, not what one process saw.
"""

from __future__ import annotations

from typing import Any

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from models.inbox import EventStatus, InboundEvent
from models.latency import BUCKETS, INF, LatencyBucket
from models.outbox import OutgoingMessage, OutgoingStatus
from models.readings import Reading
from models.refusals import Refusal


async def counts_by(query: QuerySet[Any], column: str) -> dict[str, int]:
    """Rows of `query` counted per value of `column`."""
    rows = await query.annotate(rows=Count("id")).group_by(column).values_list(column, "rows")
    return {str(value): int(count) for value, count in rows}


async def events_received() -> dict[str, int]:
    """Events stored by the webhooks, per channel (redeliveries are not stored twice)."""
    return await counts_by(InboundEvent.all(), "channel")


async def readings_accepted() -> dict[str, int]:
    """Accepted readings, per channel."""
    return await counts_by(Reading.all(), "channel")


async def readings_from_photos() -> dict[str, int]:
    """Accepted readings read from customers' photos, per channel."""
    return await counts_by(Reading.filter(from_photo=True), "channel")


async def readings_refused() -> dict[str, int]:
    """Refused readings, per reason."""
    return await counts_by(Refusal.all(), "reason")


async def sends_failed() -> dict[str, int]:
    """Replies that failed for good at least once, per channel."""
    return await counts_by(OutgoingMessage.filter(failed_at__isnull=False), "channel")


async def inbox_pending() -> int:
    """Events waiting to be answered."""
    return await InboundEvent.filter(status=EventStatus.PENDING).count()


async def outbox_pending() -> int:
    """Replies waiting to be sent."""
    return await OutgoingMessage.filter(status=OutgoingStatus.PENDING).count()


async def reply_latency() -> tuple[list[tuple[str, float]], float]:
    """The latency histogram: cumulative (`le`, count) pairs ending with +Inf, and the sum."""
    rows = {bucket.le: bucket for bucket in await LatencyBucket.all()}
    cumulative, running, total = [], 0.0, 0.0
    for le in [*map(str, BUCKETS), INF]:
        bucket = rows.get(le)
        if bucket is not None:
            running += bucket.count
            total += bucket.total
        cumulative.append((le, running))
    return cumulative, total
