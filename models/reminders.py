"""Reminders of the submission window: one row per sender and period, claimed before it is sent."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.senders import Sender


class Reminder(Model):
    """The reminder of `period`'s window for `sender`, queued in the outbox with the row.

    The unique (sender, period) pair makes it once per sender and period, whatever the number
    of instances: a row is inserted with conflicts ignored, and the instance whose `claim` the
    row carries is the one that queued the message.
    """

    id = fields.BigIntField(primary_key=True)
    sender: fields.ForeignKeyRelation[Sender] = fields.ForeignKeyField(
        "bot.Sender", related_name="reminders_sent", on_delete=fields.CASCADE
    )
    period = fields.CharField(max_length=7)
    claim = fields.CharField(max_length=36)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "reminder"
        unique_together = (("sender", "period"),)
