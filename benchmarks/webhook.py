"""Webhook acknowledgements: signed deliveries from `wrk` against the bot and a bare endpoint.

    python benchmarks/webhook.py [--seconds 10] [--connections 32] [--database-url URL]

In one run, the same generator (`wrk`, see `benchmarks/wrk.py`) loads first the bare endpoint
of `benchmarks/bare.py`, which only checks the signature and decodes the JSON, then
`main.py serve` (a SQLite file in a temporary folder, or a scratch database on the
PostgreSQL server of `--database-url`; no page token, so the workers answer in dry-run mode
while the load runs). Each target is warmed up first. Printed: acknowledged deliveries per
second and p50/p99 acknowledgement latency of each, how busy the generator and the bare
endpoint were, how many events the bot's workers answered while it was loaded, and the ratio
bot/bare, which is refused when the generator was busy most of its time (then it, not the
server, set the rate).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
from pathlib import Path

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bare import Process, bare_endpoint  # noqa: E402
from benchmarks.load import scratch_database  # noqa: E402
from benchmarks.wrk import Result, run_wrk, write_deliveries  # noqa: E402
from tests.e2e.harness import ServedBot  # noqa: E402
from tests.servers import free_port, until_healthy  # noqa: E402

SECRET = "benchmark-secret"
_WARMUP_SECONDS = 2
_DELIVERIES_PER_SECOND = 8000
GENERATOR_BOUND = 0.8
"""The share of its time on a CPU above which wrk, not the server it loads, sets the rate."""


def _measure(target: Process, files: dict[str, Path], args: argparse.Namespace) -> tuple[Result, float]:
    """Load `target` (warmed up); the result and the share of one core the target used."""
    cpu = target.cpu_seconds()
    result = run_wrk(target.url, files["run"], args.seconds, args.connections, args.threads)
    return result, (target.cpu_seconds() - cpu) / args.seconds


def _warm_up(target: Process, files: dict[str, Path], args: argparse.Namespace) -> None:
    run_wrk(target.url, files["warmup"], _WARMUP_SECONDS, args.connections, args.threads)


async def handled_events(database_url: str) -> int:
    """How many events of the bot's database its workers have handled."""
    query = "SELECT count(*) FROM inbound_event WHERE status = 'done'"
    if database_url.startswith("sqlite://"):
        with sqlite3.connect(database_url.removeprefix("sqlite://")) as connection:
            return int(connection.execute(query).fetchone()[0])
    connection = await asyncpg.connect("postgresql://" + database_url.split("://", 1)[1])
    try:
        return int(await connection.fetchval(query))
    finally:
        await connection.close()


async def _healthy(url: str) -> None:
    async with httpx.AsyncClient() as client:
        await until_healthy(client, url, 30)


async def run(args: argparse.Namespace, folder: Path) -> None:
    files = {name: folder / f"{name}.tsv" for name in ("warmup", "run")}
    write_deliveries(files["warmup"], SECRET, "warmup", _WARMUP_SECONDS * _DELIVERIES_PER_SECOND)
    write_deliveries(files["run"], SECRET, "run", args.seconds * _DELIVERIES_PER_SECOND)
    with bare_endpoint(free_port(), SECRET, folder / "bare.log") as bare:
        await _healthy(bare.url)
        _warm_up(bare, files, args)
        bare_result, bare_cpu = _measure(bare, files, args)
    async with scratch_database(args.database_url, folder) as database_url:
        env = {"FB_APP_SECRET": SECRET, "FB_PAGE_ACCESS_TOKEN": ""}
        bot = ServedBot(database_url, "http://127.0.0.1:9", folder / "serve.log", env)
        await bot.start()
        try:
            _warm_up(Process(bot.url, bot.pid), files, args)
            handled_before = await handled_events(database_url)
            bot_result, _ = _measure(Process(bot.url, bot.pid), files, args)
            answered = await handled_events(database_url) - handled_before
        finally:
            await bot.close()
    report(args, database_url, bare_result, bare_cpu, bot_result)
    print(f"answered meanwhile: {answered} events, {answered / args.seconds:.0f}/s (the workers' share of the load)")


def report(args: argparse.Namespace, database_url: str, bare: Result, bare_cpu: float, bot: Result) -> None:
    """Print the figures of one run, and the ratio only when the bare endpoint was saturated."""
    print(f"wrk -t{args.threads} -c{args.connections}, {args.seconds} s a target, "
          f"database {database_url.split('://', 1)[0]}")
    for name, result in (("bare", bare), ("bot", bot)):
        print(f"{name:>5}: {result.rate:8.0f} deliveries/s   p50 {result.p50_ms:6.1f} ms   p99 {result.p99_ms:6.1f} ms"
              f"   failed {result.failed}, non-2xx {result.refused}")
    print(f"generator against the bare endpoint: {bare.rate:.0f} deliveries/s, wrk busy "
          f"{bare.generator_busy * 100:.0f} % of its time, the endpoint using {bare_cpu * 100:.0f} % of a core")
    if max(bare.generator_busy, bot.generator_busy) > GENERATOR_BOUND:
        print(f"ratio bot/bare: not reported: wrk was on a CPU over {GENERATOR_BOUND * 100:.0f} % of its time, "
              "so the generator set the rate")
    else:
        print(f"ratio bot/bare: {bot.rate / bare.rate:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="how long each target is loaded")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: a temporary SQLite file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bot-webhook-") as folder:
        os.chmod(folder, 0o755)
        asyncio.run(run(args, Path(folder)))


if __name__ == "__main__":
    main()
