"""The Viber door of the shared scenario: signed callbacks to the running app, replies read back
from the fake Viber API (or, for a welcome, from the callback's response), photos served by its
media host."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from handlers import payloads
from handlers.messages import Choice, Incoming, Reply
from settings import Settings, ViberSettings
from tests.channels.clock import SetClock
from tests.messenger.harness import running_bot
from tests.viber.fake_viber import BASE_URL, FakeViber, media_url
from tests.viber.harness import conversation_started, message, picture, post_callback
from viber.keyboards import action_body, payload_of

TOKEN = "viber-auth-token"
NAME = "ДТЕК Донецькі електромережі"
SETTINGS = ViberSettings(auth_token=TOKEN, api_url=BASE_URL, bot_name=NAME)
_tokens = itertools.count(1)


@dataclass
class ViberDoor:
    """A customer's messages as Viber calls back; what the fake Viber API received since.

    `photos` are the pictures the fake's media host serves, by the key a sent photo names.
    """

    client: httpx.AsyncClient
    wait_idle: Callable[[], Any]
    viber: FakeViber
    clock: SetClock
    channel: str = "viber"
    photos: dict[str, bytes] = field(default_factory=dict)

    async def exchange(self, sent: Incoming, now: datetime) -> list[Reply]:
        self.clock.set(now)
        seen = len(self.viber.messages)
        answer = await post_callback(self.client, TOKEN, as_callback(sent))
        assert answer.status_code == 200
        await self.wait_idle()
        assert self.viber.violations == []
        return [as_reply(body) for body in self.viber.messages[seen:] if body["receiver"] == sent.sender]


@asynccontextmanager
async def viber_door(database_url: str) -> AsyncIterator[ViberDoor]:
    """The app running on `database_url` with a fake Viber API; its clock follows each message."""
    viber = FakeViber(TOKEN, NAME)
    clock = SetClock()
    async with httpx.AsyncClient(transport=viber.transport()) as http:
        settings = Settings(database_url=database_url, viber=SETTINGS)
        async with running_bot(settings, http_client=http, clock=clock) as (client, workers):
            yield ViberDoor(client, workers.wait_idle, viber, clock, photos=viber.media)


def as_callback(sent: Incoming) -> dict[str, Any]:
    """The callback Viber would send for `sent`: Get Started is a subscriber opening the
    conversation; a payload (with or without a text) is a tap, whose text is the button's
    ActionBody; a photo is a picture at its key's media URL, captioned with the text; other
    attachments are a picture at a URL the fake does not serve; anything else a typed text."""
    token = next(_tokens)
    if sent.photo is not None:
        return picture(sent.sender, token, media_url(sent.photo), sent.text)
    if sent.attachments:
        return picture(sent.sender, token)
    if sent.payload == payloads.GET_STARTED and not sent.text:
        return conversation_started(sent.sender, token, subscribed=True)
    if sent.payload is not None:
        return message(sent.sender, token, action_body(sent.payload), silent=True)
    return message(sent.sender, token, sent.text)


def as_reply(body: dict[str, Any]) -> Reply:
    """A `send_message` body (or a welcome) as the conversation's reply, its buttons as choices."""
    buttons = body.get("keyboard", {}).get("Buttons", [])
    choices = tuple(Choice(button["Text"], payload_of(button["ActionBody"]) or "") for button in buttons)
    return Reply(body["text"], choices)
