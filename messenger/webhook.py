"""The HTTP edge (CONTRACT section 3): the subscription handshake, deliveries and the health check."""

from __future__ import annotations

import hmac
import json
import logging
from http import HTTPStatus
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from tortoise import Tortoise

from messenger.decoding import decode_delivery, dedup_key, kind_of, needs_cleaning, storable
from messenger.events import Event
from messenger.handling import is_answerable
from messenger.signature import is_valid
from models.events import EventStatus, InboundEvent

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024 * 1024
"""The largest delivery accepted: room for 1,000 events of 2,000 escaped non-ASCII characters."""


class _TooLarge(Exception):
    pass


async def verify_subscription(request: Request) -> Response:
    """`GET /webhook`: echo `hub.challenge` when `hub.verify_token` is ours."""
    params = request.query_params
    token = request.app.state.settings.verify_token
    offered = params.get("hub.verify_token", "").encode()
    if not token:
        return _refuse(request, 403, "handshake: FB_VERIFY_TOKEN is not set")
    if params.get("hub.mode") != "subscribe":
        return _refuse(request, 403, "handshake: hub.mode is not subscribe")
    if not hmac.compare_digest(offered, token.encode()):
        return _refuse(request, 403, "handshake: wrong hub.verify_token")
    return PlainTextResponse(params.get("hub.challenge", ""))


async def receive_delivery(request: Request) -> Response:
    """`POST /webhook`: check the signature, store every event, then answer 200."""
    try:
        body = await _read_body(request)
    except _TooLarge:
        return _refuse(request, 413, f"delivery: body over {MAX_BODY_BYTES} bytes")
    secret, signature = request.app.state.settings.app_secret, request.headers.get("x-hub-signature-256")
    if not secret:
        return _refuse(request, 403, "delivery: FB_APP_SECRET is not set")
    if not signature:
        return _refuse(request, 403, "delivery: no X-Hub-Signature-256 header")
    if not is_valid(secret, body, signature):
        return _refuse(request, 403, "delivery: wrong X-Hub-Signature-256")
    delivery = _json_object(body)
    if delivery is None:
        return _refuse(request, 400, "delivery: the body is not a JSON object")
    if needs_cleaning(body):
        delivery = storable(delivery)
    events = decode_delivery(delivery)
    await request.app.state.inbox.store([_stored(event) for event in events])
    request.app.state.workers.events_stored()
    log.info("delivery stored: %d events", len(events))
    return PlainTextResponse("EVENT_RECEIVED")


async def health(request: Request) -> Response:
    """`GET /healthz`: 200 when the database answers, else 503."""
    try:
        await Tortoise.get_connection("default").execute_query("SELECT 1")
    except Exception:
        log.exception("health check: the database does not answer")
        return JSONResponse({"status": "error", "database": "unavailable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def _refuse(request: Request, status: int, reason: str) -> Response:
    """Answer `status` with its bare phrase, and log `reason` through the app's rate-limited `RefusalLog`."""
    request.app.state.refusals.refused(f"{reason} ({status})")
    return PlainTextResponse(HTTPStatus(status).phrase, status_code=status)


async def _read_body(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _json_object(body: bytes) -> dict[str, Any] | None:
    """The body as a JSON object; NaN and Infinity, which JSON lacks and PostgreSQL refuses, read as null."""
    try:
        value = json.loads(body, parse_constant=lambda _constant: None)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _stored(event: Event) -> InboundEvent:
    return InboundEvent(
        dedup_key=dedup_key(event),
        sender_psid=event.sender_psid,
        kind=kind_of(event),
        standby=event.standby,
        payload=event.raw,
        status=EventStatus.PENDING if is_answerable(event) else EventStatus.IGNORED,
    )
