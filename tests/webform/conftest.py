"""The served form: the real app under `main.py serve`, on the session's database with the test registry."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from models.database import close_database, open_database
from tests.channels.dialogue import load_registry
from tests.conftest import clear_tables
from tests.web.served import Served, served_app


async def _fresh_registry(database_url: str) -> None:
    await open_database(database_url)
    try:
        await clear_tables()
        await load_registry()
    finally:
        await close_database()


@pytest.fixture
def served_form(database_url: str, tmp_path: Path) -> Iterator[Served]:
    """`main.py serve` on the emptied session database with the test registry loaded."""
    asyncio.run(_fresh_registry(database_url))
    with served_app(database_url, tmp_path) as served:
        yield served
