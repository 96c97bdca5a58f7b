"""The operator console over HTTP: sign-in, sessions, lock-out, CSRF, the page and the actions."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from console.operators import add_operator
from models.accounts import Account
from models.handovers import Handover
from models.operators import OperatorAction
from models.outbox import OutgoingMessage, OutgoingStatus
from models.readings import Reading
from models.refusals import Refusal
from settings import Settings
from tests.messenger.door import SETTINGS
from tests.messenger.harness import running_bot

pytestmark = pytest.mark.anyio

PASSWORD = "correct horse battery"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@asynccontextmanager
async def console(db: str, public_url: str = "") -> AsyncIterator[httpx.AsyncClient]:
    """The app with operator `olena`; a client whose base is `public_url` when given."""
    await add_operator("olena", PASSWORD)
    settings = Settings(database_url=db, messenger=SETTINGS, public_url=public_url)
    async with running_bot(settings) as (client, _):
        if public_url:
            client.base_url = httpx.URL(public_url)
        yield client


async def token(client: httpx.AsyncClient, path: str = "/operator/login") -> str:
    match = _TOKEN.search((await client.get(path)).text)
    assert match is not None
    return match[1]


async def sign_in(client: httpx.AsyncClient, password: str = PASSWORD, name: str = "olena") -> httpx.Response:
    form = {"name": name, "password": password, "csrf_token": await token(client)}
    return await client.post("/operator/login", data=form)


async def test_without_a_session_the_console_sends_to_the_sign_in(db: str) -> None:
    async with console(db) as client:
        answer = await client.get("/operator")
        assert answer.status_code == 303 and answer.headers["location"] == "/operator/login"
        form = await client.get("/operator/login")
        assert form.status_code == 200
        assert all(f'name="{field}"' in form.text for field in ("name", "password", "csrf_token"))


async def test_the_right_password_opens_a_session_and_logout_ends_it(db: str) -> None:
    async with console(db) as client:
        answer = await sign_in(client)
        assert answer.status_code == 303 and answer.headers["location"] == "/operator"
        cookie = answer.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie
        stolen = client.cookies.get("operator")
        assert (await client.get("/operator")).status_code == 200
        out = await client.post("/operator/logout", data={"csrf_token": await token(client, "/operator")})
        assert out.status_code == 303 and out.headers["location"] == "/operator/login"
        client.cookies.set("operator", stolen or "")
        assert (await client.get("/operator")).status_code == 303  # the old cookie no longer works


async def test_the_cookie_is_secure_behind_https(db: str) -> None:
    async with console(db, "https://bot.example.com") as client:
        answer = await sign_in(client)
        assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]
        assert "__Host-operator=" in answer.headers["set-cookie"]


async def test_wrong_passwords_get_401_then_429_even_with_the_right_one(db: str) -> None:
    async with console(db) as client:
        for _ in range(5):
            assert (await sign_in(client, "wrong password")).status_code == 401
        locked = await sign_in(client)
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) <= 15 * 60
        assert (await sign_in(client, name="nobody")).status_code == 429  # the address is locked too


async def test_every_form_needs_its_csrf_token(db: str) -> None:
    async with console(db) as client:
        assert (await client.post("/operator/login", data={"name": "olena", "password": PASSWORD})).status_code == 403
        await sign_in(client)
        for path in ("/operator/logout", "/operator/retry", "/operator/reply", "/operator/close", "/operator/forget"):
            assert (await client.post(path, data={"id": "1"})).status_code == 403


async def test_the_page_shows_the_month_and_the_queues(db: str) -> None:
    now = datetime.now(UTC)
    account = await Account.create(number="1234567", surname="Шевченко", address="м. Лиман", zones=1, digits=6)
    await Account.create(number="7654321", surname="Коваленко", address="м. Лиман", zones=1, digits=6)
    await Reading.create(account=account, submitted_at=now - timedelta(days=1), channel="telegram", total=12345)
    for channel in ("viber", "viber", "telegram"):
        await Reading.create(account=account, submitted_at=now, channel=channel, total=12400, from_photo=True)
    await Refusal.create(channel="messenger", reason="below_last", created_at=now)
    async with console(db) as client:
        await sign_in(client)
        page = await client.get("/operator", params={"account": "1234567"})
    assert page.status_code == 200
    text = page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and 'data-channel="telegram" data-count="1"' in text
    assert 'class="window"' in text and "менше за попередні" in text and "з 2 рахунків" in text
    assert "з фото лічильника й підтверджено клієнтами за 35 днів:\n  <strong>3</strong> (telegram 1, viber 2)." in text
    assert "…4567" in text and "12345" in text and "1234567" not in text.replace('value="1234567"', "")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # nothing from other hosts


async def test_a_failed_send_is_retried_and_the_action_logged(db: str) -> None:
    failed = await OutgoingMessage.create(channel="messenger", address="messenger:5", payload={"x": 1},
                                          status=OutgoingStatus.FAILED, error="HTTP 400", failed_at=datetime.now(UTC))
    async with console(db) as client:
        await sign_in(client)
        answer = await client.post("/operator/retry", data={"id": str(failed.id), "csrf_token": await token(client, "/operator")})
        assert answer.status_code == 303
    row = await OutgoingMessage.get(id=failed.id)
    assert row.status in (OutgoingStatus.PENDING, OutgoingStatus.SENT, OutgoingStatus.DRY_RUN, OutgoingStatus.FAILED)
    assert row.failed_at is not None and row.attempts <= 1
    action = await OperatorAction.get()
    assert (action.operator, action.action, action.target) == ("olena", "retry", f"message {failed.id}")


async def test_an_answer_goes_out_through_the_channel_and_closing_ends_the_hand_over(db: str) -> None:
    handover = await Handover.create(channel="messenger", external_id="9001", opened_at=datetime.now(UTC))
    async with console(db) as client:
        await sign_in(client)
        page = await client.get("/operator")
        assert f'id="handover-{handover.id}"' in page.text
        csrf = await token(client, "/operator")
        await client.post("/operator/reply", data={"id": str(handover.id), "text": "Добрий день!", "csrf_token": csrf})
        await client.post("/operator/close", data={"id": str(handover.id), "csrf_token": csrf})
    [reply] = await OutgoingMessage.filter(address="messenger:9001").values_list("payload", flat=True)
    assert reply["message"]["text"] == "Добрий день!" and reply["recipient"]["id"] == "9001"
    closed = await Handover.get(id=handover.id)
    assert closed.answered_at is not None and closed.closed_by == "olena"
    assert await OperatorAction.filter(operator="olena").values_list("action", flat=True) == ["reply", "close"]


async def test_the_privacy_policy_and_deletion_status_pages(db: str) -> None:
    from models.deletions import DeletionRequest

    await DeletionRequest.create(code="abc123", channel="messenger", received_at=datetime.now(UTC))
    async with console(db) as client:
        policy = await client.get("/privacy")
        assert policy.status_code == 200 and "90 днів" in policy.text and "видалити мої дані" in policy.text
        status = await client.get("/deletion", params={"id": "abc123"})
        assert status.status_code == 200 and "abc123" in status.text and "видалити мої дані" in status.text
        assert (await client.get("/deletion", params={"id": "nope"})).status_code == 404
        assert (await client.get("/deletion")).status_code == 404
