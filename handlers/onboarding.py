"""The linking dialogue: account number, then the holder's surname (rules in `handlers.linking`).

A reading sent before the link exists is kept in the state (`pending`) through both questions
and applied as soon as the link succeeds.
"""

from __future__ import annotations

import re

from handlers import texts
from handlers.linking import MAX_LINKS, attempt_link, link_to_number, links_of, lock_remaining
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter
from handlers.submission import Pending, ask_reading, pending_from, submit
from models.numbering import ACCOUNT_DIGITS
from models.senders import Link

_TYPED_NUMBER = re.compile(r"\s*(?:№\s*)?(\d[\d \-]{5,22}\d)\s*\.?\s*")
_NOT_DIGITS = re.compile(r"\D")


def typed_number(text: str) -> str | None:
    """A message that is nothing but an account-sized number, spaces and hyphens allowed
    (`123 45 67`), as digits; the parser reads such a number as a reading otherwise."""
    found = _TYPED_NUMBER.fullmatch(text)
    digits = _NOT_DIGITS.sub("", found.group(1)) if found else ""
    return digits if len(digits) in ACCOUNT_DIGITS else None


def offers_account(context: Context) -> bool:
    """The message names an account, or is an account-sized number while the bot links."""
    if context.parsed.accounts:
        return True
    asking = context.state in (State.AWAIT_ACCOUNT, State.AWAIT_SURNAME)
    return asking and typed_number(context.text) is not None


def offers_surname(context: Context) -> bool:
    """The bot asked for the surname and the message has letters and no account number."""
    return (
        context.state is State.AWAIT_SURNAME
        and not context.parsed.accounts
        and any(char.isalpha() for char in context.text)
    )


async def on_link_another(context: Context) -> list[Reply]:
    """"Додати рахунок": ask for the account number, unless the sender has the most allowed."""
    if len(await links_of(context.sender)) >= MAX_LINKS:
        enter(context.sender, State.IDLE)
        return [texts.too_many_links(MAX_LINKS)]
    enter(context.sender, State.AWAIT_ACCOUNT, **_kept(context))
    return [texts.ask_account()]


async def on_account_number(context: Context) -> list[Reply]:
    """An account number: go on to the surname, or straight to readings if already linked."""
    from_parser = bool(context.parsed.accounts)
    number = context.parsed.accounts[0] if from_parser else typed_number(context.text) or ""
    has_reading = from_parser and (bool(context.parsed.readings) or context.parsed.same_as_before)
    link = await link_to_number(context.sender, number)
    if link is not None:
        if has_reading:
            return await submit(context, link, pending_from(context))
        return [Reply(texts.already_linked(link.account)), await ask_reading(context, link)]
    remaining = await lock_remaining(context.sender, number, context.now, context.settings.link_attempts)
    if remaining is not None:
        enter(context.sender, State.IDLE)
        return [texts.locked(remaining)]
    if len(await links_of(context.sender)) >= MAX_LINKS:
        enter(context.sender, State.IDLE)
        return [texts.too_many_links(MAX_LINKS)]
    pending = pending_from(context) if has_reading else context.sender.state_data.get("pending")
    enter(context.sender, State.AWAIT_SURNAME, number=number, **_carried(pending))
    return [texts.ask_surname()]


async def on_surname(context: Context) -> list[Reply]:
    """The holder's surname: link, then apply a kept reading or ask for one.

    After a failure the bot still waits for a surname (or another account number), so
    either one can be corrected without typing the other again.
    """
    number = str(context.sender.state_data.get("number", ""))
    attempts = context.settings.link_attempts
    remaining = await lock_remaining(context.sender, number, context.now, attempts)
    if remaining is None:
        link = await attempt_link(context.sender, number, context.text, context.now)
        if link is not None:
            return await _linked(context, link)
        remaining = await lock_remaining(context.sender, number, context.now, attempts)
    if remaining is not None:
        enter(context.sender, State.IDLE)
        return [texts.locked(remaining)]
    enter(context.sender, State.AWAIT_SURNAME, number=number, **_kept(context))
    return [texts.link_failed()]


async def _linked(context: Context, link: Link) -> list[Reply]:
    pending = context.sender.state_data.get("pending")
    confirmation = Reply(texts.linked(link.account))
    if pending:
        return [confirmation, *await submit(context, link, pending)]
    return [confirmation, await ask_reading(context, link)]


def _kept(context: Context) -> dict[str, Pending]:
    """The reading kept from before, to carry into the next state."""
    return _carried(context.sender.state_data.get("pending"))


def _carried(pending: Pending | None) -> dict[str, Pending]:
    return {"pending": pending} if pending else {}
