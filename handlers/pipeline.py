"""The handler pipeline: an ordered list of (match, handle) pairs; the first match wins.

Every handler receives one explicit `Context`: who wrote, what they sent, when, the settings,
the parse of the text, and the sender's conversation state as stored in the database.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers.payloads import typed_command
from handlers.parsing import ParseResult, parse
from handlers.replies import Reply
from handlers.states import State, state_of
from messenger.events import Event, Postback, TextMessage
from models.senders import Sender
from settings import Settings


@dataclass
class Context:
    """What a handler needs to decide; `sender` is saved by the pipeline after the handler ran."""

    sender: Sender
    event: Event
    now: datetime
    settings: Settings
    text: str
    payload: str | None
    """The postback or quick-reply payload, or the payload of a typed command like "Так"."""
    parsed: ParseResult

    @property
    def state(self) -> State:
        return state_of(self.sender)

    @property
    def mid(self) -> str:
        """The message id the reading came from (empty for events without one)."""
        return str(getattr(self.event, "mid", ""))


Match = Callable[[Context], bool]
Handle = Callable[[Context], Awaitable[list[Reply]]]


@dataclass(frozen=True)
class Handler:
    """One step of the conversation: `handle` runs when `match` is the first to say yes."""

    name: str
    match: Match
    handle: Handle


def build_context(sender: Sender, event: Event, now: datetime, settings: Settings) -> Context:
    """The context of `event`: a postback's or quick reply's payload, or the one a typed
    command stands for (`handlers.payloads.typed_command`), and the parsed text."""
    text, payload = "", None
    if isinstance(event, TextMessage):
        text, payload = event.text, event.quick_reply_payload or typed_command(event.text)
    elif isinstance(event, Postback):
        payload = event.payload
    return Context(sender, event, now, settings, text, payload, parse(text))


async def run(handlers: Sequence[Handler], context: Context) -> list[Reply]:
    """Run the first handler that matches `context`, then save the sender's state."""
    for handler in handlers:
        if handler.match(context):
            replies = await handler.handle(context)
            await context.sender.save()
            return replies
    return []
