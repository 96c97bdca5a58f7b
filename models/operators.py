"""Operators who sign in to the console, their sessions, and what they did there."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Operator(Model):
    """A console sign-in: the password only as a salted scrypt hash (`console.passwords`)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "operator"


class OperatorSession(Model):
    """A signed-in browser: the cookie carries `token` signed, and signing out ends the row."""

    id = fields.IntField(primary_key=True)
    token = fields.CharField(max_length=64, unique=True)
    operator: fields.ForeignKeyRelation[Operator] = fields.ForeignKeyField(
        "bot.Operator", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)

    class Meta:
        table = "operator_session"


class OperatorAction(Model):
    """One thing an operator did in the console (retry, reply, close, forget), and when."""

    id = fields.BigIntField(primary_key=True)
    operator = fields.CharField(max_length=64)
    action = fields.CharField(max_length=16)
    target = fields.CharField(max_length=100)
    at = fields.DatetimeField()

    class Meta:
        table = "operator_action"
        indexes = (("at",),)

