"""Conversations handed to a person in the operator console, and how long the bot keeps quiet.

A hand-over is open from the customer's request until an operator closes it, or until 24 hours
pass without an operator's answer (`SILENCE`); while it is open the bot answers nothing to that
sender and their messages wait in the console. Messenger hands threads over on the platform
instead (`delivery.handing_over`), so its hand-overs never wait here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from tortoise import fields
from tortoise.models import Model

SILENCE = timedelta(hours=24)
"""How long the bot stays silent after the request or the operator's last answer."""
TIMED_OUT = "timeout"
"""`closed_by` of a hand-over no operator answered in time."""


class Handover(Model):
    """One request for a person: who (`channel`, `external_id`), when, the operator's last
    answer, and when and by whom it was closed (an operator's name, or `timeout`)."""

    id = fields.IntField(primary_key=True)
    channel = fields.CharField(max_length=16)
    external_id = fields.CharField(max_length=64)
    opened_at = fields.DatetimeField()
    answered_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    closed_by = fields.CharField(max_length=64, null=True)

    class Meta:
        table = "handover"
        indexes = (("channel", "external_id", "closed_at"), ("closed_at", "opened_at"))

    def expires_at(self) -> datetime:
        """When the bot speaks again if no operator answers before."""
        return (self.answered_at or self.opened_at) + SILENCE


async def open_handover(channel: str, external_id: str, at: datetime) -> Handover:
    """The sender's open hand-over, or a new one opened at `at`."""
    current = await Handover.filter(channel=channel, external_id=external_id, closed_at__isnull=True).first()
    return current or await Handover.create(channel=channel, external_id=external_id, opened_at=at)


async def with_person(channel: str, external_id: str, now: datetime) -> bool:
    """Whether a person holds this sender's conversation now; a hand-over past its
    silence is closed as timed out."""
    current = await Handover.filter(channel=channel, external_id=external_id, closed_at__isnull=True).first()
    if current is None:
        return False
    if now < current.expires_at():
        return True
    await close_handover(current, TIMED_OUT, now)
    return False


async def with_open_handover(senders: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of `senders` (channel, external id), those with an open hand-over, even one past its
    silence (`with_person` closes that one)."""
    wanted = set(senders)
    if not wanted:
        return set()
    rows = await Handover.filter(
        closed_at__isnull=True, external_id__in=list({external_id for _, external_id in wanted})
    ).values_list("channel", "external_id")
    return {(channel, external_id) for channel, external_id in rows} & wanted


async def close_handover(handover: Handover, by: str, at: datetime) -> None:
    """Close `handover`: the bot answers the sender again."""
    handover.closed_at, handover.closed_by = at, by
    await handover.save(update_fields=["closed_at", "closed_by"])


async def waiting(now: datetime) -> list[Handover]:
    """The open hand-overs still within their silence, oldest first."""
    handovers = await Handover.filter(closed_at__isnull=True).order_by("opened_at")
    return [handover for handover in handovers if now < handover.expires_at()]
