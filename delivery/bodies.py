"""Reading a webhook's raw body within a size limit, the JSON object in it fit to store, and a
platform API's JSON answer.

Every door's webhook reads the body itself (its signature covers the raw bytes), refuses one
over its limit, and parses it only once the signature holds.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from starlette.requests import Request

_UNSTORABLE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89a-fA-F])")
_DECODER = json.JSONDecoder(parse_constant=lambda _constant: None)
"""One decoder for every body: `json.loads` with an option builds a new one each call."""


class BodyTooLarge(Exception):
    """The body is longer than the webhook accepts (declared or as received)."""


async def read_body(request: Request, limit: int) -> bytes:
    """The raw body; raises `BodyTooLarge` as soon as it is known to exceed `limit` bytes."""
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
    """The body as a JSON object fit to store, or None when it is not one.

    NaN and Infinity, which JSON lacks and PostgreSQL refuses, read as null; U+0000 and lone
    surrogates, which neither database stores, are cleaned out (see `storable`).
    """
    try:
        value = _DECODER.decode(body.decode(json.detect_encoding(body), "surrogatepass"))
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


def answer_object(response: httpx.Response) -> dict[str, Any]:
    """A platform API's answer as a JSON object; empty when it is not one."""
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
