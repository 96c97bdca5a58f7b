"""Opening the database and applying the schema migrations committed in `models/migrations`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.migrations.api import migrate

MODEL_MODULES = [
    "models.accounts",
    "models.senders",
    "models.readings",
    "models.inbox",
    "models.outbox",
    "models.keeping",
    "models.hits",
    "models.refusals",
    "models.handovers",
    "models.deletions",
    "models.latency",
    "models.operators",
]


def tortoise_config(database_url: str) -> dict[str, Any]:
    """The tortoise-orm configuration for `database_url`, with the migrations package."""
    return {
        "connections": {"default": database_url},
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


def _ensure_sqlite_folder(database_url: str) -> None:
    if database_url.startswith("sqlite://") and ":memory:" not in database_url:
        path = Path(database_url.removeprefix("sqlite://").split("?", 1)[0])
        path.parent.mkdir(parents=True, exist_ok=True)


async def open_database(database_url: str) -> None:
    """Connect the ORM; the connection is shared by every task of the process."""
    _ensure_sqlite_folder(database_url)
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=True)


async def close_database() -> None:
    """Close every connection the ORM opened."""
    await Tortoise.close_connections()


async def apply_migrations(database_url: str) -> None:
    """Apply the pending migrations, then leave the ORM open on `database_url`."""
    _ensure_sqlite_folder(database_url)
    await migrate(config=tortoise_config(database_url))
    await close_database()
    await open_database(database_url)


# For `tortoise -c models.database.MIGRATIONS_CONFIG makemigrations bot` after a model changes.
MIGRATIONS_CONFIG = tortoise_config("sqlite://:memory:")
