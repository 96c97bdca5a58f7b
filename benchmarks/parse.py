"""How many customer messages the reading parser handles per second on one core.

    python benchmarks/parse.py [--messages 20000] [--rounds 5]

The mix: two thirds everyday messages built from templates with random values (a bare
reading, day and night, registers, an account and a reading, greetings and thanks, Russian,
"same as before"), one third the hand-written customer cases of the test suite, which are
heavy on decoys (dates, phones, money, addresses, numbers in words). The process is pinned to
one CPU where the system allows it. Printed: messages per second of the best round, and the
mean time per message.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.parsing import parse  # noqa: E402

TEMPLATES = [
    "{v}",
    "Покази {v}",
    "Добрий день! Передаю покази: {v}. Дякую",
    "день {d} ніч {n}",
    "Д-{d} Н-{n}",
    "Т1 - {d}, Т2 - {n}",
    "о/р {a} покази {v}",
    "Доброго дня, особовий рахунок {a}, показники {v} кВт. Гарного дня!",
    "{a} {v}",
    "Здравствуйте, показания счетчика {v}",
    "лицевой счет {a} день {d} ночь {n}",
    "пік {d} напівпік {n} ніч {v}",
    "покази {v} тел 0{a}",
    "станом на 30.11.2026 - {v}",
    "без змін",
    "показники такі ж як минулого місяця",
]
CASES = ROOT / "tests" / "handlers" / "data" / "cases.jsonl"


def messages(count: int) -> list[str]:
    """A reproducible realistic mix of `count` messages."""
    rng = random.Random(3)
    with open(CASES, encoding="utf-8") as lines:
        cases = [json.loads(line)["text"] for line in lines if line.strip()]
    mix = []
    for index in range(count):
        if index % 3 == 2:
            mix.append(rng.choice(cases))
        else:
            values = {"v": rng.randint(100, 99999), "d": rng.randint(1000, 60000), "n": rng.randint(100, 30000),
                      "a": rng.randint(1000000, 9999999)}
            mix.append(rng.choice(TEMPLATES).format(**values))
    return mix


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--messages", type=int, default=20000)
    options.add_argument("--rounds", type=int, default=5)
    args = options.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    mix = messages(args.messages)
    best = float("inf")
    for _ in range(args.rounds):
        started = time.perf_counter()
        for text in mix:
            parse(text)
        best = min(best, time.perf_counter() - started)
    print(f"parse: {len(mix) / best:,.0f} messages/s on one core "
          f"({best / len(mix) * 1e6:.1f} µs per message, {len(mix)} messages, best of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
