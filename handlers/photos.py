"""A photo of the meter: the value read from it is asked about, and only a confirmed value is
checked and stored, exactly like a typed one (CONTRACT section 6, "Photos of the meter").

The photo is read before the conversation's transaction (`delivery.photos`), for the meter
`photo_meter` names; the conversation then finds the value in `Incoming.read_from_photo`. A
photo is read only for a one-zone meter: the account whose reading was asked, else the
sender's only account. Anything else asks for the reading as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers import payloads, texts
from handlers.linking import links_of
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.recording import last_to_check
from handlers.states import State, enter
from handlers.submission import asked_link, await_reading, choose, correcting, link_in_play, submit
from models.senders import Link, Sender
from settings import ConversationSettings


@dataclass(frozen=True)
class PhotoMeter:
    """The meter a photo is read for: how many whole digits it shows, and the last value a new
    reading must not be below (None when none is known)."""

    digits: int
    last: int | None


async def photo_meter(
    channel: str, external_id: str, now: datetime, settings: ConversationSettings
) -> PhotoMeter | None:
    """The meter a photo from this sender would be read for, or None when it is not to be read
    (an unknown or unlinked sender, several accounts and none asked, zones, a closed account)."""
    sender = await Sender.get_or_none(channel=channel, external_id=external_id)
    link = None if sender is None else await photo_link(sender)
    if link is None or link.account.zones != 1 or link.account.closed_at is not None:
        return None
    last = await last_to_check(link.account, now, settings)
    return PhotoMeter(link.account.digits, last.values.get("total"))


async def photo_link(sender: Sender) -> Link | None:
    """The link a photo from `sender` is for: the account whose reading was asked, else their only one."""
    asked = await link_in_play(sender)
    if asked is not None:
        return asked
    links = await links_of(sender)
    return links[0] if len(links) == 1 else None


def has_photo(context: Context) -> bool:
    """A photo without a caption (a caption is read as the message's text)."""
    return context.incoming.photo_alone


async def on_photo(context: Context) -> list[Reply]:
    """Ask whether the value read is the reading; else ask for the reading as text."""
    link = await photo_link(context.sender)
    if link is None:
        links = await links_of(context.sender)
        if not links:
            enter(context.sender, State.AWAIT_ACCOUNT)
            return [texts.ask_account(texts.PHOTO_BEFORE_LINKING)]
        enter(context.sender, State.CHOOSE_ACCOUNT)
        return [choose(links, texts.PHOTO_WHICH_ACCOUNT)]
    if link.account.closed_at is not None:
        enter(context.sender, State.IDLE)
        return [texts.account_closed(link.account)]
    await_reading(context, link)
    if link.account.zones != 1:
        return [texts.photo_of_zones(link.account)]
    value = context.incoming.read_from_photo
    if value is None:
        return [texts.photo_unread(link.account)]
    enter(context.sender, State.CONFIRM_PHOTO, link_id=link.id, digits=link.account.digits, value=value,
          mid=context.mid, **correcting(context))
    return [texts.photo_question(value)]


async def on_photo_answered(context: Context) -> list[Reply]:
    """"Так" submits the value read as if it was typed; "Ні, введу сам" waits for the typed one."""
    link = await asked_link(context)
    if link is None:
        return [texts.menu(texts.UNKNOWN_CHOICE)]
    data = context.sender.state_data
    if context.payload == payloads.CONFIRM_YES:
        pending = {"readings": [[None, int(data["value"])]], "same_as_before": False, "mid": data.get("mid", ""),
                   "photo": True}
        return await submit(context, link, pending)
    await_reading(context, link)
    return [texts.type_it(link.account)]
