"""Reading a posted HTML form (`application/x-www-form-urlencoded`) with a cap on its size."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_FIELDS = 32


class TooLarge(Exception):
    """The body is over the cap (answer 413)."""


async def read_form(request: Request, max_bytes: int) -> dict[str, str]:
    """The posted fields, the first value of each name; raises `TooLarge` past `max_bytes` or
    `MAX_FIELDS`, without reading further. Bytes that are not UTF-8 become U+FFFD."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise TooLarge
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > max_bytes:
            raise TooLarge
    try:
        pairs = parse_qsl(body.decode("ascii", "replace"), keep_blank_values=True, errors="replace",
                          max_num_fields=MAX_FIELDS)
    except ValueError:
        raise TooLarge from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields
