"""`python main.py chat`: the same pipeline and database in the terminal.

Each line typed is a text message from `--psid`; quick replies are printed as numbered
choices, and a line that is just one of those numbers taps that choice. The chat opens with
Get Started, as a customer's first tap in Messenger. End of input (Ctrl-D) ends it.
"""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TextIO

from tortoise.transactions import in_transaction

from handlers import payloads
from handlers.conversation import respond
from handlers.replies import QuickReply, Reply
from messenger.events import Event, Postback, TextMessage
from settings import Settings

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


async def chat(settings: Settings, psid: str, lines: TextIO, out: TextIO, clock: Clock = _utc_now) -> None:
    """Talk to the bot until `lines` ends; the database must be open and migrated."""
    session = uuid.uuid4().hex[:8]
    mids = (f"chat-{session}-{number}" for number in itertools.count(1))
    out.write("Пишіть повідомлення; число з квадратних дужок обирає кнопку; Ctrl-D — вихід.\n")
    offered = await _turn(Postback(psid, "page", 0, {}, mid=next(mids), payload=payloads.GET_STARTED), settings, clock, out)
    while line := await asyncio.to_thread(lines.readline):
        text = line.strip()
        if not text:
            continue
        choice = _chosen(text, offered)
        event = TextMessage(
            psid, "page", 0, {}, mid=next(mids),
            text=choice.title if choice else text, quick_reply_payload=choice.payload if choice else None,
        )
        offered = await _turn(event, settings, clock, out)


async def _turn(event: Event, settings: Settings, clock: Clock, out: TextIO) -> tuple[QuickReply, ...]:
    """Handle one event in its own transaction, print the replies, return the choices offered."""
    async with in_transaction():
        replies = await respond(event, clock(), settings)
    for reply in replies:
        _print(reply, out)
    return tuple(choice for reply in replies for choice in reply.quick_replies)


def _chosen(text: str, offered: tuple[QuickReply, ...]) -> QuickReply | None:
    if text.isdigit() and 1 <= int(text) <= len(offered):
        return offered[int(text) - 1]
    return None


def _print(reply: Reply, out: TextIO) -> None:
    out.write(f"бот: {reply.text}\n")
    for number, choice in enumerate(reply.quick_replies, start=1):
        out.write(f"  [{number}] {choice.title}\n")
    out.flush()
