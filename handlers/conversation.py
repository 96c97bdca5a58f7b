"""The conversation's entry point: one decoded event in, the replies out (issue "Conversation").

Placeholder until the conversation lands: it answers every text with a fixed hint.
"""

from __future__ import annotations

from datetime import datetime

from handlers.replies import Reply
from messenger.events import Event, TextMessage
from settings import Settings


async def respond(event: Event, now: datetime, settings: Settings) -> list[Reply]:
    """Decide the replies to `event`; the caller stores them in the same transaction."""
    if isinstance(event, TextMessage):
        return [Reply("Надішліть, будь ласка, номер особового рахунку.")]
    return []
