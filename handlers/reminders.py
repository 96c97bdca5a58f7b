"""The monthly reminder of the window: subscribing and unsubscribing (CONTRACT section 6).

Only senders on a channel that allows such messages (`ConversationSettings.reminder_channels`)
are offered it; elsewhere a typed `нагадувати` gets a polite refusal. The reminders themselves
are sent by `delivery.reminding`.
"""

from __future__ import annotations

from handlers import texts
from handlers.messages import Choice, Reply
from handlers.pipeline import Context


def allowed(context: Context) -> bool:
    """Whether the sender's channel allows the monthly reminder."""
    return context.incoming.channel in context.settings.reminder_channels


def reminder_choice(context: Context) -> Choice | None:
    """The choice that subscribes (or, for a subscriber, unsubscribes); None where not allowed."""
    if not allowed(context):
        return None
    return texts.STOP_REMINDING if context.sender.reminders else texts.REMIND


async def on_remind(context: Context) -> list[Reply]:
    """`нагадувати`: subscribe, where the channel allows it."""
    if not allowed(context):
        return [texts.menu(texts.NO_REMINDERS_HERE)]
    context.sender.reminders = True
    return [Reply(texts.REMINDING, (*texts.MENU, texts.STOP_REMINDING))]


async def on_stop_reminding(context: Context) -> list[Reply]:
    """`не нагадувати`: unsubscribe (on any channel: it can only stop messages)."""
    context.sender.reminders = False
    return [texts.menu(texts.NOT_REMINDING)]
