"""The Bot API client: `POST {TG_API_URL}/bot{token}/{method}` over the app's shared `httpx.AsyncClient`.

Failures are classified as Telegram documents them (CONTRACT section 3): 429 is retried after
its `parameters.retry_after`; 5xx and network failures are transient; 403 (the user blocked the
bot or deleted their account) makes the chat unreachable; 401 and 404 mean the token is wrong,
which an operator must fix; any other 4xx is permanent for that message. A file that `getFile`
prepared is downloaded from `{TG_API_URL}/file/bot{token}/{file_path}` (`photos.download`).

The token is part of every URL, so no URL is ever logged or put into an error: httpx's own
request log is silenced below WARNING, and a reason has the token masked should a description
ever echo it.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from delivery.bodies import json_object
from delivery.channel import Failure, SendError
from photos.download import download

_REJECTED_TOKEN = frozenset({401, 404})
_UNREACHABLE = 403
_TOO_MANY_REQUESTS = 429

# httpx logs every request URL at INFO, and ours carry the bot token in the path.
logging.getLogger("httpx").setLevel(logging.WARNING)


class BotApi:
    """Calls Bot API methods as the bot; raises `SendError` for every failure."""

    def __init__(self, http: httpx.AsyncClient, api_url: str, token: str) -> None:
        self._http = http
        self._token = token
        self._base = f"{api_url.rstrip('/')}/bot{token}/"
        self._files = f"{api_url.rstrip('/')}/file/bot{token}/"

    async def call(self, method: str, params: dict[str, Any]) -> Any:
        """POST `params` as JSON to `method`; its `result` when Telegram answers `ok`."""
        try:
            response = await self._http.post(self._base + method, json=params)
        except httpx.TransportError as error:
            raise SendError(self._masked(f"{method}: {type(error).__name__}: {error}"), Failure.TRANSIENT) from None
        answer = json_object(response.content) or {}
        if response.is_success and answer.get("ok") is True:
            return answer.get("result")
        raise self._classify(method, response.status_code, answer)

    async def download(self, file_path: str) -> bytes | None:
        """The file at `file_path` (from `getFile`), at most `photos.images.MAX_BYTES`; None on
        any failure, which is logged without the URL."""
        return await download(self._http, self._files + file_path)

    def _classify(self, method: str, status: int, answer: dict[str, Any]) -> SendError:
        code = answer.get("error_code", status)
        reason = self._masked(f"{method}: HTTP {status} error {code}: {answer.get('description', '')}")
        if status == _TOO_MANY_REQUESTS:
            return SendError(reason, Failure.TRANSIENT, retry_after=_retry_after(answer))
        if status >= 500:
            return SendError(reason, Failure.TRANSIENT)
        if status == _UNREACHABLE:
            return SendError(reason, Failure.UNREACHABLE)
        return SendError(reason, Failure.PERMANENT, alarm=status in _REJECTED_TOKEN)

    def _masked(self, text: str) -> str:
        return text.replace(self._token, "<TG_BOT_TOKEN>") if self._token else text


def _retry_after(answer: dict[str, Any]) -> float | None:
    parameters = answer.get("parameters")
    value = parameters.get("retry_after") if isinstance(parameters, dict) else None
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0 else None
