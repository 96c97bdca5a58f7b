"""Photos on Viber: a picture message decoded with its media URL and caption, its bytes fetched
from Viber's media host (the fake's) within the cap, failures as None with the URL never logged."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import httpx
import pytest

from app import enabled_channels
from delivery.channel import Channel
from delivery.timing import system_clock
from photos.images import MAX_BYTES
from settings import Settings
from tests.viber.door import SETTINGS
from tests.viber.fake_viber import Failure, FakeViber, media_url

pytestmark = pytest.mark.anyio

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 64 + b"\xff\xd9"
PRIVATE = "u1-photo-4f2a9c"
"""A media key that must never show in a log."""


def viber_channel(http: httpx.AsyncClient) -> Channel:
    """The Viber channel as the app builds it, over `http`."""
    [channel] = [channel for channel in enabled_channels(Settings(viber=SETTINGS), http, system_clock)
                 if channel.name == "viber"]
    return channel


@pytest.fixture
async def viber(fake: FakeViber) -> AsyncIterator[Channel]:
    """The Viber channel, its HTTP client reaching the fake."""
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        yield viber_channel(http)


async def test_a_photo_of_exactly_the_cap_is_fetched(fake: FakeViber, viber: Channel) -> None:
    fake.media["p1"] = b"\xff" * MAX_BYTES
    assert await viber.photo(media_url("p1")) == fake.media["p1"]


@pytest.mark.parametrize(("url", "served", "failure"), [
    (media_url(PRIVATE), {}, None),
    (media_url(PRIVATE), {PRIVATE: b"\xff" * (MAX_BYTES + 1)}, None),
    (media_url(PRIVATE), {PRIVATE: JPEG}, Failure(connection_error=True)),
    (f"ftp://dl-media.viber.test/{PRIVATE}.jpg", {PRIVATE: JPEG}, None),
    (f"file:///tmp/{PRIVATE}.jpg", {PRIVATE: JPEG}, None),
    (f"{PRIVATE}.jpg", {PRIVATE: JPEG}, None),
], ids=["404", "over-the-cap", "connection-error", "ftp", "file", "relative"])
async def test_a_photo_that_cannot_be_fetched_is_none_and_its_url_is_not_logged(
    fake: FakeViber, viber: Channel, caplog: pytest.LogCaptureFixture,
    url: str, served: dict[str, bytes], failure: Failure | None,
) -> None:
    fake.media.update(served)
    if failure is not None:
        fake.fail_next(failure)
    with caplog.at_level(logging.DEBUG):
        assert await viber.photo(url) is None
    assert PRIVATE not in caplog.text and fake.violations == []
    if "://dl-media" not in url:
        assert fake.downloads == [] and fake.calls == 0


