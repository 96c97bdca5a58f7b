"""Get Started, help, cancel, and the short answers to what the bot cannot read.

The choices offered fit the sender: a sender without a linked account is offered what they can
do without one (`menu_choices`).
"""

from __future__ import annotations

from handlers import texts
from handlers.linking import links_of
from handlers.messages import Choice, Reply
from handlers.pipeline import Context
from handlers.reminders import reminder_choice
from handlers.states import State, enter


async def menu_choices(context: Context) -> tuple[Choice, ...]:
    """The menu for a sender with a linked account, else linking, help and a person."""
    return texts.MENU if await links_of(context.sender) else texts.UNLINKED_MENU


async def on_get_started(context: Context) -> list[Reply]:
    """Greet; a sender with no linked account is asked for the account number at once."""
    linked = bool(await links_of(context.sender))
    enter(context.sender, State.IDLE if linked else State.AWAIT_ACCOUNT)
    return [texts.welcome(linked)]


async def on_help(context: Context) -> list[Reply]:
    """Formats, the window and the other channels; where the channel allows it, the monthly
    reminder too. The conversation's state is kept."""
    reminder = reminder_choice(context)
    if reminder is None:
        return [texts.menu(texts.HELP_TEXT, await menu_choices(context))]
    return [texts.menu(f"{texts.HELP_TEXT}\n\n{texts.REMINDERS_HELP}", (*await menu_choices(context), reminder))]


async def on_cancel(context: Context) -> list[Reply]:
    """Forget the question asked and anything kept for it."""
    enter(context.sender, State.IDLE)
    return [texts.menu(texts.CANCELLED, await menu_choices(context))]


async def on_thanks(context: Context) -> list[Reply]:
    """A polite answer to thanks; the question asked, if any, still stands."""
    return [texts.menu(texts.YOU_ARE_WELCOME, await menu_choices(context))]


async def on_attachment(context: Context) -> list[Reply]:
    """Voice, stickers, files (and photos the channel cannot fetch): ask for the numbers as text."""
    return [texts.menu(texts.ATTACHMENT, await menu_choices(context))]


async def on_anything_else(context: Context) -> list[Reply]:
    """Text with nothing the bot understands: a short hint fitting the question asked."""
    if context.state is State.AWAIT_ACCOUNT:
        return [Reply(texts.ASK_ACCOUNT_AGAIN, (texts.HELP, texts.CANCEL))]
    if context.state is State.AWAIT_SURNAME:
        return [texts.ask_surname()]
    if context.state is State.CONFIRM_READING:
        return [Reply(texts.CONFIRM_AGAIN, (texts.YES, texts.NO))]
    if context.state is State.CONFIRM_PHOTO:
        return [texts.photo_question(context.sender.state_data["value"])]
    return [texts.menu(texts.HINT, await menu_choices(context))]
