"""What a photo worker process runs (`photos.pool`).

The reader's modules (OpenCV, ONNX Runtime and the OCR models, about 100 MB) are imported
here, inside the worker, when it starts: the server process that hands the photos over never
loads them.
"""

from __future__ import annotations

import ctypes
import logging

from photos.results import PhotoResult

log = logging.getLogger(__name__)

_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameters (malloc.h)
_M_MMAP_THRESHOLD = -3
_GIVEN_BACK = 128 * 1024  # free memory above this at the top of the heap goes back to the system
_MAPPED_FROM = 64 * 1024  # blocks of this size and more are mapped apart, and unmapped when freed


def start() -> None:
    """Set up the worker: memory freed after each photo goes back to the system, then the engine
    is loaded.

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
    from photos import ocr

    ocr.engine()


def read(image: bytes, digits: int, last: int | None) -> PhotoResult:
    """`photos.reading.read_meter`, in the worker."""
    from photos.reading import read_meter

    return read_meter(image, digits, last)
