"""A customer talking to `respond` directly, each message in its own transaction as the worker does."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timezone

from tortoise.transactions import in_transaction

from handlers.conversation import respond
from handlers.replies import Reply
from messenger.events import AttachmentMessage, Event, Postback, TextMessage
from models.accounts import Account
from settings import Settings

IN_WINDOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)
OUTSIDE_WINDOW = datetime(2026, 11, 10, 10, 0, tzinfo=timezone.utc)
_mids = itertools.count(1)

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
        await Account.create(prev_date=datetime(2026, 10, 31).date(), **row)


@dataclass
class Customer:
    """One Messenger user; `now` is the injected clock and may be moved between messages."""

    psid: str = "100"
    now: datetime = IN_WINDOW
    settings: Settings = field(default_factory=Settings)
    last: list[Reply] = field(default_factory=list)

    async def send(self, event: Event) -> list[Reply]:
        async with in_transaction():
            self.last = await respond(event, self.now, self.settings)
        for reply in self.last:
            assert len(reply.text) <= 2000 and len(reply.quick_replies) <= 13
            assert all(len(choice.title) <= 20 for choice in reply.quick_replies)
        return self.last

    async def says(self, text: str, payload: str | None = None) -> str:
        """Send a text (with the payload of a tapped quick reply); the replies' texts joined."""
        event = TextMessage(self.psid, "page", 0, {}, mid=f"m_{next(_mids)}", text=text, quick_reply_payload=payload)
        return _joined(await self.send(event))

    async def taps(self, payload: str) -> str:
        """Tap a quick reply offered by the last reply, by its payload."""
        choice = next(choice for reply in self.last for choice in reply.quick_replies if choice.payload == payload)
        return await self.says(choice.title, choice.payload)

    async def taps_title(self, start: str) -> str:
        """Tap the quick reply of the last reply whose title starts with `start`."""
        choice = next(
            choice for reply in self.last for choice in reply.quick_replies if choice.title.startswith(start)
        )
        return await self.says(choice.title, choice.payload)

    async def presses(self, payload: str) -> str:
        """A postback: Get Started or a persistent-menu item."""
        return _joined(await self.send(Postback(self.psid, "page", 0, {}, mid=f"p_{next(_mids)}", payload=payload)))

    async def sends_photo(self) -> str:
        event = AttachmentMessage(self.psid, "page", 0, {}, mid=f"a_{next(_mids)}", attachment_types=("image",))
        return _joined(await self.send(event))

    def offered(self) -> list[str]:
        """The titles of the quick replies offered by the last reply."""
        return [choice.title for reply in self.last for choice in reply.quick_replies]

    async def links(self, number: str, surname: str) -> str:
        """Link an account: number, then surname; the last answer."""
        await self.says(number)
        return await self.says(surname)


def _joined(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)
