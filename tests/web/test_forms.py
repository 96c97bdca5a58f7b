"""Posted forms are read with a cap on their size; odd bytes do not break them."""

from __future__ import annotations

import pytest
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from tests.web.pages import page_client
from web.forms import TooLarge, read_form

pytestmark = pytest.mark.anyio


async def _echo(request: Request) -> Response:
    try:
        return JSONResponse(await read_form(request, 1024))
    except TooLarge:
        return PlainTextResponse("too large", status_code=413)


ROUTES = [Route("/echo", _echo, methods=["POST"])]


async def test_fields_are_read_first_value_first() -> None:
    async with page_client(ROUTES) as client:
        response = await client.post("/echo", content=b"a=1&b=%D0%86%F0%9F%98%80&a=2&c=", headers=_FORM)
    assert response.json() == {"a": "1", "b": "І😀", "c": ""}


async def test_a_body_over_the_cap_is_refused_whether_declared_or_streamed() -> None:
    async with page_client(ROUTES) as client:
        assert (await client.post("/echo", data={"a": "x" * 2000})).status_code == 413

        async def chunks():  # type: ignore[no-untyped-def]
            for _ in range(100):
                yield b"a" * 100

        assert (await client.post("/echo", content=chunks(), headers=_FORM)).status_code == 413


async def test_too_many_fields_are_refused_and_broken_bytes_are_replaced() -> None:
    async with page_client(ROUTES) as client:
        assert (await client.post("/echo", content=b"&".join([b"a=1"] * 40), headers=_FORM)).status_code == 413
        response = await client.post("/echo", content=b"a=%FF%FE\xff", headers=_FORM)
    assert response.json() == {"a": "\ufffd\ufffd\ufffd"}


_FORM = {"Content-Type": "application/x-www-form-urlencoded"}
