"""Safe decoding: the byte and pixel caps hold before anything is decoded."""

from __future__ import annotations

import io
import struct
import zlib

import cv2
import numpy as np
import pytest
from PIL import Image, ImageFile

from photos.images import LARGEST_SIDE, ImageRefused, decode
from photos.limits import MAX_BYTES


def _png_header(width: int, height: int) -> bytes:
    """A PNG that announces `width` x `height` pixels and carries almost none."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0")) + chunk(b"IEND", b"")


def _jpeg(width: int, height: int) -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((height, width, 3), 128, np.uint8))
    assert ok
    return data.tobytes()


def _refusal(data: bytes) -> ImageRefused:
    with pytest.raises(ImageRefused) as refused:
        decode(data)
    return refused.value


def test_too_many_pixels_is_refused_from_the_header_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_decoding(self: ImageFile.ImageFile) -> None:
        raise AssertionError("decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert _refusal(_png_header(8000, 5001)).too_large
    assert _refusal(_png_header(100_000, 100_000)).too_large


def test_more_than_ten_megabytes_is_refused_before_opening(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_opening(*args: object, **kwargs: object) -> None:
        raise AssertionError("opened")

    monkeypatch.setattr(Image, "open", no_opening)
    assert _refusal(b"\xff" * (MAX_BYTES + 1)).too_large


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image", _jpeg(64, 48)[:300], b"GIF89a" + b"\0" * 100, _png_header(100, 100)],
    ids=["empty", "text", "truncated-jpeg", "gif", "png-without-pixels"],
)
def test_broken_images_are_refused_as_broken(data: bytes) -> None:
    assert not _refusal(data).too_large


def test_a_large_photo_is_decoded_smaller_and_upright() -> None:
    image = Image.new("RGB", (4000, 3000), (200, 10, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was turned: rotate 270 degrees to show
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    pixels = decode(out.getvalue())
    assert pixels.shape[0] == LARGEST_SIDE and pixels.shape[1] < LARGEST_SIDE
    assert pixels[10, 10, 2] > 150  # BGR: red stays red
