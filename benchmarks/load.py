"""End-to-end load: the served bot, a local fake Graph API, N new senders each sending one message.

    python benchmarks/load.py [--senders 2000] [--concurrency 48] [--database-url URL]

A fresh database each run: a SQLite file in a temporary folder by default; with a
PostgreSQL URL (`postgres://user@host:5432/postgres`) a scratch database is created on that
server and dropped afterwards. `python main.py serve` runs as a subprocess, as in production;
the load generator and the fake Graph API share this process. The clock runs from the first
request to the last reply the fake Graph API receives. Printed: messages answered per second,
p50 and p99 of the time from a request to its sender's first reply (with `--slow-share`,
that of the senders whose Send API calls are not slow), and the peak resident
memory (VmHWM) of the serve process. Before the bot, the same burst goes to the bare endpoint
of `benchmarks/bare.py`: its rate is printed beside the figures, with a warning when it is
not several times the answered rate (the generator, not the bot, would then be the limit).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bare import bare_endpoint  # noqa: E402
from tests.e2e.harness import APP_SECRET, Burst, FakeGraph, Webhook, conversations, fake_graph, served_bots, webhook  # noqa: E402
from tests.servers import free_port, until_healthy  # noqa: E402

TEXT = "Добрий день"
HEADROOM = 3
"""How many times the bot's answered rate the generator must reach against the bare endpoint."""


@asynccontextmanager
async def scratch_database(url: str | None, folder: Path) -> AsyncIterator[str]:
    """A new, empty database: a SQLite file in `folder`, or a database created on a PostgreSQL server."""
    if not url:
        yield f"sqlite://{folder / 'load.sqlite3'}"
        return
    name = f"bot_load_{uuid.uuid4().hex[:12]}"
    admin = "postgresql://" + url.split("://", 1)[1]
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
        yield f"{url.rpartition('/')[0]}/{name}"
    finally:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def wait_answered(graph: FakeGraph, psids: set[str], timeout: float) -> None:
    """Wait until every sender in `psids` got a reply; raises `TimeoutError`."""
    deadline = time.monotonic() + timeout
    while psids - graph.by_recipient().keys():
        if time.monotonic() > deadline:
            missing = len(psids - graph.by_recipient().keys())
            raise TimeoutError(f"{missing} senders were not answered in {timeout} s")
        await asyncio.sleep(0.05)


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def generator_rate(args: argparse.Namespace, folder: Path) -> float:
    """Deliveries per second the same burst reaches against the bare endpoint of `benchmarks/bare.py`."""
    with bare_endpoint(free_port(), APP_SECRET, folder / "bare.log") as bare:
        hook = Webhook([bare.url])
        try:
            async with httpx.AsyncClient() as client:
                await until_healthy(client, bare.url, 30)
            burst = Burst(conversations(args.senders, [TEXT], prefix="bare"))
            started = time.monotonic()
            await burst.run(hook, args.concurrency)
            return args.senders / (time.monotonic() - started)
        finally:
            await hook.aclose()


async def run(args: argparse.Namespace) -> None:
    """Serve, load, measure and print."""
    with tempfile.TemporaryDirectory(prefix="bot-load-") as folder:
        bare_rate = await generator_rate(args, Path(folder))
        async with scratch_database(args.database_url, Path(folder)) as database_url, \
                fake_graph(latency=args.graph_latency) as graph, \
                served_bots(args.instances, database_url, graph.url, Path(folder)) as bots:
            burst = Burst(conversations(args.senders, [TEXT], prefix="load"))
            if args.slow_share:
                step = round(1 / args.slow_share)
                graph.slow = {psid: args.slow_latency for psid in list(burst.conversations)[::step]}
            async with webhook(bots) as hook:
                cpu_before = sum(bot.cpu_seconds() for bot in bots)
                started = time.monotonic()
                await burst.run(hook, args.concurrency)
                acknowledged = time.monotonic()
                await wait_answered(graph, set(burst.conversations), args.timeout)
            cpu = sum(bot.cpu_seconds() for bot in bots) - cpu_before
            peak_kib = max(bot.peak_rss_kib() for bot in bots)
        answered = report(args, database_url, burst, graph, started, acknowledged, (cpu, peak_kib))
        headroom(answered, bare_rate)


def headroom(answered: float, bare_rate: float) -> None:
    """Print the generator's rate against the bare endpoint, and whether it left the bot room."""
    print(f"generator           {bare_rate:.0f} deliveries/s against the bare endpoint, "
          f"{bare_rate / answered:.1f} times the answered rate")
    if bare_rate < HEADROOM * answered:
        print(f"                    under {HEADROOM} times: the generator may have set the answered rate; "
              "the figure is not the bot's")


def report(args: argparse.Namespace, database_url: str, burst: Burst, graph: FakeGraph,
           started: float, acknowledged: float, usage: tuple[float, int]) -> float:
    """Print the figures of one run; returns the messages answered per second."""
    first_reply: dict[str, float] = {}
    for reply in graph.replies:
        first_reply.setdefault(reply.recipient, reply.at)
    finished = max(first_reply.values())
    latencies = [first_reply[message.psid] - burst.sent_at[message.mid]
                 for psid, messages in burst.conversations.items() if psid not in graph.slow for message in messages]
    elapsed = finished - started
    database = database_url.split("://", 1)[0]
    print(f"database            {database} ({args.instances} serve process(es))")
    print(f"senders             {args.senders}, one message each, {args.concurrency} connections")
    print(f"graph latency       {args.graph_latency * 1000:.0f} ms")
    print(f"webhook acks        {args.senders / (acknowledged - started):.0f} deliveries/s")
    print(f"answered            {args.senders / elapsed:.0f} messages/s end to end ({elapsed:.2f} s)")
    if graph.slow:
        print(f"slow recipients     {len(graph.slow)}, each Send API call to them taking {args.slow_latency * 1000:.0f} ms")
    print(f"request to reply    p50 {statistics.median(latencies) * 1000:.0f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms{' (the other recipients)' if graph.slow else ''}")
    cpu, peak_kib = usage
    print(f"serve CPU time      {cpu:.1f} s ({cpu / elapsed * 100:.0f} % of one core, "
          f"{cpu / args.senders * 1000:.1f} ms a message)")
    print(f"peak RSS of serve   {peak_kib / 1024:.0f} MiB (the largest of the processes)")
    print(f"send api calls      {len(graph.replies)}, violations {len(graph.violations)}")
    return args.senders / elapsed


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--senders", type=int, default=2000, help="distinct senders, one message each")
    parser.add_argument("--concurrency", type=int, default=48, help="webhook requests in flight")
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: a temporary SQLite file")
    parser.add_argument("--instances", type=int, default=1, help="serve processes on the one database")
    parser.add_argument("--graph-latency", type=float, default=0.0, help="seconds the fake Send API takes")
    parser.add_argument("--slow-share", type=float, default=0.0,
                        help="share of senders to whom every Send API call takes --slow-latency")
    parser.add_argument("--slow-latency", type=float, default=1.0, help="seconds a call to a slow recipient takes")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the last reply")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
