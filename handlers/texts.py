"""Every reply text of the conversation, in Ukrainian, and the quick replies offered with them.

Texts never contain a surname or a full account number: accounts are shown masked (`…4567`).
"""

from __future__ import annotations

from datetime import date, timedelta

from handlers import payloads
from handlers.messages import Choice, Reply
from handlers.validation import Doubt, Problem, Verdict
from handlers.window import Month
from models.accounts import Account

MONTHS = ("січень", "лютий", "березень", "квітень", "травень", "червень",
          "липень", "серпень", "вересень", "жовтень", "листопад", "грудень")
MONTHS_GENITIVE = ("січня", "лютого", "березня", "квітня", "травня", "червня",
                   "липня", "серпня", "вересня", "жовтня", "листопада", "грудня")
ZONE_NAMES = {"total": "загальний", "day": "день", "night": "ніч", "peak": "пік", "half_peak": "напівпік"}
ZONES_ASKED = {
    1: "одне число з лічильника, наприклад: 12345",
    2: "два числа, спочатку день, потім ніч, наприклад: день 8432 ніч 2917",
    3: "три числа: пік, напівпік, ніч, наприклад: пік 1300 напівпік 3400 ніч 2200",
}

SUBMIT = Choice("Передати показники", payloads.SUBMIT_READING)
ACCOUNTS = Choice("Мої рахунки", payloads.MY_ACCOUNTS)
HELP = Choice("Допомога", payloads.HELP)
CANCEL = Choice("Скасувати", payloads.CANCEL)
YES = Choice("Так", payloads.CONFIRM_YES)
NO = Choice("Ні", payloads.CONFIRM_NO)
REPEAT = Choice("Повторити попередній", payloads.REPEAT_PREVIOUS)
LINK_ANOTHER = Choice("Додати рахунок", payloads.LINK_ANOTHER)
LINK = Choice("Підключити рахунок", payloads.LINK_ANOTHER)
PERSON = Choice("Оператор", payloads.PERSON)
CORRECT = Choice("Виправити", payloads.CORRECT)
MENU = (SUBMIT, ACCOUNTS, HELP)
REMIND = Choice("Нагадувати щомісяця", payloads.REMIND)
STOP_REMINDING = Choice("Не нагадувати", payloads.STOP_REMINDING)
"""What a sender with a linked account can do."""
UNLINKED_MENU = (LINK, HELP, PERSON)
"""What a sender without a linked account can do."""
AFTER_READING = (*MENU, CORRECT)
PHONES = "+38 (093/096/099) 450 0 473 або 0-800-301-497, кнопка 2"

HELP_TEXT = (
    "Як передати показники:\n"
    "• однозонний лічильник — одне число: 12345\n"
    "• двозонний — день і ніч: день 8432 ніч 2917\n"
    "• тризонний — пік, напівпік, ніч: пік 1300 напівпік 3400 ніч 2200\n"
    "• без змін — «ті самі»\n"
    "Можна вказати й номер рахунку: о/р 1234567 12345.\n\n"
    "Показники за місяць приймаємо в останні два дні місяця та з 1 по 3 число наступного. "
    "В інші дні показники теж приймаємо, але без прив'язки до розрахункового місяця.\n\n"
    "Інші способи передати показники: вебформа на сайті ДТЕК Донецькі електромережі, "
    f"особовий кабінет, чат-боти компанії, а також IVR-лінія {PHONES}.\n\n"
    "Щоб поговорити з оператором, напишіть «оператор». Помилилися в показниках — напишіть «виправити»."
)
HANDED_OVER = (
    "Передаю розмову оператору: він відповість тут, щойно зможе. Поки оператор на зв'язку, бот мовчить; "
    "якщо протягом доби ніхто не відповість, бот знову прийматиме показники."
)
HAND_OVER_REFUSED = f"На жаль, зараз не вдалося з'єднати з оператором. Зателефонуйте: {PHONES}."
ASK_FORGET = (
    "Видалити ваші дані? Буде видалено прив'язки рахунків, стан розмови й тексти ваших повідомлень. "
    "Прийняті показники залишаться в рахунку без зв'язку з вами."
)
FORGOTTEN = "Ваші дані видалено. Щоб знову передавати показники, надішліть номер особового рахунку."


