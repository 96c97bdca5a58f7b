"""What the conversation answers: texts with optional quick replies, independent of Graph JSON."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QuickReply:
    """A button under a reply: `title` is shown, `payload` comes back when tapped."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message to the sender."""

    text: str
    quick_replies: tuple[QuickReply, ...] = ()
