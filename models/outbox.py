"""The outbox: replies waiting to be sent through their channel, and what became of them."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class OutgoingStatus:
    """Values of `OutgoingMessage.status`."""

    PENDING = "pending"
    SENT = "sent"
    DRY_RUN = "dry_run"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    """Not sent: the channel said the recipient cannot be reached (they blocked the bot)."""


class OutgoingMessage(Model):
    """One request body of a channel's send call (no token in it), delivered in `id` order per
    `address` (`channel:external id`, see `delivery.addresses`)."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    address = fields.CharField(max_length=82)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    status = fields.CharField(max_length=16, default=OutgoingStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    claimed_by = fields.CharField(max_length=36, null=True)
    claimed_until = fields.DatetimeField(null=True)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)
    failed_at = fields.DatetimeField(null=True)
    """When it last failed for good; kept when an operator retries it, so failures are counted once."""
    received_at = fields.DatetimeField(null=True)
    """When the message it answers arrived (for the reply latency); None for an operator's answer."""

    class Meta:
        table = "outgoing_message"
        indexes = (("status", "address", "id"), ("status", "next_attempt_at"), ("failed_at", "channel"))
