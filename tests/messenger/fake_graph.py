"""A fake Graph API for tests: checks every request as Meta would, records it, fails on demand.

Use `FakeGraph.transport()` with an `httpx.AsyncClient` (no socket), or `FakeGraph.serve()`
to run it with uvicorn on 127.0.0.1 for a bot in another process.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from messenger.signature import appsecret_proof
from tests.fakes import FakeApi

VERSION = "v25.0"
BASE_URL = f"http://graph.test/{VERSION}"


@dataclass(frozen=True)
class Failure:
    """One failure to serve instead of a success: an HTTP error, or (through `transport()`
    only) a connection error."""

    status: int = 500
    code: int | None = 2
    subcode: int | None = None
    connection_error: bool = False


class FakeGraph(FakeApi[Failure]):
    """The Send, Messenger Profile and handover (`pass_thread_control`) APIs of one page;
    accepted bodies are kept in order. `refuse_passes` makes Meta refuse every pass."""

    def __init__(self, page_token: str, app_secret: str) -> None:
        self.page_token = page_token
        self.app_secret = app_secret
        self.messages: list[dict[str, Any]] = []
        self.profiles: list[dict[str, Any]] = []
        self.passes: list[dict[str, Any]] = []
        self.refuse_passes = False
        self.violations: list[str] = []
        super().__init__(Starlette(routes=[
            Route(f"/{VERSION}/me/messages", self._send, methods=["POST"]),
            Route(f"/{VERSION}/me/messenger_profile", self._profile, methods=["POST"]),
            Route(f"/{VERSION}/me/pass_thread_control", self._pass, methods=["POST"]),
        ]), f"/{VERSION}")

    async def _send(self, request: Request) -> JSONResponse:
        return await self._handle(request, self.messages, _send_problems)

    async def _profile(self, request: Request) -> JSONResponse:
        return await self._handle(request, self.profiles, _profile_problems)

    async def _pass(self, request: Request) -> JSONResponse:
        if self.refuse_passes:
            return _error(400, 10, 2018300, "the app is not allowed to pass the thread")
        return await self._handle(request, self.passes, _pass_problems)

    async def _handle(self, request: Request, accepted: list[dict[str, Any]], check: Any) -> JSONResponse:
        problems = self._auth_problems(request)
        try:
            body = await request.json()
        except ValueError:
            body = None
        problems += check(body) if isinstance(body, dict) else ["the body is not a JSON object"]
        if problems:
            self.violations.extend(problems)
            return _error(400, 100, None, "; ".join(problems))
        failure = self.take_failure()
        if failure is not None:
            return _error(failure.status, failure.code, failure.subcode, "simulated failure")
        accepted.append(body)
        if accepted is self.passes:
            return JSONResponse({"success": True})
        recipient = body.get("recipient", {}).get("id", "")
        return JSONResponse({"recipient_id": recipient, "message_id": f"m_sent_{len(accepted)}"})

    def _auth_problems(self, request: Request) -> list[str]:
        params = request.query_params
        problems = []
        if params.get("access_token") != self.page_token:
            problems.append("wrong or missing access_token")
        if params.get("appsecret_proof") != appsecret_proof(self.app_secret, self.page_token):
            problems.append("wrong or missing appsecret_proof")
        return problems


def _error(status: int, code: int | None, subcode: int | None, message: str) -> JSONResponse:
    error: dict[str, Any] = {"message": message, "type": "OAuthException", "fbtrace_id": "fake"}
    if code is not None:
        error["code"] = code
    if subcode is not None:
        error["error_subcode"] = subcode
    return JSONResponse({"error": error}, status_code=status)


def _send_problems(body: dict[str, Any]) -> list[str]:
    recipient = body.get("recipient")
    problems = []
    if not isinstance(recipient, dict) or not isinstance(recipient.get("id"), str) or not recipient["id"]:
        problems.append("no recipient.id")
    if "sender_action" in body:
        return problems
    if body.get("messaging_type") != "RESPONSE":
        problems.append("messaging_type is not RESPONSE")
    message = body.get("message")
    if not isinstance(message, dict):
        return problems + ["no message"]
    text = message.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= 2000:
        problems.append("text missing or over 2000 characters")
    return problems + _quick_reply_problems(message.get("quick_replies", []))


def _quick_reply_problems(quick_replies: Any) -> list[str]:
    if not isinstance(quick_replies, list) or len(quick_replies) > 13:
        return ["more than 13 quick replies"]
    problems = []
    for item in quick_replies:
        title, payload = item.get("title", ""), item.get("payload", "")
        if item.get("content_type") != "text" or not 1 <= len(title) <= 20 or not 1 <= len(payload) <= 1000:
            problems.append(f"quick reply out of limits: {item!r}")
    return problems


def _pass_problems(body: dict[str, Any]) -> list[str]:
    recipient = body.get("recipient")
    problems = []
    if not isinstance(recipient, dict) or not isinstance(recipient.get("id"), str) or not recipient["id"]:
        problems.append("no recipient.id")
    if not str(body.get("target_app_id", "")).isdigit():
        problems.append("target_app_id is not an app id")
    return problems


def _profile_problems(body: dict[str, Any]) -> list[str]:
    known = {"get_started", "greeting", "persistent_menu", "ice_breakers", "whitelisted_domains"}
    unknown = set(body) - known
    return [f"unknown profile fields {sorted(unknown)}"] if unknown or not body else []
