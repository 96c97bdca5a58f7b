"""Reading photos off the event loop, in a small pool of worker processes.

The OCR is CPU-bound for about half a second a photo, so it runs in other processes:
acknowledgements and text replies never wait for it, and a crash of the native code
takes down a worker, not the server. The pool is bounded twice: `workers` photos are read
at once, and no more than `waiting` are accepted at a time; past that, or past `timeout`,
the answer is `Outcome.BUSY`, which asks the customer to type the reading.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from photos import ocr
from photos.reading import Outcome, PhotoResult, read_meter

log = logging.getLogger(__name__)

PHOTOS_PER_WORKER = 200  # a worker is replaced after this many, so its memory stays flat
_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
_GIVEN_BACK = 128 * 1024  # free memory above this at the top of the heap goes back to the system
_MAPPED_FROM = 64 * 1024  # blocks of this size and more are mapped apart, and unmapped when freed


class PhotoReader:
    """The service's photo reader: create it once (in the app's lifespan), `close` it at the end."""

    def __init__(self, workers: int = 1, waiting: int = 8, timeout: float = 30.0) -> None:
        self._workers = workers
        self._waiting = waiting
        self._timeout = timeout
        self._pending = 0
        self._pool: ProcessPoolExecutor | None = None

    async def read_photo(self, image: bytes, digits: int, last: int | None) -> PhotoResult:
        """Read the register of a meter with `digits` whole digits; see `reading.read_meter`.

        Never raises: a full queue, a time-out or a dead worker give `Outcome.BUSY`.
        """
        if self._pending >= self._waiting:
            return PhotoResult(None, Outcome.BUSY)
        self._pending += 1
        try:
            work = asyncio.get_running_loop().run_in_executor(self._executor(), read_meter, image, digits, last)
            return await asyncio.wait_for(work, self._timeout)
        except TimeoutError:
            return PhotoResult(None, Outcome.BUSY)
        except BrokenProcessPool:
            log.exception("a photo worker died; the pool starts again")
            self._discard()
            return PhotoResult(None, Outcome.BUSY)
        finally:
            self._pending -= 1

    def close(self, wait: bool = False) -> None:
        """Stop the workers; photos still queued are dropped. With `wait`, return once they ended."""
        self._discard(wait)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                max_tasks_per_child=PHOTOS_PER_WORKER,
            )
        return self._pool

    def _discard(self, wait: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None


def _start_worker() -> None:
    """Set up a worker process: memory freed after each photo goes back to the system, then the
    engine is loaded.

    The images and the engine's buffers are a few megabytes each; glibc would keep them
    once freed (the process stayed near 290 MB after a few photos), so blocks from 64 KB
    are mapped apart and free memory at the top of the heap is trimmed (about 155 MB).
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        log.info("not glibc: the photo worker's memory is left to the allocator")
    else:
        libc.mallopt(_M_TRIM_THRESHOLD, _GIVEN_BACK)
        libc.mallopt(_M_MMAP_THRESHOLD, _MAPPED_FROM)
    ocr.engine()
