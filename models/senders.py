"""Senders on every channel, their conversation state and their verified links to accounts."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from tortoise import fields
from tortoise.models import Model

from models.accounts import Account
from models.sql import execute, fetch, on_sqlite


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
    reminders = fields.BooleanField(default=False, db_default=False)

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
    """A failed attempt to link (unknown account or wrong surname), counted for the sender's
    lock-out (`handlers.linking`); `number` is the account number as typed.
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


_LINK_COLUMNS = ("id", "created_at", "sender_id", "account_id")
_ACCOUNT_COLUMNS = tuple(Account._meta.fields_db_projection.values())
_LINKS_WITH_ACCOUNTS = (
    "SELECT "
    + ", ".join([*(f"link.{column}" for column in _LINK_COLUMNS),
                 *(f'account.{column} AS "account.{column}"' for column in _ACCOUNT_COLUMNS)])
    + " FROM link JOIN account ON account.id = link.account_id WHERE link.sender_id = $1 ORDER BY link.id"
)


async def links_with_accounts(sender_id: int) -> list[Link]:
    """The links of the sender `sender_id`, oldest first, each with its account; one plain
    statement for every message that asks (the ORM would build two queries)."""
    links = []
    for row in await fetch(_LINKS_WITH_ACCOUNTS, [sender_id]):
        link = Link._init_from_db(**{column: row[column] for column in _LINK_COLUMNS})
        link.account = Account._init_from_db(**{column: row[f"account.{column}"] for column in _ACCOUNT_COLUMNS})
        links.append(link)
    return links


async def mark_unreachable(channel: str, external_id: str, at: datetime) -> None:
    """Record that nothing can be sent to this sender until they write again."""
    await Sender.filter(channel=channel, external_id=external_id, unreachable_since__isnull=True).update(
        unreachable_since=at
    )


async def mark_reachable(channel: str, external_id: str) -> None:
    """Record that this sender may be sent messages again (they subscribed anew)."""
    await Sender.filter(channel=channel, external_id=external_id).update(unreachable_since=None)


_COLUMNS = "id, channel, external_id, state, state_data, created_at, updated_at, unreachable_since, reminders"

Conversation = tuple[str, dict[str, Any], datetime | None, bool]
"""What the conversation may change of a sender: state, state data (a copy), unreachable
since, reminders."""


async def sender_to_answer(channel: str, external_id: str) -> Sender:
    """The sender `external_id` of `channel`, created when new, and locked for the
    transaction where the database can (PostgreSQL).

    Plain statements, not ORM queries: this runs for every message, and building a query
    costs more than running it.
    """
    lock = "" if on_sqlite() else " FOR UPDATE"
    rows = await fetch(
        f"SELECT {_COLUMNS} FROM sender WHERE channel = $1 AND external_id = $2{lock}", [channel, external_id]
    )
    if not rows:
        fields_of = Sender._meta.fields_map
        rows = await fetch(
            "INSERT INTO sender (channel, external_id, state, state_data, created_at, updated_at) "
            f"VALUES ($1, $2, $3, $4, $5, $5) RETURNING {_COLUMNS}",
            [channel, external_id, fields_of["state"].default, "{}", datetime.now(UTC)],
        )
    return Sender._init_from_db(**rows[0])


def conversation_of(sender: Sender) -> Conversation:
    """What the conversation may change of `sender`, to tell later whether it did."""
    return sender.state, copy.deepcopy(sender.state_data), sender.unreachable_since, sender.reminders


async def save_conversation(sender: Sender, as_read: Conversation) -> None:
    """Store what the conversation changed of `sender` since it was `as_read`
    (`conversation_of`); nothing when nothing changed. A sender deleted meanwhile stays deleted."""
    if conversation_of(sender) == as_read:
        return
    sender.updated_at = datetime.now(UTC)
    state_data = Sender._meta.fields_map["state_data"].to_db_value(sender.state_data, sender)
    await execute(
        "UPDATE sender SET state = $1, state_data = $2, unreachable_since = $3, reminders = $4, updated_at = $5 "
        "WHERE id = $6",
        [sender.state, state_data, sender.unreachable_since, sender.reminders, sender.updated_at, sender.id],
    )
