"""Senders on every channel, their conversation state and their verified links to accounts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.accounts import Account


class Sender(Model):
    """A person who writes to the bot: `external_id` is the id `channel` knows them by
    (a Messenger PSID, a Telegram chat id, ...), unique only within the channel.

    `state` and `state_data` hold the conversation: which question the bot asked last and
    what it needs to remember until the answer (a pending reading, a chosen account, ...).
    `unreachable_since` is set when the channel said nothing more can be sent to them
    (they blocked the bot); it is cleared when they write again.
    """

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    state = fields.CharField(max_length=32, default="idle")
    state_data: fields.Field[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    unreachable_since = fields.DatetimeField(null=True)

    links: fields.ReverseRelation[Link]

    class Meta:
        table = "sender"
        unique_together = (("channel", "external_id"),)


class Link(Model):
    """A verified link between a sender and an account (unlinking deletes the row)."""

    id = fields.IntField(primary_key=True)
    sender: fields.ForeignKeyRelation[Sender] = fields.ForeignKeyField(
        "bot.Sender", related_name="links", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "bot.Account", related_name="links", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "link"
        unique_together = (("sender", "account"),)


class LinkFailure(Model):
    """A failed attempt to link (unknown account or wrong surname), counted for the lock-out.

    `number` is the account number as typed, so an unknown number is limited like a known one
    and the lock-out tells nothing about which numbers exist.
    """

    id = fields.IntField(primary_key=True)
    sender: fields.ForeignKeyRelation[Sender] = fields.ForeignKeyField(
        "bot.Sender", related_name="link_failures", on_delete=fields.CASCADE
    )
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "bot.Account", related_name="link_failures", null=True, on_delete=fields.CASCADE
    )
    number = fields.CharField(max_length=32, db_index=True)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "link_failure"


async def mark_unreachable(channel: str, external_id: str, at: datetime) -> None:
    """Record that nothing can be sent to this sender until they write again."""
    await Sender.filter(channel=channel, external_id=external_id, unreachable_since__isnull=True).update(
        unreachable_since=at
    )
