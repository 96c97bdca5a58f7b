"""Submitting a reading: choosing the account, checking the values, asking, storing, confirming.

A reading is checked and stored by `handlers.recording`, against the last accepted one *before*
the current billing period, so a second reading in the same period replaces the first (the export
takes the newest) even when it corrects a typo downwards; the confirmation says it replaced one.

While the bot waits for the reading of one account, a bare number that fits its meter
(`0012345` for a six-digit meter) is that reading, not an account number (`bare_reading`).
A three-zone reading by registers T1..T3 is given its zones once they are known
(`handlers.registers`).
"""

from __future__ import annotations

import re
from typing import Any

from handlers import payloads, texts
from handlers.linking import link_of, links_of
from handlers.messages import Choice, Reply
from handlers.notices import window_notice
from handlers.pipeline import Context
from handlers.recording import check_reading, store_reading
from handlers.registers import ORDERS, order_named, registers_in, rezoned
from handlers.states import State, enter, remember, state_of
from models.readings import last_accepted
from models.refusals import record_refusal
from models.senders import Link, Sender

Pending = dict[str, Any]
"""A reading kept in `Sender.state_data` until its account is known (see `handlers.states`)."""


_BARE_NUMBER = re.compile(r"\s*(\d+)\s*\.?\s*")


def bare_reading(context: Context) -> int | None:
    """The value of a message that is only a number fitting the meter whose reading was asked."""
    digits = context.sender.state_data.get("digits")
    found = _BARE_NUMBER.fullmatch(context.text)
    if context.state not in (State.AWAIT_READING, State.CONFIRM_PHOTO) or digits is None or found is None:
        return None
    value = int(found.group(1))
    return value if value < 10 ** int(digits) else None


def pending_from(context: Context, *, same_as_before: bool = False) -> Pending:
    """The reading in the current message, in the form kept in the state."""
    readings = [[reading.zone, reading.value] for reading in context.parsed.readings]
    bare = bare_reading(context)
    if bare is not None and not readings:
        readings = [[None, bare]]
    same = same_as_before or (context.parsed.same_as_before and not readings)
    pending = {"readings": readings, "same_as_before": same, "mid": context.mid}
    registers = registers_in(context.text)
    return {**pending, "registers": registers} if registers else pending


async def on_reading(context: Context) -> list[Reply]:
    """A message with values or "same as before": for the account in play, else ask which."""
    return await _route(context, pending_from(context))


async def on_repeat_previous(context: Context) -> list[Reply]:
    """The "Повторити попередній" quick reply."""
    return await _route(context, pending_from(context, same_as_before=True))


async def on_submit(context: Context) -> list[Reply]:
    """"Передати показники": ask for the values, after the account if there are several."""
    links = await links_of(context.sender)
    if not links:
        enter(context.sender, State.AWAIT_ACCOUNT)
        return [texts.ask_account()]
    if len(links) == 1:
        return [await ask_reading(context, links[0])]
    enter(context.sender, State.CHOOSE_ACCOUNT)
    return [choose(links)]


async def on_account_chosen(context: Context) -> list[Reply]:
    """An `ACCOUNT:<link id>` quick reply: apply the kept reading, or ask for one."""
    link = await link_of(context.sender, payloads.id_after(context.payload, payloads.ACCOUNT_PREFIX))
    if link is None:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    pending = context.sender.state_data.get("pending")
    if context.state is State.CHOOSE_ACCOUNT and pending:
        return await submit(context, link, pending)
    return [await ask_reading(context, link)]


async def on_confirmation(context: Context) -> list[Reply]:
    """"Так" stores the reading that was asked about; "Ні" drops it and asks again."""
    link = await asked_link(context)
    if link is None:
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    data = context.sender.state_data
    if context.payload == payloads.CONFIRM_YES:
        return await store(context, link, data["values"], data.get("mid", ""), photo=bool(data.get("photo")))
    await_reading(context, link)
    return [Reply(texts.DISCARDED, (texts.CANCEL,))]


async def on_registers_chosen(context: Context) -> list[Reply]:
    """A `REGISTERS:<zones of T1, T2, T3>` quick reply: keep it for the account, apply the reading."""
    data = context.sender.state_data
    link = await link_of(context.sender, data.get("link_id"))
    order = order_named((context.payload or "").removeprefix(payloads.REGISTERS_PREFIX))
    if link is None or order is None or context.state is not State.CHOOSE_REGISTERS:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    known = dict(data.get("zones_of_registers", {}))
    remember(context.sender, "zones_of_registers", {**known, str(link.account.id): list(order)})
    return await submit(context, link, data["pending"])


