"""How fast the conversation itself answers: `respond` in a transaction, no HTTP, no workers.

    python benchmarks/conversation.py [--customers 300] [--database-url URL]

Each customer links an account (number, surname) and sends a reading: three messages. The
database is new each run: a SQLite file in a temporary folder, or, with `--database-url` of a
PostgreSQL server, a scratch database created there and dropped afterwards. Printed: messages per second, p50 / p95 / max of one message's
handling time, and how many readings were stored (should be every customer's).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise.transactions import in_transaction  # noqa: E402

from benchmarks.load import scratch_database  # noqa: E402
from handlers.conversation import respond  # noqa: E402
from handlers.messages import Incoming  # noqa: E402
from models.accounts import Account  # noqa: E402
from models.database import apply_migrations, close_database  # noqa: E402
from models.readings import Reading  # noqa: E402
from settings import ConversationSettings  # noqa: E402

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


async def _seed(customers: int) -> None:
    await Account.bulk_create([
        Account(number=str(2000000 + index), surname="Шевченко", address="м. Лиман, вул. Миру 1",
                zones=1 + index % 3, digits=6, prev_total=1000, prev_day=1000, prev_night=500,
                prev_peak=300, prev_half_peak=400)
        for index in range(customers)
    ])


def _messages(index: int) -> list[str]:
    reading = {0: "1100", 1: "день 1100 ніч 600", 2: "пік 350 напівпік 450 ніч 550"}[index % 3]
    return [str(2000000 + index), "Шевченко", reading]


async def run(customers: int, server_url: str, folder: Path) -> None:
    async with scratch_database(server_url, folder) as database_url:
        await measure(customers, database_url)


async def measure(customers: int, database_url: str) -> None:
    await apply_migrations(database_url)
    settings = ConversationSettings()
    await _seed(customers)
    timings: list[float] = []
    started = time.perf_counter()
    for index in range(customers):
        for number, text in enumerate(_messages(index)):
            incoming = Incoming("chat", f"sender-{index}", f"m-{index}-{number}", text)
            begin = time.perf_counter()
            async with in_transaction():
                await respond(incoming, NOW, settings)
            timings.append(time.perf_counter() - begin)
    elapsed = time.perf_counter() - started
    stored = await Reading.all().count()
    await close_database()
    timings.sort()
    print(f"{len(timings)} messages in {elapsed:.2f} s: {len(timings) / elapsed:.0f} messages/s")
    print(f"per message: p50 {statistics.median(timings) * 1000:.1f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms")
    print(f"readings stored: {stored} of {customers}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=300)
    parser.add_argument("--database-url", default="", help="a PostgreSQL server URL (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(args.customers, args.database_url, Path(folder)))


if __name__ == "__main__":
    main()
