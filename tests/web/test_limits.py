"""Rate limits kept in the database: a sliding window per subject, shared by every instance."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.hits import Hit
from web.limits import Limit

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)
LIMIT = Limit("test", most=3, period=timedelta(minutes=10))


async def test_the_request_after_the_most_waits_until_the_oldest_counted_one_is_a_period_old(db: str) -> None:
    for minute in range(3):
        assert await LIMIT.admit("203.0.113.5", NOW + timedelta(minutes=minute)) is None
    assert await LIMIT.admit("203.0.113.5", NOW + timedelta(minutes=4)) == timedelta(minutes=6)
    assert await LIMIT.admit("198.51.100.7", NOW + timedelta(minutes=4)) is None
    assert await LIMIT.admit("203.0.113.5", NOW + timedelta(minutes=10, seconds=1)) is None


async def test_a_refused_request_is_not_counted(db: str) -> None:
    for _ in range(3):
        await LIMIT.admit("a", NOW)
    for seconds in range(1, 20):
        assert await LIMIT.admit("a", NOW + timedelta(seconds=seconds)) is not None
    assert await Hit.filter(rule="test").count() == 3


async def test_wait_only_looks_and_count_only_counts(db: str) -> None:
    assert await LIMIT.wait("a", NOW) is None
    for _ in range(3):
        await LIMIT.count("a", NOW)
    assert await LIMIT.wait("a", NOW + timedelta(minutes=1)) == timedelta(minutes=9)
    assert await Hit.filter(rule="test").count() == 3


async def test_hits_older_than_the_period_are_pruned_and_subjects_are_stored_as_digests(db: str) -> None:
    await LIMIT.count("1234567", NOW)
    await LIMIT.count("7654321", NOW + timedelta(minutes=11))
    subjects = await Hit.filter(rule="test").values_list("subject", flat=True)
    assert len(subjects) == 1
    assert "7654321" not in subjects[0] and len(subjects[0]) == 64


async def test_a_huge_or_odd_subject_is_counted_like_any_other(db: str) -> None:
    odd = "😀\udcff" + "9" * 1_000_000
    for _ in range(3):
        assert await LIMIT.admit(odd, NOW) is None
    assert await LIMIT.admit(odd, NOW) is not None