def plural(count: int, one: str, few: str, many: str) -> str:
    """The Ukrainian noun form for `count` (1 хвилина, 2 хвилини, 5 хвилин)."""
    if count % 10 == 1 and count % 100 != 11:
        return one
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return few
    return many


def mask(number: str) -> str:
    """An account number as shown to its own holder: `…4567`."""
    return f"…{number[-4:]}"


def short_address(address: str) -> str:
    """The address without its settlement, when there is more to it (`вул. Миру 5, кв. 12`)."""
    parts = [part.strip() for part in address.split(",") if part.strip()]
    return ", ".join(parts[1:]) if len(parts) > 1 else address.strip()


def month_name(month: Month) -> str:
    return f"{MONTHS[month.month - 1]} {month.year}"


def day_name(day: date) -> str:
    return f"{day.day} {MONTHS_GENITIVE[day.month - 1]}"


def values_text(values: dict[str, int | None]) -> str:
    """`12345` for one zone, `день 8432, ніч 2917` for several; `—` for an unknown value."""
    shown = {zone: "—" if value is None else str(value) for zone, value in values.items()}
    if list(shown) == ["total"]:
        return shown["total"]
    return ", ".join(f"{ZONE_NAMES[zone]} {value}" for zone, value in shown.items())


def account_label(account: Account) -> str:
    return f"{mask(account.number)}, {short_address(account.address)}"


# Menu


def welcome(linked: bool) -> Reply:
    greeting = "Вітаємо! Тут можна передати показники лічильника ДТЕК Донецькі електромережі."
    if linked:
        return Reply(f"{greeting} Оберіть дію.", MENU)
    return Reply(f"{greeting} {ASK_ACCOUNT}", (HELP, CANCEL))


def chat_choice_hint(count: int) -> str:
    """The terminal's line under numbered choices."""
    numbers = "1" if count == 1 else f"1–{count}"
    return f"(число {numbers} обирає варіант, а не є показником)"


def menu(text: str, choices: tuple[Choice, ...] = MENU) -> Reply:
    return Reply(text, choices)


YOU_ARE_WELCOME = "Будь ласка! Гарного дня."
CANCELLED = "Скасовано. Чим можу допомогти?"
HINT = (
    "Не вдалося розпізнати повідомлення. Надішліть показники числом, наприклад 12345, або оберіть дію. "
    f"Телефони: {PHONES}."
)
ATTACHMENT = (
    "Голосові повідомлення, стікери та файли бот не розпізнає. "
    "Надішліть, будь ласка, показники текстом, наприклад: 12345, або фото лічильника."
)

# Reminders

REMINDERS_HELP = (
    "Бот може щомісяця нагадувати про передачу показників, коли відкривається вікно: "
    "напишіть «нагадувати». Щоб нагадування припинити, напишіть «не нагадувати»."
)
REMINDING = (
    "Добре, нагадуватимемо щомісяця, коли почнемо приймати показники: за день до останнього дня "
    "місяця. Щоб відмовитися, напишіть «не нагадувати»."
)
NOT_REMINDING = "Добре, більше не нагадуватимемо. Щоб знову отримувати нагадування, напишіть «нагадувати»."
NO_REMINDERS_HERE = (
    "На жаль, у цьому каналі нагадування недоступні. Вони є в наших ботах у Telegram і Viber."
)


def reminder(month: Month) -> Reply:
    """The monthly reminder: when the window of `month` is, and how to stop reminders."""
    return Reply(
        f"Нагадуємо: показники за {MONTHS[month.month - 1]} приймаємо з {day_name(month.window_opens())} "
        f"по {day_name(month.window_closes())}. Надішліть їх у відповідь на це повідомлення.\n\n"
        "Щоб більше не отримувати нагадувань, напишіть «не нагадувати» або натисніть кнопку нижче.",
        (SUBMIT, STOP_REMINDING),
    )


# Linking

