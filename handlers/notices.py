"""Long notices given once: when the window is, and which month is billed by estimate.

A notice is remembered in the sender's state (`told`, kept across states) under a key of the
window it speaks of, so a conversation hears it once per window, not in every reply.
"""

from __future__ import annotations

from handlers import texts
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.recording import Stored
from handlers.states import remember

_TOLD_KEPT = 12
"""How many notices are remembered: old windows are forgotten."""


def first_time(context: Context, key: str) -> bool:
    """True the first time `key` is asked about for this sender; remembers that it was."""
    told: list[str] = list(context.sender.state_data.get("told", []))
    if key in told:
        return False
    remember(context.sender, "told", [*told, key][-_TOLD_KEPT:])
    return True


def window_notice(context: Context, stored: Stored) -> Reply | None:
    """After a reading outside the window: when the next window is and, for an account with no
    accepted reading for the month just closed, that it is billed by estimate; once per window."""
    notice = stored.notice()
    if notice is None or not first_time(context, f"window:{stored.window.period}"):
        return None
    return Reply(notice, texts.AFTER_READING)
