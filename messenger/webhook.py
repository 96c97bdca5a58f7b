"""Messenger's webhook (CONTRACT section 3): the subscription handshake and signed deliveries."""

from __future__ import annotations

import hmac
import logging

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from delivery.bodies import BodyTooLarge, json_object, read_body
from delivery.receiving import inbound_event
from delivery.refusals import RefusalLog
from messenger.decoding import decode_delivery, dedup_key, is_answerable, kind_of
from messenger.events import Event
from messenger.signature import is_valid
from models.inbox import InboundEvent

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 16 * 1024 * 1024
"""The largest delivery accepted: room for 1,000 events of 2,000 escaped non-ASCII characters."""


CHANNEL = "messenger"


async def verify_subscription(request: Request, token: str, refusals: RefusalLog) -> Response:
    """`GET /webhook`: echo `hub.challenge` when `hub.verify_token` is `token`."""
    params = request.query_params
    offered = params.get("hub.verify_token", "").encode()
    if not token:
        return refusals.answer(403, "handshake: FB_VERIFY_TOKEN is not set")
    if params.get("hub.mode") != "subscribe":
        return refusals.answer(403, "handshake: hub.mode is not subscribe")
    if not hmac.compare_digest(offered, token.encode()):
        return refusals.answer(403, "handshake: wrong hub.verify_token")
    return PlainTextResponse(params.get("hub.challenge", ""))


async def receive_delivery(request: Request, app_secret: str, refusals: RefusalLog) -> Response:
    """`POST /webhook`: check the signature, store every event, then answer 200."""
    try:
        body = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        return refusals.answer(413, f"delivery: body over {MAX_BODY_BYTES} bytes")
    signature = request.headers.get("x-hub-signature-256")
    if not app_secret:
        return refusals.answer(403, "delivery: FB_APP_SECRET is not set")
    if not signature:
        return refusals.answer(403, "delivery: no X-Hub-Signature-256 header")
    if not is_valid(app_secret, body, signature):
        return refusals.answer(403, "delivery: wrong X-Hub-Signature-256")
    delivery = json_object(body)
    if delivery is None:
        return refusals.answer(400, "delivery: the body is not a JSON object")
    events = decode_delivery(delivery)
    await request.app.state.inbox.store([_stored(event) for event in events])
    log.debug("delivery stored: %d events", len(events))
    return PlainTextResponse("EVENT_RECEIVED")


def _stored(event: Event) -> InboundEvent:
    return inbound_event(
        CHANNEL, dedup_key(event), event.sender_psid, kind_of(event), event.raw,
        answer=is_answerable(event), standby=event.standby,
    )
