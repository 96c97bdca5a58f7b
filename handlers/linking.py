"""Linking a sender to an account: the surname check, the lock-out, and the links themselves.

A link needs the account number and the holder's surname. An unknown number, a closed account and
a wrong surname are one and the same failure (`LinkFailure`), so the answers never tell which
numbers exist.
Failures are counted per sender over the last hour; at `BOT_LINK_ATTEMPTS` (default 5),
linking is refused to that sender until enough of them are an hour old. Only the failing sender
is locked: another sender who gives the right surname links the account at once, so nobody can
lock the holder out. (The web form limits wrong surnames per account on its own.)
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from handlers.normalising import normalise
from handlers.rules import WORD
from handlers.tokens import tokenize
from models.accounts import Account
from models.senders import Link, LinkFailure, Sender, links_with_accounts

LOCK_WINDOW = timedelta(hours=1)
MAX_LINKS = 10
"""Accounts one sender may link: every one must fit in a quick-reply choice (13 at most)."""

_LOOK_ALIKES = str.maketrans("abcehikmoptxy", "авсенікмортху", "'’ʼ‘`´")
_WORDS = re.compile(r"[\s,;]+")
_NOT_SURNAMES = frozenset((
    "прізвище", "прізвища", "фамилия", "власник", "власника", "владелец", "здравствуйте", "привіт", "привет",
    "вітаю", "будь", "ласка", "пожалуйста", "дякую", "спасибо", "мій", "мой", "моя", "моє", "номер", "мене",
    "меня", "звати", "зовут", "передаю", "передаємо", "показники", "показання", "показания", "покази",
))


def normalise_surname(text: str) -> str:
    """Lower case, Latin look-alikes made Cyrillic, apostrophes, hyphens and spaces dropped."""
    return "".join(char for char in text.lower().translate(_LOOK_ALIKES) if char.isalpha())


def surname_matches(typed: str, registered: str) -> bool:
    """True when `typed` is the surname, alone or with first names (`Шевченко Тарас`)."""
    expected = normalise_surname(registered)
    candidates = [typed, *_WORDS.split(typed)]
    return bool(expected) and any(normalise_surname(candidate) == expected for candidate in candidates)


def surname_words(text: str) -> str:
    """The words of a message that may be a surname beside an account number and readings
    (`о/р 1234567 Шевченко`): labels, numbers, greetings and common words left out."""
    words = [token.text for token in tokenize(normalise(text)) if token.kind == WORD]
    return " ".join(word for word in words if len(word) > 1 and word not in _NOT_SURNAMES)


async def lock_remaining(sender: Sender, now: datetime, attempts: int) -> timedelta | None:
    """How long linking stays refused to `sender`, None if it is not."""
    failures = LinkFailure.filter(sender_id=sender.id, created_at__gt=now - LOCK_WINDOW)
    recent = await failures.order_by("-created_at").limit(attempts)
    return recent[-1].created_at + LOCK_WINDOW - now if len(recent) >= attempts else None


async def attempt_link(sender: Sender, number: str, surname: str, now: datetime) -> Link | None:
    """Link `sender` to open account `number` when `surname` matches; else record a failure."""
    account = await Account.get_or_none(number=number)
    if account is None or account.closed_at is not None or not surname_matches(surname, account.surname):
        await LinkFailure.create(sender=sender, account=account, number=number, created_at=now)
        return None
    link, _ = await Link.get_or_create(sender=sender, account=account)
    return link


async def links_of(sender: Sender) -> list[Link]:
    """The sender's links with their accounts, oldest first."""
    return await links_with_accounts(sender.id)


async def link_of(sender: Sender, link_id: int | None) -> Link | None:
    """The sender's link `link_id`, or None when it is not theirs (or gone)."""
    if link_id is None:
        return None
    return await Link.filter(id=link_id, sender_id=sender.id).select_related("account").first()


async def link_to_number(sender: Sender, number: str) -> Link | None:
    """The sender's link to the account `number`, if they have linked it."""
    return await Link.filter(sender_id=sender.id, account__number=number).select_related("account").first()
