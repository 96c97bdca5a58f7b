"""The handler pipeline: an ordered list of (match, handle) pairs; the first match wins.

Every handler receives one explicit `Context`: who wrote, what they sent, when, the settings,
the parse of the text, and the sender's conversation state as stored in the database.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers.intents import typed_command
from handlers.messages import Incoming, Reply
from handlers.parsing import ParseResult, parse
from handlers.states import State, state_of
from models.senders import Sender
from settings import ConversationSettings


@dataclass
class Context:
    """What a handler needs to decide; the conversation stores `sender`'s state after the handler ran."""

    sender: Sender
    incoming: Incoming
    now: datetime
    settings: ConversationSettings
    payload: str | None
    """The payload of the choice made, or the one a typed command like "Так" stands for."""
    parsed: ParseResult

    @property
    def state(self) -> State:
        return state_of(self.sender)

    @property
    def text(self) -> str:
        return self.incoming.text

    @property
    def mid(self) -> str:
        """The channel's id of the message (the readings taken from it keep it)."""
        return self.incoming.delivery_id


Match = Callable[[Context], bool]
Handle = Callable[[Context], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Handler:
    """One step of the conversation: `handle` runs when `match` is the first to say yes."""

    name: str
    match: Match
    handle: Handle


def build_context(sender: Sender, incoming: Incoming, now: datetime, settings: ConversationSettings) -> Context:
    """The context of `incoming`: the payload of the choice made, or the one a typed command
    stands for (`handlers.intents.typed_command`), and the parsed text."""
    payload = incoming.payload or typed_command(incoming.text)
    return Context(sender, incoming, now, settings, payload, parse(incoming.text))


async def run(handlers: Sequence[Handler], context: Context) -> list[Reply]:
    """Run the first handler that matches `context`."""
    for handler in handlers:
        if handler.match(context):
            return await handler.handle(context)
    return []
