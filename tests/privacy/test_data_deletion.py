"""Meta's data deletion callback: a signed request is recorded and answered with its status URL."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

import pytest

from messenger.deletion import parse_signed_request
from models.deletions import DeletionRequest
from models.senders import Sender
from settings import Settings
from tests.messenger.door import SECRET, SETTINGS
from tests.messenger.harness import running_bot

pytestmark = pytest.mark.anyio


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed_request(payload: dict[str, Any], secret: str = SECRET) -> str:
    """A `signed_request` as Meta makes it."""
    encoded = _b64(json.dumps(payload).encode())
    return _b64(hmac.new(secret.encode(), encoded.encode(), hashlib.sha256).digest()) + "." + encoded


PAYLOAD = {"algorithm": "HMAC-SHA256", "issued_at": 1764000000, "user_id": "218471"}


def test_a_signed_request_is_parsed_and_a_forged_one_is_not() -> None:
    assert parse_signed_request(signed_request(PAYLOAD), SECRET) == PAYLOAD
    assert parse_signed_request(signed_request(PAYLOAD, "other"), SECRET) is None
    assert parse_signed_request(signed_request(PAYLOAD), "") is None
    assert parse_signed_request(signed_request({**PAYLOAD, "algorithm": "none"}), SECRET) is None
    for broken in ("", ".", "abc", "!!!.###", signed_request(PAYLOAD).replace(".", "")):
        assert parse_signed_request(broken, SECRET) is None


async def test_the_callback_answers_the_status_url_and_code(db: str) -> None:
    await Sender.create(channel="messenger", external_id="218471")
    settings = Settings(database_url=db, messenger=SETTINGS, public_url="https://bot.example.com")
    async with running_bot(settings) as (client, _):
        answer = await client.post("/messenger/data-deletion", data={"signed_request": signed_request(PAYLOAD)})
        assert answer.status_code == 200
        code = answer.json()["confirmation_code"]
        assert code.isalnum()
        assert answer.json() == {"url": f"https://bot.example.com/deletion?id={code}", "confirmation_code": code}
        forged = await client.post("/messenger/data-deletion", data={"signed_request": signed_request(PAYLOAD, "x")})
        assert forged.status_code == 403
        assert (await client.post("/messenger/data-deletion", data={})).status_code == 403
    request = await DeletionRequest.get(code=code)
    assert request.senders_deleted == 1 and await DeletionRequest.all().count() == 1
    assert not await Sender.exists()
