"""Realistic customer messages, all distinct, for the golden parser test and the parser benchmark.

`messages(count)` builds a reproducible mix: readings of one to three zones in Ukrainian and
Russian (labels with typos, Latin look-alikes and odd case, numbers grouped, with fractions or
leading zeros, in words), account numbers with and without labels, and the decoys around them
(phones, dates, times, money, years, addresses, meter serials), chit-chat with no numbers,
emoji, long texts of several sentences, and the hand-written test cases with new digits.

    python -m tests.handlers.corpus

records `data/golden.jsonl`: each text with the object the current parser gives for it. Run it
only when a change of the parser's output is meant; `test_parsing_golden.py` checks it.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden.jsonl"
GENERATED = 5000  # generated messages in the golden file, besides every hand-written text

ZONES = {
    "day": ["день", "День", "ДЕНЬ", "денний", "Денна", "дн.", "вдень", "дневной", "днем", "Д", "Д.", "D", "д",
            "Т1", "T1", "т1", "15.8.1", "1.8.1", "тариф 1", "дeнь", "дееь", "дент"],
    "night": ["ніч", "Ніч", "НІЧ", "нічний", "нічна", "ночь", "Ночь", "ночной", "нч", "Н", "Н.", "N", "н", "Т2",
              "T2", "15.8.2", "1.8.2", "тариф 2", "нiч", "ноч", "нічь"],
    "peak": ["пік", "Пік", "пик", "Пик", "пікова"],
    "half_peak": ["напівпік", "Напівпік", "полупик", "Полупик", "напів-пік", "пол.пик"],
    "total": ["загальний", "Загальні", "сумарний", "общий", "Общие", "Т0", "T0", "15.8.0", "всього", "сума"],
}
LAYOUTS = [("day", "night"), ("day", "night"), ("night", "day"), ("peak", "half_peak", "night"),
           ("total",), ("total", "day", "night"), ("day",), ("night",)]
SEPARATORS = [" ", ": ", " - ", "-", " = ", ":", " — ", "\u00a0", " кВт ", " показ "]
JOINERS = [", ", " ", "; ", "\n", ". ", " і ", " и ", " / ", "\r\n"]
SPACES = [" ", "\u00a0", "\u2009", "\u202f"]
GREETINGS = ["", "", "Добрий день! ", "Доброго дня. ", "Добрий вечір, ", "Здравствуйте, ", "Доброе утро! ",
             "Вітаю! ", "Привіт ", "Добрый день.\n", "Слава Україні! ", "👋 ", "Доброї ночі. "]
INTROS = ["", "", "Покази: ", "Показники ", "показання лічильника ", "Передаю покази ", "Показания счетчика: ",
          "передаю показания ", "Пoкaзи ", "ПОКАЗНИКИ: ", "Мої показники на сьогодні ", "поточні покази ",
          "Показания электросчетчика ", "Цифри ", "Данные: "]
THANKS = ["", "", " Дякую", ". Дякую!", "\nГарного дня!", " 🙏", ". Спасибо", " Спасибі.", " 👍", "!!!",
          " Дякую 💡", ". С уважением, Ирина", ". З повагою, Петренко О.", " ❤️"]
ACCOUNT_LABELS = ["о/р", "О/Р", "ос. рах.", "особовий рахунок", "Особовий рахунок №", "рахунок", "рах.",
                  "номер рахунку", "ОР", "o/p", "л/с", "Л/С", "лицевой счет", "лицевой счёт №", "счет",
                  "абонент", "номер договору", "ос.рахунок", "особового рахунку", "0/р"]
CHATTER = ["Коли дадуть світло?", "Дякую!", "Доброго дня", "Не можу передати покази, сайт не працює",
           "Чому такий великий рахунок?", "Світла немає вже третій день", "Как передать показания?",
           "Добрий вечір, підкажіть будь ласка графік відключень", "Ок", "Спасибо большое 🙏",
           "Лічильник зламався, що робити?", "Покази завтра передам", "А де подивитись борг?",
           "Хто може приїхати замінити лічильник?", "👍", "🤔🤔", "Гарного дня!", "Здравствуйте",
           "Світло є, все добре", "Когда будет перерасчет?", "Дякую за роботу ❤️", "ало", "?"]
SAME = ["без змін", "показники такі ж як минулого місяця", "ті самі", "показания те же", "не змінились",
        "як і минулого разу", "нічого не змінилось", "такі самі як минулого місяця", "без изменений",
        "лічильник не крутиться", "не користуємось будинком", "так само"]
STREETS = ["Шевченка", "Миру", "Ленина", "Садова", "Центральна", "Грушевського", "Победы"]
MONTHS = ["січня", "лютого", "березня", "квітня", "травня", "листопада", "грудня", "ноября", "декабря", "марта"]
UNITS = ["нуль", "один", "два", "три", "чотири", "п'ять", "шість", "сім", "вісім", "дев'ять"]
UNITS_RU = ["ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"]
TENS = ["", "", "двадцять", "тридцять", "сорок", "п'ятдесят", "шістдесят", "сімдесят", "вісімдесят", "дев'яносто"]
TEENS = ["десять", "одинадцять", "дванадцять", "тринадцять", "чотирнадцять", "п'ятнадцять", "шістнадцять",
         "сімнадцять", "вісімнадцять", "дев'ятнадцять"]
HUNDREDS = ["", "сто", "двісті", "триста", "чотириста", "п'ятсот", "шістсот", "сімсот", "вісімсот", "дев'ятсот"]
LOOKALIKES = {"а": "a", "е": "e", "і": "i", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "к": "k"}


def messages(count: int, seed: int = 17) -> list[str]:
    """`count` distinct messages of the realistic mix, the same for the same seed."""
    rng = random.Random(seed)
    cases = _hand_written()
    seen: set[str] = set()
    mix: list[str] = []
    while len(mix) < count:
        text = _message(rng, cases)
        if text not in seen:
            seen.add(text)
            mix.append(text)
    return mix


def _message(rng: random.Random, cases: list[str]) -> str:
    shape = rng.random()
    if shape < 0.25:
        return _with_new_digits(rng, rng.choice(cases))
    if shape < 0.35:
        return rng.choice(GREETINGS) + rng.choice(CHATTER) + rng.choice(THANKS)
    if shape < 0.38:
        return " ".join(_sentence(rng) for _ in range(rng.randint(3, 8)))
    return _sentence(rng)


def _sentence(rng: random.Random) -> str:
    parts = [rng.choice(GREETINGS)]
    if rng.random() < 0.35:
        parts.append(_account(rng) + rng.choice([", ", ". ", "\n", " ", "; "]))
    if rng.random() < 0.1:
        parts.append(rng.choice(SAME).capitalize() + ". ")
    else:
        parts.append(rng.choice(INTROS) + _zones(rng))
    for _ in range(rng.choices([0, 1, 2], [6, 3, 1])[0]):
        parts.append(rng.choice([", ", ". ", "\n", " "]) + _decoy(rng))
    parts.append(rng.choice(THANKS))
    return _typos(rng, "".join(parts))


def _zones(rng: random.Random) -> str:
    if rng.random() < 0.25:
        return _number(rng, rng.randint(100, 99999))
    layout = rng.choice(LAYOUTS)
    values = [_number(rng, rng.randint(100, 60000)) for _ in layout]
    labels = [rng.choice(ZONES[zone]) for zone in layout]
    style = rng.random()
    if style < 0.1 and len(layout) > 1:
        return "/".join(labels) + " " + "/".join(values)
    if style < 0.2:
        return rng.choice(JOINERS).join(f"{value} {label}" for label, value in zip(labels, values))
    return rng.choice(JOINERS).join(label + rng.choice(SEPARATORS) + value for label, value in zip(labels, values))


def _number(rng: random.Random, value: int) -> str:
    digits = str(value)
    style = rng.random()
    if style < 0.08:
        return _in_words(rng, value)
    if style < 0.16 and value >= 1000:
        return digits[:-3] + rng.choice(SPACES + [".", ","]) + digits[-3:]
    if style < 0.24:
        return digits + rng.choice([",", "."]) + str(rng.randint(0, 99))
    if style < 0.28:
        return "0" * rng.randint(1, 2) + digits
    if style < 0.32:
        return digits + rng.choice([" кВт", " кВт·год", "кВт", " квт.ч", " kWh"])
    return digits


def _in_words(rng: random.Random, value: int) -> str:
    if rng.random() < 0.3:
        return " ".join(rng.choice([UNITS, UNITS_RU])[int(digit)] for digit in str(value))
    thousands, rest = divmod(value, 1000)
    words = _below_thousand(thousands) + (["тисяч"] if thousands else []) + _below_thousand(rest)
    return " ".join(word for word in words if word)


def _below_thousand(value: int) -> list[str]:
    hundreds, rest = divmod(value, 100)
    if 10 <= rest < 20:
        return [HUNDREDS[hundreds], TEENS[rest - 10]]
    return [HUNDREDS[hundreds], TENS[rest // 10], UNITS[rest % 10] if rest % 10 else ""]


def _account(rng: random.Random) -> str:
    digits = str(rng.randint(10 ** 6, 10 ** rng.randint(7, 12) - 1)).zfill(rng.choice([7, 7, 8, 10, 12]))
    if rng.random() < 0.25:
        return digits
    return rng.choice(ACCOUNT_LABELS) + rng.choice([" ", ": ", " № ", "", "-", "\u00a0"]) + digits


def _decoy(rng: random.Random) -> str:
    decoys: list[Callable[[], str]] = [
        lambda: f"тел {_phone(rng)}",
        lambda: _phone(rng),
        lambda: f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{rng.choice([2024, 2025, 2026])}",
        lambda: f"станом на {rng.randint(1, 28)}.{rng.randint(1, 12):02d}",
        lambda: f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        lambda: f"о {rng.randint(7, 22)}:{rng.randint(0, 59):02d}",
        lambda: f"оплатила {rng.randint(50, 3000)} грн",
        lambda: f"сплачено {rng.randint(50, 3000)},{rng.randint(0, 99):02d} грн",
        lambda: f"{rng.randint(2019, 2026)} р.",
        lambda: f"вул. {rng.choice(STREETS)}, буд. {rng.randint(1, 120)}, кв. {rng.randint(1, 300)}",
        lambda: f"лічильник №{rng.randint(10 ** 7, 10 ** 10)}",
        lambda: f"номер лічильника {rng.randint(10 ** 5, 10 ** 8)}",
        lambda: f"спожито {rng.randint(50, 900)} кВт",
        lambda: f"{rng.randint(1, 6)} черга",
        lambda: rng.choice(["💡", "⚡", "🙏🙏", "😊", "1️⃣", "✅"]),
        lambda: "https://dtek.com/ua/page/" + str(rng.randint(1, 9999)),
        lambda: f"ivan{rng.randint(1, 99)}@gmail.com",
    ]
    return rng.choice(decoys)()


def _phone(rng: random.Random) -> str:
    operator, number = rng.choice(["50", "66", "67", "93", "95", "97", "99"]), f"{rng.randint(0, 9999999):07d}"
    return rng.choice([
        f"+380 {operator} {number[:3]} {number[3:5]} {number[5:]}",
        f"(0{operator}) {number[:3]}-{number[3:5]}-{number[5:]}",
        f"0{operator}{number}",
        f"0{operator} {number[:3]} {number[3]} {number[4:]}",
        f"+380{operator}{number}",
        "0-800-301-497",
    ])


def _typos(rng: random.Random, text: str) -> str:
    """Latin look-alikes for some Cyrillic letters, now and then."""
    if rng.random() < 0.85:
        return text
    return "".join(LOOKALIKES[ch] if ch in LOOKALIKES and rng.random() < 0.3 else ch for ch in text)


def _with_new_digits(rng: random.Random, text: str) -> str:
    """A hand-written case with each digit changed now and then, so its layout stays."""
    return re.sub(r"[0-9]", lambda digit: str(rng.randint(0, 9)) if rng.random() < 0.5 else digit.group(), text)


def _hand_written() -> list[str]:
    """The texts of the test cases and shared examples, each once, in file order."""
    texts: dict[str, None] = {}
    for name in ("cases.jsonl", "examples.jsonl", "independent.jsonl"):
        with open(DATA / name, encoding="utf-8") as lines:
            texts.update((json.loads(line)["text"], None) for line in lines if line.strip())
    return list(texts)


def _record() -> None:
    from handlers.parsing import parse

    texts = list(dict.fromkeys(_hand_written() + messages(GENERATED)))
    with open(GOLDEN, "w", encoding="utf-8") as golden:
        golden.writelines(
            json.dumps({"text": text, **parse(text).to_dict()}, ensure_ascii=False) + "\n" for text in texts
        )
    print(f"{len(texts)} texts recorded in {GOLDEN}")


if __name__ == "__main__":
    _record()
