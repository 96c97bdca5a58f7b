"""The page's Messenger profile: Get Started, the Ukrainian greeting and the persistent menu.

The payloads are the ones the conversation answers (`handlers.payloads`).
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import httpx

from messenger.graph import GraphClient, GraphError
from settings import MessengerSettings

GREETING = (
    "Вітаємо! Це бот ДТЕК Донецькі електромережі. Тут можна передати показники "
    "лічильника електроенергії: надішліть номер особового рахунку та показники."
)

MENU = (
    ("Передати показники", "SUBMIT_READING"),
    ("Мої рахунки", "MY_ACCOUNTS"),
    ("Допомога", "HELP"),
    ("Зв'язатися з оператором", "PERSON"),
    ("Видалити мої дані", "FORGET"),
)


def profile_body() -> dict[str, Any]:
    """The body of `POST /me/messenger_profile` that sets up the page."""
    return {
        "get_started": {"payload": "GET_STARTED"},
        "greeting": [{"locale": "default", "text": GREETING}],
        "persistent_menu": [
            {
                "locale": "default",
                "composer_input_disabled": False,
                "call_to_actions": [
                    {"type": "postback", "title": title, "payload": payload} for title, payload in MENU
                ],
            }
        ],
    }


async def set_up_profile(
    settings: MessengerSettings, http: httpx.AsyncClient, *, dry_run: bool, out: TextIO, err: TextIO
) -> int:
    """`profile setup`: send the profile (or print the request when `dry_run`); the exit code."""
    if dry_run:
        query = "access_token=<FB_PAGE_ACCESS_TOKEN>&appsecret_proof=<HMAC-SHA256 of the token>"
        print(f"POST {settings.graph_url}/me/messenger_profile?{query}", file=out)
        print(json.dumps(profile_body(), ensure_ascii=False, indent=2), file=out)
        return 0
    if not settings.page_access_token:
        print("error: FB_PAGE_ACCESS_TOKEN is not set", file=err)
        return 2
    graph = GraphClient(http, settings.graph_url, settings.page_access_token, settings.app_secret)
    try:
        answer = await graph.set_profile(profile_body())
    except GraphError as error:
        print(f"error: the Messenger Profile API refused the profile: {error}", file=err)
        return 1
    print(f"profile set: {json.dumps(answer)}", file=out)
    return 0
