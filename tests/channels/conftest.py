"""The `talk` fixture: customers of the sample accounts on every door in turn."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from tests.channels.dialogue import Customer, load_registry
from tests.channels.doors import DOORS

Talk = Callable[..., Customer]


@pytest.fixture(params=list(DOORS))
async def talk(request: pytest.FixtureRequest, db: str) -> AsyncIterator[Talk]:
    """Customers of the sample accounts, talking through the door named by the parameter."""
    await load_registry()
    async with DOORS[request.param](db) as door:
        yield lambda psid="100", **options: Customer(door, psid, **options)
