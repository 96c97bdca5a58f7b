"""An operator in a headless Chromium: signs in, reads the chart, retries a failed send and
answers a waiting conversation, which reaches the customer through the Send API.

The served app has only the Messenger door on this branch, so the waiting conversation is a
Messenger sender's hand-over row, seeded as the console would hold it; the answer travels the
same path as any channel's: the console renders it with the sender's channel into the outbox,
and the sender worker sends it (here to the fake Graph API, served on a loopback port).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn
from selenium.webdriver.common.by import By

from console.operators import add_operator
from models.accounts import Account
from models.database import close_database, open_database
from models.handovers import Handover
from models.outbox import OutgoingMessage, OutgoingStatus
from models.readings import Reading
from tests.conftest import clear_tables
from tests.messenger.fake_graph import VERSION, FakeGraph
from tests.servers import free_port
from tests.web.browser import chromium, requires_chromium
from tests.web.served import served_app

pytestmark = requires_chromium

SECRET, TOKEN, PASSWORD = "app-secret", "page-token", "operator-password"


@contextmanager
def graph_in_thread(graph: FakeGraph) -> Iterator[str]:
    """The fake Graph API served by uvicorn in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(graph.app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="off", ws="none"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/{VERSION}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def _seed(database_url: str) -> tuple[int, int]:
    await open_database(database_url)
    try:
        await clear_tables()
        await add_operator("olena", PASSWORD)
        account = await Account.create(number="1234567", surname="Шевченко", address="м. Лиман", zones=1, digits=6)
        await Reading.create(account=account, submitted_at=datetime.now(UTC) - timedelta(days=2), channel="messenger",
                             total=12345)
        failed = await OutgoingMessage.create(
            channel="messenger", address="messenger:555", status=OutgoingStatus.FAILED, failed_at=datetime.now(UTC),
            payload={"recipient": {"id": "555"}, "messaging_type": "RESPONSE", "message": {"text": "Прийнято"}},
        )
        handover = await Handover.create(channel="messenger", external_id="777", opened_at=datetime.now(UTC))
        return failed.id, handover.id
    finally:
        await close_database()


def _until(condition: object, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_an_operator_signs_in_retries_a_send_and_answers(database_url: str, tmp_path: Path) -> None:
    failed_id, handover_id = asyncio.run(_seed(database_url))
    graph = FakeGraph(TOKEN, SECRET)
    with graph_in_thread(graph) as graph_url:
        environ = {"FB_APP_SECRET": SECRET, "FB_PAGE_ACCESS_TOKEN": TOKEN, "FB_GRAPH_URL": graph_url}
        with served_app(database_url, tmp_path, environ) as served, chromium(1024, 900) as browser:
            browser.get(f"{served.url}/operator")
            assert browser.current_url.endswith("/operator/login")
            browser.find_element(By.ID, "name").send_keys("olena")
            browser.find_element(By.ID, "password").send_keys(PASSWORD)
            browser.find_element(By.CSS_SELECTOR, "form[action='/operator/login'] button").click()
            _until(lambda: browser.current_url.endswith("/operator"))

            bars = browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.bar")
            assert [(bar.get_attribute("data-channel"), bar.get_attribute("data-count")) for bar in bars] == [
                ("messenger", "1")
            ]
            assert browser.find_elements(By.CSS_SELECTOR, "svg.chart rect.window")

            browser.find_element(By.CSS_SELECTOR, f"form[action='/operator/retry'] input[value='{failed_id}'] ~ button").click()
            _until(lambda: any(body["recipient"]["id"] == "555" for body in graph.messages))

            section = browser.find_element(By.ID, f"handover-{handover_id}")
            section.find_element(By.TAG_NAME, "textarea").send_keys("Добрий день, це оператор.")
            section.find_element(By.CSS_SELECTOR, "form[action='/operator/reply'] button").click()
            _until(lambda: any(body["recipient"]["id"] == "777" for body in graph.messages))
    answer = next(body for body in graph.messages if body["recipient"]["id"] == "777")
    assert answer["message"]["text"] == "Добрий день, це оператор."
    assert graph.violations == []
