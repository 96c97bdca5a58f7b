"""Deletion requests from a platform (Meta's data deletion callback): recorded, matched, shown."""

from __future__ import annotations

import secrets
from datetime import datetime

from models.deletions import DeletionRequest
from models.forgetting import forget_sender


async def record_request(channel: str, user_id: str, at: datetime) -> str:
    """Delete the sender `user_id` names, if the bot knows them by it, and record the request;
    returns its confirmation code (alphanumeric)."""
    deleted = bool(user_id) and await forget_sender(channel, user_id)
    code = secrets.token_hex(10)
    await DeletionRequest.create(code=code, channel=channel, received_at=at, senders_deleted=int(deleted))
    return code


async def find_request(code: str) -> DeletionRequest | None:
    """The request with confirmation `code`, if any."""
    if not code.isalnum() or len(code) > 32:
        return None
    return await DeletionRequest.get_or_none(code=code)
