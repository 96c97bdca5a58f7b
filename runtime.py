"""How every process of the service starts: its log lines, its event loop, its garbage
collection, and the cores it may use.

asyncio is imported where a loop is run: a photo worker imports the main module again, and
with it this one, but runs no loop (asyncio and ssl would add 10 MB to it).
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Coroutine
from typing import Any, TypeVar

Result = TypeVar("Result")
_YOUNGEST_THRESHOLD = 50_000
"""Allocations between collections of the youngest generation (Python's default is 700)."""


def configure_logging() -> None:
    """Log lines at INFO with their time, level and logger on stderr; tortoise's only from WARNING."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("tortoise").setLevel(logging.WARNING)


def run_loop(main: Coroutine[Any, Any, Result]) -> Result:
    """Run `main` on uvloop where it is installed, else on plain asyncio."""
    import asyncio

    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def usable_cores() -> int:
    """The CPU cores this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def collect_garbage_less_often() -> None:
    """Keep the objects made so far (modules, the app) out of garbage collections, and collect
    the youngest generation every `_YOUNGEST_THRESHOLD` allocations.

    A collection stops every request in flight; with Python's defaults, collections of the
    older generations over the whole heap were most of the webhook's p99 under load.
    """
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(_YOUNGEST_THRESHOLD, middle, oldest)
