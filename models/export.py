"""Writing accepted readings as the operator's CSV (CONTRACT section 5)."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator
from typing import TextIO
from zoneinfo import ZoneInfo

from models.readings import Reading
from models.zones import ZONE_NAMES

COLUMNS = ("account", "period", "submitted_at", "channel", *ZONE_NAMES)
_PAGE = 5000


async def export_readings(output: TextIO, timezone: ZoneInfo, period: str | None = None) -> int:
    """Write the CSV to `output` and return the number of readings written.

    Without `period`: every accepted reading, oldest first. With `period` ("YYYY-MM"):
    the last accepted reading of each account for that billing month, by account number.
    """
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    async for reading in _readings(period):
        writer.writerow(_row(reading, timezone))
        count += 1
    return count


def _row(reading: Reading, timezone: ZoneInfo) -> list[str]:
    submitted_at = reading.submitted_at.astimezone(timezone).isoformat(timespec="seconds")
    values = ["" if getattr(reading, zone) is None else str(getattr(reading, zone)) for zone in ZONE_NAMES]
    return [reading.account.number, reading.period or "", submitted_at, reading.channel, *values]


async def _readings(period: str | None) -> AsyncIterator[Reading]:
    if period is not None:
        for reading in await _last_of_period(period):
            yield reading
        return
    last_id = 0
    while True:
        page = await Reading.filter(id__gt=last_id).order_by("id").limit(_PAGE).select_related("account")
        for reading in page:
            yield reading
        if len(page) < _PAGE:
            return
        last_id = page[-1].id


async def _last_of_period(period: str) -> list[Reading]:
    latest: dict[int, Reading] = {}
    for reading in await Reading.filter(period=period).order_by("submitted_at", "id").select_related("account"):
        latest[reading.account.id] = reading
    return sorted(latest.values(), key=lambda reading: reading.account.number)
