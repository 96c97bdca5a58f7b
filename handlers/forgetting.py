""""Видалити мої дані": asked, confirmed by a quick reply, then done.

Deleted: the sender's links and conversation state. Kept: accepted readings, the account's
billing records, without the sender's id. (The operator console's fuller deletion, which also
empties stored message texts, replaces `forget` when it is merged.)
"""

from __future__ import annotations

from handlers import payloads, texts
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter
from models.readings import Reading
from models.senders import Link, Sender


async def on_forget(context: Context) -> list[Reply]:
    """Ask for confirmation; nothing is deleted yet."""
    enter(context.sender, State.CONFIRM_FORGET)
    return [Reply(texts.ASK_FORGET, texts.FORGET_CHOICES)]


async def on_forget_answered(context: Context) -> list[Reply]:
    """"Так" deletes what is kept about the sender; "Ні" keeps it."""
    if context.payload != payloads.CONFIRM_YES:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.KEPT)]
    await forget(context.sender)
    return [Reply(texts.FORGOTTEN)]


async def forget(sender: Sender) -> None:
    """Delete the sender's links and conversation state; their readings stay, anonymous."""
    await Reading.filter(sender_id=sender.id).update(sender_id=None)
    await Link.filter(sender_id=sender.id).delete()
    sender.state, sender.state_data = State.IDLE.value, {}
