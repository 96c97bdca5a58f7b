"""A fake Viber REST API for tests: checks every request as Viber would, records it, fails on demand.
It also plays Viber's media host, which serves the pictures customers send (`media_url`).

Use `FakeViber.transport()` with an `httpx.AsyncClient` (no socket), or `FakeViber.serve()` to
run it with uvicorn on 127.0.0.1 for a bot in another process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Host, Route, Router

from tests.fakes import FakeApi

BASE_URL = "http://viber.test/pa"
MEDIA_HOST = "dl-media.viber.test"
KNOWN_EVENTS = {"delivered", "seen", "failed", "subscribed", "unsubscribed", "conversation_started"}


@dataclass(frozen=True)
class Failure:
    """One failure to serve instead of a success: a Viber `status`, an HTTP error, or (through
    `transport()` only) a connection error."""

    status: int = 12
    http_status: int = 200
    connection_error: bool = False


def media_url(key: str) -> str:
    """The `media` URL of a picture message: where the fake serves `FakeViber.media[key]`."""
    return f"https://{MEDIA_HOST}/{key}.jpg"


class FakeViber(FakeApi[Failure]):
    """`send_message` and `set_webhook` of one bot; accepted bodies are kept in order.

    `media` holds the pictures the media host serves, by key (404 for any other); `downloads`
    the keys asked for, in order.
    """

    def __init__(self, auth_token: str, bot_name: str) -> None:
        self.auth_token = auth_token
        self.bot_name = bot_name
        self.messages: list[dict[str, Any]] = []
        self.webhooks: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.media: dict[str, bytes] = {}
        self.downloads: list[str] = []
        super().__init__(Starlette(routes=[
            Host(MEDIA_HOST, Router([Route("/{key}.jpg", self._media, methods=["GET"])])),
            Route("/pa/send_message", self._send, methods=["POST"]),
            Route("/pa/set_webhook", self._set_webhook, methods=["POST"]),
        ]), "/pa")

    async def _send(self, request: Request) -> Response:
        return await self._handle(request, self.messages, send_problems)

    async def _set_webhook(self, request: Request) -> Response:
        return await self._handle(request, self.webhooks, _webhook_problems)

    async def _media(self, request: Request) -> Response:
        if "x-viber-auth-token" in request.headers:
            self.violations.append("the auth token was sent to the media host")
        key = request.path_params["key"]
        self.downloads.append(key)
        if key not in self.media:
            return Response("not found", status_code=404)
        return Response(self.media[key], media_type="image/jpeg")

    async def _handle(self, request: Request, accepted: list[dict[str, Any]], check: Any) -> Response:
        raw = await request.body()
        if request.headers.get("x-viber-auth-token") != self.auth_token:
            return JSONResponse({"status": 2, "status_message": "invalidAuthToken"})
        if len(raw) >= 30_000:
            self.violations.append(f"a body of {len(raw)} bytes")
            return JSONResponse({"status": 3, "status_message": "badData"})
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        problems = check(body, self.bot_name) if isinstance(body, dict) else ["the body is not a JSON object"]
        if problems:
            self.violations.extend(problems)
            return JSONResponse({"status": 3, "status_message": "; ".join(problems)})
        failure = self.take_failure()
        if failure is not None:
            if failure.http_status != 200:
                return Response("simulated failure", status_code=failure.http_status)
            return JSONResponse({"status": failure.status, "status_message": "simulated failure"})
        accepted.append(body)
        return JSONResponse({"status": 0, "status_message": "ok", "message_token": 5000 + len(accepted)})


def send_problems(body: dict[str, Any], bot_name: str) -> list[str]:
    """What Viber would refuse in a `send_message` body (a welcome has no `receiver`)."""
    problems = []
    if "receiver" in body and (not isinstance(body["receiver"], str) or not body["receiver"]):
        problems.append("no receiver")
    if body.get("type") != "text":
        problems.append("type is not text")
    text = body.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= 7000:
        problems.append("text missing or over 7000 characters")
    sender = body.get("sender")
    name = sender.get("name") if isinstance(sender, dict) else None
    if not isinstance(name, str) or not 1 <= len(name) <= 28 or name != bot_name:
        problems.append(f"sender.name {name!r} is not the bot's name of at most 28 characters")
    if "keyboard" in body:
        problems += _keyboard_problems(body["keyboard"])
    return problems


def _keyboard_problems(keyboard: Any) -> list[str]:
    if not isinstance(keyboard, dict) or keyboard.get("Type") != "keyboard":
        return ["a keyboard must be an object of Type keyboard"]
    buttons = keyboard.get("Buttons")
    if not isinstance(buttons, list) or not 1 <= len(buttons) <= 24:
        return ["a keyboard needs 1 to 24 Buttons"]
    problems = []
    for button in buttons:
        if not (isinstance(button.get("Columns"), int) and 1 <= button["Columns"] <= 6
                and isinstance(button.get("Rows"), int) and 1 <= button["Rows"] <= 2):
            problems.append(f"button size out of the grid: {button!r}")
        if button.get("ActionType") != "reply" or not button.get("ActionBody") or not button.get("Text"):
            problems.append(f"a reply button needs ActionBody and Text: {button!r}")
    return problems


def _webhook_problems(body: dict[str, Any], bot_name: str) -> list[str]:
    url, events = body.get("url"), body.get("event_types", [])
    problems = [] if isinstance(url, str) and url.startswith("https://") else ["url is not https"]
    if not isinstance(events, list) or not set(events) <= KNOWN_EVENTS:
        problems.append(f"unknown event_types {events!r}")
    return problems
