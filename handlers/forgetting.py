""""Delete my data": asked, confirmed by a quick reply, then done (`models.forgetting`)."""

from __future__ import annotations

from handlers import texts
from handlers.messages import Reply
from handlers.pipeline import Context
from models.forgetting import forget_sender


async def on_forget(context: Context) -> list[Reply]:
    """Ask for confirmation; nothing is deleted yet."""
    return [Reply(texts.ASK_FORGET, (texts.FORGET_YES, texts.CANCEL))]


async def on_forget_confirmed(context: Context) -> list[Reply]:
    """Delete what is kept about the sender; the reply still reaches them."""
    await forget_sender(context.sender.channel, context.sender.external_id)
    return [Reply(texts.FORGOTTEN)]
