"""The inbox: events of every channel as received, stored before the webhook answers, handled afterwards."""

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
    """One event of a delivery to one of the channels' webhooks.

    `dedup_key` is what the channel identifies the event by (a Messenger `mid`, a Telegram
    `update_id`, ...), unique per channel, so a redelivered event is stored only once.
    `address` is the sender as `channel:external id` (`delivery.addresses`): a worker's lease
    (`claimed_by`, `claimed_until`) covers the pending events of one address.
    """

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    dedup_key = fields.CharField(max_length=255)
    address = fields.CharField(max_length=82)
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
        unique_together = (("channel", "dedup_key"),)
        indexes = (("status", "address", "id"),)
