"""`python main.py chat`: the same pipeline and database in the terminal.

Each line typed is a message from `--psid` on channel `chat`, so readings given here are
stored as such; choices are printed as numbers, and a line that is just one of those numbers
chooses it. The chat opens with Get Started, as a customer's first tap. End of input (Ctrl-D)
ends it.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from tortoise.transactions import in_transaction

from handlers import payloads
from handlers.conversation import respond
from handlers.messages import Choice, Incoming, Reply
from settings import ConversationSettings

CHANNEL = "chat"


async def chat(
    settings: ConversationSettings, psid: str, lines: TextIO, out: TextIO, clock: Callable[[], datetime]
) -> None:
    """Talk to the bot until `lines` ends; the database must be open and migrated."""
    session = uuid.uuid4().hex[:8]
    ids = (f"chat-{session}-{number}" for number in itertools.count(1))
    out.write("Пишіть повідомлення; число з квадратних дужок обирає кнопку; Ctrl-D — вихід.\n")
    start = Incoming(CHANNEL, psid, next(ids), payload=payloads.GET_STARTED)
    offered = await _turn(start, settings, clock, out)
    while line := await asyncio.to_thread(lines.readline):
        text = line.strip()
        if not text:
            continue
        choice = _chosen(text, offered)
        incoming = Incoming(
            CHANNEL, psid, next(ids), choice.title if choice else text, choice.payload if choice else None
        )
        offered = await _turn(incoming, settings, clock, out)


async def _turn(
    incoming: Incoming, settings: ConversationSettings, clock: Callable[[], datetime], out: TextIO
) -> tuple[Choice, ...]:
    """Handle one message in its own transaction, print the replies, return the choices offered."""
    async with in_transaction():
        replies = await respond(incoming, clock(), settings)
    for reply in replies:
        _print(reply, out)
    return tuple(choice for reply in replies for choice in reply.choices)


def _chosen(text: str, offered: tuple[Choice, ...]) -> Choice | None:
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return offered[int(text) - 1]
    return None


def _print(reply: Reply, out: TextIO) -> None:
    out.write(f"бот: {reply.text}\n")
    for number, choice in enumerate(reply.choices, start=1):
        out.write(f"  [{number}] {choice.title}\n")
    out.flush()
