"""The operator console's pages: sign-in, the dashboard, and the operators' actions.

Every form carries the CSRF token (403 without it). Signing in is limited: after
`SIGN_IN_FAILURES.most` wrong tries for one name or from one address within its period,
every try waits (429), even with the right password. Actions answer with a redirect back to
the dashboard (303), so a reload never repeats them.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Mapping
from datetime import timedelta
from pathlib import Path

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from console import actions, backlog
from console.chart import chart, colour_of
from console.figures import inbox_pending, outbox_pending
from console.glance import REASON_NAMES, glance
from console.passwords import verify_password
from console.sessions import Sessions
from delivery.channel import Channel
from delivery.timing import Clock
from models.operators import Operator
from settings import Settings
from web.csrf import FIELD, Csrf
from web.forms import TooLarge, read_form
from web.limits import Limit, client_address
from web.templates import Pages

NAME_FAILURES = Limit("operator-name", most=5, period=timedelta(minutes=15))
ADDRESS_FAILURES = Limit("operator-address", most=5, period=timedelta(minutes=15))
MAX_BODY = 8 * 1024
_DUMMY_HASH = "scrypt$16384$8$1$00$00"
"""Verified against for an unknown name, so that it takes as long as a known one."""

Action = Callable[[Request, dict[str, str], str], Awaitable[object]]


class Console:
    """The console's routes over the app's channels (to render operators' answers)."""

    def __init__(self, settings: Settings, channels: Mapping[str, Channel], clock: Clock) -> None:
        self._timezone = settings.conversation.timezone
        self._channels = channels
        self._clock = clock
        self._csrf = Csrf("operator", secure=settings.secure_cookies)
        self._sessions = Sessions(secure=settings.secure_cookies)
        self._pages = Pages(Path(__file__).resolve().parent / "templates")

    def routes(self) -> list[BaseRoute]:
        post = ["POST"]
        return [
            Route("/operator", self.dashboard, methods=["GET"]),
            Route("/operator/login", self.login_form, methods=["GET"]),
            Route("/operator/login", self.login, methods=post),
            Route("/operator/logout", self.logout, methods=post),
            Route("/operator/retry", self._acting(self._retry), methods=post),
            Route("/operator/reply", self._acting(self._reply), methods=post),
            Route("/operator/close", self._acting(self._close), methods=post),
            Route("/operator/forget", self._acting(self._forget), methods=post),
        ]

    async def dashboard(self, request: Request) -> Response:
        """The month at a glance, the queues, the waiting conversations, an account's history."""
        now = self._clock()
        operator = await self._sessions.operator(request, now)
        if operator is None:
            return RedirectResponse("/operator/login", status_code=303)
        summary = await glance(now, self._timezone)
        number = request.query_params.get("account", "")
        context = {
            "operator": operator.name, "glance": summary, "chart": chart(summary.days, summary.channels),
            "legend": [(channel, colour_of(summary.channels, channel)) for channel in summary.channels],
            "inbox": await inbox_pending(), "outbox": await outbox_pending(),
            "failed": await backlog.failed_sends(), "waiting": await backlog.conversations(self._channels, now),
            "number": number, "history": await backlog.history(number) if number else None,
            "timezone": self._timezone, "reason_names": REASON_NAMES,
        }
        return self._render(request, "console.html", context)

    async def login_form(self, request: Request) -> Response:
        return self._render(request, "login.html", {})

    async def login(self, request: Request) -> Response:
        """303 to the console with a session; 401 for a wrong name or password; 429 when locked."""
        form = await self._form(request)
        if form is None:
            return self._render(request, "login.html", {"error": "Форма застаріла. Спробуйте ще раз."}, 403)
        name, now, address = form.get("name", "").strip(), self._clock(), client_address(request)
        waits = [wait for wait in (await NAME_FAILURES.wait(name, now), await ADDRESS_FAILURES.wait(address, now)) if wait]
        if waits:
            return self._locked(request, max(waits))
        operator = await Operator.get_or_none(name=name)
        stored = operator.password_hash if operator else _DUMMY_HASH
        if not verify_password(form.get("password", ""), stored) or operator is None:
            await NAME_FAILURES.count(name, now)
            await ADDRESS_FAILURES.count(address, now)
            return self._render(request, "login.html", {"error": "Неправильне ім'я або пароль.", "name": name}, 401)
        response = RedirectResponse("/operator", status_code=303)
        await self._sessions.start(request, response, operator, now)
        return response

    async def logout(self, request: Request) -> Response:
        """End the session: its cookie no longer opens the console."""
        if await self._form(request) is None:
            return Response("Forbidden", status_code=403)
        response = RedirectResponse("/operator/login", status_code=303)
        await self._sessions.end(request, response, self._clock())
        return response

    def _acting(self, action: Action) -> Callable[[Request], Awaitable[Response]]:
        """A POST route that needs a session and the CSRF token, then runs `action`."""

        async def route(request: Request) -> Response:
            operator = await self._sessions.operator(request, self._clock())
            if operator is None:
                return RedirectResponse("/operator/login", status_code=303)
            form = await self._form(request)
            if form is None:
                return Response("Forbidden", status_code=403)
            await action(request, form, operator.name)
            return RedirectResponse("/operator", status_code=303)

        return route

    async def _retry(self, request: Request, form: dict[str, str], operator: str) -> None:
        if await actions.retry(_id(form), operator, self._clock()):
            request.app.state.workers.replies_stored()

    async def _reply(self, request: Request, form: dict[str, str], operator: str) -> None:
        if await actions.reply(self._channels, _id(form), form.get("text", ""), operator, self._clock()):
            request.app.state.workers.replies_stored()

    async def _close(self, request: Request, form: dict[str, str], operator: str) -> None:
        await actions.close(_id(form), operator, self._clock())

    async def _forget(self, request: Request, form: dict[str, str], operator: str) -> None:
        await actions.forget(_id(form), operator, self._clock())

    async def _form(self, request: Request) -> dict[str, str] | None:
        """The posted fields when the CSRF token holds, else None."""
        try:
            form = await read_form(request, MAX_BODY)
        except TooLarge:
            return None
        return form if self._csrf.is_valid(request, form.get(FIELD, "")) else None

    def _locked(self, request: Request, wait: timedelta) -> Response:
        minutes = max(1, math.ceil(wait.total_seconds() / 60))
        error = f"Забагато невдалих спроб. Спробуйте через {minutes} хв."
        response = self._render(request, "login.html", {"error": error}, 429)
        response.headers["Retry-After"] = str(max(1, math.ceil(wait.total_seconds())))
        return response

    def _render(self, request: Request, name: str, context: dict[str, object], status_code: int = 200) -> Response:
        issued = self._csrf.issue(request)
        response = self._pages.render(
            request, name, {**context, "csrf_field": FIELD, "csrf_token": issued.token}, status_code=status_code
        )
        self._csrf.keep(response, issued)
        return response


def _id(form: dict[str, str]) -> int:
    value = form.get("id", "")
    return int(value) if value.isdigit() else 0
