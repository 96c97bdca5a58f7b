"""Accepted meter readings, one value per zone, with the billing period they close."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from tortoise import fields
from tortoise.expressions import Q
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
    channel = fields.CharField(max_length=16)
    source_mid = fields.CharField(max_length=255, null=True)
    from_photo = fields.BooleanField(default=False, db_default=False)
    """The value was read from the customer's photo, then confirmed by them (the console counts these)."""
    total = fields.IntField(null=True)
    day = fields.IntField(null=True)
    night = fields.IntField(null=True)
    peak = fields.IntField(null=True)
    half_peak = fields.IntField(null=True)

    class Meta:
        table = "reading"
        indexes = (("account_id", "submitted_at"), ("period", "account_id"), ("channel", "submitted_at"))


@dataclass(frozen=True)
class LastReading:
    """The last accepted value of each zone of an account, and when it was taken."""

    values: dict[str, int | None]
    taken_on: date | None


async def last_accepted(account: Account, timezone: ZoneInfo, *, before_period: str | None = None) -> LastReading:
    """The account's newest stored reading, else the registry's `prev_*` values.

    With `before_period`, readings of that period are left out: they are the ones a new
    reading of the same period replaces, so it is checked against the reading before them.
    """
    query = Reading.filter(account_id=account.id)
    if before_period is not None:
        query = query.filter(Q(period__isnull=True) | Q(period__not=before_period))
    newest = await query.order_by("-submitted_at", "-id").first()
    if newest is None:
        return LastReading(account.previous_values(), account.prev_date)
    values = {zone: getattr(newest, zone) for zone in account.zone_names}
    return LastReading(values, newest.submitted_at.astimezone(timezone).date())


async def has_reading_for(account: Account, period: str) -> bool:
    """True when the account already has an accepted reading for `period`."""
    return await Reading.filter(account_id=account.id, period=period).exists()


async def newest_from(sender_id: int) -> Reading | None:
    """The newest reading the sender sent, with its account."""
    return await Reading.filter(sender_id=sender_id).select_related("account").order_by("-submitted_at", "-id").first()
