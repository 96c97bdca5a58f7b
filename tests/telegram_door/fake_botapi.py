"""A fake Bot API for tests: checks every request as Telegram would, records it, fails on demand,
and serves the files customers sent (`getFile`, then `GET /file/bot<token>/<file_path>`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.fakes import FakeApi

BASE_URL = "http://telegram.test"
MAX_DOWNLOAD = 20 * 1024 * 1024
"""The largest file a bot may download: `getFile` refuses larger ones."""


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
    `BASE_URL`, or `serve()` for the value of `TG_API_URL`.

    `files` holds the files customers sent, by file id (shared with the caller when given);
    `getFile` prepares a path for each, and a path whose file id is in `expired` answers 404, as
    a download link does after its hour. Failures are served to Bot API calls, not downloads.
    """

    def __init__(self, token: str, files: dict[str, bytes] | None = None) -> None:
        self.token = token
        self.accepted: list[Call] = []
        self.violations: list[str] = []
        self.files = {} if files is None else files
        self.expired: set[str] = set()
        self._paths: dict[str, str] = {}
        routes = [Route("/bot{token}/{method}", self._handle, methods=["POST"]),
                  Route("/file/bot{token}/{path:path}", self._download, methods=["GET"])]
        super().__init__(Starlette(routes=routes), "")

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
        if method == "getFile":
            return self._get_file(params)
        self.accepted.append(Call(method, params))
        return JSONResponse({"ok": True, "result": _result(method, params, len(self.accepted))})

    def _get_file(self, params: dict[str, Any]) -> JSONResponse:
        file_id = params["file_id"]
        if file_id not in self.files:
            return _error(400, "Bad Request: invalid file_id")
        if len(self.files[file_id]) > MAX_DOWNLOAD:
            return _error(400, "Bad Request: file is too big")
        self.accepted.append(Call("getFile", params))
        path = self._paths.setdefault(file_id, f"photos/file_{len(self._paths)}.jpg")
        return JSONResponse({"ok": True, "result": {"file_id": file_id, "file_unique_id": f"u-{file_id}",
                                                    "file_size": len(self.files[file_id]), "file_path": path}})

    async def _download(self, request: Request) -> Response:
        if request.path_params["token"] != self.token:
            self.violations.append("wrong token in a file's path")
            return PlainTextResponse("Unauthorized", status_code=401)
        file_id = next((key for key, path in self._paths.items() if path == request.path_params["path"]), None)
        if file_id is None or file_id in self.expired or file_id not in self.files:
            return PlainTextResponse("Not Found", status_code=404)
        return Response(self.files[file_id], media_type="image/jpeg")

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
    "getFile": _required("file_id"),
}
