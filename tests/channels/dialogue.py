"""Customers talking to the bot through a door, with one script for every door.

A `Door` carries what a customer does (`Incoming`: a text, a choice, a menu item, a photo) to
the bot in its platform's own shape and brings back the replies as the conversation's
`Reply`. `DirectDoor` calls `respond` as the event worker does; each channel's test package
adds a door that goes through the real app and that channel's fake platform
(`tests.channels.doors` lists them). `tests/channels/test_scenario.py` runs on all of them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Protocol

from tortoise.transactions import in_transaction

from delivery.photos import PhotoReading
from handlers.conversation import respond
from handlers.messages import Choice, Incoming, Reply
from models.accounts import Account
from models.readings import Reading
from settings import ConversationSettings
from tests.photos.reader import READER

IN_WINDOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
OUTSIDE_WINDOW = datetime(2026, 11, 10, 10, 0, tzinfo=UTC)
_ids = itertools.count(1)

REGISTRY = [
    dict(number="1234567", surname="Шевченко", address="м. Краматорськ, вул. Миру 5, кв. 12", zones=1, digits=6,
         prev_total=12210),
    dict(number="7654321", surname="Коваленко", address="м. Слов'янськ, вул. Шкільна 3", zones=2, digits=5,
         prev_day=8100, prev_night=2800),
    dict(number="2345678", surname="Бондаренко", address="м. Покровськ, вул. Центральна 10, кв. 4", zones=3,
         digits=6, prev_peak=2105, prev_half_peak=1203, prev_night=3310),
    dict(number="6789012", surname="Мельник-Сидоренко", address="м. Бахмут, вул. Незалежності 40, кв. 8",
         zones=1, digits=5, prev_total=99850),
    dict(number="0012345", surname="Д'ячук", address="м. Лиман, вул. Вокзальна 1", zones=2, digits=5),
]


async def load_registry() -> None:
    """The accounts the conversation tests talk about (prev_date 31 October 2026)."""
    for row in REGISTRY:
        await Account.create(prev_date=date(2026, 10, 31), **row)


async def stored(number: str) -> list[dict[str, object]]:
    """The readings stored for account `number`, oldest first."""
    return await Reading.filter(account__number=number).order_by("id").values(
        "period", "total", "day", "night", "peak", "half_peak", "source_mid"
    )


class Door(Protocol):
    """How a customer's message reaches the bot and its replies come back."""

    channel: str
    """The channel the door's customers are stored with."""

    photos: dict[str, bytes]
    """The images its platform serves, by the `Incoming.photo` a customer sent them with."""

    async def exchange(self, sent: Incoming, now: datetime) -> list[Reply]:
        """Deliver `sent` at time `now`; the replies the customer received."""
        ...


class DirectDoor:
    """`respond` inside a transaction, as the event worker calls it, a photo read before it."""

    channel = "chat"

    def __init__(self) -> None:
        self.photos: dict[str, bytes] = {}
        self._reading = PhotoReading({self.channel: self}, READER, ConversationSettings())

    async def photo(self, reference: str) -> bytes | None:
        return self.photos.get(reference)

    async def exchange(self, sent: Incoming, now: datetime) -> list[Reply]:
        sent = await self._reading.read(sent, now)
        async with in_transaction():
            return await respond(sent, now, ConversationSettings())


@dataclass
class Customer:
    """One customer on a door; `now` is the clock and may be moved between messages."""

    door: Door
    sender: str = "100"
    now: datetime = IN_WINDOW
    last: list[Reply] = field(default_factory=list)

    async def send(self, sent: Incoming) -> list[Reply]:
        self.last = await self.door.exchange(sent, self.now)
        return self.last

    async def says(self, text: str, payload: str | None = None) -> str:
        """Send a text (with the payload of the choice it stands for); the replies' texts joined."""
        return _joined(await self.send(self._message(text=text, payload=payload)))

    async def taps(self, payload: str) -> str:
        """Choose the choice with `payload` offered by the last reply."""
        return await self._tap(lambda choice: choice.payload == payload)

    async def taps_title(self, start: str) -> str:
        """Choose the choice of the last reply whose title starts with `start`."""
        return await self._tap(lambda choice: choice.title.startswith(start))

    async def presses(self, payload: str) -> str:
        """A menu item or Get Started: a payload with no text."""
        return _joined(await self.send(self._message(payload=payload)))

    async def sends_photo(self, image: bytes = b"", caption: str = "") -> str:
        """Send the encoded `image` as a photo (with `caption`); the door's platform serves it."""
        reference = f"photo-{next(_ids)}"
        self.door.photos[reference] = image
        return _joined(await self.send(self._message(text=caption, attachments=("image",), photo=reference)))

    def offered(self) -> list[str]:
        """The titles of the choices offered by the last reply."""
        return [choice.title for reply in self.last for choice in reply.choices]

    async def links(self, number: str, surname: str) -> str:
        """Link an account: number, then surname; the last answer."""
        await self.says(number)
        return await self.says(surname)

    def _message(self, **what: object) -> Incoming:
        return Incoming(self.door.channel, self.sender, f"m_{next(_ids)}", **what)  # type: ignore[arg-type]

    async def _tap(self, wanted: Callable[[Choice], bool]) -> str:
        choice = next(choice for reply in self.last for choice in reply.choices if wanted(choice))
        return await self.says(choice.title, choice.payload)


def _joined(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)
