"""Web form throughput: submissions (GET the form, then POST it with its CSRF token) per second.

    .venv/bin/python benchmarks/webform.py [--submissions 2000] [--concurrency 16] [--database-url URL]

Imports `--submissions` one-zone accounts with `main.py accounts import`, runs `main.py serve`
on them (SQLite in a temporary folder unless `--database-url` names a scratch database) and,
in the same run, a bare Starlette endpoint that serves a fixed form with a token and answers
its post. Each gets the same load from `--concurrency` connections: one submission per account,
each a GET of `/form` (cookie and token kept), then a POST of a plausible reading, from its own
`X-Forwarded-For` address so the per-address limit is not what is measured. Every bot
submission must end on the confirmation page. Prints submissions per second for both, their
ratio, and p50/p99 latency of a whole submission.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, until_healthy  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
CONFIRMED = "Показники прийнято"
FIRST_ACCOUNT = 3_000_000


def bare_app():  # type: ignore[no-untyped-def]
    """A Starlette app with the same two steps and nothing behind them: a fixed form, a fixed answer."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import HTMLResponse, PlainTextResponse, Response
    from starlette.routing import Route

    async def show(request: Request) -> Response:
        response = HTMLResponse('<form><input type="hidden" name="csrf_token" value="bare"></form>')
        response.set_cookie("csrf", "bare", httponly=True, samesite="lax")
        return response

    async def post(request: Request) -> Response:
        await request.body()
        return HTMLResponse(CONFIRMED)

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/form", show), Route("/form", post, methods=["POST"]), Route("/healthz", health)])


def serve_bare(port: int) -> None:
    import uvicorn

    uvicorn.run(bare_app(), host="127.0.0.1", port=port, log_level="warning", access_log=False)


def _registry(path: Path, accounts: int) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["account", "surname", "address", "zones", "digits", "prev_date", "prev_total",
                         "prev_day", "prev_night", "prev_peak", "prev_half_peak"])
        for number in range(accounts):
            writer.writerow([FIRST_ACCOUNT + number, "Шевченко", f"м. Краматорськ, вул. Миру {number}", 1, 6,
                             "2026-10-31", 12210, "", "", "", ""])


def _start(target: str, port: int, folder: Path, database_url: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "DATABASE_URL": database_url}
    if target == "bot":
        command = [sys.executable, str(ROOT / "main.py"), "serve", "--port", str(port)]
    else:
        command = [sys.executable, __file__, "--serve-bare", str(port)]
    log = open(folder / f"{target}.log", "wb")
    return subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)


async def _submit(client: httpx.AsyncClient, number: int) -> bool:
    """One visitor's submission from its own address; True when it ends on the confirmation."""
    headers = {"X-Forwarded-For": f"198.18.{number // 250 % 250}.{number % 250 + 1}"}
    page = await client.get("/form", headers=headers)
    found = TOKEN.search(page.text)
    if page.status_code != 200 or found is None:
        raise RuntimeError(f"GET /form: HTTP {page.status_code}")
    fields = {"csrf_token": found.group(1), "account": str(FIRST_ACCOUNT + number), "surname": "Шевченко",
              "total": "12500"}
    answer = await client.post("/form", data=fields, headers=headers)
    if answer.status_code != 200:
        raise RuntimeError(f"POST /form: HTTP {answer.status_code}")
    return CONFIRMED in answer.text


async def _load(clients: list[httpx.AsyncClient], numbers: range) -> tuple[float, list[float], int]:
    """Each client (a browser with its own cookie) submits the next number until none is left."""
    queue = iter(numbers)
    latencies: list[float] = []
    confirmed = 0

    async def connection(client: httpx.AsyncClient) -> None:
        nonlocal confirmed
        for number in queue:
            started = time.perf_counter()
            ok = await _submit(client, number)
            latencies.append(time.perf_counter() - started)
            confirmed += ok

    started = time.perf_counter()
    await asyncio.gather(*(connection(client) for client in clients))
    return len(numbers) / (time.perf_counter() - started), latencies, confirmed


async def measure(target: str, submissions: int, concurrency: int, folder: Path,
                  database_url: str) -> tuple[float, list[float], int]:
    """Start `target`, warm it up, load it: submissions per second, latencies, confirmations."""
    port = free_port()
    process = _start(target, port, folder, database_url)
    warmup = min(200, submissions // 5)
    try:
        async with AsyncExitStack() as stack:
            clients = [await stack.enter_async_context(httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30))
                       for _ in range(concurrency)]
            await until_healthy(clients[0], "", 20)
            await _load(clients, range(warmup))
            return await _load(clients, range(warmup, submissions))
    finally:
        process.terminate()
        process.wait(timeout=30)


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] * 1000


async def run(submissions: int, concurrency: int, database_url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = database_url or f"sqlite://{Path(folder) / 'bot.sqlite3'}"
        _registry(Path(folder) / "accounts.csv", submissions)
        subprocess.run([sys.executable, str(ROOT / "main.py"), "accounts", "import", "accounts.csv"], cwd=folder,
                       env={**os.environ, "DATABASE_URL": url}, check=True, stdout=subprocess.DEVNULL)
        results = {target: await measure(target, submissions, concurrency, Path(folder), url)
                   for target in ("bare", "bot")}
    measured = submissions - min(200, submissions // 5)
    print(f"{measured} form submissions (GET + POST with CSRF) at {concurrency} concurrent connections,"
          f" {'SQLite' if database_url is None else 'the given database'}")
    for target, (rate, latencies, confirmed) in results.items():
        print(f"{target:>5}: {rate:8.0f} submissions/s   p50 {_percentile(latencies, 0.5):6.1f} ms"
              f"   p99 {_percentile(latencies, 0.99):6.1f} ms   confirmed {confirmed}/{measured}")
    print(f"ratio bot/bare: {results['bot'][0] / results['bare'][0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--database-url", help="a scratch database (its readings and limits are written)")
    parser.add_argument("--serve-bare", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_bare:
        serve_bare(args.serve_bare)
    else:
        asyncio.run(run(args.submissions, args.concurrency, args.database_url))


if __name__ == "__main__":
    main()
