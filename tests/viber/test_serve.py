"""`main.py serve` with the Viber channel on: a real process, a local fake Viber API, signed callbacks."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from serving import announce_viber
from settings import Settings, ViberSettings
from tests.servers import free_port, until_healthy
from tests.viber.door import NAME, TOKEN
from tests.viber.fake_viber import Failure, FakeViber
from tests.viber.harness import message, post_callback

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]


async def test_serve_answers_a_viber_message_once_through_a_busy_api(tmp_path: Path) -> None:
    fake = FakeViber(TOKEN, NAME)
    fake.fail_next(Failure(status=12), times=2)
    port = free_port()
    async with fake.serve() as api_url:
        env = {**os.environ, "VIBER_AUTH_TOKEN": TOKEN, "VIBER_API_URL": api_url, "VIBER_BOT_NAME": NAME,
               "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}"}
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port),
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                await until_healthy(client, "", 20)
                assert (await client.post("/viber/webhook", content=b"{}")).status_code == 403
                for _ in range(2):
                    assert (await post_callback(client, TOKEN, message("u1", 77, "Допомога"))).status_code == 200
                async with asyncio.timeout(20):
                    while not fake.messages:
                        await asyncio.sleep(0.05)
                await asyncio.sleep(0.3)
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await process.communicate()
    log = stderr.decode()
    assert process.returncode == 0, log[-2000:]
    assert [body["receiver"] for body in fake.messages] == ["u1"] and fake.calls == 3 and fake.violations == []
    assert "Viber channel on at /viber/webhook" in log and TOKEN not in log


@pytest.mark.parametrize(("token", "line"), [
    (TOKEN, f"Viber channel on at /viber/webhook, sending as {NAME!r}"),
    ("", "Viber channel off: VIBER_AUTH_TOKEN is not set, so /viber/webhook answers 404"),
])
def test_serve_says_in_one_line_whether_viber_is_on(token: str, line: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="serving"):
        announce_viber(Settings(viber=ViberSettings(auth_token=token, bot_name=NAME)))
    assert caplog.messages == [line]
