"""SESSION_SECRET: the configured one, or one generated once and kept for every instance."""

from __future__ import annotations

import asyncio

import pytest

from models.keeping import KeptValue
from web.secret import KEPT_AS, session_secret

pytestmark = pytest.mark.anyio


async def test_a_configured_secret_is_used_and_nothing_is_kept(db: str) -> None:
    assert await session_secret("from-the-environment") == b"from-the-environment"
    assert await KeptValue.all().count() == 0


async def test_without_one_a_secret_is_generated_once_and_read_back_later(db: str) -> None:
    first = await session_secret("")
    assert len(first) >= 32
    assert await session_secret("") == first
    assert (await KeptValue.get(key=KEPT_AS)).value.encode() == first


async def test_instances_starting_together_agree_on_one_secret(db: str) -> None:
    secrets = await asyncio.gather(*(session_secret("") for _ in range(8)))
    assert len(set(secrets)) == 1
    assert await KeptValue.all().count() == 1
