"""The served form behind a proxy: uvicorn takes the client's address from `X-Forwarded-For`
when the request comes from the loopback address (CONTRACT section 3)."""

from __future__ import annotations

import asyncio

import httpx

from tests.web.served import Served
from tests.webform.site import token_in


async def _post(client: httpx.AsyncClient, forwarded_for: str | None) -> int:
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    page = await client.get("/form", headers=headers)
    data = {"csrf_token": token_in(page.text), "account": "bad"}
    return (await client.post("/form", data=data, headers=headers)).status_code


async def _posts(url: str) -> tuple[list[int], int, int]:
    async with httpx.AsyncClient(base_url=url) as client:
        first = [await _post(client, "192.0.2.71") for _ in range(21)]
        return first, await _post(client, "192.0.2.72"), await _post(client, None)


def test_each_forwarded_address_is_limited_on_its_own(served_form: Served) -> None:
    first, other, proxy_itself = asyncio.run(_posts(served_form.url))
    assert first == [200] * 20 + [429]
    assert other == proxy_itself == 200
