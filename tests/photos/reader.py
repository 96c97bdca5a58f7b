"""One photo reader for every test that runs the app, so its worker process starts once."""

from __future__ import annotations

from photos.pool import PhotoReader
from tests.photos.synthetic import meter_photo

READER = PhotoReader(workers=1, waiting=8, timeout=60)
_warm = False


async def warmed_up() -> PhotoReader:
    """`READER`, once it has read a photo: its worker process is up and its models loaded, so
    the first photo of a test is read as fast as any other."""
    global _warm
    if not _warm:
        photo = meter_photo(0, "drum", hard=False)
        await READER.read_photo(photo.jpeg, photo.digits, None)
        _warm = True
    return READER
