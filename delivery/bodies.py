"""Reading a webhook's raw body: a size limit, a JSON object, and values both databases can store.

Every door's webhook reads its deliveries this way after checking who sent them.
"""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.requests import Request

_UNSTORABLE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")


class BodyTooLarge(Exception):
    """The body is over the door's limit (answer 413)."""


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body, read only as far as `limit` bytes; raises `BodyTooLarge` beyond it."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a storable JSON object, or None when it is not one.

    NaN and Infinity, which JSON lacks and PostgreSQL refuses, read as null; U+0000 and lone
    surrogates are cleaned (see `storable`).
    """
    try:
        value = json.loads(body, parse_constant=lambda _constant: None)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    return storable(value) if _UNSTORABLE_ESCAPE.search(body) else value


def storable(value: Any) -> Any:
    """`value` with U+0000 removed and lone surrogates replaced in every string.

    Databases store neither: PostgreSQL has no NUL in text or JSON, and a lone surrogate
    cannot be encoded as UTF-8.
    """
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    return value
