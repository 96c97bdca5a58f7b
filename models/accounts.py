"""The account registry: one row per customer account, loaded from the operator's CSV."""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.models import Model

from models.zones import ZONES_BY_COUNT


class Account(Model):
    """A customer account with its meter and the last reading known from billing."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=12, unique=True)
    surname = fields.CharField(max_length=100)
    address = fields.CharField(max_length=300)
    zones = fields.SmallIntField()
    digits = fields.SmallIntField()
    prev_date = fields.DateField(null=True)
    prev_total = fields.IntField(null=True)
    prev_day = fields.IntField(null=True)
    prev_night = fields.IntField(null=True)
    prev_peak = fields.IntField(null=True)
    prev_half_peak = fields.IntField(null=True)
    updated_at = fields.DatetimeField(auto_now=True)
    closed_at = fields.DatetimeField(null=True)  # `accounts close`: no new readings, no new links

    class Meta:
        table = "account"

    @property
    def zone_names(self) -> tuple[str, ...]:
        """The zones this meter reports, in the order the bot asks for them."""
        return ZONES_BY_COUNT[self.zones]

    def previous_values(self) -> dict[str, int | None]:
        """The registry's last known reading, zone by zone."""
        return {zone: getattr(self, f"prev_{zone}") for zone in self.zone_names}


async def set_closed(number: str, closed_at: datetime | None) -> bool:
    """Close account `number` at `closed_at`, or reopen it with None; False when there is no such account.

    Closing a closed account keeps the time it was first closed.
    """
    account = await Account.get_or_none(number=number)
    if account is None:
        return False
    if (closed_at is None) != (account.closed_at is None):
        account.closed_at = closed_at
        await account.save(update_fields=["closed_at"])
    return True
