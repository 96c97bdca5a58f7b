"""What a photo worker process runs (`photos.pool`).

The reader's modules (NumPy, OpenCV, Pillow and ONNX Runtime, about 60 MB) and the OCR models
are loaded here, inside the worker: the server process that hands the photos over never loads
them.
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
    is made (the models themselves are loaded as each photo needs them, see `photos.ocr`).

    The images and the engine's buffers are a few megabytes each; glibc would keep them
    once freed (the process grew by tens of megabytes a photo), so blocks from 64 KB are
    mapped apart and free memory at the top of the heap is trimmed.
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
