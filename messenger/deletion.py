"""Meta's data deletion callback: `POST /messenger/data-deletion` with a form field `signed_request`.

Meta signs the request as `<base64url signature>.<base64url JSON payload>`, the signature an
HMAC-SHA256 of the encoded payload keyed by the app secret. The payload's `user_id` is
app-scoped, not the page-scoped id the conversation knows, so the request is recorded and
whatever matches is deleted (`privacy.requests`); the status page tells how the in-chat command
deletes the rest.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from privacy.requests import record_request
from web.forms import TooLarge, read_form

_MAX_BODY = 16 * 1024
_ALGORITHM = "HMAC-SHA256"
CHANNEL = "messenger"


def _decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def parse_signed_request(signed_request: str, app_secret: str) -> dict[str, Any] | None:
    """The payload of a validly signed request, else None (never with an empty secret)."""
    signature, dot, payload = signed_request.partition(".")
    if not (app_secret and dot and signature and payload):
        return None
    expected = hmac.new(app_secret.encode(), payload.encode(), hashlib.sha256).digest()
    try:
        valid = hmac.compare_digest(_decode(signature), expected)
        data = json.loads(_decode(payload)) if valid else None
    except (binascii.Error, ValueError):
        return None
    if not isinstance(data, dict) or str(data.get("algorithm", "")).upper() != _ALGORITHM:
        return None
    return data


async def data_deletion(request: Request, app_secret: str, public_url: str) -> Response:
    """403 unless the request is signed; else record it and answer its status URL and code."""
    try:
        form = await read_form(request, _MAX_BODY)
    except TooLarge:
        return Response(status_code=413)
    data = parse_signed_request(form.get("signed_request", ""), app_secret)
    if data is None:
        return Response("invalid signed_request", status_code=403)
    code = await record_request(CHANNEL, str(data.get("user_id", "")), request.app.state.clock())
    return JSONResponse({"url": f"{public_url}/deletion?id={code}", "confirmation_code": code})
