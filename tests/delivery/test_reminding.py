"""The monthly reminder: when it is due, to whom, once per sender and period, at a bounded pace."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest

from delivery.reminding import Reminders, current_or_next_month, due_month
from handlers.window import Month
from messenger.channel import Messenger
from models.outbox import OutgoingMessage
from models.reminders import Reminder
from models.senders import Sender
from settings import MessengerSettings
from telegram_door.botapi import BotApi
from telegram_door.channel import Telegram
from tests.cli import run_cli
from tests.telegram_door.fake_botapi import FakeBotApi
from tests.telegram_door.harness import TOKEN

pytestmark = pytest.mark.anyio

KYIV = ZoneInfo("Europe/Kyiv")
NOVEMBER = Month(2026, 11)


def _kyiv(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=KYIV)


@pytest.mark.parametrize(("now", "due"), [
    ("2026-11-29T09:59:59", None), ("2026-11-29T10:00:00", NOVEMBER), ("2026-12-03T23:59:59", NOVEMBER),
    ("2026-12-04T00:00:00", None), ("2026-11-15T12:00:00", None), ("2027-02-27T10:00:00", Month(2027, 2)),
])
def test_the_reminder_is_due_from_10_00_on_the_windows_first_day_until_it_closes(now: str, due: Month | None) -> None:
    assert due_month(_kyiv(now), KYIV) == due


def test_between_windows_reminders_send_takes_the_next_one() -> None:
    assert current_or_next_month(_kyiv("2026-11-15T12:00:00"), KYIV) == NOVEMBER
    assert current_or_next_month(_kyiv("2026-12-02T12:00:00"), KYIV) == NOVEMBER
    assert current_or_next_month(datetime(2026, 12, 31, 23, 30, tzinfo=UTC), KYIV) == Month(2026, 12)  # 1 Jan in Kyiv


def _reminders(per_second: float = 1000.0) -> Reminders:
    http = httpx.AsyncClient(transport=FakeBotApi(TOKEN).transport())
    telegram = Telegram(BotApi(http, "http://telegram.test", TOKEN), "secret", lambda: datetime.now(UTC))
    return Reminders({"telegram": telegram, "messenger": Messenger(MessengerSettings(), None)}, per_second, lambda: None)


async def _senders() -> None:
    await Sender.create(channel="telegram", external_id="1", reminders=True)
    await Sender.create(channel="telegram", external_id="2", reminders=True)
    await Sender.create(channel="telegram", external_id="3", reminders=False)
    await Sender.create(channel="telegram", external_id="4", reminders=True, unreachable_since=datetime.now(UTC))
    await Sender.create(channel="messenger", external_id="5", reminders=True)


async def test_only_subscribed_reachable_senders_on_channels_that_allow_it_get_one(db: str) -> None:
    await _senders()
    summary = await _reminders().send(NOVEMBER)
    assert (summary.queued, summary.skipped) == (2, 0)
    queued = await OutgoingMessage.all().order_by("id")
    assert [message.address for message in queued] == ["telegram:1", "telegram:2"]
    body = queued[0].payload
    assert body["method"] == "sendMessage" and "з 29 листопада по 3 грудня" in body["text"]
    assert "не нагадувати" in body["text"]
    assert ["STOP_REMINDING" in str(body["reply_markup"])] == [True]


async def test_a_second_run_for_the_same_period_sends_nothing(db: str) -> None:
    await _senders()
    await _reminders().send(NOVEMBER)
    summary = await _reminders().send(NOVEMBER)
    assert (summary.queued, summary.skipped) == (0, 2)
    assert await OutgoingMessage.all().count() == 2
    assert (await _reminders().send(Month(2026, 12))).queued == 2


async def test_two_instances_at_once_queue_each_reminder_once(db: str) -> None:
    for number in range(300):
        await Sender.create(channel="telegram", external_id=str(1000 + number), reminders=True)
    first, second = await asyncio.gather(_reminders(100_000).send(NOVEMBER), _reminders(100_000).send(NOVEMBER))
    assert first.queued + second.queued == 300
    assert await OutgoingMessage.all().count() == 300 == await Reminder.all().count()
    assert len(set(await OutgoingMessage.all().values_list("address", flat=True))) == 300


async def test_reminders_are_queued_at_the_set_pace(db: str) -> None:
    for number in range(30):
        await Sender.create(channel="telegram", external_id=str(1000 + number), reminders=True)
    started = asyncio.get_running_loop().time()
    await _reminders(per_second=20).send(NOVEMBER)
    assert asyncio.get_running_loop().time() - started >= 1.4


async def test_reminders_send_queues_the_window_and_says_how_many(db: str) -> None:
    await _senders()
    environ = {"TG_BOT_TOKEN": TOKEN, "TG_WEBHOOK_SECRET": "secret"}
    done = run_cli("reminders", "send", database_url=db, environ=environ)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("reminders of the window ") and ": 2 queued, 0 reminded before" in done.stdout
    again = run_cli("reminders", "send", database_url=db, environ=environ)
    assert ": 0 queued, 2 reminded before" in again.stdout
    assert await OutgoingMessage.all().count() == 2


async def test_reminders_send_without_a_channel_that_allows_them_is_one_line(db: str) -> None:
    done = run_cli("reminders", "send", database_url=db)
    assert done.returncode == 1 and done.stderr.startswith("error: no channel that allows reminders")
    assert len(done.stderr.strip().splitlines()) == 1
