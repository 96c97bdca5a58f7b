"""How long the operator console's page takes with 200,000 accounts and a million readings.

    python benchmarks/console.py [--accounts 200000] [--readings 1000000] [--database-url URL]

Seeds a fresh database with bulk inserts (readings spread over the last 120 days, some
refusals), signs an operator in, then times `GET /operator` through the app (no network) and
prints the median and the slowest of the timed loads. After seeding it runs `VACUUM ANALYZE`
(`ANALYZE` on SQLite), as autovacuum would after such a load. The default database is a new SQLite
file in a temporary folder; pass a PostgreSQL URL (an empty database) to measure that.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # this file's folder, first on sys.path, would shadow the `console` package

import argparse
import asyncio
import random
import re
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta

import httpx
from tortoise import Tortoise

from app import create_app
from console.operators import add_operator
from models.database import apply_migrations, close_database
from models.sql import on_sqlite
from settings import Settings

CHANNELS = ("messenger", "telegram", "viber", "web", "chat")
REASONS = ("zones", "digits", "below_last", "no_previous")
_BATCH = 20_000
LOADS = 10


async def _insert(table: str, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> None:
    connection = Tortoise.get_connection("default")
    marks = ", ".join("?" if on_sqlite() else f"${index}" for index in range(1, len(columns) + 1))
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    for start in range(0, len(rows), _BATCH):
        await connection.execute_many(statement, rows[start : start + _BATCH])


def _at(moment: datetime) -> object:
    return moment.isoformat(sep=" ") if on_sqlite() else moment


async def seed(accounts: int, readings: int, now: datetime) -> None:
    """Accounts, readings over the last 120 days, refusals; in bulk."""
    rng = random.Random(2026)
    updated = _at(now)
    await _insert("account", ("number", "surname", "address", "zones", "digits", "updated_at"),
                  [(str(1_000_000 + index), "Шевченко", "м. Лиман", 1, 6, updated) for index in range(accounts)])
    rows = []
    for _ in range(readings):
        moment = now - timedelta(seconds=rng.randrange(120 * 86400))
        period = f"{moment.year:04d}-{moment.month:02d}" if moment.day >= 28 or moment.day <= 3 else None
        rows.append((rng.randrange(1, accounts + 1), period, _at(moment), rng.choice(CHANNELS), rng.randrange(99999)))
    await _insert("reading", ("account_id", "period", "submitted_at", "channel", "total"), rows)
    await _insert("refusal", ("channel", "reason", "created_at"),
                  [(rng.choice(CHANNELS), rng.choice(REASONS), _at(now - timedelta(hours=index))) for index in range(5000)])
    # What autovacuum does soon after a bulk load: statistics, and the visibility map that lets
    # the per-day counts read the index alone.
    await Tortoise.get_connection("default").execute_script("ANALYZE" if on_sqlite() else "VACUUM ANALYZE")


async def measure(database_url: str, accounts: int, readings: int) -> list[float]:
    now = datetime.now(UTC)
    await apply_migrations(database_url)
    started = time.perf_counter()
    await seed(accounts, readings, now)
    await add_operator("bench", "benchmark-password")
    print(f"seeded {accounts:,} accounts and {readings:,} readings in {time.perf_counter() - started:.0f} s")
    await close_database()
    app = create_app(Settings(database_url=database_url))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.test") as client:
            page = await client.get("/operator/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert token is not None
            await client.post("/operator/login", data={"name": "bench", "password": "benchmark-password",
                                                       "csrf_token": token[1]})
            timings = []
            for _ in range(LOADS + 1):
                started = time.perf_counter()
                answer = await client.get("/operator")
                timings.append(time.perf_counter() - started)
                assert answer.status_code == 200, answer.status_code
    return timings[1:]  # the first load warms the caches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--readings", type=int, default=1_000_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite://{folder}/bench.sqlite3"
        timings = asyncio.run(measure(url, args.accounts, args.readings))
    print(f"GET /operator: median {statistics.median(timings) * 1000:.0f} ms, "
          f"slowest {max(timings) * 1000:.0f} ms over {len(timings)} loads")


if __name__ == "__main__":
    main()
