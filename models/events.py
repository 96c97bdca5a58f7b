"""Webhook events as received, stored before the webhook answers, handled afterwards."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class EventStatus:
    """Values of `InboundEvent.status`."""

    PENDING = "pending"
    DONE = "done"
    IGNORED = "ignored"
    FAILED = "failed"


class InboundEvent(Model):
    """One event of a webhook delivery.

    `dedup_key` is the message or postback `mid` (or a digest of the event where Meta gives
    none), unique, so a redelivered event is recognised and stored only once.
    """

    id = fields.BigIntField(primary_key=True)
    dedup_key = fields.CharField(max_length=255, unique=True)
    sender_psid = fields.CharField(max_length=64)
    kind = fields.CharField(max_length=32)
    payload: fields.Field[dict[str, Any]] = fields.JSONField()
    status = fields.CharField(max_length=16, default=EventStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    error = fields.TextField(null=True)
    claimed_until = fields.DatetimeField(null=True)
    received_at = fields.DatetimeField(auto_now_add=True)
    handled_at = fields.DatetimeField(null=True)

    class Meta:
        table = "inbound_event"
        indexes = (("status", "sender_psid", "id"),)
