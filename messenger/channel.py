"""The Messenger door as the rest of the service sees it (`delivery.channel.Channel`)."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import httpx
from starlette.routing import BaseRoute, Route

from delivery.channel import Failure, SendError, masked
from delivery.refusals import RefusalLog
from handlers import payloads
from handlers.messages import Incoming, Reply
from messenger.builders import reply_messages
from messenger.decoding import MalformedEvent, decode_event
from messenger.deletion import data_deletion
from messenger.events import AttachmentMessage, Postback, Referral, TextMessage
from messenger.graph import GraphClient, GraphError
from messenger.webhook import CHANNEL, receive_delivery, verify_subscription
from photos.download import download
from settings import MessengerSettings

log = logging.getLogger(__name__)


class Messenger:
    """Meta's Messenger: `/webhook`, page events to `Incoming`, replies through the Send API.

    Without a page token (`graph` None) replies are logged instead of sent: a dry run. Photos
    are fetched from Meta's CDN with `http`, which needs no token; without it, none is fetched.
    """

    name = CHANNEL
    reminders = False

    def __init__(
        self, settings: MessengerSettings, graph: GraphClient | None, public_url: str = "",
        *, http: httpx.AsyncClient | None = None,
    ) -> None:
        self._settings = settings
        self._graph = graph
        self._http = http
        self._refusals = RefusalLog(logging.getLogger("messenger.webhook"))
        self._public_url = public_url

    def routes(self) -> list[BaseRoute]:
        """`GET /webhook` (the subscription handshake), `POST /webhook` (deliveries) and
        `POST /messenger/data-deletion` (Meta's data deletion callback)."""
        verify = partial(verify_subscription, token=self._settings.verify_token, refusals=self._refusals)
        receive = partial(receive_delivery, app_secret=self._settings.app_secret, refusals=self._refusals)
        deletion = partial(data_deletion, app_secret=self._settings.app_secret, public_url=self._public_url)
        return [
            Route("/webhook", verify, methods=["GET"]),
            Route("/webhook", receive, methods=["POST"]),
            Route("/messenger/data-deletion", deletion, methods=["POST"]),
        ]

    def incoming(self, event: dict[str, Any]) -> Incoming | None:
        """A stored `messaging[]` item as the conversation's message; None for what is not answered."""
        try:
            decoded = decode_event(event)
        except MalformedEvent:
            return None
        sender, mid = decoded.sender_psid, str(getattr(decoded, "mid", ""))
        if isinstance(decoded, TextMessage):
            return Incoming(CHANNEL, sender, mid, decoded.text, decoded.quick_reply_payload)
        if isinstance(decoded, Postback):
            return Incoming(CHANNEL, sender, mid, payload=decoded.payload)
        if isinstance(decoded, Referral):
            return Incoming(CHANNEL, sender, mid, payload=payloads.GET_STARTED)
        if isinstance(decoded, AttachmentMessage):
            return Incoming(CHANNEL, sender, mid, attachments=decoded.attachment_types, photo=decoded.photo_url)
        return None

    def acknowledgements(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        """None: Messenger needs no acknowledgement beyond the webhook's 200."""
        return []

    def render(self, recipient: str, reply: Reply) -> list[dict[str, Any]]:
        """Send API bodies: the text split within 2,000 characters, quick replies on the last."""
        return reply_messages(recipient, reply)

    async def photo(self, reference: str) -> bytes | None:
        """The photo at `reference`, an attachment's CDN URL, within `photos.images.MAX_BYTES`;
        None when it cannot be fetched (or there is no HTTP client). Never raises, never logs the
        URL (its query string is signed)."""
        if self._http is None:
            return None
        return await download(self._http, reference)

    async def send(self, recipient: str, body: dict[str, Any]) -> bool:
        """POST one body to the Send API; without a page token, log it instead."""
        if self._graph is None:
            log.info("dry run, to %s: %s", recipient, masked(_text_of(body)))
            return False
        try:
            await self._graph.send(body)
        except GraphError as error:
            failure = Failure.TRANSIENT if error.transient else Failure.PERMANENT
            reason = f"{error}; replace FB_PAGE_ACCESS_TOKEN" if error.invalid_token else str(error)
            raise SendError(reason, failure, alarm=error.invalid_token) from None
        return True

    async def hand_over(self, recipient: str) -> bool:
        """Pass the thread to `FB_HANDOVER_APP_ID` (Page Inbox); False when Meta refused.

        Until the thread comes back (a `pass_thread_control` event), the customer's messages
        arrive in `standby` and are stored unanswered. A dry run only logs.
        """
        if self._graph is None:
            log.info("dry run: the thread of %s would go to app %s", recipient, self._settings.handover_app_id)
            return True
        try:
            await self._graph.pass_thread_control(recipient, self._settings.handover_app_id)
        except GraphError as error:
            if error.transient:
                raise SendError(str(error), Failure.TRANSIENT) from None
            log.warning("Meta refused to pass the thread of %s: %s", recipient, error)
            return False
        return True


def _text_of(body: dict[str, Any]) -> str:
    message = body.get("message")
    text = message.get("text") if isinstance(message, dict) else None
    return text if isinstance(text, str) else str(body.get("sender_action", ""))
