"""Opening the database and applying the schema migrations committed in `models/migrations`.

The command line opens the database in one of two ways: `apply_migrations` creates what is
missing (`migrate`, `serve`, `accounts import`), `open_existing` refuses a database that is
missing, unreachable or without the current schema. Either raises `DatabaseError`, one line
for the operator, instead of a driver's traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from asyncpg import PostgresError  # type: ignore[import-untyped]
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.exceptions import ConfigurationError
from tortoise.migrations.api import migrate
from tortoise.migrations.executor import MigrationExecutor

from settings import CommandError, ConfigError, without_password

MODEL_MODULES = [
    "models.accounts",
    "models.senders",
    "models.readings",
    "models.inbox",
    "models.outbox",
    "models.keeping",
    "models.hits",
    "models.reminders",
    "models.refusals",
    "models.handovers",
    "models.deletions",
    "models.latency",
    "models.operators",
]
_UNREACHABLE = (OSError, PostgresError, sqlite3.Error)
"""What the drivers raise when a server is down, a host or password is wrong, or a file cannot be opened."""


class DatabaseError(CommandError):
    """The database cannot be used as it is; the message is one line for the operator."""


class _PooledConnection(asyncpg.Connection):  # type: ignore[misc]
    """A PostgreSQL connection that a pool hands back without a reset query.

    asyncpg runs `RESET ALL`, `CLOSE ALL`, `UNLISTEN *` and `pg_advisory_unlock_all()` each
    time the pool takes a connection back, which tortoise does after every statement outside
    a transaction: one more round trip each. The service sets no session state, opens no
    cursor, listens to nothing and takes no advisory lock, so there is nothing to reset; a
    transaction left open is still rolled back.
    """

    def get_reset_query(self) -> str:
        return ""


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The tortoise-orm configuration for `database_url`, with the migrations package."""
    connection: str | dict[str, Any] = database_url
    if database_url.split("://", 1)[0] in ("postgres", "asyncpg"):
        connection = expand_db_url(database_url)
        connection["credentials"]["connection_class"] = _PooledConnection
    return {
        "connections": {"default": connection},
        "apps": {
            "bot": {
                "models": MODEL_MODULES,
                "migrations": "models.migrations",
                "default_connection": "default",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def sqlite_path(database_url: str) -> Path | None:
    """The absolute path of a SQLite database file (relative to the working directory), else None."""
    if not database_url.startswith("sqlite://") or ":memory:" in database_url:
        return None
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    return Path(path).absolute() if path else None


def describe(database_url: str) -> str:
    """The database as shown to the operator: a SQLite file's absolute path, a URL without its password."""
    path = sqlite_path(database_url)
    return str(path) if path is not None else without_password(database_url)


def _ensure_sqlite_folder(database_url: str) -> None:
    path = sqlite_path(database_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


async def open_database(database_url: str) -> None:
    """Connect the ORM; the connection is shared by every task of the process."""
    _ensure_sqlite_folder(database_url)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_database() -> None:
    """Close every connection the ORM opened."""
    await Tortoise.close_connections()


async def apply_migrations(database_url: str) -> None:
    """Apply the pending migrations, then leave the ORM open on `database_url`.

    A database that does not answer raises `DatabaseError`; a missing SQLite file is created.
    """
    await connect(database_url)
    await close_database()
    await migrate(config=tortoise_config(database_url))
    await close_database()
    await open_database(database_url)


async def connect(database_url: str) -> None:
    """Open the ORM on `database_url` and make sure the database answers; else `DatabaseError`.

    A URL the ORM cannot parse (a port that is not a number, no path) raises `ConfigError`.
    """
    try:
        await open_database(database_url)
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except ConfigurationError as error:
        raise ConfigError(f"DATABASE_URL {without_password(database_url)}: {error}") from None
    except _UNREACHABLE as error:
        await close_database()
        raise _unreachable(database_url, error) from None


async def open_existing(database_url: str) -> None:
    """Open a database that already has the current schema; never create one.

    Raises `DatabaseError` when the SQLite file does not exist, the server does not answer
    or refuses the credentials, or migrations are pending.
    """
    path = sqlite_path(database_url)
    if path is not None and not path.is_file():
        raise DatabaseError(f"the database {path} does not exist (check DATABASE_URL, or run migrate to create it)")
    await connect(database_url)
    problem = await _schema_problem()
    if problem is not None:
        await close_database()
        raise DatabaseError(f"the database {describe(database_url)} {problem}; run migrate")


async def _schema_problem() -> str | None:
    """What keeps the open database from the current schema, or None when nothing does."""
    executor = MigrationExecutor(Tortoise.get_connection("default"), {"bot": tortoise_config("")["apps"]["bot"]})
    if not await executor.plan():
        return None
    return "is not up to date" if await executor.recorder.applied_migrations() else "has no schema"


def _unreachable(database_url: str, error: Exception) -> DatabaseError:
    reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return DatabaseError(f"cannot use the database {describe(database_url)}: {reason}")


# For `tortoise -c models.database.MIGRATIONS_CONFIG makemigrations bot` after a model changes.
MIGRATIONS_CONFIG = tortoise_config("sqlite://:memory:")
