"""`telegram setup`: the webhook with its secret token and update kinds, the commands and description.

The update kinds are the ones the door handles (`telegram_door.updates`); Telegram then sends
nothing else.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

import httpx

from delivery.channel import SendError
from settings import Settings
from telegram_door.botapi import BotApi
from telegram_door.channel import WEBHOOK_PATH

ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
COMMANDS = [
    {"command": "start", "description": "Почати: підключити рахунок і передати показники"},
    {"command": "help", "description": "Допомога: як і коли передавати показники"},
]
DESCRIPTION = (
    "Бот ДТЕК Донецькі електромережі приймає показники лічильника електроенергії. "
    "Натисніть «Почати», надішліть номер особового рахунку та прізвище власника, а потім показники."
)
_SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a `secret_token`."""


def setup_calls(settings: Settings) -> list[tuple[str, dict[str, Any]]]:
    """The Bot API calls that set the bot up, in order."""
    webhook = {
        "url": settings.public_url.rstrip("/") + WEBHOOK_PATH,
        "secret_token": settings.telegram.webhook_secret,
        "allowed_updates": ALLOWED_UPDATES,
    }
    return [("setWebhook", webhook), ("setMyCommands", {"commands": COMMANDS}),
            ("setMyDescription", {"description": DESCRIPTION})]


async def set_up_telegram(settings: Settings, http: httpx.AsyncClient, *, out: TextIO, err: TextIO) -> int:
    """Make the calls of `setup_calls`; one line on `err` and a non-zero exit code when one fails."""
    problem = _missing(settings)
    if problem:
        print(f"error: {problem}", file=err)
        return 2
    api = BotApi(http, settings.telegram.api_url, settings.telegram.bot_token)
    for method, params in setup_calls(settings):
        try:
            await api.call(method, params)
        except SendError as error:
            print(f"error: Telegram refused {method}: {error}", file=err)
            return 1
    print(f"telegram set up: webhook {settings.public_url.rstrip('/')}{WEBHOOK_PATH}, "
          f"commands /start and /help, description", file=out)
    return 0


def _missing(settings: Settings) -> str:
    telegram = settings.telegram
    if not telegram.bot_token:
        return "TG_BOT_TOKEN is not set"
    if not telegram.webhook_secret:
        return "TG_WEBHOOK_SECRET is not set"
    if not _SECRET_TOKEN.fullmatch(telegram.webhook_secret):
        return "TG_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and -, at most 256 characters"
    if not settings.public_url.startswith("https://"):
        return "PUBLIC_URL must be set to the bot's public https:// address"
    return ""