async def asked_link(context: Context) -> Link | None:
    """The sender's link the bot's question was about; None, and back to idle, when it is gone."""
    link = await link_of(context.sender, context.sender.state_data.get("link_id"))
    if link is None:
        enter(context.sender, State.IDLE)
    return link


def await_reading(context: Context, link: Link) -> None:
    """Wait for the reading of `link`'s account (a correction in progress stays in progress)."""
    enter(context.sender, State.AWAIT_READING, link_id=link.id, digits=link.account.digits, **correcting(context))


async def ask_reading(context: Context, link: Link) -> Reply:
    """Ask for the values of `link`'s account, offering to repeat the last ones if known."""
    await_reading(context, link)
    last = await last_accepted(link.account, context.settings.timezone)
    can_repeat = all(last.values.get(zone) is not None for zone in link.account.zone_names)
    return texts.ask_reading(link.account, can_repeat)


async def submit(context: Context, link: Link, pending: Pending) -> list[Reply]:
    """Check a reading for `link`'s account: refuse it, ask about it, or store it."""
    if link.account.closed_at is not None:
        enter(context.sender, State.IDLE)
        return [texts.account_closed(link.account)]
    if link.account.zones == 3 and pending.get("registers"):
        order = _zones_of_registers(context, link)
        if order is None:
            enter(context.sender, State.CHOOSE_REGISTERS, link_id=link.id, pending=pending, **correcting(context))
            return [texts.ask_registers(link.account, _register_choices())]
        pending = {**pending, "readings": rezoned(pending["readings"], pending["registers"], order)}
    readings = [(zone, int(value)) for zone, value in pending["readings"]]
    checked = await check_reading(link.account, readings, pending["same_as_before"], context.now, context.settings)
    verdict = checked.verdict
    if verdict.problem is not None:
        await record_refusal(context.sender.channel, verdict.problem.value, context.now)
        await_reading(context, link)
        return [checked.refusal()]
    photo = bool(pending.get("photo"))
    if verdict.doubts:
        enter(context.sender, State.CONFIRM_READING, link_id=link.id, values=verdict.values, mid=pending["mid"],
              photo=photo, **correcting(context))
        return [texts.doubt(verdict, link.account)]
    return await store(context, link, verdict.values, pending["mid"], photo=photo)


def _zones_of_registers(context: Context, link: Link) -> tuple[str, ...] | None:
    known = context.sender.state_data.get("zones_of_registers", {}).get(str(link.account.id))
    return tuple(known) if known else None


def _register_choices() -> tuple[Choice, ...]:
    return tuple(Choice(texts.zones_order(order), payloads.registers(order)) for order in ORDERS)


def correcting(context: Context) -> dict[str, Any]:
    """The withdrawn reading a correction replaces, to carry into the next state."""
    replaces = context.sender.state_data.get("replaces")
    return {"replaces": replaces} if replaces else {}


async def store(
    context: Context, link: Link, values: dict[str, int], mid: str, *, photo: bool = False
) -> list[Reply]:
    """Store an accepted reading (`photo`: read from the customer's photo) and confirm it with its
    values and period (unless the account was closed meanwhile); outside the window, say once when it is."""
    if link.account.closed_at is not None:
        enter(context.sender, State.IDLE)
        return [texts.account_closed(link.account)]
    stored = await store_reading(
        link.account, values, context.now, context.settings,
        channel=context.sender.channel, sender=context.sender, mid=mid or None, photo=photo,
    )
    replaces = context.sender.state_data.get("replaces")
    enter(context.sender, State.IDLE)
    confirmation = stored.confirmation(replaces)
    notice = window_notice(context, stored)
    return [Reply(confirmation.text), notice] if notice else [confirmation]


async def _route(context: Context, pending: Pending) -> list[Reply]:
    link = await link_in_play(context.sender)
    if link is not None:
        return await submit(context, link, pending)
    links = await links_of(context.sender)
    if len(links) == 1:
        return await submit(context, links[0], pending)
    if not links:
        enter(context.sender, State.AWAIT_ACCOUNT, pending=pending)
        return [texts.ask_account(texts.KEEP_READING)]
    enter(context.sender, State.CHOOSE_ACCOUNT, pending=pending)
    return [choose(links)]


async def link_in_play(sender: Sender) -> Link | None:
    """The link the bot asked `sender` a reading for, or asked to confirm one for."""
    if state_of(sender) not in (State.AWAIT_READING, State.CONFIRM_READING, State.CONFIRM_PHOTO):
        return None
    return await link_of(sender, sender.state_data.get("link_id"))


def choose(links: list[Link], question: str = texts.WHICH_ACCOUNT) -> Reply:
    """`question`, with a choice for each of `links` and one to cancel."""
    choices = tuple(texts.account_choice(link.account, payloads.choose_account(link.id)) for link in links)
    return texts.choose_account(choices, question)
