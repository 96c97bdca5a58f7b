"""The Messenger door of the shared scenario: signed deliveries to the running app, replies read
back from the fake Graph API."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from handlers.messages import Choice, Incoming, Reply
from settings import MessengerSettings, Settings
from tests.channels.clock import SetClock
from tests.messenger.fake_cdn import CDN_URL, FakeCdn
from tests.messenger.fake_graph import BASE_URL, FakeGraph
from tests.messenger.harness import delivery, event, post_delivery, postback_event, running_bot, text_event

SECRET = "app-secret"
TOKEN = "page-token"
SETTINGS = MessengerSettings(app_secret=SECRET, page_access_token=TOKEN, graph_url=BASE_URL)
_postbacks = itertools.count(1)


@dataclass
class MessengerDoor:
    """A customer's messages as Meta delivers them; what the fake Graph API received since.
    `photos` are served by the fake CDN the app's HTTP client reaches."""

    client: httpx.AsyncClient
    wait_idle: Callable[[], Any]
    graph: FakeGraph
    clock: SetClock
    channel: str = "messenger"
    photos: dict[str, bytes] = field(default_factory=dict)

    async def exchange(self, sent: Incoming, now: datetime) -> list[Reply]:
        self.clock.set(now)
        seen = len(self.graph.messages)
        answer = await post_delivery(self.client, SECRET, delivery(*as_messaging(sent)))
        assert answer.status_code == 200
        await self.wait_idle()
        assert self.graph.violations == []
        return [_reply(body) for body in self.graph.messages[seen:] if body["recipient"]["id"] == sent.sender]


@asynccontextmanager
async def messenger_door(database_url: str) -> AsyncIterator[MessengerDoor]:
    """The app running on `database_url` with a fake Graph API and a fake CDN serving the door's
    `photos`; its clock follows each message."""
    graph = FakeGraph(TOKEN, SECRET)
    cdn = FakeCdn()
    clock = SetClock()
    async with httpx.AsyncClient(transport=graph.transport(), mounts={CDN_URL: cdn.transport()}) as http:
        settings = Settings(database_url=database_url, messenger=SETTINGS)
        async with running_bot(settings, http_client=http, clock=clock) as (client, workers):
            yield MessengerDoor(client, workers.wait_idle, graph, clock, photos=cdn.photos)


def as_messaging(sent: Incoming) -> list[dict[str, Any]]:
    """The `messaging[]` items Meta would send for `sent`: a text (a tapped quick reply when it
    has a payload), a postback (a payload alone), or attachments: its `photo` (a key of the
    door's `photos`) as an image on the fake CDN.

    Messenger delivers a photo's caption as a message of its own, after the photo."""
    if sent.photo is not None or sent.attachments:
        attached = event(sent.sender, message={"mid": sent.delivery_id, "attachments": _attachments(sent)})
        caption = [text_event(sent.sender, f"{sent.delivery_id}.caption", sent.text)] if sent.text else []
        return [attached, *caption]
    if sent.payload is not None and not sent.text:
        return [postback_event(sent.sender, f"p_{next(_postbacks)}", sent.payload)]
    return [text_event(sent.sender, sent.delivery_id, sent.text, sent.payload)]


def _attachments(sent: Incoming) -> list[dict[str, Any]]:
    if sent.photo is not None:
        return [{"type": "image", "payload": {"url": FakeCdn.url(sent.photo)}}]
    return [{"type": kind, "payload": {"url": "https://example.test/x"}} for kind in sent.attachments]


def _reply(body: dict[str, Any]) -> Reply:
    message = body["message"]
    choices = tuple(Choice(item["title"], item["payload"]) for item in message.get("quick_replies", []))
    assert len(message["text"]) <= 2000 and len(choices) <= 13
    assert all(len(choice.title) <= 20 for choice in choices)
    return Reply(message["text"], choices)