ASK_ACCOUNT = "Надішліть, будь ласка, номер вашого особового рахунку — його вказано в платіжці."
ASK_ACCOUNT_AGAIN = (
    "Не бачу номера рахунку. Номер особового рахунку має від 7 до 12 цифр — надішліть, будь ласка, лише їх."
)
ASK_SURNAME = "Дякуємо. Тепер надішліть прізвище власника рахунку."
LINK_FAILED = (
    "Номер рахунку або прізвище не збігаються з нашими даними. "
    "Перевірте їх і надішліть прізвище ще раз або інший номер рахунку."
)
KEEP_READING = "Щоб прийняти показники, потрібно підключити рахунок. "


def ask_account(before: str = "") -> Reply:
    return Reply(before + ASK_ACCOUNT, (HELP, CANCEL))


def ask_surname() -> Reply:
    return Reply(ASK_SURNAME, (CANCEL,))


def link_failed() -> Reply:
    return Reply(LINK_FAILED, (HELP, CANCEL))


def locked(remaining: timedelta) -> Reply:
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    unit = plural(minutes, "хвилину", "хвилини", "хвилин")
    return Reply(
        f"Забагато невдалих спроб підключити рахунок. Спробуйте знову через {minutes} {unit} "
        "або напишіть оператору.",
        (HELP, PERSON),
    )


def too_many_messages() -> Reply:
    return Reply(
        "Забагато повідомлень поспіль. Ми відповімо на нові трохи згодом — "
        "будь ласка, надішліть показники одним повідомленням за хвилину."
    )


def too_many_links(limit: int) -> Reply:
    return Reply(
        f"Можна підключити не більше {limit} рахунків. Щоб додати інший, відв'яжіть один у «Мої рахунки».",
        (ACCOUNTS, HELP),
    )


def linked(account: Account) -> str:
    return f"Рахунок {account_label(account)} підключено."


def already_linked(account: Account) -> str:
    return f"Рахунок {mask(account.number)} уже підключено."


# Accounts


def accounts_list(lines: list[str], unlink_choices: tuple[Choice, ...]) -> Reply:
    body = "\n".join(f"{number}. {line}" for number, line in enumerate(lines, start=1))
    return Reply(f"Ваші рахунки:\n{body}", (*unlink_choices, LINK_ANOTHER, SUBMIT))


def account_line(account: Account, last: dict[str, int | None], taken_on: date | None) -> str:
    when = f" ({taken_on:%d.%m.%Y})" if taken_on is not None else ""
    known = any(value is not None for value in last.values())
    reading = f"останні показники: {values_text(last)}{when}" if known else "показників ще немає"
    return f"{account_label(account)} — {reading}"


def unlink_choice(account: Account, payload: str) -> Choice:
    return Choice(f"Відв'язати {mask(account.number)}", payload)


def account_choice(account: Account, payload: str) -> Choice:
    return Choice(f"{mask(account.number)} {short_address(account.address)}", payload)


def ask_unlink(account: Account) -> Reply:
    return Reply(
        f"Відв'язати рахунок {mask(account.number)}? Прийняті показники за ним залишаться.",
        (Choice("Так, відв'язати", payloads.CONFIRM_YES), Choice("Ні", payloads.CONFIRM_NO)),
    )


def unlinked(account: Account) -> str:
    return f"Рахунок {mask(account.number)} відв'язано."


def last_sent(lines: list[str]) -> Reply:
    body = "\n".join(f"{number}. {line}" for number, line in enumerate(lines, start=1))
    return Reply(f"Останні прийняті показники:\n{body}", MENU)


KEPT = "Гаразд, нічого не змінено."


NO_ACCOUNTS = "Підключених рахунків немає. "
UNKNOWN_CHOICE = "Цього рахунку немає серед ваших. Оберіть дію."

# Readings


def ask_reading(account: Account, can_repeat: bool) -> Reply:
    choices = (REPEAT, CANCEL) if can_repeat else (CANCEL,)
    return Reply(f"Рахунок {mask(account.number)}: надішліть {ZONES_ASKED[account.zones]}.", choices)


def account_closed(account: Account) -> Reply:
    """The answer to a reading for an account the operator has closed."""
    return Reply(
        f"Рахунок {mask(account.number)} закрито, тому показники за ним більше не приймаємо. "
        f"Якщо це помилка, будь ласка, зателефонуйте нам: {PHONES}.",
        MENU,
    )


