"""`profile setup`: the body sent to the Messenger Profile API, and the dry run."""

from __future__ import annotations

import io
import json
from collections.abc import AsyncIterator

import httpx
import pytest

from messenger.profile import profile_body, set_up_profile
from settings import MessengerSettings
from tests.messenger.fake_graph import BASE_URL, Failure, FakeGraph

pytestmark = pytest.mark.anyio

SETTINGS = MessengerSettings(app_secret="sec", page_access_token="EAAGxyz", graph_url=BASE_URL)


@pytest.fixture
def fake() -> FakeGraph:
    return FakeGraph("EAAGxyz", "sec")


@pytest.fixture
async def http(fake: FakeGraph) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=fake.transport()) as client:
        yield client


def test_the_profile_has_get_started_a_ukrainian_greeting_and_the_menu() -> None:
    body = profile_body()
    assert body["get_started"] == {"payload": "GET_STARTED"}
    assert len(body["greeting"][0]["text"]) <= 160 and "показники" in body["greeting"][0]["text"]
    actions = body["persistent_menu"][0]["call_to_actions"]
    assert [action["payload"] for action in actions] == ["SUBMIT_READING", "MY_ACCOUNTS", "HELP", "PERSON", "FORGET"]
    assert all(len(action["title"]) <= 30 for action in actions)


async def test_setup_sends_the_profile(fake: FakeGraph, http: httpx.AsyncClient) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert await set_up_profile(SETTINGS, http, dry_run=False, out=out, err=err) == 0
    assert fake.profiles == [profile_body()] and fake.violations == []
    assert "profile set" in out.getvalue()


async def test_a_dry_run_prints_the_request_and_sends_nothing(fake: FakeGraph, http: httpx.AsyncClient) -> None:
    out = io.StringIO()
    assert await set_up_profile(SETTINGS, http, dry_run=True, out=out, err=io.StringIO()) == 0
    first, rest = out.getvalue().split("\n", 1)
    assert first.startswith(f"POST {BASE_URL}/me/messenger_profile") and "EAAGxyz" not in first
    assert json.loads(rest) == profile_body()
    assert fake.calls == 0


async def test_a_refusal_or_a_missing_token_is_an_error(fake: FakeGraph, http: httpx.AsyncClient) -> None:
    fake.fail_next(Failure(status=400, code=190))
    err = io.StringIO()
    assert await set_up_profile(SETTINGS, http, dry_run=False, out=io.StringIO(), err=err) == 1
    assert "code 190" in err.getvalue()
    no_token = MessengerSettings(app_secret="sec", graph_url=BASE_URL)
    assert await set_up_profile(no_token, http, dry_run=False, out=io.StringIO(), err=err) == 2
