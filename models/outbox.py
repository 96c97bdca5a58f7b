"""Replies waiting to be sent through the Send API, and what became of them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.leases import claim_heads, head_ids, release_claims


class OutgoingStatus:
    """Values of `OutgoingMessage.status`."""

    PENDING = "pending"
    SENT = "sent"
    DRY_RUN = "dry_run"
    FAILED = "failed"


class OutgoingMessage(Model):
    """One Send API request body (without the token), delivered in `id` order per recipient."""

    id = fields.BigIntField(primary_key=True)
    recipient_psid = fields.CharField(max_length=64)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    status = fields.CharField(max_length=16, default=OutgoingStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    claimed_by = fields.CharField(max_length=36, null=True)
    claimed_until = fields.DatetimeField(null=True)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outgoing_message"
        indexes = (("status", "recipient_psid", "id"), ("status", "next_attempt_at"))


async def claim_recipients(worker: str, now: datetime, until: datetime, limit: int) -> list[str]:
    """Lease the pending messages of up to `limit` recipients whose oldest one is due now."""
    heads = await head_ids("outgoing_message", "recipient_psid", limit)
    due = await OutgoingMessage.filter(id__in=heads).values_list("id", "next_attempt_at")
    ready = [id_ for id_, at in due if at is None or at <= now]
    return await claim_heads(OutgoingMessage, "recipient_psid", ready, worker, now, until, limit)


async def claimed_messages(worker: str) -> list[OutgoingMessage]:
    """The pending messages that `worker` holds, oldest first."""
    return await OutgoingMessage.filter(status=OutgoingStatus.PENDING, claimed_by=worker).order_by("id")


async def mark_sent(ids: list[int], at: datetime) -> None:
    """Record the messages `ids` as sent at `at`, their leases ended."""
    await OutgoingMessage.filter(id__in=ids).update(
        status=OutgoingStatus.SENT, sent_at=at, claimed_by=None, claimed_until=None
    )


async def next_retry_at() -> datetime | None:
    """When the earliest message waiting for a retry is due, if any."""
    message = (
        await OutgoingMessage.filter(status=OutgoingStatus.PENDING, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .first()
    )
    return None if message is None else message.next_attempt_at


async def release_messages(worker: str) -> None:
    """Give up `worker`'s leases so any worker may take the messages it did not send."""
    await release_claims(OutgoingMessage, worker)
