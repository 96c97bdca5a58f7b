"""Reading a customer's photo before the conversation answers it.

The event worker calls `PhotoReading.read` for a photo outside any transaction: the download
and the OCR (about half a second of CPU, in `photos.pool`'s worker processes) never hold the
database or another sender's replies. The conversation then finds the value in
`Incoming.read_from_photo` and asks the customer to confirm it (`handlers.photos`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime
from typing import Protocol

from handlers.messages import Incoming
from handlers.photos import photo_meter
from photos.pool import PhotoReader
from settings import ConversationSettings

log = logging.getLogger(__name__)

READ_WITHIN = 10.0
"""Seconds for fetching and reading one photo, well within the event worker's lease."""


class PhotoSource(Protocol):
    """What reading needs of a channel (`delivery.channel.Channel.photo`)."""

    async def photo(self, reference: str) -> bytes | None: ...


class PhotoReading:
    """Fetches a photo through its channel and reads the register for the sender's meter."""

    def __init__(self, channels: Mapping[str, PhotoSource], reader: PhotoReader, settings: ConversationSettings) -> None:
        self._channels = channels
        self._reader = reader
        self._settings = settings

    async def read(self, incoming: Incoming, now: datetime) -> Incoming:
        """`incoming` with the value read from its photo, or as it is when nothing was read.

        Never raises: whatever goes wrong, or takes longer than `READ_WITHIN`, leaves the value
        unread, and the customer is asked to type the reading.
        """
        if not incoming.photo_alone:
            return incoming
        try:
            async with asyncio.timeout(READ_WITHIN):
                return await self._read(incoming, now)
        except TimeoutError:
            log.warning("a photo on %s took too long to read", incoming.channel)
            return incoming
        except Exception:
            log.exception("reading a photo of %s failed", incoming.channel)
            return incoming

    async def _read(self, incoming: Incoming, now: datetime) -> Incoming:
        assert incoming.photo is not None
        meter = await photo_meter(incoming.channel, incoming.sender, now, self._settings)
        if meter is None:
            return incoming
        image = await self._channels[incoming.channel].photo(incoming.photo)
        if image is None:
            log.info("a photo on %s could not be fetched", incoming.channel)
            return incoming
        result = await self._reader.read_photo(image, meter.digits, meter.last)
        log.info("a photo on %s: %s", incoming.channel, result.outcome.value)
        return replace(incoming, read_from_photo=result.text)
