"""Get Started, help, cancel, and the short answers to what the bot cannot read."""

from __future__ import annotations

from handlers import texts
from handlers.linking import links_of
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter


async def on_get_started(context: Context) -> list[Reply]:
    """Greet; a sender with no linked account is asked for the account number at once."""
    linked = bool(await links_of(context.sender))
    enter(context.sender, State.IDLE if linked else State.AWAIT_ACCOUNT)
    return [texts.welcome(linked)]


async def on_help(context: Context) -> list[Reply]:
    """Formats, the window and the other channels; the conversation's state is kept."""
    return [texts.help_reply()]


async def on_cancel(context: Context) -> list[Reply]:
    """Forget the question asked and anything kept for it."""
    enter(context.sender, State.IDLE)
    return [texts.menu(texts.CANCELLED)]


async def on_thanks(context: Context) -> list[Reply]:
    """A polite answer to thanks; the question asked, if any, still stands."""
    return [texts.menu(texts.YOU_ARE_WELCOME)]


async def on_attachment(context: Context) -> list[Reply]:
    """Photos, voice, stickers: ask for the numbers as text."""
    return [Reply(texts.ATTACHMENT, texts.MENU)]


async def on_anything_else(context: Context) -> list[Reply]:
    """Text with nothing the bot understands: a short hint fitting the question asked."""
    if context.state is State.AWAIT_ACCOUNT:
        return [Reply(texts.ASK_ACCOUNT_AGAIN, (texts.HELP, texts.CANCEL))]
    if context.state is State.AWAIT_SURNAME:
        return [texts.ask_surname()]
    if context.state is State.CONFIRM_READING:
        return [Reply(texts.CONFIRM_AGAIN, (texts.YES, texts.NO))]
    return [texts.menu(texts.HINT)]
