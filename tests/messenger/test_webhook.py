"""The webhook over HTTP with the app's lifespan: handshake, signature, limits, storage, dedup."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from handlers.messages import Incoming, Reply
from messenger.signature import sign
from messenger.webhook import MAX_BODY_BYTES
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage, OutgoingStatus
from settings import MessengerSettings, Settings
from tests.messenger.fake_graph import BASE_URL, FakeGraph
from tests.messenger.harness import delivery, event, post_delivery, postback_event, running_bot, text_event

pytestmark = pytest.mark.anyio

SECRET = "app-secret"
TOKEN = "page-token"


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph(TOKEN, SECRET)


@pytest.fixture
def settings(db: str) -> Settings:
    return Settings(database_url=db, messenger=MessengerSettings(
        app_secret=SECRET, verify_token="verify-me", page_access_token=TOKEN, graph_url=BASE_URL))


@pytest.fixture
async def graph_client(fake: FakeGraph) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=fake.transport()) as client:
        yield client


async def echo_responder(incoming: Incoming, now: object) -> list[Reply]:
    """Answers every text with itself, so tests can tell which event a reply belongs to."""
    return [Reply(incoming.text)] if incoming.text else []


async def test_handshake_echoes_the_challenge_for_our_token(settings: Settings) -> None:
    async with running_bot(settings) as (client, _):
        params = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "12345"}
        answer = await client.get("/webhook", params=params)
        assert (answer.status_code, answer.text) == (200, "12345")
        assert answer.headers["content-type"].startswith("text/plain")
        wrong = await client.get("/webhook", params={**params, "hub.verify_token": "other"})
        assert wrong.status_code == 403


async def test_handshake_is_refused_without_a_configured_token(db: str) -> None:
    async with running_bot(Settings(database_url=db)) as (client, _):
        params = {"hub.mode": "subscribe", "hub.verify_token": "", "hub.challenge": "1"}
        assert (await client.get("/webhook", params=params)).status_code == 403


@pytest.mark.parametrize("header", [None, "sha256=" + "0" * 64, "sha1=abc", "", "sha256="])
async def test_a_bad_signature_is_refused_and_nothing_stored(settings: Settings, header: str | None) -> None:
    body = json.dumps(delivery(text_event("100", "m_1", "hi"))).encode()
    headers = {} if header is None else {"X-Hub-Signature-256": header}
    async with running_bot(settings) as (client, _):
        answer = await client.post("/webhook", content=body, headers=headers)
        assert answer.status_code == 403
    assert await InboundEvent.all().count() == 0


async def test_no_app_secret_refuses_every_delivery(db: str) -> None:
    body = json.dumps(delivery(text_event("100", "m_1", "hi"))).encode()
    async with running_bot(Settings(database_url=db)) as (client, _):
        answer = await client.post("/webhook", content=body, headers={"X-Hub-Signature-256": sign("", body)})
        assert answer.status_code == 403
    assert await InboundEvent.all().count() == 0


async def test_the_signature_covers_the_raw_bytes_with_escaped_unicode(
    settings: Settings, graph_client: httpx.AsyncClient
) -> None:
    raw = b'{"object":"page","entry":[{"id":"1","messaging":[{"sender":{"id":"100"},"recipient":' \
          b'{"id":"1"},"timestamp":1,"message":{"mid":"m_u","text":"\\u041f\\u043e\\u043a\\u0430\\u0437\\u0438"}}]}]}'
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        assert (await post_delivery(client, SECRET, raw)).status_code == 200
        await workers.wait_idle()
    stored = await InboundEvent.get(dedup_key="mid:m_u")
    assert stored.payload["message"]["text"] == "Покази"


@pytest.mark.parametrize("body", [b"[1, 2]", b"not json", b'"text"', b"\xff\xfe", b'{"a":' + b"[" * 100000])
async def test_a_signed_body_that_is_not_a_json_object_is_400(settings: Settings, body: bytes) -> None:
    async with running_bot(settings) as (client, _):
        assert (await post_delivery(client, SECRET, body)).status_code == 400
    assert await InboundEvent.all().count() == 0


async def test_a_body_over_the_limit_is_413_even_without_a_declared_length(settings: Settings) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(MAX_BODY_BYTES // 65536 + 2):
            yield b" " * 65536

    async with running_bot(settings) as (client, _):
        answer = await client.post("/webhook", content=chunks(), headers={"X-Hub-Signature-256": "sha256=0"})
        assert answer.status_code == 413
        declared = await client.post("/webhook", content=b"x" * (MAX_BODY_BYTES + 1))
        assert declared.status_code == 413
    assert await InboundEvent.all().count() == 0


async def test_a_batch_of_1000_events_is_stored_and_each_answered_once(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    events = [text_event(str(100 + n % 50), f"m_{n}", f"text {n}") for n in range(1000)]
    body = delivery(*events[:500])
    body["entry"].append({"id": "999000", "time": 1, "messaging": events[500:]})
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        assert (await post_delivery(client, SECRET, body)).status_code == 200
        assert await InboundEvent.all().count() == 1000
        await workers.wait_idle(timeout=60)
    assert fake.violations == []
    assert sorted(m["message"]["text"] for m in fake.messages) == sorted(f"text {n}" for n in range(1000))
    for psid in ("100", "149"):
        texts = [m["message"]["text"] for m in fake.messages if m["recipient"]["id"] == psid]
        expected = [f"text {n}" for n in range(1000) if str(100 + n % 50) == psid]
        assert texts == expected


async def test_a_redelivery_changes_nothing_and_sends_nothing_again(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    body = delivery(text_event("100", "m_1", "hi"), postback_event("100", "m_2", "GET_STARTED"))
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        assert (await post_delivery(client, SECRET, body)).status_code == 200
        await workers.wait_idle()
        assert (await post_delivery(client, SECRET, body)).status_code == 200
        await workers.wait_idle()
    assert [m["message"]["text"] for m in fake.messages] == ["hi"]
    assert await InboundEvent.all().count() == 2


async def test_concurrent_copies_of_a_delivery_are_answered_once(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    body = delivery(*(text_event("100", f"m_{n}", f"t{n}") for n in range(5)))
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        answers = await asyncio.gather(*(post_delivery(client, SECRET, body) for _ in range(8)))
        assert {answer.status_code for answer in answers} == {200}
        await workers.wait_idle()
    assert [m["message"]["text"] for m in fake.messages] == [f"t{n}" for n in range(5)]


async def test_echoes_standby_receipts_and_unknown_kinds_are_stored_never_answered(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    body = delivery(
        event("999000", message={"mid": "m_echo", "text": "from page", "is_echo": True, "app_id": 1}),
        event("100", delivery={"mids": ["m_x"], "watermark": 1}),
        event("100", read={"watermark": 2}),
        event("100", reaction={"mid": "m_x", "action": "react", "reaction": "love"}),
        event("100", pass_thread_control={"new_owner_app_id": "1"}),
        event("100", app_roles={"1": ["primary_receiver"]}),
        event("100", message={"mid": "m_new", "text": "answer me"}, future_field={"x": 1}),
        standby=(text_event("100", "m_standby", "not ours"),),
    )
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        assert (await post_delivery(client, SECRET, body)).status_code == 200
        await workers.wait_idle()
    assert [m["message"]["text"] for m in fake.messages] == ["answer me"]
    kinds = dict(await InboundEvent.all().values_list("kind", "status"))
    assert kinds.pop("text") in (EventStatus.DONE, EventStatus.IGNORED)
    assert kinds == {"echo": "ignored", "delivery": "ignored", "read": "ignored",
                     "reaction": "ignored", "thread_control": "ignored", "unknown": "ignored"}
    standby = await InboundEvent.get(dedup_key="mid:m_standby")
    assert (standby.standby, standby.status) == (True, EventStatus.IGNORED)


async def test_malformed_events_are_skipped_and_the_rest_stored(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    body = delivery(
        "not an object",  # type: ignore[arg-type]
        {"recipient": {"id": "1"}, "message": {"mid": "m_nosender", "text": "x"}},
        event("100", message="not an object"),
        event("100", timestamp="yesterday", message={"mid": "m_t", "text": "x"}),
        text_event("100", "m_ok", "fine"),
    )
    body["entry"].insert(0, "junk")
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        assert (await post_delivery(client, SECRET, body)).status_code == 200
        await workers.wait_idle()
    assert [event.dedup_key for event in await InboundEvent.all()] == ["mid:m_ok"]
    assert [m["message"]["text"] for m in fake.messages] == ["fine"]


async def test_a_delivery_without_entries_is_acknowledged(settings: Settings) -> None:
    async with running_bot(settings) as (client, _):
        assert (await post_delivery(client, SECRET, {"object": "page"})).status_code == 200


async def test_health_reports_the_database(settings: Settings) -> None:
    async with running_bot(settings) as (client, _):
        answer = await client.get("/healthz")
        assert answer.status_code == 200
        assert answer.json()["status"] == "ok"


async def test_outgoing_rows_match_send_api_calls(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        await post_delivery(client, SECRET, delivery(text_event("100", "m_1", "hello")))
        await workers.wait_idle()
    rows = await OutgoingMessage.all().values_list("status", "payload")
    assert rows == [(OutgoingStatus.SENT, fake.messages[0])]


async def test_a_nul_character_in_a_text_is_stored_without_error(
    settings: Settings, fake: FakeGraph, graph_client: httpx.AsyncClient
) -> None:
    async with running_bot(settings, http_client=graph_client, responder=echo_responder) as (client, workers):
        answer = await post_delivery(client, SECRET, delivery(text_event("100", "m_nul", "a\u0000b")))
        assert answer.status_code == 200
        await workers.wait_idle()
    assert [m["message"]["text"] for m in fake.messages] == ["ab"]


async def test_nan_and_infinity_are_read_as_null(settings: Settings) -> None:
    body = b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}, "optin": {"a": Infinity, "b": NaN}}]}]}'
    async with running_bot(settings) as (client, _):
        assert (await post_delivery(client, SECRET, body)).status_code == 200
    stored = await InboundEvent.get(kind="optin")
    assert stored.payload["optin"] == {"a": None, "b": None}


async def test_a_lone_surrogate_is_replaced_not_a_server_error(settings: Settings) -> None:
    body = b'{"object": "page", "entry": [{"messaging": [{"sender": {"id": "1"}, "recipient": {"id": "2"}, ' \
           b'"message": {"mid": "m_s", "text": "a\\ud800b \\ud83d\\ude00"}}]}]}'
    async with running_bot(settings) as (client, _):
        assert (await post_delivery(client, SECRET, body)).status_code == 200
    stored = await InboundEvent.get(dedup_key="mid:m_s")
    assert stored.payload["message"]["text"] == "a?b \U0001f600"
