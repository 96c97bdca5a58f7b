"""`viber setup`: set_webhook with the public URL and the events the bot handles; one-line errors."""

from __future__ import annotations

import io

import httpx
import pytest

from settings import Settings
from tests.viber.door import SETTINGS, TOKEN
from tests.viber.fake_viber import Failure, FakeViber
from viber.api import WEBHOOK_EVENTS
from viber.setup import set_up_webhook

pytestmark = pytest.mark.anyio


async def _setup(fake: FakeViber, settings: Settings) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        code = await set_up_webhook(settings, http, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


async def test_the_webhook_is_registered_with_the_events_the_bot_handles() -> None:
    fake = FakeViber(TOKEN, SETTINGS.bot_name)
    code, out, err = await _setup(fake, Settings(viber=SETTINGS, public_url="https://bot.example"))
    assert (code, err) == (0, "")
    assert fake.webhooks == [{"url": "https://bot.example/viber/webhook", "event_types": list(WEBHOOK_EVENTS)}]
    assert out.count("\n") == 1 and "https://bot.example/viber/webhook" in out


@pytest.mark.parametrize(("settings", "named"), [
    (Settings(public_url="https://bot.example"), "VIBER_AUTH_TOKEN"),
    (Settings(viber=SETTINGS), "PUBLIC_URL"),
    (Settings(viber=SETTINGS, public_url="http://bot.example"), "PUBLIC_URL"),
])
async def test_missing_settings_get_one_line(settings: Settings, named: str) -> None:
    fake = FakeViber(TOKEN, SETTINGS.bot_name)
    code, out, err = await _setup(fake, settings)
    assert code == 2 and out == "" and err.count("\n") == 1 and named in err and fake.calls == 0


async def test_a_refusal_gets_one_line() -> None:
    fake = FakeViber(TOKEN, SETTINGS.bot_name)
    fake.fail_next(Failure(status=1))
    code, out, err = await _setup(fake, Settings(viber=SETTINGS, public_url="https://bot.example"))
    assert code == 1 and out == "" and err.count("\n") == 1 and "status 1" in err
