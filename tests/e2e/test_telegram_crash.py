"""A served bot with Telegram on, killed (SIGKILL) mid-burst, answers every update it acknowledged
once restarted, and answers every tap's `answerCallbackQuery` too."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from tests.e2e.harness import ServedBot, eventually
from tests.telegram_door.fake_botapi import FakeBotApi
from tests.telegram_door.harness import SECRET, TOKEN, callback_update, text_update

pytestmark = pytest.mark.anyio

CHATS = 150
CONCURRENCY = 32
RECOVERY = 45.0
"""Seconds to answer everything after a restart: a killed process's claims last 20 s."""


async def _post(client: httpx.AsyncClient, gate: asyncio.Semaphore, update: dict[str, object]) -> bool:
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    async with gate:
        try:
            answer = await client.post("/telegram/webhook", content=json.dumps(update), headers=headers)
        except httpx.TransportError:
            return False
    return answer.status_code == 200


async def _chat(client: httpx.AsyncClient, gate: asyncio.Semaphore, chat: int, acknowledged: list[int]) -> None:
    """`/start`, then a tap on Help: each acknowledged update counted, the second only after the first."""
    if await _post(client, gate, text_update(chat * 10, chat, "/start")):
        acknowledged.append(chat)
        if await _post(client, gate, callback_update(chat * 10 + 1, chat, "HELP", f"q{chat}")):
            acknowledged.append(chat)


async def test_sigkill_mid_burst_loses_no_acknowledged_update(db: str, tmp_path: Path) -> None:
    api = FakeBotApi(TOKEN)
    async with api.serve() as api_url:
        environ = {"TG_BOT_TOKEN": TOKEN, "TG_WEBHOOK_SECRET": SECRET, "TG_API_URL": api_url}
        bot = ServedBot(db, "http://127.0.0.1:9", tmp_path / "serve.log", environ)
        await bot.start()
        try:
            acknowledged: list[int] = []
            gate = asyncio.Semaphore(CONCURRENCY)
            async with httpx.AsyncClient(base_url=bot.url, timeout=5.0) as client:
                burst = asyncio.gather(*(_chat(client, gate, 1000 + number, acknowledged) for number in range(CHATS)))
                await eventually(lambda: len(acknowledged) >= CHATS * 2 // 3, 30, "a third of the burst acknowledged")
                bot.kill()
                await bot.wait_exit(10.0)
                await burst
            await bot.start()
            expected = {chat: acknowledged.count(chat) for chat in acknowledged}
            await eventually(lambda: _answered(api, expected), RECOVERY, "every acknowledged update answered")
        finally:
            await bot.close()
    assert api.violations == []
    tapped = [f"q{chat}" for chat, count in expected.items() if count == 2]
    assert api.unanswered_taps(tapped) == []


def _answered(api: FakeBotApi, expected: dict[int, int]) -> bool:
    """Whether each chat got a reply to each of its acknowledged updates (a repeat is allowed)."""
    got: dict[str, int] = {}
    for params in api.sent():
        got[params["chat_id"]] = got.get(params["chat_id"], 0) + 1
    return all(got.get(str(chat), 0) >= count for chat, count in expected.items())
