"""`send_message` bodies for a reply, within Viber's limits (CONTRACT section 7).

A text has at most 7,000 characters and a whole body, encoded, stays under 30 KB: a reply
is split between paragraphs (`delivery.splitting`), and a part whose body would still be too
big (many escaped or multi-byte characters) is split again. The keyboard goes on the last part.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from delivery.splitting import split_text
from handlers.messages import Choice, Reply
from viber.keyboards import keyboard

MAX_TEXT = 7000
MAX_BODY_BYTES = 30_000
"""Under Viber's 30 KB message size, however a kilobyte is counted."""


def encode(body: dict[str, Any]) -> bytes:
    """A body as it goes over the wire: compact UTF-8 JSON."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def text_message(
    receiver: str | None, text: str, sender_name: str, choices: Sequence[Choice] = ()
) -> dict[str, Any]:
    """A text message with its keyboard; without `receiver`, the welcome answered to
    `conversation_started` in the callback's response."""
    if not 1 <= len(text) <= MAX_TEXT:
        raise ValueError(f"a text must have 1 to {MAX_TEXT} characters")
    body: dict[str, Any] = {"type": "text", "text": text, "sender": {"name": sender_name}}
    if receiver is not None:
        body = {"receiver": receiver, **body}
    if choices:
        body["keyboard"] = keyboard(choices)
    return body


def reply_messages(receiver: str | None, reply: Reply, sender_name: str) -> list[dict[str, Any]]:
    """The bodies that carry `reply`: its text split, its choices as the last one's keyboard."""
    def fits(text: str) -> bool:
        return len(encode(text_message(receiver, text, sender_name, reply.choices))) < MAX_BODY_BYTES

    parts = list(_parts(reply.text, MAX_TEXT, fits))
    if not parts:
        raise ValueError("a reply needs a text")
    last = len(parts) - 1
    return [
        text_message(receiver, part, sender_name, reply.choices if index == last else ())
        for index, part in enumerate(parts)
    ]


def _parts(text: str, limit: int, fits: Callable[[str], bool]) -> Iterator[str]:
    """`text` split within `limit` characters, a part that does not `fit` split again more finely."""
    for part in split_text(text, limit):
        if fits(part):
            yield part
        else:
            yield from _parts(part, len(part) // 2, fits)
