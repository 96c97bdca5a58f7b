"""Viber throughput: signed callbacks to the served bot's `POST /viber/webhook`, replies to a local fake API.

    python benchmarks/viber.py [--senders 2000] [--concurrency 48] [--database-url URL]

In one run, the same load generator (one process, raw keep-alive HTTP) first drives a bare
endpoint that only checks the Viber signature (a subprocess), which shows the generator's
own ceiling, then `python main.py serve` with the Viber channel on and `VIBER_API_URL`
pointing to a fake `send_message` in this process. Each of `--senders` new users sends one
text message. Printed: acknowledged callbacks per second for both, messages answered per
second end to end (until every user's first `send_message`), and p50/p99 of request to reply.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import percentile, scratch_database  # noqa: E402
from tests.e2e.harness import ServedBot  # noqa: E402
from tests.e2e.rawhttp import RawClient  # noqa: E402
from tests.servers import asgi_body, free_port, until_healthy  # noqa: E402
from viber.signature import is_valid, sign  # noqa: E402

TOKEN = "benchmark-viber-token"
TEXT = "Добрий день"


@dataclass
class FakeSendMessage:
    """`POST /pa/send_message` on 127.0.0.1, a bare ASGI app; records when each receiver was first answered."""

    port: int = field(default_factory=free_port)
    first_reply: dict[str, float] = field(default_factory=dict)
    calls: int = 0

    @property
    def url(self) -> str:
        """The value for `VIBER_API_URL`."""
        return f"http://127.0.0.1:{self.port}/pa"

    async def app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        body = await asgi_body(receive)
        self.calls += 1
        self.first_reply.setdefault(json.loads(body).get("receiver", ""), time.monotonic())
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"status":0,"status_message":"ok"}'})


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Checks the signature and answers 200: all a webhook must do, with no storage."""
    if scope["type"] != "http":
        return
    body = await asgi_body(receive)
    signature = dict(scope["headers"]).get(b"x-viber-content-signature", b"").decode()
    status = 200 if scope["method"] == "GET" or is_valid(TOKEN, body, signature) else 403
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def callback(user_id: str, token: int) -> bytes:
    """A text message callback from `user_id`, as Viber sends it."""
    return json.dumps({"event": "message", "timestamp": 1764000000000, "message_token": token,
                       "sender": {"id": user_id, "name": "Тарас", "api_version": 10},
                       "message": {"type": "text", "text": TEXT}, "silent": False}).encode()


async def load(url: str, senders: int, concurrency: int, first: int) -> tuple[float, dict[str, float]]:
    """POST one signed callback per sender, `concurrency` in flight; the rate and each sender's send time."""
    client = RawClient()
    gate = asyncio.Semaphore(concurrency)
    sent_at: dict[str, float] = {}

    async def one(index: int) -> None:
        user_id = f"u{first + index:07d}"
        body = callback(user_id, first + index)
        async with gate:
            sent_at[user_id] = time.monotonic()
            status = await client.post(url + "/viber/webhook", body, {"Content-Type": "application/json",
                                                                       "X-Viber-Content-Signature": sign(TOKEN, body)})
        if status != 200:
            raise RuntimeError(f"HTTP {status}")

    started = time.monotonic()
    try:
        await asyncio.gather(*(one(index) for index in range(senders)))
    finally:
        await client.aclose()
    return senders / (time.monotonic() - started), sent_at


async def bare_rate(senders: int, concurrency: int) -> float:
    """The generator's rate against the bare endpoint in a subprocess."""
    port = free_port()
    process = subprocess.Popen([sys.executable, __file__, "--serve-bare", str(port)])
    try:
        async with httpx.AsyncClient(timeout=1.0) as client:
            await until_healthy(client, f"http://127.0.0.1:{port}", 10)
        await load(f"http://127.0.0.1:{port}", min(500, senders), concurrency, 0)
        rate, _ = await load(f"http://127.0.0.1:{port}", senders, concurrency, 0)
        return rate
    finally:
        process.terminate()
        process.wait(timeout=30)


async def run(args: argparse.Namespace) -> None:
    """Measure the bare endpoint, then the bot; print both."""
    bare = await bare_rate(args.senders, args.concurrency)
    fake = FakeSendMessage()
    server = uvicorn.Server(uvicorn.Config(fake.app, host="127.0.0.1", port=fake.port, log_level="warning",
                                           lifespan="off", ws="none", backlog=4096, interface="asgi3"))
    task = asyncio.create_task(server.serve())
    with tempfile.TemporaryDirectory(prefix="bot-viber-") as folder:
        try:
            async with scratch_database(args.database_url, Path(folder)) as database_url:
                bot = ServedBot(database_url, "http://127.0.0.1:9/v25.0", Path(folder) / "serve.log",
                                {"VIBER_AUTH_TOKEN": TOKEN, "VIBER_API_URL": fake.url})
                await bot.start()
                try:
                    _, warmup = await load(bot.url, min(200, args.senders), args.concurrency, 10_000_000)
                    await wait_answered(fake, set(warmup), args.timeout)
                    started = time.monotonic()
                    acks, sent_at = await load(bot.url, args.senders, args.concurrency, 0)
                    await wait_answered(fake, set(sent_at), args.timeout)
                finally:
                    await bot.close()
        finally:
            server.should_exit = True
            await task
    report(args, database_url, bare, acks, started, sent_at, fake)


async def wait_answered(fake: FakeSendMessage, users: set[str], timeout: float) -> None:
    """Wait until every one of `users` got a reply; raises `TimeoutError`."""
    async with asyncio.timeout(timeout):
        while users - fake.first_reply.keys():
            await asyncio.sleep(0.05)


def report(args: argparse.Namespace, database_url: str, bare: float, acks: float, started: float,
           sent_at: dict[str, float], fake: FakeSendMessage) -> None:
    """Print the figures of one run."""
    latencies = [fake.first_reply[user] - sent for user, sent in sent_at.items()]
    elapsed = max(fake.first_reply[user] for user in sent_at) - started
    print(f"database            {database_url.split('://', 1)[0]}")
    print(f"senders             {args.senders}, one text message each, {args.concurrency} connections")
    print(f"generator, bare     {bare:.0f} callbacks/s (signature check only)")
    print(f"webhook acks        {acks:.0f} callbacks/s ({acks / bare:.2f} of bare)")
    print(f"answered            {args.senders / elapsed:.0f} messages/s end to end ({elapsed:.2f} s)")
    print(f"request to reply    p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms")
    print(f"send_message calls  {fake.calls} (warm-up included)")


def main() -> None:
    """Parse the options and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--senders", type=int, default=2000, help="distinct users, one message each")
    parser.add_argument("--concurrency", type=int, default=48, help="webhook requests in flight")
    parser.add_argument("--database-url", help="a PostgreSQL server URL; default: a temporary SQLite file")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the last reply")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        uvicorn.run(bare_app, host="127.0.0.1", port=args.serve_bare, log_level="warning", access_log=False,
                    interface="asgi3", backlog=4096)
    else:
        asyncio.run(run(args))


if __name__ == "__main__":
    main()
