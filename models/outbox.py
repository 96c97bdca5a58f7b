"""Replies waiting to be sent through the Send API, and what became of them."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class OutgoingStatus:
    """Values of `OutgoingMessage.status`."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutgoingMessage(Model):
    """One Send API request body (without the token), delivered in `id` order per recipient."""

    id = fields.BigIntField(primary_key=True)
    recipient_psid = fields.CharField(max_length=64)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    status = fields.CharField(max_length=16, default=OutgoingStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    claimed_until = fields.DatetimeField(null=True)
    error = fields.TextField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "outgoing_message"
        indexes = (("status", "recipient_psid", "id"), ("status", "next_attempt_at"))
