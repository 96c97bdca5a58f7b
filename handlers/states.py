"""Conversation states, stored per sender (`Sender.state`, `Sender.state_data`), never in memory.

`state_data` keys, all optional:

- `number`: the account number typed, while the bot waits for the holder's surname;
- `link_id`: the sender's link (so the account) the next reading is for;
- `pending`: a reading kept until it can be applied, as `{"readings": [[zone, value], ...],
  "same_as_before": bool, "mid": str}` (sent before linking, or before an account was chosen);
- `values`, `mid`: a checked reading waiting for "Так" in `CONFIRM_READING` (zone -> value)
  and the id of the message it came in; `photo`: it was read from a photo;
- `value`: the register read from a photo, waiting for "Так" in `CONFIRM_PHOTO` (with `mid`);
- `digits`: how many digits the meter of `link_id` shows, while the bot waits for its reading
  (or for "Так" to a value read from a photo);
- `replaces`: the values of a reading withdrawn to be corrected (`handlers.correction`);
- `registers`: a three-zone reading by meter registers (T1..T3), waiting for their zones.

Kept across every state (`MEMORY`), until the sender's data is deleted:

- `told`: long notices already given (`handlers.notices`), so they are not repeated;
- `zones_of_registers`: per account id, the zone of each register T1, T2, T3, as answered once.
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
    CONFIRM_PHOTO = "confirm_photo"
    CHOOSE_REGISTERS = "choose_registers"
    CONFIRM_UNLINK = "confirm_unlink"
    CONFIRM_FORGET = "confirm_forget"


MEMORY = ("told", "zones_of_registers")
"""`state_data` keys that `enter` keeps whatever the state."""


def state_of(sender: Sender) -> State:
    """The sender's state; an unknown stored value (from an older release) counts as idle."""
    try:
        return State(sender.state)
    except ValueError:
        return State.IDLE


def enter(sender: Sender, state: State, **data: Any) -> None:
    """Move `sender` to `state` with exactly `data` and the memory; the caller saves the sender."""
    kept = {key: sender.state_data[key] for key in MEMORY if key in sender.state_data}
    sender.state = state.value
    sender.state_data = {**kept, **data}


def remember(sender: Sender, key: str, value: Any) -> None:
    """Keep `value` under the memory `key` (one of `MEMORY`) in every later state."""
    assert key in MEMORY, key
    sender.state_data = {**sender.state_data, key: value}
