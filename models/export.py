"""Writing accepted readings as the operator's CSV (CONTRACT section 5)."""

from __future__ import annotations

import csv
import os
import re
import stat
import tempfile
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from models.readings import Reading
from models.zones import ZONE_NAMES
from settings import CommandError, ConfigError

COLUMNS = ("account", "period", "submitted_at", "channel", *ZONE_NAMES)
_PAGE = 5000
_PERIOD = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)
_NEW_FILE_MODE = 0o644


def check_period(text: str, today: date) -> str:
    """`text` when it is an ASCII `YYYY-MM` month no later than `today`'s; else `ConfigError`."""
    if not _PERIOD.fullmatch(text):
        raise ConfigError(f"--period {text!r}: expected YYYY-MM, for example {today:%Y-%m}")
    if not 1 <= int(text[5:]) <= 12:
        raise ConfigError(f"--period {text}: the month must be 01 to 12")
    if text > f"{today:%Y-%m}":
        raise ConfigError(f"--period {text} is in the future: the current month is {today:%Y-%m}")
    return text


async def export_to_file(path: Path, timezone: ZoneInfo, period: str | None = None) -> int:
    """Write the CSV to `path`, replacing an existing file only once the export is complete.

    A path that cannot be written raises `CommandError`; a failed export leaves an existing
    file as it was. Returns the number of readings written.
    """
    try:
        with _replacing(path) as output:
            return await export_readings(output, timezone, period)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None


@contextmanager
def _replacing(path: Path) -> Iterator[TextIO]:
    """A temporary file beside `path` that takes its place (and its permissions) when the block ends well."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else _NEW_FILE_MODE
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as output:
            yield output
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


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
