"""`GET /form` and `POST /form` (CONTRACT section 3): the pages around `webform.submitting`.

A post is read with a cap on its size (413), then its CSRF token is checked (403), then its
address is counted: more than `ADDRESS_POSTS.most` posts from one address in ten minutes wait
(429). Only then is the form looked at. Every answer is a page, never a redirect.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from delivery.timing import Clock
from settings import Settings
from web.csrf import FIELD, Csrf
from web.forms import TooLarge, read_form
from web.limits import Limit, client_address
from web.templates import Pages
from webform import texts
from webform.fields import Typed
from webform.submitting import submit
from webform.view import ConfirmationView, FormView

ADDRESS_POSTS = Limit("form-address", most=20, period=timedelta(minutes=10))
MAX_BODY = 16 * 1024
"""Bytes a post may have: the fields typed in full take under 2 KiB."""


class WebForm:
    """The web form's routes; readings are checked with `settings.conversation` at `clock()`."""

    def __init__(self, settings: Settings, clock: Clock) -> None:
        self._settings = settings.conversation
        self._clock = clock
        self._csrf = Csrf("form", secure=settings.web.secure_cookies)
        self._pages = Pages(Path(__file__).resolve().parent / "templates")

    def routes(self) -> list[BaseRoute]:
        return [Route("/form", self.show, methods=["GET"]), Route("/form", self.post, methods=["POST"])]

    async def show(self, request: Request) -> Response:
        """The empty form."""
        return self._form(request, FormView(Typed()))

    async def post(self, request: Request) -> Response:
        """The confirmation, the form again with notices, or a page that says why not."""
        try:
            form = await read_form(request, MAX_BODY)
        except TooLarge:
            return self._refused(request, texts.TOO_LARGE, 413)
        if not self._csrf.is_valid(request, form.get(FIELD, "")):
            return self._refused(request, texts.EXPIRED, 403)
        now = self._clock()
        wait = await ADDRESS_POSTS.admit(client_address(request), now)
        if wait is not None:
            return self._wait(request, texts.TOO_MANY_POSTS, wait, now)
        typed = Typed.from_form(form)
        answer = await submit(typed, now, self._settings)
        if answer.wait is not None:
            return self._wait(request, texts.TOO_MANY_FAILURES, answer.wait, now)
        if answer.stored is not None:
            return self._pages.render(request, "done.html", {"done": ConfirmationView.of(answer.stored)})
        return self._form(request, FormView(typed, answer.notices, answer.ask_confirm))

    def _form(self, request: Request, view: FormView) -> Response:
        issued = self._csrf.issue(request)
        context = {"form": view, "csrf_field": FIELD, "csrf_token": issued.token, "texts": texts}
        response = self._pages.render(request, "form.html", context)
        self._csrf.keep(response, issued)
        return response

    def _wait(self, request: Request, reason: str, wait: timedelta, now: datetime) -> Response:
        until = (now + wait).astimezone(self._settings.timezone)
        context = {"reason": reason, "when": texts.try_again(wait, until)}
        seconds = str(max(1, math.ceil(wait.total_seconds())))
        return self._pages.render(request, "wait.html", context, status_code=429, headers={"Retry-After": seconds})

    def _refused(self, request: Request, reason: str, status_code: int) -> Response:
        return self._pages.render(request, "refused.html", {"reason": reason}, status_code=status_code)
