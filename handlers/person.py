"""A person: the customer asks for an operator and the bot hands the conversation over.

The reply carries `hand_over`; `delivery.handing_over` passes the thread on (Messenger) or
opens a waiting conversation in the operator console (the other channels)."""

from __future__ import annotations

from handlers import texts
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter


async def on_person(context: Context) -> list[Reply]:
    """Say a person will answer, and ask the channel to hand the conversation over."""
    enter(context.sender, State.IDLE)
    return [Reply(texts.HANDED_OVER, hand_over=True)]
