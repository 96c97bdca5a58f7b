"""Photos on Viber: a picture message decoded with its media URL and caption, its bytes fetched
from Viber's media host (the fake's) within the cap, failures as None with the URL never logged."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app import enabled_channels
from delivery.channel import Channel
from delivery.timing import system_clock
from delivery.workers import Workers
from handlers.messages import Incoming
from models.inbox import InboundEvent
from photos.limits import MAX_BYTES
from settings import Settings
from tests.viber.door import SETTINGS, TOKEN, as_callback, viber_door
from tests.viber.fake_viber import Failure, FakeViber, media_url
from tests.viber.harness import media_message, picture, post_callback
from viber.callbacks import decode, incoming

pytestmark = pytest.mark.anyio

Bot = tuple[httpx.AsyncClient, Workers]
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


@pytest.mark.parametrize(("caption", "text"), [("Мій лічильник", "Мій лічильник"), ("", "")])
def test_a_picture_is_a_photo_with_its_caption_as_the_text(caption: str, text: str) -> None:
    sent = incoming(decode(picture("u1", 7, media_url("p1"), caption)))
    assert sent == Incoming("viber", "u1", "7", text, attachments=("image",), photo=media_url("p1"))


@pytest.mark.parametrize("part", [
    {"type": "picture", "text": "Мій лічильник"},
    {"type": "picture", "text": "", "media": 12345},
    {"type": "picture", "text": "", "media": None},
    {"type": "picture", "text": "", "media": {"url": "https://dl-media.viber.test/p1.jpg"}},
    {"type": "picture", "text": "", "media": ""},
])
def test_a_picture_without_a_media_url_is_an_image_attachment_as_before(part: dict[str, Any]) -> None:
    assert incoming(decode(media_message("u1", 7, part))) == Incoming("viber", "u1", "7", attachments=("image",))


def test_a_caption_that_is_not_a_string_is_no_text() -> None:
    part = {"type": "picture", "text": None, "media": media_url("p1")}
    sent = incoming(decode(media_message("u1", 7, part)))
    assert sent is not None and (sent.text, sent.photo) == ("", media_url("p1"))


@pytest.mark.parametrize("part", [
    {"type": "video", "media": "https://dl-media.viber.test/v.mp4", "size": 1000, "duration": 3},
    {"type": "file", "media": "https://dl-media.viber.test/f.pdf", "file_name": "f.pdf", "size": 1000},
    {"type": "sticker", "sticker_id": 46105, "media": "https://dl-media.viber.test/s.png"},
])
def test_other_media_are_attachments_with_no_photo(part: dict[str, Any]) -> None:
    sent = incoming(decode(media_message("u1", 7, part)))
    assert sent == Incoming("viber", "u1", "7", attachments=(part["type"],))


async def test_a_picture_posted_to_the_webhook_is_fetched_from_its_media_url(
    bot: Bot, fake: FakeViber, viber: Channel
) -> None:
    client, workers = bot
    fake.media["p1"] = JPEG
    assert (await post_callback(client, TOKEN, picture("u1", 1, media_url("p1"), "Лічильник"))).status_code == 200
    await workers.wait_idle()
    event = await InboundEvent.get(channel="viber", kind="message")
    sent = viber.incoming(event.payload)
    assert sent == Incoming("viber", "u1", "1", "Лічильник", attachments=("image",), photo=media_url("p1"))
    assert await viber.photo(media_url("p1")) == JPEG
    assert fake.downloads == ["p1"] and fake.violations == []


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


async def test_the_door_sends_a_photo_as_a_picture_its_media_host_serves(db: str) -> None:
    async with viber_door(db) as door:
        door.photos["photo-1"] = JPEG
        await door.exchange(Incoming("viber", "u1", "", "Лічильник", attachments=("image",), photo="photo-1"),
                            system_clock())
        event = await InboundEvent.get(channel="viber", kind="message")
        async with httpx.AsyncClient(transport=door.viber.transport()) as http:
            viber = viber_channel(http)
            sent = viber.incoming(event.payload)
            assert sent is not None and (sent.text, sent.photo) == ("Лічильник", media_url("photo-1"))
            assert await viber.photo(media_url("photo-1")) == JPEG
            assert await viber.photo(media_url("photo-2")) is None
        assert door.viber.downloads == ["photo-1", "photo-2"]


def test_the_door_sends_other_attachments_as_the_picture_it_always_sent() -> None:
    callback = as_callback(Incoming("viber", "u1", "", attachments=("image",)))
    assert callback["message"] == picture("u1", 1)["message"]
