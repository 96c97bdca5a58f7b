"""Raw SQL that runs on SQLite and PostgreSQL alike: for the statements the ORM cannot say,
and for the few that run for every message, where building an ORM query costs more than
running it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from tortoise import Tortoise

_PLACEHOLDER = re.compile(r"\$(\d+)")


def on_sqlite() -> bool:
    """Whether the default connection is SQLite."""
    return bool(Tortoise.get_connection("default").capabilities.dialect == "sqlite")


async def execute(statement: str, params: list[Any]) -> tuple[int, list[Any]]:
    """Run `statement`, written with PostgreSQL's `$1` placeholders; (rows affected, rows).

    On SQLite placeholders become `?1`, `?2`... (a parameter may be used twice) and datetimes
    the UTC text tortoise stores, so that they compare as stored values do.
    """
    statement, [params] = _in_dialect(statement, [params])
    count, rows = await Tortoise.get_connection("default").execute_query(statement, params)
    return count, list(rows)


async def fetch(statement: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows of `statement`, written as for `execute`, by column name; also those an
    `INSERT ... RETURNING` returns (which `execute` drops on PostgreSQL)."""
    statement, [params] = _in_dialect(statement, [params])
    return list(await Tortoise.get_connection("default").execute_query_dict(statement, params))


async def execute_many(statement: str, rows: list[list[Any]]) -> None:
    """Run `statement`, written as for `execute`, once for each of `rows`, in one transaction."""
    await Tortoise.get_connection("default").execute_many(*_in_dialect(statement, rows))


def _in_dialect(statement: str, rows: list[list[Any]]) -> tuple[str, list[list[Any]]]:
    """`statement` and its `rows` of parameters as the default connection takes them."""
    if not on_sqlite():
        return statement, rows
    return _PLACEHOLDER.sub(r"?\1", statement), [[_sqlite_value(value) for value in row] for row in rows]


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(sep=" ")
    return value
