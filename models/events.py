"""Webhook events as received, stored before the webhook answers, handled afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.leases import claim_heads, head_ids, release_claims


class EventStatus:
    """Values of `InboundEvent.status`."""

    PENDING = "pending"
    DONE = "done"
    IGNORED = "ignored"
    FAILED = "failed"


class InboundEvent(Model):
    """One event of a webhook delivery.

    `dedup_key` is the message or postback `mid` (or a digest of the event where Meta gives
    none), unique, so a redelivered event is recognised and stored only once. `claimed_by`
    and `claimed_until` are a worker's lease on the pending events of one sender.
    """

    id = fields.BigIntField(primary_key=True)
    dedup_key = fields.CharField(max_length=255, unique=True)
    sender_psid = fields.CharField(max_length=64)
    kind = fields.CharField(max_length=32)
    standby = fields.BooleanField(default=False)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    status = fields.CharField(max_length=16, default=EventStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    error = fields.TextField(null=True)
    claimed_by = fields.CharField(max_length=36, null=True)
    claimed_until = fields.DatetimeField(null=True)
    received_at = fields.DatetimeField(auto_now_add=True)
    handled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "inbound_event"
        indexes = (("status", "sender_psid", "id"),)


async def store_events(events: Sequence[InboundEvent]) -> None:
    """Insert `events` in one statement per 500, silently skipping dedup keys already stored.

    The caller wraps this in a transaction so a delivery is stored whole or not at all.
    """
    if events:
        await InboundEvent.bulk_create(events, batch_size=500, ignore_conflicts=True)


async def claim_senders(worker: str, now: datetime, until: datetime, limit: int) -> list[str]:
    """Lease the pending events of up to `limit` senders whose oldest pending event is free.

    Returns the senders claimed by `worker`; their events are then handled in `id` order.
    """
    heads = await head_ids("inbound_event", "sender_psid", limit)
    return await claim_heads(InboundEvent, "sender_psid", heads, worker, now, until, limit)


async def claimed_events(worker: str) -> list[InboundEvent]:
    """The pending events that `worker` holds, oldest first."""
    return await InboundEvent.filter(status=EventStatus.PENDING, claimed_by=worker).order_by("id")


async def release_events(worker: str) -> None:
    """Give up `worker`'s leases so any worker may take the events it did not finish."""
    await release_claims(InboundEvent, worker)
