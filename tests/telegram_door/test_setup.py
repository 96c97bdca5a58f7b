"""`telegram setup`: the webhook, the commands and the description, or one line naming the problem."""

from __future__ import annotations

import io
from dataclasses import replace

import httpx
import pytest

from settings import Settings
from telegram_door.setup import ALLOWED_UPDATES, set_up_telegram
from tests.cli import run_cli
from tests.telegram_door.fake_botapi import Failure, FakeBotApi
from tests.telegram_door.harness import SECRET, TELEGRAM, TOKEN

pytestmark = pytest.mark.anyio

SETTINGS = Settings(telegram=TELEGRAM, public_url="https://bot.example/")


async def _set_up(settings: Settings, api: FakeBotApi) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    async with httpx.AsyncClient(transport=api.transport()) as http:
        code = await set_up_telegram(settings, http, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


async def test_setup_registers_the_webhook_with_its_secret_then_commands_and_description() -> None:
    api = FakeBotApi(TOKEN)
    code, out, err = await _set_up(SETTINGS, api)
    assert (code, err) == (0, "") and out.startswith("telegram set up: webhook https://bot.example/telegram/webhook")
    assert [call.method for call in api.accepted] == ["setWebhook", "setMyCommands", "setMyDescription"]
    webhook = api.accepted[0].params
    assert webhook == {"url": "https://bot.example/telegram/webhook", "secret_token": SECRET,
                       "allowed_updates": ALLOWED_UPDATES}
    assert [command["command"] for command in api.accepted[1].params["commands"]] == ["start", "help"]
    assert "показники" in api.accepted[2].params["description"] and api.violations == []


@pytest.mark.parametrize(("settings", "problem"), [
    (replace(SETTINGS, telegram=replace(TELEGRAM, bot_token="")), "TG_BOT_TOKEN is not set"),
    (replace(SETTINGS, telegram=replace(TELEGRAM, webhook_secret="")), "TG_WEBHOOK_SECRET is not set"),
    (replace(SETTINGS, telegram=replace(TELEGRAM, webhook_secret="a b")), "TG_WEBHOOK_SECRET may hold only"),
    (replace(SETTINGS, public_url=""), "PUBLIC_URL must be set"),
    (replace(SETTINGS, public_url="http://bot.example"), "PUBLIC_URL must be set"),
])
async def test_a_missing_setting_is_one_line(settings: Settings, problem: str) -> None:
    api = FakeBotApi(TOKEN)
    code, _out, err = await _set_up(settings, api)
    assert code == 2 and err.startswith(f"error: {problem}") and err.count("\n") == 1 and api.accepted == []


async def test_a_refusal_is_one_line_without_the_token() -> None:
    api = FakeBotApi(TOKEN)
    api.fail_next(Failure(401))
    code, _out, err = await _set_up(SETTINGS, api)
    assert code == 1 and err.startswith("error: Telegram refused setWebhook: ") and TOKEN not in err


def test_the_command_without_settings_says_what_is_missing() -> None:
    done = run_cli("telegram", "setup")
    assert done.returncode == 2 and done.stderr == "error: TG_BOT_TOKEN is not set\n"
