"""Conversation states, stored per sender (`Sender.state`, `Sender.state_data`), never in memory.

`state_data` keys, all optional:

- `number`: the account number typed, while the bot waits for the holder's surname;
- `link_id`: the sender's link (so the account) the next reading is for;
- `pending`: a reading kept until it can be applied, as `{"readings": [[zone, value], ...],
  "same_as_before": bool, "mid": str}` (sent before linking, or before an account was chosen);
- `values`, `mid`: a checked reading waiting for "Так" in `CONFIRM_READING` (zone -> value)
  and the id of the message it came in.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from models.senders import Sender


class State(StrEnum):
    """Which question the bot asked last."""

    IDLE = "idle"
    AWAIT_ACCOUNT = "await_account"
    AWAIT_SURNAME = "await_surname"
    AWAIT_READING = "await_reading"
    CHOOSE_ACCOUNT = "choose_account"
    CONFIRM_READING = "confirm_reading"


def state_of(sender: Sender) -> State:
    """The sender's state; an unknown stored value (from an older release) counts as idle."""
    try:
        return State(sender.state)
    except ValueError:
        return State.IDLE


def enter(sender: Sender, state: State, **data: Any) -> None:
    """Move `sender` to `state` with exactly `data`; the caller saves the sender."""
    sender.state = state.value
    sender.state_data = data
