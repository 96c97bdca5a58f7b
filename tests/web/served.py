"""The real app served by `python main.py serve` on a free loopback port, for browsers and benchmarks."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.servers import free_port, until_healthy

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Served:
    """A running `serve` process: its base URL and the file its output goes to."""

    url: str
    log: Path


@contextmanager
def served_app(database_url: str, folder: Path, environ: Mapping[str, str] | None = None) -> Iterator[Served]:
    """`main.py serve` on `database_url` until the block ends (SIGTERM, then its exit is awaited).

    `folder` is its working directory and holds `serve.log`; `environ` adds to the environment.
    """
    port = free_port()
    log = folder / "serve.log"
    env = {**os.environ, "DATABASE_URL": database_url, **(environ or {})}
    command = [sys.executable, str(ROOT / "main.py"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT)
    served = Served(f"http://127.0.0.1:{port}", log)
    try:
        asyncio.run(_until_healthy(served.url, process))
        yield served
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


async def _until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    def still_starting() -> None:
        if process.poll() is not None:
            raise RuntimeError(f"serve exited with code {process.returncode}")

    async with httpx.AsyncClient() as client:
        await until_healthy(client, url, 30, still_starting)
