"""`viber setup`: register `{PUBLIC_URL}/viber/webhook` with `set_webhook` and the events the bot handles."""

from __future__ import annotations

from typing import TextIO

import httpx

from delivery.channel import SendError
from settings import Settings
from viber.api import WEBHOOK_EVENTS, ViberClient

WEBHOOK_PATH = "/viber/webhook"


async def set_up_webhook(settings: Settings, http: httpx.AsyncClient, *, out: TextIO, err: TextIO) -> int:
    """Register the webhook; one line on `out`, or one line on `err` and a non-zero exit code."""
    if not settings.viber.auth_token:
        print("error: VIBER_AUTH_TOKEN is not set", file=err)
        return 2
    if not settings.public_url.startswith("https://"):
        print("error: PUBLIC_URL must be set to the bot's public https:// address", file=err)
        return 2
    url = settings.public_url + WEBHOOK_PATH
    client = ViberClient(http, settings.viber.api_url, settings.viber.auth_token)
    try:
        await client.set_webhook(url)
    except SendError as error:
        print(f"error: Viber refused the webhook {url}: {error}", file=err)
        return 1
    print(f"Viber webhook set: {url} ({', '.join(WEBHOOK_EVENTS)})", file=out)
    return 0
