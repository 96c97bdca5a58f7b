"""Submitting a reading: choosing the account, checking the values, asking, storing, confirming.

A reading is checked and stored by `handlers.recording`, against the last accepted one *before*
the current billing period, so a second reading in the same period replaces the first (the export
takes the newest) even when it corrects a typo downwards; the confirmation says it replaced one.
"""

from __future__ import annotations

from typing import Any

from handlers import payloads, texts
from handlers.linking import link_of, links_of
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.recording import check_reading, store_reading
from handlers.states import State, enter
from models.readings import last_accepted
from models.refusals import record_refusal
from models.senders import Link

Pending = dict[str, Any]
"""A reading kept in `Sender.state_data` until its account is known (see `handlers.states`)."""


def pending_from(context: Context, *, same_as_before: bool = False) -> Pending:
    """The reading in the current message, in the form kept in the state."""
    readings = [[reading.zone, reading.value] for reading in context.parsed.readings]
    same = same_as_before or (context.parsed.same_as_before and not readings)
    return {"readings": readings, "same_as_before": same, "mid": context.mid}


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
    return [_choose(links)]


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
    data = context.sender.state_data
    link = await link_of(context.sender, data.get("link_id"))
    if link is None:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    if context.payload == payloads.CONFIRM_YES:
        return [await store(context, link, data["values"], data.get("mid", ""))]
    enter(context.sender, State.AWAIT_READING, link_id=link.id)
    return [Reply(texts.DISCARDED, (texts.CANCEL,))]


async def ask_reading(context: Context, link: Link) -> Reply:
    """Ask for the values of `link`'s account, offering to repeat the last ones if known."""
    enter(context.sender, State.AWAIT_READING, link_id=link.id)
    last = await last_accepted(link.account, context.settings.timezone)
    can_repeat = all(last.values.get(zone) is not None for zone in link.account.zone_names)
    return texts.ask_reading(link.account, can_repeat)


async def submit(context: Context, link: Link, pending: Pending) -> list[Reply]:
    """Check a reading for `link`'s account: refuse it, ask about it, or store it."""
    if link.account.closed_at is not None:
        enter(context.sender, State.IDLE)
        return [texts.account_closed(link.account)]
    readings = [(zone, int(value)) for zone, value in pending["readings"]]
    checked = await check_reading(link.account, readings, pending["same_as_before"], context.now, context.settings)
    verdict = checked.verdict
    if verdict.problem is not None:
        await record_refusal(context.sender.channel, verdict.problem.value, context.now)
        enter(context.sender, State.AWAIT_READING, link_id=link.id)
        return [checked.refusal()]
    if verdict.doubts:
        enter(context.sender, State.CONFIRM_READING, link_id=link.id, values=verdict.values, mid=pending["mid"])
        return [texts.doubt(verdict, link.account)]
    return [await store(context, link, verdict.values, pending["mid"])]


async def store(context: Context, link: Link, values: dict[str, int], mid: str) -> Reply:
    """Store an accepted reading and confirm it with its values and period (unless the account was closed meanwhile)."""
    if link.account.closed_at is not None:
        enter(context.sender, State.IDLE)
        return texts.account_closed(link.account)
    stored = await store_reading(
        link.account, values, context.now, context.settings,
        channel=context.sender.channel, sender=context.sender, mid=mid or None,
    )
    enter(context.sender, State.IDLE)
    return stored.confirmation()


async def _route(context: Context, pending: Pending) -> list[Reply]:
    link = await _link_in_play(context)
    if link is not None:
        return await submit(context, link, pending)
    links = await links_of(context.sender)
    if len(links) == 1:
        return await submit(context, links[0], pending)
    if not links:
        enter(context.sender, State.AWAIT_ACCOUNT, pending=pending)
        return [texts.ask_account(texts.KEEP_READING)]
    enter(context.sender, State.CHOOSE_ACCOUNT, pending=pending)
    return [_choose(links)]


async def _link_in_play(context: Context) -> Link | None:
    """The link the bot asked a reading for, or asked to confirm one for."""
    if context.state not in (State.AWAIT_READING, State.CONFIRM_READING):
        return None
    return await link_of(context.sender, context.sender.state_data.get("link_id"))


def _choose(links: list[Link]) -> Reply:
    choices = tuple(texts.account_choice(link.account, payloads.choose_account(link.id)) for link in links)
    return texts.choose_account(choices)
