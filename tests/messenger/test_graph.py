"""The Graph client: addressing, authentication and how errors are classified."""

from __future__ import annotations

import json

import httpx
import pytest

from messenger.graph import GraphClient, GraphError, classify
from messenger.signature import appsecret_proof

pytestmark = pytest.mark.anyio


def _response(status: int, error: dict[str, object] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": error} if error is not None else {})


@pytest.mark.parametrize(
    ("status", "error", "transient"),
    [
        (500, {"code": 2}, True),
        (400, {"code": 1}, True),
        (400, {"code": 4}, True),
        (400, {"code": 17}, True),
        (400, {"code": 32}, True),
        (400, {"code": 613}, True),
        (502, None, True),
        (429, None, True),
        (400, {"code": 551}, False),
        (400, {"code": 10, "error_subcode": 2018278}, False),
        (400, {"code": 100, "error_subcode": 2018001}, False),
        (400, {"code": 190}, False),
        (403, {"code": 200}, False),
        (500, {"code": 190}, False),
        (400, None, False),
    ],
)
def test_errors_are_classified(status: int, error: dict[str, object] | None, transient: bool) -> None:
    assert classify(_response(status, error)).transient is transient


def test_an_invalid_token_is_recognised() -> None:
    assert classify(_response(400, {"code": 190, "message": "expired"})).invalid_token


async def test_a_send_is_addressed_and_authenticated() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"message_id": "m"})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        graph = GraphClient(http, "https://graph.example/v25.0/", "tok", "sec")
        assert await graph.send({"recipient": {"id": "1"}}) == {"message_id": "m"}
        await graph.set_profile({"greeting": []})
    assert [request.url.path for request in seen] == ["/v25.0/me/messages", "/v25.0/me/messenger_profile"]
    assert dict(seen[0].url.params) == {"access_token": "tok", "appsecret_proof": appsecret_proof("sec", "tok")}
    assert json.loads(seen[0].content) == {"recipient": {"id": "1"}}


async def test_timeouts_and_connection_errors_are_transient() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        with pytest.raises(GraphError) as raised:
            await GraphClient(http, "https://graph.example/v25.0", "tok", "sec").send({})
    assert raised.value.transient and "tok" not in str(raised.value)
