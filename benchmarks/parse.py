"""How many customer messages the reading parser handles per second, in-process and through the CLI.

    python benchmarks/parse.py [--messages 100000] [--rounds 3]

The messages are the realistic mix of `tests.handlers.corpus`, all distinct: readings of one
to three zones in Ukrainian and Russian with typos, accounts, phones, dates, money, addresses,
numbers in words, chit-chat, emoji, long texts, and the hand-written test cases with new
digits. Printed, best of the rounds:

- `parse()`: messages per second on one core (the process is pinned to one CPU where the
  system allows it);
- `python main.py parse`: messages per second of the real command reading the messages as
  stdin lines (line breaks inside a message made spaces) and printing one JSON line each, its
  start-up excluded: the time of a run with no input is taken from the time with all of it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.parsing import parse
from tests.handlers.corpus import messages


def in_process(mix: list[str], rounds: int) -> float:
    """The best time of `rounds` passes of `parse()` over the mix."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in mix:
            parse(text)
        best = min(best, time.perf_counter() - started)
    return best


def command(stdin: bytes, rounds: int) -> float:
    """The best time of `rounds` runs of `python main.py parse` with `stdin`, start-up included."""
    best = float("inf")
    with tempfile.TemporaryDirectory() as empty, tempfile.TemporaryFile() as lines:
        lines.write(stdin)
        for _ in range(rounds):
            lines.seek(0)
            started = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "main.py"), "parse"], stdin=lines,
                           stdout=subprocess.DEVNULL, cwd=empty, check=True)
            best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--messages", type=int, default=100_000)
    options.add_argument("--rounds", type=int, default=3)
    args = options.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the CLI runs inherit it
    mix = messages(args.messages)
    best = in_process(mix, args.rounds)
    print(f"parse(): {len(mix) / best:,.0f} messages/s on one core "
          f"({best / len(mix) * 1e6:.1f} µs per message, {len(mix)} distinct messages, best of {args.rounds})")
    stdin = "".join(" ".join(text.splitlines()) + "\n" for text in mix).encode("utf-8")
    start_up = command(b"", args.rounds)
    total = command(stdin, args.rounds)
    print(f"python main.py parse: {len(mix) / (total - start_up):,.0f} messages/s "
          f"({total:.2f} s for {len(mix)} stdin lines less {start_up:.2f} s start-up, best of {args.rounds})")


if __name__ == "__main__":
    main()
