"""Every identity carries its channel: senders, the inbox and the outbox are keyed by
(channel, id). Rows stored before this migration all came from Messenger and are kept.

SQLite cannot drop a column's UNIQUE or make a column NOT NULL in place: tortoise rebuilds
the table, and dropping the old `sender` table would cascade to links and readings. So on
SQLite foreign keys are off while this runs, which SQLite allows only outside a transaction.
"""

from typing import Any

from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint


def _channel_column(model: str, table: str) -> list[ops.Operation]:
    """A `channel` column, `messenger` in every row stored so far."""
    return [
        ops.AddField(model_name=model, name="channel", field=fields.CharField(max_length=16, null=True)),
        ops.RunSQL(f"UPDATE {table} SET channel = 'messenger'"),
        ops.AlterField(model_name=model, name="channel", field=fields.CharField(max_length=16)),
    ]


def _sqlite_foreign_keys(state: str) -> ops.RunPython:
    async def pragma(_apps: Any, schema_editor: Any) -> None:
        if schema_editor.client.capabilities.dialect == "sqlite":
            await schema_editor.client.execute_script(f"PRAGMA foreign_keys = {state}")

    return ops.RunPython(pragma)


class Migration(migrations.Migration):
    dependencies = [("bot", "0001_initial")]

    initial = False
    atomic = False

    operations = [
        _sqlite_foreign_keys("OFF"),
        *_channel_column("Sender", "sender"),
        ops.RenameField(model_name="Sender", old_name="psid", new_name="external_id"),
        ops.AlterField(model_name="Sender", name="external_id", field=fields.CharField(max_length=64)),
        ops.AddField(
            model_name="Sender",
            name="unreachable_since",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddConstraint(
            model_name="Sender", constraint=UniqueConstraint(fields=("channel", "external_id"), name=None)
        ),
        ops.AlterModelOptions(
            name="Sender",
            options={
                "table": "sender", "app": "bot", "unique_together": (("channel", "external_id"),), "pk_attr": "id",
                "table_description": "A person who writes to the bot: `external_id` is the id `channel` knows them by",
            },
        ),
        ops.RemoveIndex(model_name="InboundEvent", name=None, fields=["status", "sender_psid", "id"]),
        *_channel_column("InboundEvent", "inbound_event"),
        ops.RenameField(model_name="InboundEvent", old_name="sender_psid", new_name="address"),
        ops.AlterField(model_name="InboundEvent", name="address", field=fields.CharField(max_length=82)),
        ops.RunSQL("UPDATE inbound_event SET address = 'messenger:' || address"),
        ops.AlterField(model_name="InboundEvent", name="dedup_key", field=fields.CharField(max_length=255)),
        ops.AddConstraint(
            model_name="InboundEvent", constraint=UniqueConstraint(fields=("channel", "dedup_key"), name=None)
        ),
        ops.AddIndex(model_name="InboundEvent", index=Index(fields=["status", "address", "id"])),
        ops.AlterModelOptions(
            name="InboundEvent",
            options={
                "table": "inbound_event", "app": "bot", "unique_together": (("channel", "dedup_key"),),
                "indexes": [Index(fields=["status", "address", "id"])], "pk_attr": "id",
                "table_description": "One event of a delivery to one of the channels' webhooks.",
            },
        ),
        ops.RemoveIndex(model_name="OutgoingMessage", name=None, fields=["status", "recipient_psid", "id"]),
        *_channel_column("OutgoingMessage", "outgoing_message"),
        ops.RenameField(model_name="OutgoingMessage", old_name="recipient_psid", new_name="address"),
        ops.AlterField(model_name="OutgoingMessage", name="address", field=fields.CharField(max_length=82)),
        ops.RunSQL("UPDATE outgoing_message SET address = 'messenger:' || address"),
        ops.AddIndex(model_name="OutgoingMessage", index=Index(fields=["status", "address", "id"])),
        ops.AlterModelOptions(
            name="OutgoingMessage",
            options={
                "table": "outgoing_message", "app": "bot",
                "indexes": [Index(fields=["status", "address", "id"]), Index(fields=["status", "next_attempt_at"])],
                "pk_attr": "id",
                "table_description": "One request body of a channel's send call (no token in it), delivered in `id` "
                "order per",
            },
        ),
        _sqlite_foreign_keys("ON"),
    ]
