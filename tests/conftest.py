"""Shared fixtures: a real database (a SQLite file, or PostgreSQL when TEST_DATABASE_URL is set).

The schema is built once per test session by the committed migrations; each test that asks
for `db` starts with empty tables.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
import pytest
from tortoise import Tortoise

from models.database import apply_migrations, close_database, open_database
from tests.photos.reader import READER

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
requires_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="set TEST_DATABASE_URL to a PostgreSQL server to run this test"
)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session", autouse=True)
def photo_reader_stopped() -> Iterator[None]:
    """Stop the tests' shared photo reader's worker process at the end of the session."""
    yield
    READER.close()


def _asyncpg_dsn(url: str) -> str:
    return "postgresql://" + url.split("://", 1)[1]


def with_database(url: str, name: str) -> str:
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


async def admin(url: str, sql: str) -> None:
    connection = await asyncpg.connect(_asyncpg_dsn(url))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    await apply_migrations(url)
    await close_database()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, otherwise empty database for this test session."""
    if not POSTGRES_URL:
        url = f"sqlite://{tmp_path_factory.mktemp('db') / 'bot.sqlite3'}"
        asyncio.run(_migrate(url))
        yield url
        return
    with _scratch_postgres() as url:
        asyncio.run(_migrate(url))
        yield url


@pytest.fixture
def empty_postgres_url() -> Iterator[str]:
    """A PostgreSQL database without the schema, for this test only."""
    if not POSTGRES_URL:
        pytest.skip("set TEST_DATABASE_URL to a PostgreSQL server to run this test")
    with _scratch_postgres() as url:
        yield url


@contextmanager
def _scratch_postgres() -> Iterator[str]:
    """A new, empty database on the TEST_DATABASE_URL server, dropped afterwards."""
    name = f"bot_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(admin(POSTGRES_URL, f'CREATE DATABASE "{name}"'))
    try:
        yield with_database(POSTGRES_URL, name)
    finally:
        asyncio.run(admin(POSTGRES_URL, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def clear_tables() -> None:
    """Delete every row of every model, children first."""
    connection = Tortoise.get_connection("default")
    for table in (
        "reading", "reminder", "link_failure", "link", "sender", "account", "outgoing_message", "inbound_event",
        "refusal", "handover", "deletion_request", "operator_action", "operator_session", "operator", "rate_hit",
        "kept_value",
    ):
        await connection.execute_script(f"DELETE FROM {table}")
    await connection.execute_script("UPDATE latency_bucket SET count = 0, total = 0")


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[str]:
    """The ORM open on the session's database, with every table empty; yields its URL."""
    await open_database(database_url)
    await clear_tables()
    try:
        yield database_url
    finally:
        await close_database()


@pytest.fixture
def sample_registry() -> Path:
    """The sample account registry shipped in the repo."""
    return Path(__file__).resolve().parent.parent / "samples" / "accounts.csv"
