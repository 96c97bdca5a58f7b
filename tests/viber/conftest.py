"""Fixtures of the Viber tests: a fake Viber API and the app running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from delivery.workers import Workers
from settings import Settings
from tests.messenger.harness import running_bot
from tests.viber.door import NAME, SETTINGS, TOKEN
from tests.viber.fake_viber import FakeViber


@pytest.fixture
def fake() -> FakeViber:
    return FakeViber(TOKEN, NAME)


@pytest.fixture
async def bot(fake: FakeViber, db: str) -> AsyncIterator[tuple[httpx.AsyncClient, Workers]]:
    """The app with the Viber channel on, its API the fake; yields its client and workers."""
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        async with running_bot(Settings(database_url=db, viber=SETTINGS), http_client=http) as running:
            yield running
