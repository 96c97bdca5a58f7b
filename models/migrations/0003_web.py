"""The web pages' tables: values generated once and kept (the session secret) and rate-limit hits."""

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("bot", "0002_channels")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Hit",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("rule", fields.CharField(max_length=32)),
                ("subject", fields.CharField(max_length=64)),
                ("at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "rate_hit", "app": "bot",
                "indexes": [Index(fields=["rule", "subject", "at"]), Index(fields=["rule", "at"])], "pk_attr": "id",
                "table_description": "One request counted by `rule` for `subject` (a digest, never the address or number "
                "itself).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="KeptValue",
            fields=[
                ("key", fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ("value", fields.TextField(unique=False)),
            ],
            options={
                "table": "kept_value", "app": "bot", "pk_attr": "key",
                "table_description": "One named value (the generated `SESSION_SECRET`, ...): the first instance to store "
                "it wins.",
            },
            bases=["Model"],
        ),
    ]
