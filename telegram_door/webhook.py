"""Telegram's webhook (CONTRACT section 3): `POST /telegram/webhook`, one update a request.

The secret token is checked first, in constant time, before the body is even read; then the
size, then the JSON. The update is stored in the inbox (its `update_id` is the dedup key) and
only once that has committed is Telegram answered 200. A user who blocked the bot is marked
unreachable at once, so that no reminder and no late reply goes to them.
"""

from __future__ import annotations

import hmac
import logging
from datetime import datetime
from http import HTTPStatus

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from delivery.bodies import BodyTooLarge, json_object, read_body
from delivery.receiving import inbound_event
from delivery.refusals import RefusalLog
from delivery.timing import Clock
from models.senders import mark_unreachable
from telegram_door.updates import CHANNEL, chat_id_of, decode, is_answerable, is_kicked, kind_of, update_id_of

log = logging.getLogger(__name__)

SECRET_HEADER = "x-telegram-bot-api-secret-token"
MAX_BODY_BYTES = 1024 * 1024
"""The largest update accepted: a text is at most 4,096 characters, with room for entities and a reply."""


async def receive_update(request: Request, secret: str, clock: Clock, refusals: RefusalLog) -> Response:
    """`POST /telegram/webhook`: check the secret token, store the update, then answer 200."""
    offered = request.headers.get(SECRET_HEADER)
    if not secret:
        return _refuse(refusals, 403, "update: TG_WEBHOOK_SECRET is not set")
    if not offered or not hmac.compare_digest(offered.encode(), secret.encode()):
        return _refuse(refusals, 403, "update: missing or wrong X-Telegram-Bot-Api-Secret-Token")
    try:
        body = await read_body(request, MAX_BODY_BYTES)
    except BodyTooLarge:
        return _refuse(refusals, 413, f"update: body over {MAX_BODY_BYTES} bytes")
    raw = json_object(body)
    if raw is None:
        return _refuse(refusals, 400, "update: the body is not a JSON object")
    update_id = update_id_of(raw)
    if update_id is None:
        log.warning("skipped an update without an update_id")
        return PlainTextResponse("ok")
    update = decode(raw)
    chat = chat_id_of(update)
    kind = kind_of(update)
    event = inbound_event(CHANNEL, f"update:{update_id}", chat, kind, raw, answer=is_answerable(update))
    await request.app.state.inbox.store([event])
    if update is not None and is_kicked(update):
        await _blocked(chat, clock())
    log.debug("update %d stored (%s)", update_id, kind)
    return PlainTextResponse("ok")


def _refuse(refusals: RefusalLog, status: int, reason: str) -> Response:
    """Answer `status` with its bare phrase, and log `reason` through the rate-limited `refusals`."""
    refusals.refused(f"{reason} ({status})")
    return PlainTextResponse(HTTPStatus(status).phrase, status_code=status)


async def _blocked(chat: str, at: datetime) -> None:
    log.info("telegram:%s blocked the bot: nothing more is sent until they write again", chat)
    await mark_unreachable(CHANNEL, chat, at)
