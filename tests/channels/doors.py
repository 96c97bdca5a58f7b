"""Every door the shared scenario runs through, by name: each opens on a test database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from tests.channels.dialogue import DirectDoor, Door
from tests.messenger.door import messenger_door


@asynccontextmanager
async def direct_door(database_url: str) -> AsyncIterator[Door]:
    yield DirectDoor()


DOORS: dict[str, Callable[[str], AbstractAsyncContextManager[Door]]] = {
    "direct": direct_door,
    "messenger": messenger_door,
}
