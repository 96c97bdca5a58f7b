""""Виправити": the sender withdraws their last accepted reading and sends the right one.

The reading is withdrawn (deleted: it has not been billed) and the next one is checked against
the reading before it, as if the wrong one had never come; its confirmation says what it
replaced. A reading is corrected here only while its window is still the current one: once the
window has passed, the period is closed and billed, and only a person can correct it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.linking import link_to_number
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.states import State, enter
from handlers.submission import await_reading
from handlers.window import Month, billing_month, next_window
from models.readings import newest_from


async def on_correct(context: Context) -> list[Reply]:
    """Withdraw the sender's last accepted reading and ask for the right one, or say who can help."""
    reading = await newest_from(context.sender.id)
    link = None if reading is None else await link_to_number(context.sender, reading.account.number)
    if reading is None or link is None:
        enter(context.sender, State.IDLE)
        return [texts.menu(texts.NOTHING_TO_CORRECT)]
    account, timezone = reading.account, context.settings.timezone
    values = {zone: value for zone in account.zone_names if (value := getattr(reading, zone)) is not None}
    window = _window(reading.submitted_at, timezone)
    if window != _window(context.now, timezone):
        enter(context.sender, State.IDLE)
        return [texts.correct_by_person(account, values, window)]
    await reading.delete()
    enter(context.sender, State.IDLE, replaces=values)
    await_reading(context, link)
    return [texts.withdrawn(account, values)]


def _window(at: datetime, timezone: ZoneInfo) -> Month:
    """The window a reading sent at `at` belongs to: its period's, else the next one."""
    return billing_month(at, timezone) or next_window(at, timezone)
