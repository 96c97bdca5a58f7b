"""The monthly reminder on Telegram: subscribing, the reminder when the window opens, unsubscribing."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from models.reminders import Reminder
from models.senders import Sender
from tests.channels.clock import SetClock
from tests.messenger.harness import FAST, running_bot
from tests.telegram_door.fake_botapi import FakeBotApi
from tests.telegram_door.harness import TOKEN, callback_update, post_update, settings_for, text_update

pytestmark = pytest.mark.anyio

BEFORE_WINDOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
WINDOW_OPENS = datetime(2026, 11, 29, 8, 0, tzinfo=UTC)
"""10:00 in Kyiv on the day before the last day of November."""


def _buttons(params: dict[str, Any]) -> list[tuple[str, str]]:
    rows = params.get("reply_markup", {}).get("inline_keyboard", [])
    return [(button["text"], button["callback_data"]) for row in rows for button in row]


async def test_help_offers_the_reminder_and_a_tap_or_a_word_subscribes_and_unsubscribes(db: str) -> None:
    api = FakeBotApi(TOKEN)
    async with httpx.AsyncClient(transport=api.transport()) as http:
        async with running_bot(settings_for(db), http_client=http) as (client, workers):
            await post_update(client, text_update(1, 42, "/help"))
            await workers.wait_idle()
            help_text = api.sent()[-1]
            assert "«нагадувати»" in help_text["text"] and ("Нагадувати щомісяця", "REMIND") in _buttons(help_text)
            await post_update(client, callback_update(2, 42, "REMIND", "q1"))
            await workers.wait_idle()
            assert "нагадуватимемо щомісяця" in api.sent()[-1]["text"]
            assert (await Sender.get(external_id="42")).reminders
            await post_update(client, text_update(3, 42, "/help"))
            await workers.wait_idle()
            assert ("Не нагадувати", "STOP_REMINDING") in _buttons(api.sent()[-1])
            await post_update(client, text_update(4, 42, "Не напоминать"))
            await workers.wait_idle()
            assert "більше не нагадуватимемо" in api.sent()[-1]["text"]
            assert not (await Sender.get(external_id="42")).reminders
            await post_update(client, text_update(5, 42, "Нагадувати"))
            await workers.wait_idle()
            assert (await Sender.get(external_id="42")).reminders
    assert api.violations == []


async def test_serve_sends_the_reminder_once_when_the_window_opens(db: str) -> None:
    api = FakeBotApi(TOKEN)
    clock = SetClock(BEFORE_WINDOW)
    timing = replace(FAST, reminder_check=0.05)
    async with httpx.AsyncClient(transport=api.transport()) as http:
        async with running_bot(settings_for(db), http_client=http, clock=clock, timing=timing) as (client, workers):
            await post_update(client, text_update(1, 42, "нагадувати"))
            await workers.wait_idle()
            seen = len(api.sent())
            clock.set(WINDOW_OPENS)
            await _until(lambda: len(api.sent()) > seen)
            await workers.wait_idle()
            [reminder] = api.sent()[seen:]
            assert "з 29 листопада по 3 грудня" in reminder["text"] and reminder["chat_id"] == "42"
            assert ("Не нагадувати", "STOP_REMINDING") in _buttons(reminder)
            await post_update(client, callback_update(2, 42, "STOP_REMINDING", "q2"))
            await workers.wait_idle()
            assert not (await Sender.get(external_id="42")).reminders
    assert await Reminder.filter(period="2026-11").count() == 1
    assert len(api.sent()) == seen + 2 and api.violations == []


async def _until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.02)