WHICH_ACCOUNT = "Для якого рахунку ці показники? Оберіть рахунок."


def choose_account(choices: tuple[Choice, ...], question: str = WHICH_ACCOUNT) -> Reply:
    return Reply(question, (*choices, CANCEL))


def refusal(problem: Problem, verdict: Verdict, account: Account, last: dict[str, int | None]) -> Reply:
    """Why the reading was refused and what to send instead."""
    zone = verdict.zone or "total"
    value = verdict.values.get(zone)
    named = "" if zone == "total" else f" «{ZONE_NAMES[zone]}»"
    reasons = {
        Problem.ZONES: f"{meter_zones(account)} Надішліть {ZONES_ASKED[account.zones]}.",
        Problem.DIGITS: f"Показник{named} {value} має забагато цифр: лічильник показує "
        f"не більше {account.digits} цифр до коми. "
        "Перевірте й надішліть ще раз.",
        Problem.BELOW_LAST: f"Показник{named} {value} менший за останній прийнятий ({last.get(zone)}). "
        "Перевірте й надішліть ще раз.",
        Problem.NO_PREVIOUS: f"{no_previous(account)} Надішліть {ZONES_ASKED[account.zones]}.",
    }
    return Reply(reasons[problem], (CANCEL, HELP))


def meter_zones(account: Account) -> str:
    """`Лічильник рахунку …4567 має дві зони (день, ніч).`"""
    zones = _zones(account.zones)
    return f"Лічильник рахунку {mask(account.number)} має {zones}."


def no_previous(account: Account) -> str:
    """`Попередніх показників для рахунку …4567 ще немає.`"""
    return f"Попередніх показників для рахунку {mask(account.number)} ще немає."


def _zones(count: int) -> str:
    return {
        1: "одну зону — один тариф на всю добу",
        2: "дві зони — частини доби з різними тарифами: день і ніч",
        3: "три зони — частини доби з різними тарифами: пік, напівпік і ніч",
    }[count]


def doubt(verdict: Verdict, account: Account) -> Reply:
    """The question asked before a rollover or an unusually high use is stored."""
    parts = []
    if Doubt.ROLLOVER in verdict.doubts:
        parts.append("Показник менший за попередній — лічильник перейшов через нуль?")
    if Doubt.HIGH_USE in verdict.doubts:
        parts.append(f"Споживання {verdict.use} кВт·год значно більше за звичайне.")
    question = f"Зберегти для рахунку {mask(account.number)}: {values_text(dict(verdict.values))}?"
    return Reply(" ".join([*parts, question]), (YES, NO))


CONFIRM_AGAIN = "Будь ласка, оберіть «Так», щоб зберегти показники, або «Ні», щоб надіслати інші."
DISCARDED = "Гаразд, показники не збережено. Надішліть правильні числа."

# Photos of the meter

TYPE_IT_MYSELF = Choice("Ні, введу сам", payloads.CONFIRM_NO)
PHOTO_BEFORE_LINKING = "Щоб прийняти показники з фото, потрібно підключити рахунок. "
PHOTO_WHICH_ACCOUNT = "Для якого рахунку це фото? Оберіть рахунок, потім надішліть фото ще раз або показники цифрами."


def photo_question(value: str) -> Reply:
    """The value read from a photo, to be confirmed before it is checked and stored."""
    return Reply(f"Я бачу {value} — це ваші показники?", (YES, TYPE_IT_MYSELF))


def photo_unread(account: Account) -> Reply:
    """The request to type the reading of a photo that could not be read."""
    return _type_instead("Не вдалося прочитати показники з фото.", account)


def photo_of_zones(account: Account) -> Reply:
    """The request to type the reading of a meter with several zones, which photos do not give."""
    return _type_instead("З фото бот читає лише однозонні лічильники.", account)


def _type_instead(why: str, account: Account) -> Reply:
    return Reply(f"{why} Рахунок {mask(account.number)}: надішліть, будь ласка, {ZONES_ASKED[account.zones]}.", (CANCEL,))


