""""Видалити мої дані": asked, confirmed by a quick reply, then done (`models.forgetting`):
the sender's links, conversation state and stored message texts go; accepted readings stay as
the account's billing records, without the sender's id."""

from __future__ import annotations

from handlers import payloads, texts
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter
from models.forgetting import forget_sender


async def on_forget(context: Context) -> list[Reply]:
    """Ask for confirmation; nothing is deleted yet."""
    enter(context.sender, State.CONFIRM_FORGET)
    return [Reply(texts.ASK_FORGET, texts.FORGET_CHOICES)]


async def on_forget_answered(context: Context) -> list[Reply]:
    """"Так" deletes what is kept about the sender; "Ні" keeps it."""
    if context.payload != payloads.CONFIRM_YES:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.KEPT)]
    await forget_sender(context.sender.channel, context.sender.external_id)
    enter(context.sender, State.IDLE)
    return [Reply(texts.FORGOTTEN)]
