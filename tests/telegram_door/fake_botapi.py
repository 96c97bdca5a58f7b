"""A fake Bot API for tests: checks every request as Telegram would, records it, fails on demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests.fakes import FakeApi

BASE_URL = "http://telegram.test"


@dataclass(frozen=True)
class Failure:
    """One failure to serve instead of a success: a Bot API error, or (through `transport()`
    only) a connection error."""

    status: int = 500
    retry_after: int | None = None
    connection_error: bool = False


@dataclass(frozen=True)
class Call:
    """One accepted call: the method and its parameters."""

    method: str
    params: dict[str, Any]


class FakeBotApi(FakeApi[Failure]):
    """The Bot API of one bot; accepted calls are kept in order in `accepted`, problems in
    `violations`; `calls` counts every call, failed ones included. Use `transport()` with
    `BASE_URL`, or `serve()` for the value of `TG_API_URL`."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.accepted: list[Call] = []
        self.violations: list[str] = []
        super().__init__(Starlette(routes=[Route("/bot{token}/{method}", self._handle, methods=["POST"])]), "")

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        """The parameters of the accepted calls of `method`, in order."""
        return [call.params for call in self.accepted if call.method == method]

    async def _handle(self, request: Request) -> JSONResponse:
        method = request.path_params["method"]
        if request.path_params["token"] != self.token:
            self.violations.append("wrong token in the path")
            return _error(401, "Unauthorized")
        try:
            params = await request.json()
        except ValueError:
            params = None
        check = _CHECKS.get(method)
        problems = [f"unknown method {method}"] if check is None else []
        problems += ["the body is not a JSON object"] if not isinstance(params, dict) else check(params) if check else []
        if problems:
            self.violations.extend(problems)
            return _error(400, "Bad Request: " + "; ".join(problems))
        failure = self.take_failure()
        if failure is not None:
            return _error(failure.status, "simulated failure", failure.retry_after)
        self.accepted.append(Call(method, params))
        return JSONResponse({"ok": True, "result": _result(method, params, len(self.accepted))})

    def unanswered_taps(self, tapped: list[str]) -> list[str]:
        """The callback query ids among `tapped` that no `answerCallbackQuery` answered."""
        answered = {params["callback_query_id"] for params in self.sent("answerCallbackQuery")}
        return [query for query in tapped if query not in answered]


def _error(status: int, description: str, retry_after: int | None = None) -> JSONResponse:
    answer: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        answer["parameters"] = {"retry_after": retry_after}
    return JSONResponse(answer, status_code=status)


def _result(method: str, params: dict[str, Any], number: int) -> Any:
    if method == "sendMessage":
        return {"message_id": number, "date": 1764000000, "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params["text"]}
    return True


def _send_message_problems(params: dict[str, Any]) -> list[str]:
    problems = []
    if not str(params.get("chat_id", "")).lstrip("-").isdigit():
        problems.append("chat_id is not a chat id")
    text = params.get("text")
    if not isinstance(text, str) or not 1 <= len(text) <= 4096:
        problems.append("text missing or over 4096 characters")
    markup = params.get("reply_markup", {"inline_keyboard": []})
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        return problems + ["reply_markup without inline_keyboard"]
    for button in (button for row in rows for button in row):
        data = button.get("callback_data", "")
        if not button.get("text") or not 1 <= len(data.encode()) <= 64:
            problems.append(f"button out of limits: {button!r}")
    return problems


def _required(*names: str) -> Callable[[dict[str, Any]], list[str]]:
    return lambda params: [f"no {name}" for name in names if not params.get(name)]


_CHECKS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    "sendMessage": _send_message_problems,
    "answerCallbackQuery": _required("callback_query_id"),
    "setWebhook": _required("url", "secret_token", "allowed_updates"),
    "setMyCommands": _required("commands"),
    "setMyDescription": _required("description"),
    "getMe": _required(),
}