def type_it(account: Account) -> Reply:
    """The answer to "Ні, введу сам"."""
    return Reply(f"Добре. Рахунок {mask(account.number)}: надішліть {ZONES_ASKED[account.zones]}.", (CANCEL,))


def accepted(
    account: Account, values: dict[str, int], month: Month | None, replaced: bool, replaces: dict[str, int] | None
) -> Reply:
    """The confirmation: the values with their zones, the month they close, what they replaced."""
    stored = f"{mask(account.number)}: {values_text(dict(values))}"
    if replaces:
        stored += f" замість {values_text(dict(replaces))}"
    when = "" if month is None else f" за {month_name(month)}"
    text = f"Показники{when} прийнято — {stored}."
    if replaced and not replaces and month is not None:
        text += f" Вони замінили надіслані раніше за {MONTHS[month.month - 1]}."
    return Reply(f"{text} Дякуємо!", AFTER_READING)


def window_notice(window: Month, estimated: Month | None) -> str:
    """When readings are taken; `estimated`: the month that will be billed by estimate."""
    text = (
        "Зверніть увагу: показники за місяць приймаємо в останні два дні місяця та з 1 по 3 число "
        f"наступного, за {MONTHS[window.month - 1]} — "
        f"з {day_name(window.window_opens())} по {day_name(window.window_closes())}."
    )
    if estimated is not None:
        text += f" {MONTHS[estimated.month - 1].capitalize()} буде нараховано за середнім споживанням."
    return text


# Corrections

NOTHING_TO_CORRECT = "Ви ще не передавали тут показників, які можна виправити. Надішліть, будь ласка, нові."


def withdrawn(account: Account, values: dict[str, int]) -> Reply:
    return Reply(
        f"Показники {mask(account.number)}: {values_text(dict(values))} скасовано. "
        f"Надішліть, будь ласка, правильні — {ZONES_ASKED[account.zones]}.",
        (CANCEL,),
    )


def correct_by_person(account: Account, values: dict[str, int], month: Month) -> Reply:
    return Reply(
        f"Показники {mask(account.number)}: {values_text(dict(values))} уже передано в розрахунок "
        f"за {month_name(month)}. Виправити їх може оператор: напишіть «оператор» або зателефонуйте "
        f"{PHONES}.",
        (PERSON, HELP),
    )


# Registers of a three-zone meter

def ask_registers(account: Account, orders: tuple[Choice, ...]) -> Reply:
    """Which zone each register T1, T2, T3 is; `orders` are the choices, one per order."""
    return Reply(
        "Зона — це частина доби з власним тарифом: пік, напівпік, ніч. "
        "Підкажіть, будь ласка, які зони показують Т1, Т2 і Т3 вашого лічильника — оберіть їх у порядку "
        f"Т1, Т2, Т3. Ми запам'ятаємо це для рахунку {mask(account.number)}.",
        (*orders, CANCEL),
    )


def zones_order(zones: tuple[str, ...]) -> str:
    """`пік, напівпік, ніч`: the title of a choice of the zones of T1, T2, T3."""
    return ", ".join(ZONE_NAMES[zone] for zone in zones)


# Questions

ESTIMATE = (
    "Якщо показники за місяць не надійшли в останні два дні місяця або з 1 по 3 число наступного, "
    "цей місяць нараховують за середнім споживанням. Щоб рахунок був за вашими показниками, "
    "надсилайте їх у ці дні.\n\n"
    "Якщо ви передали показники вчасно, а рахунок усе одно за середнім, напишіть «оператор» "
    f"або зателефонуйте: {PHONES}."
)


def window_answer(month: Month, now_open: bool) -> str:
    """When the readings for `month` are taken; `now_open`: the window is open now."""
    closes = day_name(month.window_closes())
    if now_open:
        return f"Саме зараз: показники за {MONTHS[month.month - 1]} приймаємо до {closes} включно."
    return (
        f"Показники за {MONTHS[month.month - 1]} приймаємо з {day_name(month.window_opens())} по {closes} — "
        "в останні два дні місяця та з 1 по 3 число наступного."
    )


# Deleting the sender's data

FORGET_CHOICES = (Choice("Так, видалити", payloads.CONFIRM_YES), Choice("Ні, залишити", payloads.CONFIRM_NO))
