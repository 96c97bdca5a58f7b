"""Rate-limit hits: one row per counted request, shared by every instance through the database."""

from __future__ import annotations

from datetime import datetime

from tortoise import fields
from tortoise.models import Model


class Hit(Model):
    """One request counted by `rule` for `subject` (a digest, never the address or number itself)."""

    id = fields.BigIntField(primary_key=True)
    rule = fields.CharField(max_length=32)
    subject = fields.CharField(max_length=64)
    at = fields.DatetimeField()

    class Meta:
        table = "rate_hit"
        indexes = (("rule", "subject", "at"), ("rule", "at"))


async def record_hit(rule: str, subject: str, at: datetime) -> None:
    """Count one request of `subject` at `at` under `rule`."""
    await Hit.create(rule=rule, subject=subject, at=at)


async def recent_hits(rule: str, subject: str, since: datetime, most: int) -> list[datetime]:
    """When `subject`'s hits under `rule` after `since` happened, newest first, at most `most`."""
    query = Hit.filter(rule=rule, subject=subject, at__gt=since).order_by("-at", "-id").limit(most)
    return list(await query.values_list("at", flat=True))


async def prune_hits(rule: str, before: datetime) -> None:
    """Delete the hits under `rule` at or before `before`: they no longer count."""
    await Hit.filter(rule=rule, at__lte=before).delete()
