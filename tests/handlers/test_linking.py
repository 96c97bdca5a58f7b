"""Surname comparison and the linking lock-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers.linking import attempt_link, lock_remaining, normalise_surname, surname_matches
from models.accounts import Account
from models.senders import Sender

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "registered"),
    [
        ("шевченко", "Шевченко"),
        ("ШЕВЧЕНКО", "Шевченко"),
        ("Шeвчeнкo", "Шевченко"),  # Latin e and o
        ("Д’ячук", "Д'ячук"),
        ("Дʼячук", "Д'ячук"),
        ("Дячук", "Д'ячук"),
        ("Мельник Сидоренко", "Мельник-Сидоренко"),
        ("мельник - сидоренко", "Мельник-Сидоренко"),
        ("Шевченко Тарас Григорович", "Шевченко"),
        ("Шевченко.", "Шевченко"),
    ],
)
def test_a_surname_matches_after_normalising(typed: str, registered: str) -> None:
    assert surname_matches(typed, registered)


@pytest.mark.parametrize(("typed", "registered"), [("Шевчук", "Шевченко"), ("Мельник", "Мельник-Сидоренко"), ("", "")])
def test_a_different_surname_does_not_match(typed: str, registered: str) -> None:
    assert not surname_matches(typed, registered)


def test_normalising_keeps_only_letters() -> None:
    assert normalise_surname(" О'Коннор-Бойко ") == "оконнорбойко"


@pytest.mark.anyio
async def test_the_lock_lasts_until_the_fifth_newest_failure_is_an_hour_old(db: str) -> None:
    await Account.create(number="1234567", surname="Шевченко", address="", zones=1, digits=6)
    sender = await Sender.create(channel="messenger", external_id="100")
    for minute in range(5):
        assert await attempt_link(sender, "1234567", "Петренко", NOW + timedelta(minutes=minute)) is None
        locked = await lock_remaining(sender, "1234567", NOW + timedelta(minutes=minute), 5)
        assert (locked is None) == (minute < 4)
    at = NOW + timedelta(minutes=10)
    assert await lock_remaining(sender, None, at, 5) == timedelta(minutes=50)
    assert await lock_remaining(sender, None, NOW + timedelta(minutes=60, seconds=1), 5) is None
    other = await Sender.create(channel="messenger", external_id="200")
    assert await lock_remaining(other, "1234567", at, 5) == timedelta(minutes=50)
    assert await lock_remaining(other, "7654321", at, 5) is None
