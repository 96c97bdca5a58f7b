"""Photos on Messenger: which attachment is the customer's photo (never a sticker), and fetching it
from Meta's CDN within the cap, without an exception and without its signed URL in a log."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from app import enabled_channels
from delivery.timing import system_clock
from handlers.messages import Incoming, Reply
from messenger.channel import Messenger
from photos.limits import MAX_BYTES
from settings import MessengerSettings, Settings
from tests.messenger.door import SECRET
from tests.messenger.fake_cdn import CDN_URL, SIGNATURE, FakeCdn
from tests.messenger.harness import delivery, event, post_delivery, running_bot, text_event

pytestmark = pytest.mark.anyio

PHOTO = "https://scontent.xx.fbcdn.net/v/t1.15752-9/meter.jpg?_nc_cat=1&oh=00_sig&oe=6800A1B2"
STICKER = "https://scontent.xx.fbcdn.net/v/t39.1997-6/like.png?_nc_cat=1&oh=00_sig&oe=6800A1B2"
LIKE = 369239263222822
"""The sticker id of the "like" thumb."""
JPEG = b"\xff\xd8\xff\xe0 a meter"


def incoming(*attachments: Any, **message: Any) -> Incoming | None:
    raw = event("100", message={"mid": "m_1", "attachments": list(attachments), **message})
    return Messenger(MessengerSettings(), None).incoming(raw)


def image(url: Any = PHOTO, **payload: Any) -> dict[str, Any]:
    return {"type": "image", "payload": {"url": url, **payload}}


def test_a_photo_is_the_url_of_its_image() -> None:
    assert incoming(image()) == Incoming("messenger", "100", "m_1", attachments=("image",), photo=PHOTO)


@pytest.mark.parametrize(
    ("attachments", "message"),
    [
        ([image(STICKER, sticker_id=LIKE)], {"sticker_id": LIKE}),
        ([image(STICKER, sticker_id=LIKE)], {}),
        ([image(STICKER)], {"sticker_id": LIKE}),
        ([image(STICKER, sticker_id=LIKE), {"type": "sticker", "payload": {"url": STICKER, "sticker_id": LIKE}}], {}),
    ],
    ids=["webhook-v5", "webhook-v6", "sticker-id-on-the-message", "sticker-type-transition"],
)
def test_a_sticker_sent_as_an_image_is_no_photo(attachments: list[Any], message: dict[str, Any]) -> None:
    decoded = incoming(*attachments, **message)
    assert decoded is not None and decoded.photo is None
    assert decoded.attachments == tuple(item["type"] for item in attachments)


def test_of_several_attachments_the_first_image_that_is_not_a_sticker_is_the_photo() -> None:
    video = {"type": "video", "payload": {"url": "https://video.xx.fbcdn.net/v.mp4"}}
    decoded = incoming(video, {"type": "image", "payload": {"url": STICKER, "sticker_id": 1}},
                       image(), image(PHOTO + "&second"))
    assert decoded is not None
    assert (decoded.attachments, decoded.photo) == (("video", "image", "image", "image"), PHOTO)


@pytest.mark.parametrize(
    "attachment",
    [
        {"type": "image"},
        {"type": "image", "payload": None},
        {"type": "image", "payload": {}},
        image(None),
        image(""),
        image(7),
        image({"href": PHOTO}),
        {"type": "file", "payload": {"url": PHOTO}},
        {"type": "fallback", "payload": None, "url": PHOTO},
    ],
)
def test_an_image_without_a_url_string_or_another_attachment_is_no_photo(attachment: dict[str, Any]) -> None:
    decoded = incoming(attachment)
    assert decoded is not None and decoded.photo is None and decoded.attachments == (attachment["type"],)


def test_a_text_stays_a_text() -> None:
    raw = text_event("100", "m_1", "12345")
    raw["message"]["attachments"] = [image()]
    assert Messenger(MessengerSettings(), None).incoming(raw) == Incoming("messenger", "100", "m_1", "12345")


@pytest.fixture
def cdn() -> FakeCdn:
    return FakeCdn({"meter": JPEG, "huge": b"\0" * (MAX_BYTES + 1)})


@pytest.fixture
async def http(cdn: FakeCdn) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(mounts={CDN_URL: cdn.transport()}) as client:
        yield client


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every record logged at DEBUG and above (the `httpx` logger keeps the app's WARNING)."""
    caplog.set_level(logging.DEBUG)
    return caplog


async def test_the_photo_is_fetched_from_the_cdn(http: httpx.AsyncClient, logs: pytest.LogCaptureFixture) -> None:
    messenger = Messenger(MessengerSettings(), None, http=http)
    assert await messenger.photo(FakeCdn.url("meter")) == JPEG
    assert SIGNATURE not in logs.text


@pytest.mark.parametrize(
    "url",
    [FakeCdn.url("gone"), FakeCdn.url("huge"), FakeCdn.url("meter").split("?")[0], "ftp://fake-cdn.test/meter.jpg",
     "file:///etc/passwd", "not a url at all"],
    ids=["404", "over-10-MB", "signature-lost-403", "ftp", "file", "garbage"],
)
async def test_what_cannot_be_fetched_is_none_and_its_url_is_not_logged(
    url: str, http: httpx.AsyncClient, logs: pytest.LogCaptureFixture
) -> None:
    assert await Messenger(MessengerSettings(), None, http=http).photo(url) is None
    assert url not in logs.text and SIGNATURE not in logs.text


async def test_a_connection_error_is_none_and_only_its_type_is_logged(logs: pytest.LogCaptureFixture) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(f"cannot reach {request.url}", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(refused)) as http:
        assert await Messenger(MessengerSettings(), None, http=http).photo(FakeCdn.url("meter")) is None
    assert "ConnectError" in logs.text
    assert CDN_URL not in logs.text and SIGNATURE not in logs.text


async def test_without_an_http_client_no_photo_is_fetched() -> None:
    assert await Messenger(MessengerSettings(), None).photo(FakeCdn.url("meter")) is None


class Capture:
    """A responder that keeps what the conversation would see and answers nothing."""

    def __init__(self) -> None:
        self.seen: list[Incoming] = []

    async def __call__(self, incoming: Incoming, now: datetime) -> list[Reply]:
        self.seen.append(incoming)
        return []


async def test_over_the_webhook_a_dry_run_app_sees_the_photo_and_its_channel_fetches_it(
    db: str, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # at DEBUG the ORM logs its queries, the stored event with them
    settings = Settings(database_url=db, messenger=MessengerSettings(app_secret=SECRET))
    capture = Capture()
    photo = event("100", message={"mid": "m_photo", "attachments": [image(FakeCdn.url("meter"))]})
    async with running_bot(settings, http_client=http, responder=capture) as (client, workers):
        assert (await post_delivery(client, SECRET, delivery(photo))).status_code == 200
        await workers.wait_idle()
        [seen] = capture.seen
        assert seen == Incoming("messenger", "100", "m_photo", attachments=("image",), photo=FakeCdn.url("meter"))
        [messenger] = enabled_channels(settings, http, system_clock)
        assert await messenger.photo(FakeCdn.url("meter")) == JPEG
    assert SIGNATURE not in caplog.text
