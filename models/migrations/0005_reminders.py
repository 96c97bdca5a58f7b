"""The monthly reminder: a sender's subscription, and one row per sender and period sent."""

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("bot", "0004_web")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Reminder",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "sender",
                    fields.ForeignKeyField(
                        "bot.Sender", source_field="sender_id", db_constraint=True, to_field="id",
                        related_name="reminders_sent", on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("period", fields.CharField(max_length=7)),
                ("claim", fields.CharField(max_length=36)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "reminder", "app": "bot", "unique_together": (("sender", "period"),), "pk_attr": "id",
                "table_description": "The reminder of `period`'s window for `sender`, queued in the outbox with the row.",
            },
            bases=["Model"],
        ),
        ops.AddField(model_name="Sender", name="reminders", field=fields.BooleanField(default=False, db_default=False)),
    ]
