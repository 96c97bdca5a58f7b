""""Мої рахунки" and "що я передав": the sender's linked accounts, masked, with the last reading;
unlinking, after the sender confirms it."""

from __future__ import annotations

from handlers import payloads, texts
from handlers.linking import link_of, links_of
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter
from models.readings import last_accepted
from models.senders import Link


async def on_my_accounts(context: Context) -> list[Reply]:
    """List the linked accounts with an unlink choice each, or ask to link one."""
    links = await _linked_or_ask(context)
    if not links:
        return [texts.ask_account(texts.NO_ACCOUNTS)]
    choices = tuple(texts.unlink_choice(link.account, payloads.unlink(link.id)) for link in links)
    return [texts.accounts_list(await _lines(context, links), choices)]


async def on_last_sent(context: Context) -> list[Reply]:
    """"Що я передав": the last accepted reading of each linked account."""
    links = await _linked_or_ask(context)
    if not links:
        return [texts.ask_account(texts.NO_ACCOUNTS)]
    return [texts.last_sent(await _lines(context, links))]


async def on_unlink(context: Context) -> list[Reply]:
    """An `UNLINK:<link id>` quick reply: ask whether to remove that link of this sender's."""
    link = await link_of(context.sender, payloads.id_after(context.payload, payloads.UNLINK_PREFIX))
    if link is None:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    enter(context.sender, State.CONFIRM_UNLINK, link_id=link.id)
    return [texts.ask_unlink(link.account)]


async def on_unlink_answered(context: Context) -> list[Reply]:
    """"Так" removes the link asked about; "Ні" keeps it."""
    link = await link_of(context.sender, context.sender.state_data.get("link_id"))
    enter(context.sender, State.IDLE)
    if link is None or context.payload != payloads.CONFIRM_YES:
        return [texts.menu(texts.KEPT)]
    await link.delete()
    return [texts.menu(texts.unlinked(link.account))]


async def _linked_or_ask(context: Context) -> list[Link]:
    """The sender's links; with none, the bot goes on to ask for an account number."""
    links = await links_of(context.sender)
    enter(context.sender, State.IDLE if links else State.AWAIT_ACCOUNT)
    return links


async def _lines(context: Context, links: list[Link]) -> list[str]:
    lines = []
    for link in links:
        last = await last_accepted(link.account, context.settings.timezone)
        lines.append(texts.account_line(link.account, last.values, last.taken_on))
    return lines
