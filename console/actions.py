"""What an operator does in the console, each logged with who and when (a row and a log line)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from delivery.addresses import address
from delivery.channel import Channel
from handlers.messages import Reply
from models.forgetting import forget_sender
from models.handovers import Handover, close_handover
from models.operators import OperatorAction
from models.outbox import OutgoingMessage, OutgoingStatus

log = logging.getLogger(__name__)


async def _logged(operator: str, action: str, target: str, at: datetime) -> None:
    await OperatorAction.create(operator=operator, action=action, target=target, at=at)
    log.info("operator %s: %s %s", operator, action, target)


async def retry(message_id: int, operator: str, at: datetime) -> bool:
    """Put a failed reply back in the outbox; False when there is no such failed reply."""
    retried = await OutgoingMessage.filter(id=message_id, status=OutgoingStatus.FAILED).update(
        status=OutgoingStatus.PENDING, attempts=0, next_attempt_at=None, error=None
    )
    if retried:
        await _logged(operator, "retry", f"message {message_id}", at)
    return bool(retried)


async def reply(channels: Mapping[str, Channel], handover_id: int, text: str, operator: str, at: datetime) -> bool:
    """Send `text` to the customer of an open hand-over through their channel's outbox."""
    handover = await Handover.get_or_none(id=handover_id, closed_at__isnull=True)
    channel = channels.get(handover.channel) if handover else None
    if handover is None or channel is None or not text.strip():
        return False
    bodies = channel.render(handover.external_id, Reply(text.strip()))
    where = address(handover.channel, handover.external_id)
    await OutgoingMessage.bulk_create([OutgoingMessage(channel=channel.name, address=where, payload=body) for body in bodies])
    handover.answered_at = at
    await handover.save(update_fields=["answered_at"])
    await _logged(operator, "reply", f"handover {handover_id}", at)
    return True


async def close(handover_id: int, operator: str, at: datetime) -> bool:
    """Close an open hand-over: the bot answers the customer again."""
    handover = await Handover.get_or_none(id=handover_id, closed_at__isnull=True)
    if handover is None:
        return False
    await close_handover(handover, operator, at)
    await _logged(operator, "close", f"handover {handover_id}", at)
    return True


async def forget(handover_id: int, operator: str, at: datetime) -> bool:
    """Delete what is kept about the customer of a hand-over, as "delete my data" does."""
    handover = await Handover.get_or_none(id=handover_id)
    if handover is None:
        return False
    await forget_sender(handover.channel, handover.external_id)
    await _logged(operator, "forget", f"handover {handover_id}", at)
    return True
