"""Viber's webhook (CONTRACT section 3): `POST /viber/webhook`, signed callbacks, stored, then 200.

The signature is checked on the raw body before anything is parsed or stored. The set-up
check (`event: webhook`) is answered at once. Any other callback is stored in the inbox
(a redelivery is skipped there) before the 200; then:

- `unsubscribed` stops all sending to the user, `subscribed` allows it again;
- `conversation_started` from a user who is not subscribed is answered in the response body
  with the welcome and the main keyboard, the one message Viber lets a bot send them; from a
  subscriber it is answered by the conversation, like Get Started.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from delivery.bodies import BodyTooLarge, json_object, read_body
from delivery.queues import stop_sending
from delivery.receiving import inbound_event
from delivery.refusals import RefusalLog
from delivery.timing import Clock
from handlers import texts
from models.inbox import InboundEvent
from models.senders import mark_reachable
from viber.callbacks import CHANNEL, Callback, MalformedCallback, decode
from viber.messages import reply_messages
from viber.signature import is_valid

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
"""The largest callback accepted: one event with a text of 7,000 escaped characters and room to spare."""


def welcome_message(sender_name: str) -> dict[str, Any]:
    """The response to an unsubscribed user's `conversation_started`: the greeting and the main keyboard.

    The same for everyone (it is answered before the conversation sees the user): the greeting
    that asks to choose an action, as a linked sender gets it.
    """
    return reply_messages(None, texts.welcome(linked=True), sender_name)[0]


async def receive_callback(
    request: Request, auth_token: str, clock: Clock, welcome: dict[str, Any], refusals: RefusalLog
) -> Response:
    """`POST /viber/webhook`: check the signature, store the callback, act on (un)subscribing, 200."""
    try:
        body = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        return refusals.answer(413, f"callback: body over {MAX_BODY_BYTES} bytes")
    signature = request.headers.get("x-viber-content-signature")
    if not signature:
        return refusals.answer(403, "callback: no X-Viber-Content-Signature header")
    if not is_valid(auth_token, body, signature):
        return refusals.answer(403, "callback: wrong X-Viber-Content-Signature")
    raw = json_object(body)
    if raw is None:
        return refusals.answer(400, "callback: the body is not a JSON object")
    if raw.get("event") == "webhook":
        return PlainTextResponse("ok")
    try:
        callback = decode(raw)
    except MalformedCallback as error:
        log.warning("skipped a malformed Viber callback: %s", error)
        return PlainTextResponse("ok")
    await request.app.state.inbox.store([_stored(callback)])
    await _follow(callback, clock)
    if callback.event == "conversation_started" and not callback.subscribed:
        return JSONResponse(welcome)
    return PlainTextResponse("ok")


async def _follow(callback: Callback, clock: Clock) -> None:
    if callback.event == "unsubscribed":
        await stop_sending(CHANNEL, callback.user_id, "unsubscribed", clock())
    elif callback.event == "subscribed":
        await mark_reachable(CHANNEL, callback.user_id)


def _stored(callback: Callback) -> InboundEvent:
    return inbound_event(
        CHANNEL, callback.dedup_key, callback.user_id, callback.event, callback.raw, answer=callback.answered
    )
