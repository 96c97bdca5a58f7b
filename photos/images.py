"""Safe decoding of a customer's photo: the caps hold before a single pixel is decoded."""

from __future__ import annotations

import io
import warnings

import cv2
import numpy as np
from PIL import Image, ImageOps

from photos.limits import MAX_BYTES, MAX_PIXELS

LARGEST_SIDE = 1600  # enough for the OCR; a larger photo is decoded smaller
_FORMATS = ("JPEG", "PNG", "WEBP")


class ImageRefused(Exception):
    """The bytes are no photo to read: too large, too many pixels, or broken."""

    def __init__(self, too_large: bool) -> None:
        super().__init__("too large" if too_large else "cannot decode")
        self.too_large = too_large


def decode(data: bytes) -> np.ndarray:
    """The photo as a BGR array, upright (EXIF orientation applied), its longest side capped.

    Raises `ImageRefused` for more than `MAX_BYTES`, a header that announces more than
    `MAX_PIXELS`, or anything that does not decode as JPEG, PNG or WebP.
    """
    if len(data) > MAX_BYTES:
        raise ImageRefused(too_large=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return _decoded(data)
    except ImageRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ImageRefused(too_large=True) from error
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise ImageRefused(too_large=False) from error


def _decoded(data: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(data), formats=_FORMATS) as image:
        width, height = image.size  # from the header: nothing decoded yet
        if width * height > MAX_PIXELS:
            raise ImageRefused(too_large=True)
        image.draft("RGB", (LARGEST_SIDE, LARGEST_SIDE))  # JPEG: decode at a reduced scale
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((LARGEST_SIDE, LARGEST_SIDE))
    return cv2.cvtColor(np.asarray(upright), cv2.COLOR_RGB2BGR)
