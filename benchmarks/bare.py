"""The yardstick of every HTTP benchmark: a bare endpoint served like the bot, doing the least work.

    python benchmarks/bare.py PORT SECRET

`POST /webhook` checks the signature and decodes the JSON body, then answers 200; nothing is
stored. It runs as its own uvicorn process (uvloop, httptools), as `serve` does, so the
same generator against it shows how fast the generator can go. `bare_endpoint()` starts it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from messenger.signature import is_valid  # noqa: E402


@dataclass
class Process:
    """A started server process: its URL, and its CPU time from /proc."""

    url: str
    pid: int

    def cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the process and its waited-for children."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rpartition(")")[2].split()
        return sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _app(secret: str):  # type: ignore[no-untyped-def]
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse, Response
    from starlette.routing import Route

    async def webhook(request: Request) -> Response:
        body = await request.body()
        if not is_valid(secret, body, request.headers.get("x-hub-signature-256")):
            return PlainTextResponse("Forbidden", status_code=403)
        if not isinstance(json.loads(body), dict):
            return PlainTextResponse("Bad Request", status_code=400)
        return PlainTextResponse("EVENT_RECEIVED")

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"]), Route("/healthz", health)])


@contextmanager
def bare_endpoint(port: int, secret: str, log: Path) -> Iterator[Process]:
    """The bare endpoint on 127.0.0.1:`port` in its own process, stopped on exit."""
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, __file__, str(port), secret], stdout=output, stderr=subprocess.STDOUT)
    try:
        yield Process(f"http://127.0.0.1:{port}", process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    import uvicorn

    port, secret = int(sys.argv[1]), sys.argv[2]
    uvicorn.run(_app(secret), host="127.0.0.1", port=port, log_level="warning", access_log=False, backlog=4096)


if __name__ == "__main__":
    main()
