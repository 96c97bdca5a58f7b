"""Fetching a photo a customer sent (`Incoming.photo`, a file id): `getFile` prepares a
`file_path`, valid for at least an hour, which is then downloaded within `photos.images.MAX_BYTES`.

Nothing is raised: a file Telegram refuses to prepare (over its own 20 MB limit for bots, an
unknown id), a network failure or a refused download is logged, without the token, and is None.
"""

from __future__ import annotations

import logging

from delivery.channel import SendError
from telegram_door.botapi import BotApi

log = logging.getLogger(__name__)


async def fetch_photo(api: BotApi, file_id: str) -> bytes | None:
    """The bytes of the file `file_id`, or None when they cannot be fetched."""
    try:
        file = await api.call("getFile", {"file_id": file_id})
    except SendError as error:
        log.warning("a photo was not fetched: %s", error)
        return None
    path = file.get("file_path") if isinstance(file, dict) else None
    if not isinstance(path, str) or not path:
        log.warning("a photo was not fetched: getFile gave no file_path")
        return None
    return await api.download(path)
