"""Fetching a customer's photo: `getFile`, then the download, within 10 MB; None on any failure,
and never the token in a log line."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from app import enabled_channels
from delivery.channel import Channel
from delivery.timing import system_clock
from handlers.messages import Incoming
from models.inbox import InboundEvent
from photos.limits import MAX_BYTES
from tests.channels.dialogue import IN_WINDOW
from tests.messenger.harness import running_bot
from tests.telegram_door.door import telegram_door
from tests.telegram_door.fake_botapi import MAX_DOWNLOAD, Failure, FakeBotApi
from tests.telegram_door.harness import TOKEN, message, post_update, settings_for

pytestmark = pytest.mark.anyio

JPEG = b"\xff\xd8\xff\xe0" + b"meter" * 1000 + b"\xff\xd9"


@pytest.fixture
def api() -> FakeBotApi:
    return FakeBotApi(TOKEN, {"photo-1": JPEG})


@pytest.fixture
async def telegram(api: FakeBotApi) -> AsyncIterator[Channel]:
    """The Telegram channel over a client that reaches the fake Bot API."""
    async with httpx.AsyncClient(transport=api.transport()) as http:
        yield _telegram(http)


def _telegram(http: httpx.AsyncClient, database_url: str = "") -> Channel:
    """The Telegram channel as the app builds it, over `http`."""
    return next(channel for channel in enabled_channels(settings_for(database_url), http, system_clock)
                if channel.name == "telegram")


def _logged_without_token(caplog: pytest.LogCaptureFixture) -> list[str]:
    lines = [record.getMessage() for record in caplog.records]
    assert not any(TOKEN in line or TOKEN.split(":")[1] in line for line in lines)
    return lines


async def test_a_photo_sent_to_the_webhook_is_fetched_by_its_file_id(db: str) -> None:
    sizes = [{"file_id": "thumb", "file_unique_id": "u0", "width": 90, "height": 68, "file_size": 1400},
             {"file_id": "photo-1", "file_unique_id": "u1", "width": 1280, "height": 960, "file_size": len(JPEG)}]
    api = FakeBotApi(TOKEN, {"photo-1": JPEG})
    async with httpx.AsyncClient(transport=api.transport()) as http:
        async with running_bot(settings_for(db), http_client=http) as (client, workers):
            await post_update(client, {"update_id": 1, "message": message(42, photo=sizes, caption="показники")})
            await workers.wait_idle()
        telegram = _telegram(http, db)
        sent = telegram.incoming((await InboundEvent.get()).payload)
        assert sent is not None and (sent.text, sent.photo) == ("показники", "photo-1")
        assert await telegram.photo(sent.photo) == JPEG
    assert {params["file_id"] for params in api.sent("getFile")} == {"photo-1"} and api.violations == []


async def test_the_photo_is_the_downloaded_file(telegram: Channel, api: FakeBotApi, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    assert await telegram.photo("photo-1") == JPEG
    assert await telegram.photo("photo-1") == JPEG
    assert api.sent("getFile") == [{"file_id": "photo-1"}] * 2 and api.violations == []
    _logged_without_token(caplog)


@pytest.mark.parametrize("failure", [Failure(500), Failure(502), Failure(429, retry_after=3), Failure(401),
                                     Failure(connection_error=True)])
async def test_a_failed_get_file_is_none(telegram: Channel, api: FakeBotApi, caplog: pytest.LogCaptureFixture,
                                         failure: Failure) -> None:
    caplog.set_level(logging.DEBUG)
    api.fail_next(failure)
    assert await telegram.photo("photo-1") is None
    assert any("getFile" in line for line in _logged_without_token(caplog))
    assert await telegram.photo("photo-1") == JPEG


@pytest.mark.parametrize(("file_id", "size"), [("unknown", 0), ("huge", MAX_DOWNLOAD + 1)])
async def test_a_file_telegram_refuses_to_prepare_is_none(telegram: Channel, api: FakeBotApi,
                                                          caplog: pytest.LogCaptureFixture, file_id: str, size: int) -> None:
    caplog.set_level(logging.DEBUG)
    if size:
        api.files[file_id] = bytes(size)
    assert await telegram.photo(file_id) is None
    [line] = [line for line in _logged_without_token(caplog) if "getFile" in line]
    assert ("file is too big" if size else "invalid file_id") in line
    assert api.violations == []


@pytest.mark.parametrize("size", [MAX_BYTES + 1, MAX_DOWNLOAD])
async def test_a_file_over_ten_megabytes_is_not_downloaded(telegram: Channel, api: FakeBotApi,
                                                           caplog: pytest.LogCaptureFixture, size: int) -> None:
    caplog.set_level(logging.DEBUG)
    api.files["big"] = bytes(size)
    assert await telegram.photo("big") is None
    assert api.sent("getFile") == [{"file_id": "big"}]
    _logged_without_token(caplog)


async def test_a_file_of_exactly_ten_megabytes_is_downloaded(telegram: Channel, api: FakeBotApi) -> None:
    api.files["limit"] = bytes(MAX_BYTES)
    assert await telegram.photo("limit") == bytes(MAX_BYTES)


async def test_an_expired_download_link_is_none(telegram: Channel, api: FakeBotApi, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.expired.add("photo-1")
    assert await telegram.photo("photo-1") is None
    assert api.sent("getFile") == [{"file_id": "photo-1"}] and api.violations == []
    _logged_without_token(caplog)


class _CutDownloads(httpx.AsyncBaseTransport):
    """The fake Bot API, but every file download breaks off with a network error naming its URL."""

    def __init__(self, api: FakeBotApi) -> None:
        self._api = api.transport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/file/"):
            raise httpx.ReadError(f"connection reset while reading {request.url}", request=request)
        return await self._api.handle_async_request(request)


async def test_a_download_cut_by_the_network_is_none(api: FakeBotApi, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    async with httpx.AsyncClient(transport=_CutDownloads(api)) as http:
        assert await _telegram(http).photo("photo-1") is None
    assert api.sent("getFile") == [{"file_id": "photo-1"}]
    assert any("ReadError" in line for line in _logged_without_token(caplog))


async def test_a_file_without_a_path_is_none(caplog: pytest.LogCaptureFixture) -> None:
    """`file_path` is optional in a `File`: without one there is nothing to download."""
    caplog.set_level(logging.DEBUG)
    pathless = {"ok": True, "result": {"file_id": "photo-1", "file_unique_id": "u1", "file_size": len(JPEG)}}
    async with httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(200, json=pathless))) as http:
        assert await _telegram(http).photo("photo-1") is None
    assert any("no file_path" in line for line in _logged_without_token(caplog))


@pytest.mark.parametrize("caption", ["", "квартира 12"])
async def test_the_scenario_doors_photo_is_its_largest_size_and_served(db: str, caption: str) -> None:
    async with telegram_door(db) as door:
        door.photos["photo-7"] = JPEG
        await door.exchange(Incoming("telegram", "42", "m1", caption, attachments=("image",), photo="photo-7"), IN_WINDOW)
        async with httpx.AsyncClient(transport=door.api.transport()) as http:
            telegram = _telegram(http, db)
            sent = telegram.incoming((await InboundEvent.get()).payload)
            assert sent is not None and (sent.text, sent.attachments, sent.photo) == (caption, ("image",), "photo-7")
            assert await telegram.photo("photo-7") == JPEG
            assert await telegram.photo("photo-7-320") is None
    assert door.api.violations == []
