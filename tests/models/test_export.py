"""The readings export: CSV columns, time zone offsets, and the last reading of each period."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from models.accounts import Account
from models.readings import Reading
from models.registry import read_registry, save_accounts
from tests.cli import run_cli

pytestmark = pytest.mark.anyio
HEADER = "account,period,submitted_at,channel,total,day,night,peak,half_peak"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


async def _seed(sample_registry: Path) -> None:
    await save_accounts(read_registry(sample_registry.read_bytes(), date(2026, 12, 4)).accounts)
    one, two, three = [await Account.get(number=n) for n in ("1234567", "7654321", "2345678")]
    await Reading.create(account=one, period="2026-10", submitted_at=at("2026-10-30T09:00:00+00:00"), total=12000, channel="messenger")
    await Reading.create(account=one, period="2026-11", submitted_at=at("2026-11-29T16:04:11+00:00"), total=12345, channel="telegram")
    await Reading.create(account=two, period="2026-11", submitted_at=at("2026-12-01T08:00:00+00:00"), day=8432, night=2917, channel="viber")
    await Reading.create(account=one, period="2026-11", submitted_at=at("2026-12-02T10:30:00+00:00"), total=12350, channel="web")
    await Reading.create(account=three, period=None, submitted_at=at("2026-07-15T12:00:00+00:00"), peak=1300, half_peak=3400,
                         night=2200, channel="chat")


async def test_export_everything_with_kyiv_offsets(db: str, sample_registry: Path) -> None:
    await _seed(sample_registry)
    result = run_cli("readings", "export", database_url=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        HEADER,
        "1234567,2026-10,2026-10-30T11:00:00+02:00,messenger,12000,,,,",
        "1234567,2026-11,2026-11-29T18:04:11+02:00,telegram,12345,,,,",
        "7654321,2026-11,2026-12-01T10:00:00+02:00,viber,,8432,2917,,",
        "1234567,2026-11,2026-12-02T12:30:00+02:00,web,12350,,,,",
        "2345678,,2026-07-15T15:00:00+03:00,chat,,,2200,1300,3400",
    ]


async def test_export_a_period_keeps_the_last_reading_of_each_account(db: str, sample_registry: Path, tmp_path: Path) -> None:
    await _seed(sample_registry)
    output = tmp_path / "2026-11.csv"
    result = run_cli("readings", "export", "--period", "2026-11", "--output", str(output), database_url=db)
    assert (result.returncode, result.stdout) == (0, "")
    assert output.read_text(encoding="utf-8").splitlines() == [
        HEADER,
        "1234567,2026-11,2026-12-02T12:30:00+02:00,web,12350,,,,",
        "7654321,2026-11,2026-12-01T10:00:00+02:00,viber,,8432,2917,,",
    ]


async def test_an_empty_period_gives_the_header_only(db: str) -> None:
    result = run_cli("readings", "export", "--period", "2026-01", database_url=db)
    assert result.stdout == HEADER + "\n"


@pytest.mark.parametrize("period", ["2026-13", "26-11", "2026-1", "november"])
async def test_a_malformed_period_is_refused(period: str) -> None:
    result = run_cli("readings", "export", "--period", period)
    assert result.returncode == 2
    assert "YYYY-MM" in result.stderr or "01 to 12" in result.stderr
