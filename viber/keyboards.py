"""Choices as a Viber keyboard, and a tapped button's `ActionBody` back to the core's payload.

A tap on a `reply` button comes back as an ordinary text message whose text is the button's
`ActionBody`. Every `ActionBody` is the payload behind `ACTION_PREFIX`, so a typed reading or
account number is never taken for a tap, nor a tap for a reading. Buttons are `Silent`: the
code-like `ActionBody` is not shown in the conversation as if the customer had typed it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from handlers.messages import Choice

ACTION_PREFIX = "dtek:"
MAX_BUTTONS = 24
MAX_ACTION_BODY = 250
_GRID_COLUMNS = 6
_BUTTON_COLOUR = "#FFD200"


def action_body(payload: str) -> str:
    """The `ActionBody` of the button that stands for `payload`."""
    return ACTION_PREFIX + payload


def payload_of(text: str) -> str | None:
    """The payload of a tapped button whose `ActionBody` is `text`; None for typed text."""
    if not text.startswith(ACTION_PREFIX):
        return None
    return text.removeprefix(ACTION_PREFIX) or None


def keyboard(choices: Sequence[Choice]) -> dict[str, Any]:
    """A keyboard of one button a choice, laid out for a phone: up to three buttons fit one row,
    up to six two rows, more go two to a row. Raises `ValueError` over 24 buttons."""
    if not 1 <= len(choices) <= MAX_BUTTONS:
        raise ValueError(f"a keyboard has 1 to {MAX_BUTTONS} buttons")
    columns = _GRID_COLUMNS // _per_row(len(choices))
    return {
        "Type": "keyboard",
        "DefaultHeight": False,
        "InputFieldState": "regular",
        "Buttons": [_button(choice, columns) for choice in choices],
    }


def _per_row(count: int) -> int:
    if count <= 3:
        return count
    return 3 if count <= 6 else 2


def _button(choice: Choice, columns: int) -> dict[str, Any]:
    body = action_body(choice.payload)
    if not choice.payload or len(body) > MAX_ACTION_BODY:
        raise ValueError(f"a button's payload must have 1 to {MAX_ACTION_BODY - len(ACTION_PREFIX)} characters")
    return {
        "Columns": columns,
        "Rows": 1,
        "BgColor": _BUTTON_COLOUR,
        "Text": choice.title,
        "TextSize": "regular" if columns >= 3 else "small",
        "TextVAlign": "middle",
        "TextHAlign": "center",
        "ActionType": "reply",
        "ActionBody": body,
        "Silent": True,
    }
