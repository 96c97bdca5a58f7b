"""The Viber door as the rest of the service sees it (`delivery.channel.Channel`)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from starlette.routing import BaseRoute, Route

from delivery.refusals import RefusalLog
from delivery.timing import Clock
from handlers.messages import Incoming, Reply
from settings import ViberSettings
from viber.api import ViberClient
from viber.callbacks import CHANNEL, MalformedCallback, decode, incoming
from viber.messages import reply_messages
from viber.webhook import receive_callback, welcome_message


class Viber:
    """Viber: `/viber/webhook`, callbacks to `Incoming`, replies through `send_message`, photos
    from their `media` URLs.

    Mounted only when the auth token is set; without it `/viber/webhook` does not exist (404).
    """

    name = CHANNEL
    reminders = True
    """Viber lets a bot message its subscribers unprompted (billed outside a user's session)."""

    def __init__(self, settings: ViberSettings, client: ViberClient, clock: Clock) -> None:
        self._settings = settings
        self._client = client
        self._clock = clock
        self._refusals = RefusalLog(logging.getLogger("viber.webhook"))

    def routes(self) -> list[BaseRoute]:
        """`POST /viber/webhook`."""
        receive = partial(
            receive_callback, auth_token=self._settings.auth_token, clock=self._clock,
            welcome=welcome_message(self._settings.bot_name), refusals=self._refusals,
        )
        return [Route("/viber/webhook", receive, methods=["POST"])]

    def incoming(self, event: dict[str, Any]) -> Incoming | None:
        """A stored callback as the conversation's message; None for what is not answered."""
        try:
            return incoming(decode(event))
        except MalformedCallback:
            return None

    def acknowledgements(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """None: Viber needs no acknowledgement beyond the webhook's 200."""
        return []

    def render(self, recipient: str, reply: Reply) -> list[dict[str, Any]]:
        """`send_message` bodies: the text split within 7,000 characters and 30 KB, the keyboard on the last."""
        return reply_messages(recipient, reply, self._settings.bot_name)

    async def photo(self, reference: str) -> bytes | None:
        """The picture at a message's `media` URL (Viber keeps it for an hour), at most
        `photos.images.MAX_BYTES`; None when it cannot be fetched. Never raises; the URL is not logged."""
        return await self._client.media(reference)

    async def send(self, recipient: str, body: dict[str, Any]) -> bool:
        """POST one body to `send_message`; raises `SendError`."""
        await self._client.send_message(body)
        return True
