"""`python main.py serve` as Meta sees it: a real process, real sockets, a fake Graph API."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

import httpx
import pytest

from serving import announce_messenger
from settings import MessengerSettings, Settings
from tests.messenger.fake_graph import Failure, FakeGraph
from tests.messenger.harness import delivery, post_delivery, text_event
from tests.servers import free_port, until_healthy

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]
SECRET = "serve-secret"
TOKEN = "serve-token"


async def _until(condition, timeout: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.05)


async def test_serve_answers_each_event_once_through_a_flaky_send_api(tmp_path: Path) -> None:
    fake = FakeGraph(TOKEN, SECRET)
    fake.fail_next(Failure(status=500, code=2), times=2)
    port = free_port()
    async with fake.serve() as graph_url:
        env = {**os.environ, "FB_APP_SECRET": SECRET, "FB_VERIFY_TOKEN": "v", "FB_PAGE_ACCESS_TOKEN": TOKEN,
               "FB_GRAPH_URL": graph_url, "DATABASE_URL": f"sqlite://{tmp_path / 'bot.sqlite3'}"}
        process = await asyncio.create_subprocess_exec(
            sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port),
            cwd=tmp_path, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
                await until_healthy(client, "", 20)
                unsigned = await client.post("/webhook", content=b'{"object":"page"}')
                assert unsigned.status_code == 403
                first = delivery(text_event("100", "m_1", "Добрий день"), text_event("200", "m_2", "Привіт"))
                assert (await post_delivery(client, SECRET, first)).status_code == 200
                await _until(lambda: {m["recipient"]["id"] for m in fake.messages} == {"100", "200"})
                answered = len(fake.messages)
                assert (await post_delivery(client, SECRET, first)).status_code == 200
                assert (await post_delivery(client, SECRET, delivery(text_event("300", "m_3", "Ще")))).status_code == 200
                await _until(lambda: any(m["recipient"]["id"] == "300" for m in fake.messages))
                assert sum(m["recipient"]["id"] in ("100", "200") for m in fake.messages) == answered
        finally:
            process.send_signal(signal.SIGTERM)
            _, stderr = await process.communicate()
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert fake.violations == []
    assert TOKEN not in stderr.decode() and SECRET not in stderr.decode()



async def test_serve_names_its_database_and_warns_of_missing_secrets(tmp_path: Path) -> None:
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FB_", "DATABASE_URL"))}
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port),
        cwd=tmp_path, env={**env, "DATABASE_URL": "sqlite://data/bot.sqlite3"},
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
            await until_healthy(client, "", 20)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = await process.communicate()
    log = stderr.decode()
    assert process.returncode == 0, log[-2000:]
    assert f"database: {tmp_path}/data/bot.sqlite3" in log
    assert ("Messenger channel: FB_APP_SECRET and FB_VERIFY_TOKEN not set, so /webhook refuses "
            "every delivery and the subscription handshake") in log


@pytest.mark.parametrize(("secrets", "line"), [
    ({"app_secret": "s", "verify_token": "v", "page_access_token": "p"}, "Messenger channel on at /webhook"),
    ({"app_secret": "s", "verify_token": "v"},
     "Messenger channel on at /webhook, but FB_PAGE_ACCESS_TOKEN is not set: replies are logged, not sent"),
    ({"verify_token": "v"}, "Messenger channel: FB_APP_SECRET not set, so /webhook refuses every delivery"),
    ({"app_secret": "s"}, "Messenger channel: FB_VERIFY_TOKEN not set, so /webhook refuses the subscription handshake"),
])
def test_serve_says_in_one_line_whether_messenger_is_on(
    secrets: dict[str, str], line: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="serving"):
        announce_messenger(Settings(messenger=MessengerSettings(**secrets)))
    assert caplog.messages == [line]
