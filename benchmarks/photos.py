"""How well and how fast the photo reader reads synthetic meter photos.

    python benchmarks/photos.py [--photos 150] [--seed 0] [--clean] [--show-misses]

For each style (drums with a red fraction drum; a seven-segment LCD) it makes `--photos`
photos from the test suite's generator (turned, blurred, glare, JPEG artefacts; `--clean`
leaves those out), half of them with a last reading a little below the true value, and
reads them one after another as the service does: through `PhotoReader`, in one worker
process with one OCR thread, started afresh for each style. Printed per style: exact
reads, wrong reads and "type it" answers, wall-clock seconds per photo (as the service
waits for it), the worker's CPU seconds per photo (its start-up included; the figure holds
on a busy machine), and the worker's peak memory: its own high-water mark of resident memory
(VmHWM), read before it ends. (`ru_maxrss` of the children would be no figure for it: Linux
carries a process's high-water mark across `exec`, so it starts at the size of the
benchmark that forked it.)
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The pool (with asyncio), the photo generator and the process helpers are imported where they are
# used: each worker is spawned and imports this module again, and must weigh what the service's
# worker weighs (the service's main module imports neither).


def _last(seed: int, value: str) -> int | None:
    rng = random.Random(seed)
    return None if rng.random() < 0.5 else max(0, int(value) - rng.randint(0, 400))


def _workers_cpu() -> float:
    """CPU seconds of the ended worker processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def run_style(
    style: str, count: int, seed: int, hard: bool, show: bool
) -> tuple[Counter[str], float, float, int]:
    from photos.pool import PhotoReader
    from tests.e2e.harness import peak_rss_kib, process_tree
    from tests.photos.synthetic import meter_photo

    tally: Counter[str] = Counter()
    spent = 0.0
    cpu_before = _workers_cpu()
    reader = PhotoReader(workers=1, waiting=1, timeout=120)
    try:
        for number in range(seed, seed + count):
            photo = meter_photo(number, style, hard=hard)
            started = time.perf_counter()
            result = await reader.read_photo(photo.jpeg, photo.digits, _last(number, photo.value))
            spent += time.perf_counter() - started
            kind = "exact" if result.text == photo.value else "type it" if result.text is None else "wrong"
            tally[kind] += 1
            if show and kind != "exact":
                print(f"  {style} seed {number}: true {photo.value} read {result.text} ({result.outcome})")
        peak = max(peak_rss_kib(pid) for pid in process_tree(os.getpid())[1:])
    finally:
        reader.close(wait=True)
    return tally, spent / count, (_workers_cpu() - cpu_before) / count, peak


def main() -> None:
    import asyncio

    from tests.photos.synthetic import STYLES

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=150, help="photos per style")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clean", action="store_true", help="no turning, blur, glare or noise")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    print(f"{'style':<6} {'photos':>6} {'exact':>7} {'wrong':>7} {'type it':>8} {'s/photo':>8} {'cpu s':>6} {'peak MB':>8}")
    for style in STYLES:
        tally, seconds, cpu, peak = asyncio.run(run_style(style, args.photos, args.seed, not args.clean, args.show_misses))
        share = {kind: f"{100 * tally[kind] / args.photos:.1f}%" for kind in ("exact", "wrong", "type it")}
        print(f"{style:<6} {args.photos:>6} {share['exact']:>7} {share['wrong']:>7} {share['type it']:>8} "
              f"{seconds:>8.2f} {cpu:>6.2f} {peak / 1024:>8.0f}")


if __name__ == "__main__":
    main()
