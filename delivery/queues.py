"""The two queues the workers share: events to answer (the inbox), replies to send (the outbox).

Both are worked one address (`channel:external id`) at a time under leases (`delivery.leases`),
so one sender's events are answered, and one recipient's replies sent, in order.
"""

from __future__ import annotations

from datetime import datetime

from delivery.addresses import address
from delivery.leases import claim_keys, release_claims
from models.inbox import EventStatus, InboundEvent
from models.outbox import OutgoingMessage, OutgoingStatus
from models.senders import mark_unreachable


async def claim_senders(worker: str, now: datetime, until: datetime, limit: int) -> list[str]:
    """Lease the pending events of up to `limit` senders whose oldest pending event is free.

    Returns the addresses claimed by `worker`; their events are then handled in `id` order.
    """
    return await claim_keys("inbound_event", "address", worker, now, until, limit)


async def claimed_events(worker: str) -> list[InboundEvent]:
    """The pending events that `worker` holds, oldest first."""
    return await InboundEvent.filter(status=EventStatus.PENDING, claimed_by=worker).order_by("id")


async def release_events(worker: str) -> None:
    """Give up `worker`'s leases so any worker may take the events it did not finish."""
    await release_claims(InboundEvent, worker)


async def claim_recipients(worker: str, now: datetime, until: datetime, limit: int) -> list[str]:
    """Lease the pending messages of up to `limit` recipients whose oldest one is due now."""
    due = "next_attempt_at IS NULL OR next_attempt_at <= $1"
    return await claim_keys("outgoing_message", "address", worker, now, until, limit, due)


async def claimed_messages(worker: str, recipients: list[str]) -> list[OutgoingMessage]:
    """The pending messages to `recipients` that `worker` holds, oldest first."""
    return await OutgoingMessage.filter(
        status=OutgoingStatus.PENDING, claimed_by=worker, address__in=recipients
    ).order_by("id")


async def mark_sent(ids: list[int], at: datetime) -> None:
    """Record the messages `ids` as sent at `at`, their leases ended."""
    await OutgoingMessage.filter(id__in=ids).update(
        status=OutgoingStatus.SENT, sent_at=at, claimed_by=None, claimed_until=None
    )


async def stop_sending(channel: str, external_id: str, reason: str, at: datetime) -> None:
    """Mark the recipient unreachable until they write again, then drop their pending messages.

    In that order, so that once the outbox no longer shows their messages pending, the mark is there.
    """
    await mark_unreachable(channel, external_id, at)
    await OutgoingMessage.filter(address=address(channel, external_id), status=OutgoingStatus.PENDING).update(
        status=OutgoingStatus.UNREACHABLE, error=reason, claimed_by=None, claimed_until=None
    )


async def next_retry_at() -> datetime | None:
    """When the earliest message waiting for a retry is due, if any."""
    message = (
        await OutgoingMessage.filter(status=OutgoingStatus.PENDING, next_attempt_at__isnull=False)
        .order_by("next_attempt_at")
        .first()
    )
    return None if message is None else message.next_attempt_at


async def release_messages(worker: str) -> None:
    """Give up `worker`'s leases so any worker may take the messages it did not send."""
    await release_claims(OutgoingMessage, worker)


async def release_recipient(worker: str, recipient: str) -> None:
    """Give up `worker`'s lease on the messages to `recipient` that it did not send."""
    await OutgoingMessage.filter(status=OutgoingStatus.PENDING, claimed_by=worker, address=recipient).update(
        claimed_by=None, claimed_until=None
    )


async def pending_work() -> bool:
    """Whether any event waits to be answered or any reply to be sent."""
    return (
        await InboundEvent.filter(status=EventStatus.PENDING).exists()
        or await OutgoingMessage.filter(status=OutgoingStatus.PENDING).exists()
    )
