"""Data deletion requests that arrive from Meta (the app's data deletion callback)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class DeletionRequest(Model):
    """One request: its confirmation `code`, when it came and how many senders it matched.

    Meta names the person by an app-scoped id, not the page-scoped id the bot knows them by,
    so usually nothing matches; the status page explains how to delete the rest in the chat.
    The app-scoped id itself is not kept.
    """

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=32, unique=True)
    channel = fields.CharField(max_length=16)
    received_at = fields.DatetimeField()
    senders_deleted = fields.IntField(default=0)

    class Meta:
        table = "deletion_request"
