"""Telegram webhook: acknowledged updates per second, and updates answered end to end per second.

    .venv/bin/python benchmarks/telegram.py [--updates 3000] [--senders 1000] [--concurrency 32]

1. Acknowledgement: `--updates` text updates (each a new `update_id`, from 500 chats) posted
   with the secret token from `--concurrency` connections, first to a bare Starlette endpoint
   that only compares the secret token and parses the JSON (the load generator's own ceiling),
   then to `python main.py serve` (SQLite in a temporary folder).
2. End to end: a fresh database, `--senders` new chats each sending `/start` at once; the clock
   runs from the first request to the last `sendMessage` the local fake Bot API receives.
"""

from __future__ import annotations

import argparse
import asyncio
import hmac
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.harness import served_bots  # noqa: E402
from tests.servers import free_port, until_healthy  # noqa: E402
from tests.telegram_door.fake_botapi import FakeBotApi  # noqa: E402

TOKEN = "123456:benchmark-token"
SECRET = "benchmark-secret"
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}


def bare_app():  # type: ignore[no-untyped-def]
    """A Starlette app that only compares the secret token, parses the update and answers 200."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def webhook(request: Request) -> Response:
        offered = request.headers.get("x-telegram-bot-api-secret-token", "").encode()
        if not hmac.compare_digest(offered, SECRET.encode()):
            return PlainTextResponse("forbidden", status_code=403)
        json.loads(await request.body())
        return PlainTextResponse("ok")

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/telegram/webhook", webhook, methods=["POST"]), Route("/healthz", health)])


def _update(update_id: int, chat_id: int, text: str) -> bytes:
    message = {"message_id": update_id, "date": 1764400000, "text": text,
               "chat": {"id": chat_id, "type": "private", "first_name": "A"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "A"}}
    return json.dumps({"update_id": update_id, "message": message}).encode()


async def _post_all(url: str, bodies: list[bytes], concurrency: int) -> tuple[float, list[float]]:
    """POST every body from `concurrency` connections; updates per second and each latency."""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    queue = iter(bodies)
    latencies: list[float] = []
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        async def connection() -> None:
            for body in queue:
                started = time.perf_counter()
                answer = await client.post("/telegram/webhook", content=body, headers=HEADERS)
                latencies.append(time.perf_counter() - started)
                if answer.status_code != 200:
                    raise RuntimeError(f"HTTP {answer.status_code}")

        started = time.perf_counter()
        await asyncio.gather(*(connection() for _ in range(concurrency)))
        return len(bodies) / (time.perf_counter() - started), latencies


def _environment(api_url: str) -> dict[str, str]:
    return {"TG_BOT_TOKEN": TOKEN, "TG_WEBHOOK_SECRET": SECRET, "TG_API_URL": api_url}


async def bare_rate(bodies: list[bytes], concurrency: int, folder: Path) -> tuple[float, list[float]]:
    """The load generator against the bare endpoint in its own process."""
    port = free_port()
    command = [sys.executable, __file__, "--serve-bare", str(port)]
    with open(folder / "bare.log", "wb") as log:
        process = await asyncio.create_subprocess_exec(*command, stdout=log, stderr=log)
    try:
        async with httpx.AsyncClient() as client:
            await until_healthy(client, f"http://127.0.0.1:{port}", 10)
        await _post_all(f"http://127.0.0.1:{port}", bodies[:500], concurrency)
        return await _post_all(f"http://127.0.0.1:{port}", bodies, concurrency)
    finally:
        process.terminate()
        await process.wait()


async def bot_rate(bodies: list[bytes], concurrency: int, folder: Path) -> tuple[float, list[float]]:
    """The same load against `serve`, answering through a local fake Bot API meanwhile."""
    api = FakeBotApi(TOKEN)
    async with api.serve() as api_url, served_bots(1, f"sqlite://{folder / 'ack.sqlite3'}", "http://127.0.0.1:9",
                                                   folder, _environment(api_url)) as [bot]:
        warmup = [_update(10_000_000 + number, 1, "Добрий день") for number in range(500)]
        await _post_all(bot.url, warmup, concurrency)
        return await _post_all(bot.url, bodies, concurrency)


async def answered_rate(senders: int, concurrency: int, folder: Path) -> tuple[float, float]:
    """New chats each sending `/start`: (updates answered per second, acknowledged per second)."""
    api = FakeBotApi(TOKEN)
    bodies = [_update(number + 1, 5_000_000 + number, "/start") for number in range(senders)]
    async with api.serve() as api_url, served_bots(1, f"sqlite://{folder / 'e2e.sqlite3'}", "http://127.0.0.1:9",
                                                   folder, _environment(api_url)) as _bots:
        started = time.monotonic()
        acknowledged, _ = await _post_all(_bots[0].url, bodies, concurrency)
        while len({params["chat_id"] for params in api.sent()}) < senders:
            if time.monotonic() - started > 300:
                raise TimeoutError("not every chat was answered in 300 s")
            await asyncio.sleep(0.02)
        elapsed = time.monotonic() - started
    if api.violations:
        raise RuntimeError(f"the fake Bot API saw violations: {api.violations[:3]}")
    return senders / elapsed, acknowledged


def _ms(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] * 1000


async def run(updates: int, senders: int, concurrency: int) -> None:
    bodies = [_update(number + 1, 1000 + number % 500, f"Показники {10000 + number}") for number in range(updates)]
    with tempfile.TemporaryDirectory(prefix="bot-telegram-") as name:
        folder = Path(name)
        results = {"bare": await bare_rate(bodies, concurrency, folder), "bot": await bot_rate(bodies, concurrency, folder)}
        answered, acknowledged = await answered_rate(senders, concurrency, folder)
    print(f"{updates} updates at {concurrency} concurrent connections")
    for target, (rate, latencies) in results.items():
        print(f"{target:>5}: {rate:8.0f} updates acknowledged/s   p50 {_ms(latencies, 0.5):6.1f} ms"
              f"   p99 {_ms(latencies, 0.99):6.1f} ms")
    print(f"ratio bot/bare: {results['bot'][0] / results['bare'][0]:.2f}")
    print(f"end to end: {senders} new chats sending /start: {answered:.0f} answered/s "
          f"({acknowledged:.0f} acknowledged/s while answering)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--senders", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        import uvicorn

        uvicorn.run(bare_app(), host="127.0.0.1", port=args.serve_bare, log_level="warning", access_log=False)
    else:
        asyncio.run(run(args.updates, args.senders, args.concurrency))


if __name__ == "__main__":
    main()
