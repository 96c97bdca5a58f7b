"""Signed deliveries at full speed from `wrk` (Debian: `apt-get install wrk`), a generator in C.

The bodies are signed beforehand and written to a file that `signed.lua` hands out, so the
generator spends no CPU on HMAC while it runs. Every delivery is a new sender's text message
with its own `mid`: nothing the bot receives is a redelivery, unless the run outlasts the file.
"""

from __future__ import annotations

import json
import re
import resource
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from messenger.signature import sign

_SCRIPT = Path(__file__).resolve().parent / "signed.lua"
_RESULT = re.compile(r"^RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class Result:
    """What one `wrk` run measured: requests answered per second, latencies in ms, failures,
    and the share of its threads' time that wrk itself was on a CPU (near 1: wrk was the limit)."""

    rate: float
    p50_ms: float
    p99_ms: float
    failed: int
    refused: int
    generator_busy: float


def write_deliveries(path: Path, secret: str, run: str, count: int) -> None:
    """`count` signed one-message deliveries, one "signature<TAB>body" line each, into `path`."""
    with path.open("w", encoding="utf-8") as file:
        for number in range(count):
            body = _delivery(f"{run}-{number}", number).encode()
            file.write(f"{sign(secret, body)}\t{body.decode()}\n")


def _delivery(key: str, number: int) -> str:
    event = {"sender": {"id": f"psid-{key}"}, "recipient": {"id": "1"}, "timestamp": 1764000000000 + number,
             "message": {"mid": f"m-{key}", "text": f"Показники 0{number % 90000 + 10000}"}}
    return json.dumps({"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [event]}]}, ensure_ascii=False)


def run_wrk(url: str, deliveries: Path, seconds: int, connections: int, threads: int) -> Result:
    """Load `url`/webhook for `seconds` from `connections` connections; raises when wrk is missing."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{round(seconds)}s", "--timeout", "10s", "-s", str(_SCRIPT),
               url, "--", str(deliveries), str(threads)]
    before = _children_cpu()
    finished = subprocess.run(command, capture_output=True, text=True)
    busy = (_children_cpu() - before) / (seconds * threads)
    match = _RESULT.search(finished.stdout)
    if match is None:
        raise RuntimeError(f"wrk printed no result:\n{finished.stdout}{finished.stderr}")
    requests, micros, failed, refused, p50, p99 = (int(value) for value in match.groups())
    return Result(requests / (micros / 1e6), p50 / 1000, p99 / 1000, failed, refused, busy)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
