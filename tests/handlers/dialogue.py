"""Customers talking to the bot, through one of two channels with the same script:

- `DirectChannel`: `respond` in a transaction, as the worker calls it (fast, no HTTP);
- `WebhookChannel`: signed deliveries to the running app, replies read from the fake Graph API.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Any, Protocol

import httpx
from tortoise.transactions import in_transaction

from handlers.conversation import respond
from handlers.replies import QuickReply, Reply
from messenger.events import AttachmentMessage, Delivery, Echo, Event, Postback, TextMessage
from models.accounts import Account
from settings import Settings
from tests.messenger.fake_graph import BASE_URL, FakeGraph
from tests.messenger.harness import delivery, event, post_delivery, postback_event, running_bot, text_event

IN_WINDOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone.utc)
OUTSIDE_WINDOW = datetime(2026, 11, 10, 10, 0, tzinfo=timezone.utc)
SECRET = "app-secret"
TOKEN = "page-token"
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
        await Account.create(prev_date=date(2026, 10, 31), **row)


class Channel(Protocol):
    """How an event reaches the bot and its replies come back."""

    async def exchange(self, event: Event, now: datetime) -> list[Reply]: ...


class DirectChannel:
    """`respond` inside a transaction, as the event worker calls it."""

    async def exchange(self, event: Event, now: datetime) -> list[Reply]:
        async with in_transaction():
            return await respond(event, now, Settings())


@dataclass
class WebhookChannel:
    """Signed deliveries to the app; the replies are what the fake Graph API received since."""

    client: httpx.AsyncClient
    wait_idle: Callable[[], Any]
    graph: FakeGraph
    clock: list[datetime] = field(default_factory=lambda: [IN_WINDOW])

    async def exchange(self, event: Event, now: datetime) -> list[Reply]:
        self.clock[0] = now
        seen = len(self.graph.messages)
        answer = await post_delivery(self.client, SECRET, delivery(_as_json(event)))
        assert answer.status_code == 200
        await self.wait_idle()
        assert self.graph.violations == []
        return [_reply(body) for body in self.graph.messages[seen:] if body["recipient"]["id"] == event.sender_psid]


@asynccontextmanager
async def webhook_channel(database_url: str) -> AsyncIterator[WebhookChannel]:
    """The app running on `database_url` with a fake Graph API; its clock follows each message."""
    graph = FakeGraph(TOKEN, SECRET)
    settings = Settings(database_url=database_url, app_secret=SECRET, page_access_token=TOKEN, graph_url=BASE_URL)
    clock = [IN_WINDOW]
    async with httpx.AsyncClient(transport=graph.transport()) as http:
        async with running_bot(settings, http_client=http, clock=lambda: clock[0]) as (client, workers):
            yield WebhookChannel(client, workers.wait_idle, graph, clock)


def _as_json(sent: Event) -> dict[str, Any]:
    """The `messaging[]` item Meta would send for `sent`."""
    if isinstance(sent, TextMessage):
        return text_event(sent.sender_psid, sent.mid, sent.text, sent.quick_reply_payload)
    if isinstance(sent, Postback):
        return postback_event(sent.sender_psid, sent.mid, sent.payload)
    if isinstance(sent, AttachmentMessage):
        attachments = [{"type": kind, "payload": {"url": "https://example.test/x"}} for kind in sent.attachment_types]
        return event(sent.sender_psid, message={"mid": sent.mid, "attachments": attachments})
    if isinstance(sent, Echo):
        return event(sent.sender_psid, message={"mid": sent.mid, "is_echo": True, "text": "echo"})
    assert isinstance(sent, Delivery)
    return event(sent.sender_psid, delivery={"mids": ["m_x"], "watermark": 1764000000000})


def _reply(body: dict[str, Any]) -> Reply:
    message = body["message"]
    choices = tuple(QuickReply(item["title"], item["payload"]) for item in message.get("quick_replies", []))
    return Reply(message["text"], choices)


@dataclass
class Customer:
    """One Messenger user; `now` is the injected clock and may be moved between messages."""

    channel: Channel
    psid: str = "100"
    now: datetime = IN_WINDOW
    last: list[Reply] = field(default_factory=list)

    async def send(self, sent: Event) -> list[Reply]:
        self.last = await self.channel.exchange(sent, self.now)
        for reply in self.last:
            assert len(reply.text) <= 2000 and len(reply.quick_replies) <= 13
            assert all(len(choice.title) <= 20 for choice in reply.quick_replies)
        return self.last

    async def says(self, text: str, payload: str | None = None) -> str:
        """Send a text (with the payload of a tapped quick reply); the replies' texts joined."""
        sent = TextMessage(self.psid, "page", 0, {}, mid=f"m_{next(_mids)}", text=text, quick_reply_payload=payload)
        return _joined(await self.send(sent))

    async def taps(self, payload: str) -> str:
        """Tap the quick reply with `payload` offered by the last reply."""
        return await self._tap(lambda choice: choice.payload == payload)

    async def taps_title(self, start: str) -> str:
        """Tap the quick reply of the last reply whose title starts with `start`."""
        return await self._tap(lambda choice: choice.title.startswith(start))

    async def presses(self, payload: str) -> str:
        """A postback: Get Started or a persistent-menu item."""
        return _joined(await self.send(Postback(self.psid, "page", 0, {}, mid=f"p_{next(_mids)}", payload=payload)))

    async def sends_photo(self) -> str:
        sent = AttachmentMessage(self.psid, "page", 0, {}, mid=f"a_{next(_mids)}", attachment_types=("image",))
        return _joined(await self.send(sent))

    def offered(self) -> list[str]:
        """The titles of the quick replies offered by the last reply."""
        return [choice.title for reply in self.last for choice in reply.quick_replies]

    async def links(self, number: str, surname: str) -> str:
        """Link an account: number, then surname; the last answer."""
        await self.says(number)
        return await self.says(surname)

    async def _tap(self, wanted: Callable[[QuickReply], bool]) -> str:
        choice = next(choice for reply in self.last for choice in reply.quick_replies if wanted(choice))
        return await self.says(choice.title, choice.payload)


def _joined(replies: list[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)
