"""Webhook throughput: signed deliveries over HTTP against the bot and a bare endpoint.

    .venv/bin/python benchmarks/webhook.py [--deliveries 3000] [--concurrency 32]

Runs `main.py serve` (SQLite in a temporary folder, no page token, so the workers answer
in dry-run mode while the load runs) and, in the same run, a bare Starlette endpoint that
only checks the signature. Each gets the same load: `--deliveries` deliveries of one text
message, each with a new `mid`, from `--concurrency` connections. Prints acknowledged
deliveries per second for both, their ratio, and p50/p99 latency.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from messenger.signature import is_valid, sign  # noqa: E402
from tests.servers import free_port, until_healthy  # noqa: E402

SECRET = "benchmark-secret"


def bare_app():  # type: ignore[no-untyped-def]
    """A Starlette app that only checks the signature and answers 200."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def webhook(request: Request) -> Response:
        body = await request.body()
        if not is_valid(SECRET, body, request.headers.get("x-hub-signature-256")):
            return PlainTextResponse("forbidden", status_code=403)
        return PlainTextResponse("EVENT_RECEIVED")

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"]), Route("/healthz", health)])


def serve_bare(port: int) -> None:
    import uvicorn

    uvicorn.run(bare_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _start(target: str, port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FB_APP_SECRET": SECRET, "FB_VERIFY_TOKEN": "benchmark",
           "FB_PAGE_ACCESS_TOKEN": "", "DATABASE_URL": f"sqlite://{folder / 'bot.sqlite3'}"}
    if target == "bot":
        command = [sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port)]
    else:
        command = [sys.executable, __file__, "--serve-bare", str(port)]
    log = open(folder / f"{target}.log", "wb")
    return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)


def _delivery(run: str, number: int) -> bytes:
    message = {"mid": f"m_{run}_{number}", "text": f"Показники 0{number % 90000 + 10000}"}
    event = {"sender": {"id": str(1000 + number % 500)}, "recipient": {"id": "1"},
             "timestamp": 1764000000000 + number, "message": message}
    return json.dumps({"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [event]}]}).encode()


async def _load(client: httpx.AsyncClient, run: str, deliveries: int, concurrency: int) -> tuple[float, list[float]]:
    bodies = [_delivery(run, number) for number in range(deliveries)]
    queue = iter(bodies)
    latencies: list[float] = []

    async def connection() -> None:
        for body in queue:
            headers = {"X-Hub-Signature-256": sign(SECRET, body), "Content-Type": "application/json"}
            started = time.perf_counter()
            answer = await client.post("/webhook", content=body, headers=headers)
            latencies.append(time.perf_counter() - started)
            if answer.status_code != 200:
                raise RuntimeError(f"HTTP {answer.status_code}")

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(concurrency)))
    return deliveries / (time.perf_counter() - started), latencies


async def measure(target: str, deliveries: int, concurrency: int, folder: Path) -> tuple[float, list[float]]:
    """Start `target`, warm it up, load it; returns deliveries per second and latencies."""
    port = free_port()
    process = _start(target, port, folder)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as client:
            await until_healthy(client, "", 10)
            await _load(client, "warmup", min(500, deliveries), concurrency)
            return await _load(client, "run", deliveries, concurrency)
    finally:
        process.terminate()
        process.wait(timeout=30)


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] * 1000


async def run(deliveries: int, concurrency: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        results = {}
        for target in ("bare", "bot"):
            results[target] = await measure(target, deliveries, concurrency, Path(folder))
    print(f"{deliveries} signed deliveries at {concurrency} concurrent connections")
    for target, (rate, latencies) in results.items():
        print(f"{target:>5}: {rate:8.0f} deliveries/s   p50 {_percentile(latencies, 0.5):6.1f} ms"
              f"   p99 {_percentile(latencies, 0.99):6.1f} ms")
    print(f"ratio bot/bare: {results['bot'][0] / results['bare'][0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deliveries", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
    else:
        asyncio.run(run(args.deliveries, args.concurrency))


if __name__ == "__main__":
    main()
