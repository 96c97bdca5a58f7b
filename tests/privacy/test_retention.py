"""The retention worker empties old message texts and raw deliveries; readings stay."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from models.inbox import InboundEvent
from models.outbox import OutgoingMessage
from privacy.retention import RetentionWorker
from tests.messenger.harness import FAST

pytestmark = pytest.mark.anyio


async def test_texts_older_than_the_retention_are_emptied(db: str) -> None:
    old = await InboundEvent.create(channel="messenger", dedup_key="mid:a", address="messenger:1", kind="text",
                                    payload={"message": {"text": "old"}}, status="done")
    waiting = await InboundEvent.create(channel="messenger", dedup_key="mid:b", address="messenger:1", kind="text",
                                        payload={"message": {"text": "waiting"}})
    reply = await OutgoingMessage.create(channel="messenger", address="messenger:1", payload={"text": "hi"},
                                         status="sent")
    now = datetime.now(UTC)
    worker = RetentionWorker("w", 90, lambda: now + timedelta(days=89), FAST)
    await worker.work_once()
    assert (await InboundEvent.get(id=old.id)).payload != {}
    worker = RetentionWorker("w", 90, lambda: now + timedelta(days=91), FAST)
    await worker.work_once()
    assert (await InboundEvent.get(id=old.id)).payload == {}
    assert (await InboundEvent.get(id=waiting.id)).payload != {}  # still to be answered
    assert (await OutgoingMessage.get(id=reply.id)).payload == {}
    assert await InboundEvent.filter(dedup_key="mid:a").exists()
