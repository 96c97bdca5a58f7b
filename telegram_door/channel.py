"""The Telegram door as the rest of the service sees it (`delivery.channel.Channel`)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from starlette.routing import BaseRoute, Route

from delivery.refusals import RefusalLog
from delivery.timing import Clock
from handlers.messages import Incoming, Reply
from telegram_door.botapi import BotApi
from telegram_door.builders import answer_callback_query, reply_messages
from telegram_door.files import fetch_photo
from telegram_door.updates import CHANNEL, callback_query_id, decode, incoming, update_id_of
from telegram_door.webhook import receive_update

WEBHOOK_PATH = "/telegram/webhook"


class Telegram:
    """Telegram's Bot API: `/telegram/webhook`, updates to `Incoming`, replies through `sendMessage`,
    photos through `getFile`.

    Every button tap is answered with `answerCallbackQuery`, queued before any reply.
    """

    name = CHANNEL
    reminders = True

    def __init__(self, api: BotApi, webhook_secret: str, clock: Clock) -> None:
        self._api = api
        self._secret = webhook_secret
        self._clock = clock
        self._refusals = RefusalLog(logging.getLogger("telegram_door.webhook"))

    def routes(self) -> list[BaseRoute]:
        """`POST /telegram/webhook`."""
        receive = partial(receive_update, secret=self._secret, clock=self._clock, refusals=self._refusals)
        return [Route(WEBHOOK_PATH, receive, methods=["POST"])]

    def incoming(self, event: dict[str, Any]) -> Incoming | None:
        """A stored update as the conversation's message; None for what is not answered."""
        update = decode(event)
        if update is None:
            return None
        return incoming(update, f"update:{update_id_of(event)}")

    def acknowledgements(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """`answerCallbackQuery` for a button tap, whatever the conversation answers."""
        query = callback_query_id(event)
        return [] if query is None else [answer_callback_query(query)]

    def render(self, recipient: str, reply: Reply) -> list[dict[str, Any]]:
        """`sendMessage` bodies: the text split within 4,096 characters, buttons on the last."""
        return reply_messages(recipient, reply)

    async def photo(self, reference: str) -> bytes | None:
        """The photo file `reference` names (a file id): `getFile`, then its download; never raises."""
        return await fetch_photo(self._api, reference)

    async def send(self, recipient: str, body: dict[str, Any]) -> bool:
        """Call the body's Bot API method; raises `SendError`."""
        params = dict(body)
        await self._api.call(params.pop("method"), params)
        return True
