"""The Graph API client: the Send API and the Messenger Profile API over one pooled `httpx.AsyncClient`.

Errors are classified as Meta documents them: timeouts, connection errors, HTTP 5xx and
429, and the codes 1, 2, 4, 17, 32 and 613 are transient and worth a retry; anything else
(551 user unavailable, 10/2018278 outside the messaging window, 100/2018001 no such user,
190 invalid token, 200 permission) is permanent.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import httpx

from delivery.bodies import answer_object
from messenger.signature import appsecret_proof
from messenger.transport import ShardedTransport

TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 613})
PERMANENT_CODES = frozenset({10, 100, 190, 200, 551})
INVALID_TOKEN_CODE = 190
_PATHS = ("/me/messages", "/me/messenger_profile", "/me/pass_thread_control")
DEFAULT_TIMEOUT = httpx.Timeout(8.0, connect=4.0)

# httpx logs every request URL at INFO, and ours carry the page token in the query string.
logging.getLogger("httpx").setLevel(logging.WARNING)


def new_http_client() -> httpx.AsyncClient:
    """The app's client for the Graph API, with timeouts: 128 connections in 64 pools."""
    return httpx.AsyncClient(timeout=DEFAULT_TIMEOUT, transport=ShardedTransport(shards=64, connections=2))


@dataclass
class GraphError(Exception):
    """A Graph API call failed; `transient` says whether trying again may succeed."""

    reason: str
    transient: bool
    code: int | None = None
    subcode: int | None = None

    def __str__(self) -> str:
        return self.reason

    @property
    def invalid_token(self) -> bool:
        """The page token is expired, revoked or wrong: every call will fail until it is replaced."""
        return self.code == INVALID_TOKEN_CODE


class GraphClient:
    """Calls the Graph API as the page: token and `appsecret_proof` go in the query string."""

    def __init__(self, http: httpx.AsyncClient, graph_url: str, page_token: str, app_secret: str) -> None:
        self._http = http
        params = {"access_token": page_token}
        if app_secret:
            params["appsecret_proof"] = appsecret_proof(app_secret, page_token)
        base = graph_url.rstrip("/")
        # Parsed once: building a URL with its query string is a good part of a call's CPU.
        self._urls = {path: httpx.URL(base + path, params=params) for path in _PATHS}

    async def send(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST one Send API body to `/me/messages`; raises `GraphError`."""
        return await self._post("/me/messages", body)

    async def set_profile(self, body: dict[str, Any]) -> dict[str, Any]:
        """POST the page's Messenger profile to `/me/messenger_profile`; raises `GraphError`."""
        return await self._post("/me/messenger_profile", body)

    async def pass_thread_control(self, psid: str, target_app_id: str) -> dict[str, Any]:
        """POST `/me/pass_thread_control`: give the thread to the app `target_app_id`; raises `GraphError`."""
        body = {"recipient": {"id": psid}, "target_app_id": target_app_id, "metadata": "customer asked for a person"}
        return await self._post("/me/pass_thread_control", body)

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        try:
            response = await self._http.post(self._urls[path], json=body)
        except httpx.TransportError as error:
            raise GraphError(f"{type(error).__name__}: {error}", transient=True) from None
        if response.is_success:
            return answer_object(response)
        raise classify(response)


def classify(response: httpx.Response) -> GraphError:
    """The `GraphError` of a failed response, transient or permanent."""
    error = answer_object(response).get("error")
    details = error if isinstance(error, dict) else {}
    code, subcode = _int(details.get("code")), _int(details.get("error_subcode"))
    reason = f"HTTP {response.status_code} code {code} subcode {subcode}: {details.get('message', '')}"
    transient = code in TRANSIENT_CODES or (
        code not in PERMANENT_CODES and (response.status_code >= 500 or response.status_code == 429)
    )
    return GraphError(reason, transient=transient, code=code, subcode=subcode)


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
