"""A person: the customer asks for an operator.

The hand-over itself (the Messenger thread passed on, the operator console) is built apart; here
the customer is told the request is passed on and given the phone lines.
"""

from __future__ import annotations

from handlers import texts
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter


async def on_person(context: Context) -> list[Reply]:
    """Say the request is passed to an operator, with the phone lines for an urgent question."""
    enter(context.sender, State.IDLE)
    return [Reply(texts.HANDED_OVER)]
