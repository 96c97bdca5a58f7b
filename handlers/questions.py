"""Answers to the common questions: when to send readings, why a bill is by estimate."""

from __future__ import annotations

from handlers import texts
from handlers.menu import menu_choices
from handlers.messages import Reply
from handlers.pipeline import Context
from handlers.window import billing_month, next_window


async def on_window(context: Context) -> list[Reply]:
    """"Коли передавати?": the window open now, or the next one."""
    timezone = context.settings.timezone
    month = billing_month(context.now, timezone)
    answer = texts.window_answer(month or next_window(context.now, timezone), now_open=month is not None)
    return [texts.menu(answer, await menu_choices(context))]


async def on_estimate(context: Context) -> list[Reply]:
    """"Чому рахунок за середнім?": when a month is billed by estimate, and whom to ask."""
    return [texts.menu(texts.ESTIMATE, await menu_choices(context))]

