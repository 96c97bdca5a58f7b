"""Values the service generates once and keeps in the database, shared by every instance."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class KeptValue(Model):
    """One named value (the generated `SESSION_SECRET`, ...): the first instance to store it wins."""

    key = fields.CharField(max_length=64, primary_key=True)
    value = fields.TextField()

    class Meta:
        table = "kept_value"


async def keep_first(key: str, value: str) -> str:
    """Store `value` under `key` unless a value is there already; the value that is kept.

    Instances starting together may each offer a value: the insert is skipped on conflict
    (`INSERT ... ON CONFLICT DO NOTHING`), and all of them read back the one that won.
    """
    await KeptValue.bulk_create([KeptValue(key=key, value=value)], ignore_conflicts=True)
    return (await KeptValue.get(key=key)).value
