""""Мої рахунки": the sender's linked accounts, masked, with the last reading, and unlinking."""

from __future__ import annotations

from handlers import payloads, texts
from handlers.linking import link_of, links_of
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter
from models.readings import last_accepted


async def on_my_accounts(context: Context) -> list[Reply]:
    """List the linked accounts with an unlink choice each, or ask to link one."""
    links = await links_of(context.sender)
    if not links:
        enter(context.sender, State.AWAIT_ACCOUNT)
        return [texts.ask_account(texts.NO_ACCOUNTS)]
    enter(context.sender, State.IDLE)
    lines = []
    for link in links:
        last = await last_accepted(link.account, context.settings.timezone)
        lines.append(texts.account_line(link.account, last.values, last.taken_on))
    choices = tuple(texts.unlink_choice(link.account, payloads.unlink(link.id)) for link in links)
    return [texts.accounts_list(lines, choices)]


async def on_unlink(context: Context) -> list[Reply]:
    """An `UNLINK:<link id>` quick reply: remove that link of this sender's."""
    enter(context.sender, State.IDLE)
    link = await link_of(context.sender, payloads.id_after(context.payload, payloads.UNLINK_PREFIX))
    if link is None:
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    await link.delete()
    return [texts.unlinked(link.account)]
