"""Accepted meter readings, one value per zone, with the billing period they close."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

from models.accounts import Account
from models.senders import Sender


class Reading(Model):
    """A reading the bot accepted. A later one for the same period supersedes it in exports."""

    id = fields.IntField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "bot.Account", related_name="readings", on_delete=fields.CASCADE
    )
    sender: fields.ForeignKeyNullableRelation[Sender] = fields.ForeignKeyField(
        "bot.Sender", related_name="readings", null=True, on_delete=fields.SET_NULL
    )
    period = fields.CharField(max_length=7, null=True)
    submitted_at = fields.DatetimeField()
    channel = fields.CharField(max_length=16, default="messenger")
    source_mid = fields.CharField(max_length=255, null=True)
    total = fields.IntField(null=True)
    day = fields.IntField(null=True)
    night = fields.IntField(null=True)
    peak = fields.IntField(null=True)
    half_peak = fields.IntField(null=True)

    class Meta:
        table = "reading"
        indexes = (("account_id", "submitted_at"), ("period", "account_id"))
