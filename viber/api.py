"""The Viber REST API client: `send_message` and `set_webhook` over the app's `httpx.AsyncClient`,
and the download of a picture a user sent.

Viber answers HTTP 200 with a `status` (0 is success). Failures are classified for the send
worker as `SendError`s: 12 (too many requests), HTTP 5xx and 429 and network failures are
transient; 5 and 6 (receiver not registered, not subscribed) mean the user cannot be reached
until they write again; 2 (invalid auth token) is permanent and raises the alarm; any other
status is permanent.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from delivery.bodies import answer_object
from delivery.channel import Failure, SendError
from photos.download import download
from viber.messages import encode

# httpx logs every request URL at INFO, and a picture's media URL leads to a customer's photo.
logging.getLogger("httpx").setLevel(logging.WARNING)

TOO_MANY_REQUESTS = 12
UNREACHABLE_STATUSES = frozenset({5, 6})
INVALID_AUTH_TOKEN = 2
WEBHOOK_EVENTS = ("delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started")
"""The callbacks `set_webhook` asks for (`message` always comes)."""


class ViberClient:
    """Calls `POST {api_url}/{method}` as the bot, with the `X-Viber-Auth-Token` header."""

    def __init__(self, http: httpx.AsyncClient, api_url: str, auth_token: str) -> None:
        self._http = http
        self._base = api_url.rstrip("/")
        self._headers = {"X-Viber-Auth-Token": auth_token, "Content-Type": "application/json"}

    async def send_message(self, body: dict[str, Any]) -> dict[str, Any]:
        """Send one message; raises `SendError`."""
        return await self.call("send_message", body)

    async def set_webhook(self, url: str) -> dict[str, Any]:
        """Register `url` for the callbacks the bot handles; raises `SendError`."""
        return await self.call("set_webhook", {"url": url, "event_types": list(WEBHOOK_EVENTS)})

    async def media(self, url: str) -> bytes | None:
        """The picture at a message's `media` URL, without the auth token (it goes to Viber's media
        host, not the API); None when it cannot be fetched (see `photos.download`)."""
        return await download(self._http, url)

    async def call(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST `body` to `method`; Viber's answer when its `status` is 0, else raises `SendError`."""
        try:
            response = await self._http.post(f"{self._base}/{method}", content=encode(body), headers=self._headers)
        except httpx.TransportError as error:
            raise SendError(f"{type(error).__name__}: {error}", Failure.TRANSIENT) from None
        if not response.is_success:
            transient = response.status_code >= 500 or response.status_code == 429
            failure = Failure.TRANSIENT if transient else Failure.PERMANENT
            raise SendError(f"HTTP {response.status_code}", failure)
        answer = answer_object(response)
        status = answer.get("status")
        if status == 0:
            return answer
        code = status if isinstance(status, int) and not isinstance(status, bool) else None
        raise classify(code, str(answer.get("status_message", "")))


def classify(status: int | None, message: str) -> SendError:
    """The `SendError` of a `status` other than 0 in an HTTP 200 answer."""
    reason = f"status {status}: {message}"
    if status == TOO_MANY_REQUESTS:
        return SendError(reason, Failure.TRANSIENT)
    if status in UNREACHABLE_STATUSES:
        return SendError(reason, Failure.UNREACHABLE)
    return SendError(reason, Failure.PERMANENT, alarm=status == INVALID_AUTH_TOKEN)
