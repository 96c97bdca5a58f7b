"""CSRF tokens: bound to their cookie, signed with the session secret, per kind of form."""

from __future__ import annotations

import re

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from tests.web.pages import page_client
from web.csrf import FIELD, Csrf
from web.forms import read_form

pytestmark = pytest.mark.anyio


def _routes(csrf: Csrf) -> list[Route]:
    async def show(request: Request) -> Response:
        issued = csrf.issue(request)
        response = PlainTextResponse(issued.token)
        csrf.keep(response, issued)
        return response

    async def post(request: Request) -> Response:
        form = await read_form(request, 4096)
        return PlainTextResponse("ok" if csrf.is_valid(request, form.get(FIELD, "")) else "refused")

    return [Route("/form", show, methods=["GET"]), Route("/form", post, methods=["POST"])]


async def test_a_token_is_valid_only_with_its_own_cookie() -> None:
    csrf = Csrf("form", secure=False)
    async with page_client(_routes(csrf)) as client:
        token = (await client.get("/form")).text
        assert (await client.post("/form", data={FIELD: token})).text == "ok"
        assert (await client.post("/form", data={FIELD: token[:-1] + "0"})).text == "refused"
        assert (await client.post("/form", data={})).text == "refused"
        client.cookies.clear()
        assert (await client.post("/form", data={FIELD: token})).text == "refused"
        again = (await client.get("/form")).text
        assert again != token


async def test_the_cookie_keeps_its_nonce_across_pages() -> None:
    async with page_client(_routes(Csrf("form", secure=False))) as client:
        assert (await client.get("/form")).text == (await client.get("/form")).text


async def test_a_token_for_another_form_is_refused() -> None:
    async with page_client(_routes(Csrf("form", secure=False))) as client:
        token = (await client.get("/form")).text
    other = Csrf("login", secure=False)
    async with page_client(_routes(other)) as client:
        await client.get("/form")
        assert (await client.post("/form", data={FIELD: token})).text == "refused"


async def test_the_cookie_is_host_only_http_only_and_lax() -> None:
    async with page_client(_routes(Csrf("form", secure=False))) as client:
        cookie = (await client.get("/form")).headers["set-cookie"]
    assert re.match(r"csrf=[A-Za-z0-9_-]{43}; ", cookie)
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert attributes == {"httponly", "path=/", "samesite=lax"}


async def test_over_https_the_cookie_is_secure_with_the_host_prefix() -> None:
    csrf = Csrf("form", secure=True)
    async with page_client(_routes(csrf), base_url="https://pages.test") as client:
        response = await client.get("/form")
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("__Host-csrf=") and "; secure" in cookie.lower() and "domain" not in cookie.lower()
        assert (await client.post("/form", data={FIELD: response.text})).text == "ok"
