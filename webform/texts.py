"""The web form's own words, in Ukrainian; the checks' words are the chat's (`handlers.texts`).

Here are only what a chat has no counterpart for: field formats, the fields a meter needs,
ticking `confirm`, how to correct a reading, and the pages for waiting and refused posts.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from handlers.texts import PHONE_LINES, plural

FIELD_NAMES = {
    "account": "Номер особового рахунку", "surname": "Прізвище власника",
    "total": "Загальний", "day": "День", "night": "Ніч", "peak": "Пік", "half_peak": "Напівпік",
    "same_as_before": "Без змін", "confirm": "Так, показники правильні",
}
"""The label of each field, as the form shows it and the notices name it."""

ACCOUNT_FORMAT = "Вкажіть номер особового рахунку цифрами — від 7 до 12 цифр, як у платіжці."
SURNAME_MISSING = "Вкажіть прізвище власника рахунку літерами."
VALUE_FORMAT = "Вкажіть показник лише цифрами, без коми та червоних цифр після неї, наприклад: 12345."
TOO_LONG = "Задовге значення. Перевірте, що вписали в це поле."
SAME_AND_VALUES = "Або позначте «Без змін», або впишіть нові показники — не те й інше разом."
NOT_SAVED = "Показники не збережено. Виправте, будь ласка, позначене нижче."
NOT_YET_SAVED = "Показники ще не збережено: підтвердьте їх нижче."
CONFIRM = f"Якщо все правильно, позначте «{FIELD_NAMES['confirm']}» і надішліть форму ще раз."
EXPIRED = "Сторінка застаріла або відкрита не з сайту. Відкрийте форму ще раз і надішліть показники."
TOO_LARGE = "Форма надто велика. Відкрийте її ще раз і впишіть лише номер рахунку, прізвище та показники."
TOO_MANY_POSTS = "Забагато спроб з вашої адреси."
TOO_MANY_FAILURES = "Забагато невдалих спроб для цього номера рахунку."
OUTSIDE_WINDOW = "поза періодом прийому показників"


def fields_needed(names: tuple[str, ...]) -> str:
    """`Заповніть поля «День» і «Ніч».`"""
    quoted = [f"«{FIELD_NAMES[name]}»" for name in names]
    if len(quoted) == 1:
        return f"Заповніть поле {quoted[0]}."
    return f"Заповніть поля {', '.join(quoted[:-1])} і {quoted[-1]}."


def try_again(wait: timedelta, until: datetime) -> str:
    """`Спробуйте знову через 7 хвилин, після 18:42.`"""
    minutes = max(1, math.ceil(wait.total_seconds() / 60))
    return f"Спробуйте знову через {minutes} {plural(minutes, 'хвилину', 'хвилини', 'хвилин')}, після {until:%H:%M}."


def correction(window_closes: str | None) -> str:
    """How to correct a reading just stored: again through the form within the window, else by phone."""
    if window_closes is not None:
        return (f"Помилилися? Надішліть правильні показники цією ж формою до {window_closes} включно — "
                "вони замінять ці.")
    return f"Помилилися? Зателефонуйте, і оператор виправить показники: {PHONE_LINES}."
