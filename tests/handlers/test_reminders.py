"""Subscribing to the reminder is offered only where the channel allows it."""

from __future__ import annotations

import pytest
from tortoise.transactions import in_transaction

from handlers import payloads
from handlers.conversation import respond
from handlers.messages import Incoming, Reply
from models.senders import Sender
from settings import ConversationSettings
from tests.channels.dialogue import IN_WINDOW

pytestmark = pytest.mark.anyio

SETTINGS = ConversationSettings(reminder_channels=frozenset({"telegram"}))


async def _say(channel: str, text: str = "", payload: str | None = None) -> Reply:
    async with in_transaction():
        [reply] = await respond(Incoming(channel, "7", "m", text, payload), IN_WINDOW, SETTINGS)
    return reply


async def test_where_reminders_are_not_allowed_they_are_neither_offered_nor_taken(db: str) -> None:
    help_reply = await _say("messenger", payload=payloads.HELP)
    assert "нагадувати" not in help_reply.text and len(help_reply.choices) == 3
    assert "недоступні" in (await _say("messenger", "нагадувати")).text
    assert not (await Sender.get(channel="messenger")).reminders


async def test_stopping_is_always_understood(db: str) -> None:
    assert "не нагадуватимемо" in (await _say("messenger", "не нагадувати")).text
    assert "нагадуватимемо щомісяця" in (await _say("telegram", "НАГАДУВАТИ")).text
    assert (await Sender.get(channel="telegram")).reminders
