"""Every refusal of Messenger's webhook is logged with its reason, never a secret or a body."""

from __future__ import annotations

import json
import logging

import pytest

from settings import MessengerSettings, Settings
from tests.messenger.harness import delivery, post_delivery, running_bot, text_event

SECRET = "refusal-secret"
TOKEN = "refusal-token"


@pytest.mark.anyio
async def test_each_refusal_of_the_webhook_is_logged_with_its_reason_and_no_secret(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    body = json.dumps(delivery(text_event("100", "m_1", "секретний текст"))).encode()
    settings = Settings(database_url=db, messenger=MessengerSettings(app_secret=SECRET, verify_token=TOKEN))
    with caplog.at_level(logging.WARNING, logger="messenger.webhook"):
        async with running_bot(settings) as (client, _):
            handshake = {"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "1"}
            assert (await client.get("/webhook", params=handshake)).status_code == 403
            assert (await client.post("/webhook", content=body)).status_code == 403
            for _ in range(3):
                wrong = await client.post("/webhook", content=body, headers={"X-Hub-Signature-256": "sha256=00"})
                assert wrong.status_code == 403
            assert (await post_delivery(client, SECRET, b"[1]")).status_code == 400
            assert (await client.post("/webhook", content=b"x" * (17 * 1024 * 1024))).status_code == 413
        async with running_bot(Settings(database_url=db)) as (client, _):
            assert (await client.get("/webhook", params=handshake)).status_code == 403
            assert (await client.post("/webhook", content=body)).status_code == 403
    assert caplog.messages == [
        "refused: handshake: wrong hub.verify_token (403)",
        "refused: delivery: no X-Hub-Signature-256 header (403)",
        "refused: delivery: wrong X-Hub-Signature-256 (403)",
        "refused: delivery: the body is not a JSON object (400)",
        "refused: delivery: body over 16777216 bytes (413)",
        "refused: handshake: FB_VERIFY_TOKEN is not set (403)",
        "refused: delivery: FB_APP_SECRET is not set (403)",
    ]
    assert SECRET not in caplog.text and TOKEN not in caplog.text and "секретний" not in caplog.text
