"""How many customer messages the reading parser handles per second, in-process and through the CLI.

    python benchmarks/parse.py [--messages 100000] [--rounds 3]

The messages are the realistic mix of `tests.handlers.corpus`, all distinct: readings of one
to three zones in Ukrainian and Russian with typos, accounts, phones, dates, money, addresses,
numbers in words, chit-chat, emoji, long texts, and the hand-written test cases with new
digits. Printed, best of the rounds:

- `parse()`: messages per second on one core (the process is pinned to one CPU where the
  system allows it), by the clock and by the process's CPU time (the machine is shared: the
  second figure is the one other work on it disturbs least);
- `python main.py parse`: messages per second of the real command reading the messages as
  stdin lines (line breaks inside a message made spaces) and printing one JSON line each, its
  start-up excluded: the time of a run with no input is taken from the time with all of it;
  once pinned to one core like `parse()`, once free to use every core of the machine (the
  command then parses on all of them), with the CPU time of its processes together.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.parsing import parse  # noqa: E402
from tests.handlers.corpus import messages  # noqa: E402


def in_process(mix: list[str], rounds: int) -> tuple[float, float]:
    """The best wall-clock and CPU times of `rounds` passes of `parse()` over the mix."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        for text in mix:
            parse(text)
        wall, cpu = min(wall, time.perf_counter() - started), min(cpu, time.process_time() - started_cpu)
    return wall, cpu


def command(stdin: bytes, rounds: int, cores: set[int]) -> tuple[float, float]:
    """The best wall-clock and CPU times of `rounds` runs of `python main.py parse` with `stdin`,
    on `cores`."""
    wall, cpu = float("inf"), float("inf")
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryFile() as lines:
        lines.write(stdin)
        for _ in range(rounds):
            lines.seek(0)
            started, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, str(ROOT / "main.py"), "parse"], stdin=lines,
                           stdout=subprocess.DEVNULL, cwd=empty, check=True,
                           preexec_fn=lambda: _pin(cores))
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            wall = min(wall, time.perf_counter() - started)
            cpu = min(cpu, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def _pin(cores: set[int]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, cores)


def _rates(count: int, wall: float, cpu: float) -> str:
    return f"{count / wall:,.0f} messages/s ({count / cpu:,.0f}/s of CPU time)"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--messages", type=int, default=100_000)
    options.add_argument("--rounds", type=int, default=3)
    args = options.parse_args()
    every = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else {0}
    one = {min(every)}
    _pin(one)
    mix = messages(args.messages)
    wall, cpu = in_process(mix, args.rounds)
    print(f"parse(): {_rates(len(mix), wall, cpu)} on one core, {wall / len(mix) * 1e6:.1f} µs per message; "
          f"{len(mix)} distinct messages, best of {args.rounds}")
    stdin = "".join(" ".join(text.splitlines()) + "\n" for text in mix).encode("utf-8")
    for cores in (one, every):
        start_up, start_up_cpu = command(b"", args.rounds, cores)
        total, total_cpu = command(stdin, args.rounds, cores)
        print(f"python main.py parse on {len(cores)} core(s): "
              f"{_rates(len(mix), total - start_up, total_cpu - start_up_cpu)}; "
              f"{total:.2f} s for {len(mix)} stdin lines less {start_up:.2f} s start-up, best of {args.rounds}")


if __name__ == "__main__":
    main()
