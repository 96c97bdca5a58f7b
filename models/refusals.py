"""Readings the conversation refused, by reason: no sender and no values, only what and when."""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.models import Model


class Refusal(Model):
    """One refused reading: its channel and the check it failed (`handlers.validation.Problem`)."""

    id = fields.BigIntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    reason = fields.CharField(max_length=32)
    created_at = fields.DatetimeField()

    class Meta:
        table = "refusal"
        indexes = (("created_at", "reason"),)


async def record_refusal(channel: str, reason: str, at: datetime) -> None:
    """Count a refused reading (for `/metrics` and the console)."""
    await Refusal.create(channel=channel, reason=reason, created_at=at)
