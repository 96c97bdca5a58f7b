"""The named rules that find readings, labels and what is not a reading (CONTRACT section 4).

Each rule has a name, a kind and a pattern over normalised text (`handlers.normalising`).
`handlers.tokens` tries them all at each place in the text: the leftmost match wins and, at
the same place, the rule listed first. So the order below is the precedence: an account
label wins over the phone number it labels, a phone number over the digits inside it, a
date over a number, a zone word over an ordinary word.

Kinds:
- `account`: a labelled account number (`о/р 1234567`); its last digits are the account.
- `zone`: a label naming one or more zones (`день`, `Т1`, `15.8.2`, `Д/Н`).
- `number`: a number that may be a reading or, as a bare 7-12 digit run, an account.
- `noise`: text holding numbers that are neither (dates, phones, money, addresses, ...).
- `reading`: a word saying a reading follows (`покази`, `показания`).
- `filler`: a word that may stand between a zone label and its number (`кВт`, `лічильника`).
- `word`: any other word; it ends a zone label's reach.
- `stop`: the end of a sentence; it also ends a zone label's reach.
"""

from __future__ import annotations

from dataclasses import dataclass

ACCOUNT, ZONE, NUMBER, NOISE, READING, FILLER, WORD, STOP = (
    "account", "zone", "number", "noise", "reading", "filler", "word", "stop"
)


@dataclass(frozen=True)
class Rule:
    """A named pattern; `zones` are the zones a zone rule names, in order.

    A `letter` label (`Д`, `Н`) is weaker than a word: a name's initial looks the same, so it
    does not turn a bare 7-12 digit run (an account) into a reading.
    """

    name: str
    kind: str
    pattern: str
    zones: tuple[str, ...] = ()
    letter: bool = False


def _any(*alternatives: str) -> str:
    return "(?:" + "|".join(alternatives) + ")"


_LETTERS = "a-zа-яіїєґ"
_START = rf"(?<![{_LETTERS}0-9'])"  # not inside a word or a number
_WORD_START = rf"(?<![{_LETTERS}'])"  # not inside a word: "8432ніч" still has a zone word
_END = rf"(?![{_LETTERS}'])"
_GAP = r"[\s:№#.\-=(]*"  # what may stand between a label and its number
_BEFORE_DIGIT = r"(?=[\s:\-=(]*[0-9])"  # a one-letter label counts only right before its number
_NO_MORE_DIGITS = r"(?![0-9]|[.,][0-9])"

_MONTH = _any(
    r"(?:січ|берез|квіт|трав|черв|лип|серп|верес|жовт|груд)(?:ень|ня|ні|нем|ню)",
    r"лют(?:ий|ого|ому|ім)", r"листопад(?:а|і|ом|у)?",
    r"(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)[ьяею]", r"март[ае]?", r"ма[йяе]", r"август[ае]?",
) + _END
_YEAR = r"(?:19|20)[0-9]{2}"
_YEAR_WORD = _any("року", "рік", "році", "рр", "р", "года", "году", "год", "г") + _END + r"\.?"
_AMOUNT = r"[0-9]{1,3}(?:[ .,][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?"
_CURRENCY = _any(
    r"грн", r"гривн[а-яі]*", r"гривен[а-яь]*", r"грв", r"гр(?![а-яіїєґ])\.?", "₴", "uah", r"руб[а-я]*", r"коп[а-яі]*",
    r"\$", "usd", "євро", "евро", "€",
)
# A Ukrainian number: 0 and nine more digits, any separators, with +38, 38 or 8 before it.
_PHONE = r"(?<![0-9])(?:\+\s*)?(?:3\s*8[\s\-]*|8[\s\-]*)?\(?0[\s\-()]{0,3}[1-9](?:[\s\-()]{0,3}[0-9]){8}(?![0-9])"
_LOCAL_PHONE = (
    r"(?<![0-9.,:])(?:[0-9]{1,3}-[0-9]{2}-[0-9]{2}(?![0-9])|[0-9]{3} [0-9]{2} [0-9]{2}(?![0-9 ])"
    r"|0[0-9]{2}\.[0-9]{3}\.[0-9]{2}\.[0-9]{2}(?![0-9]))"  # and the dotted 050.123.45.67
)
_ACCOUNT_LABEL = _any(
    r"(?:(?:номер|№)\s*)?(?:(?:особов|особист|персональн)[а-яіїєґ']*\.?\s*|ос\.?\s*|о\.\s*)?(?:рахун[а-яіїєґ]*|рах\.?)",
    r"[о0]\s*[/\\]\s*р", r"о\.\s*р\.?", "ор", "о/с", "ос/р", r"л\s*[/\\]\s*сч?", r"л\.\s*с\.?", "лс",
    r"(?:номер\s+)?(?:лицев[а-я]*|лиц\.)\s*(?:сч[её]т[а-я]*|сч\.?)", r"сч[её]т(?:а|у|ом|е)?",
    r"абонент[а-яіїєґ]*(?:\s+номер)?", r"(?:номер|№)\s+абонента", r"договор[а-яу]*", "договір", "account",
)
_METER = _any("лічильник", "лічільник", r"с[чщ][а-яіьє]{0,2}тчик", "прилад", "пу") + "[а-яіїєґ]*"
_NUMBER_SIGN = _any("№", "#", "номер")
_STREET = _any(
    "вул", "вулиця", "вулиці", "ул", "улица", "улице", "пр-т", r"пр(?=\.)", "просп", "проспект", "пров",
    "провулок", "пер", "переулок", "бульв", "бульвар", "б-р", "пл", "площа", "площадь", "мкр", "мікрорайон",
    "микрорайон", "кв-л", "квартал", "шосе", "шоссе", "проїзд", "проезд", "майдан", "м-н",
)
_STREET_NAME_WORD = r"(?!показ|пок\b|ден|дн\b|ніч|ноч|т[012]\b|рах|буд|кв\b)(?:[0-9]{1,3}-)?[а-яіїєґ'\-]+\.?\s*"
_HOUSE_NUMBER = r"[0-9]{1,4}[а-яa-z]?(?:\s*[/\-]\s*[0-9]{1,4}[а-яa-z]?)?(?![0-9])"
_COUNTED = _any(
    r"хвилин[а-яі]*", "хв", r"минут[а-я]*", "мин", r"секунд[а-яі]*", "сек", r"дн(?:і|ів|ях|ей|я)", r"доб[аиу]?",
    r"сут[а-я]*", r"тижн[а-яі]*", "тиждень", r"недел[а-яі]*", r"місяц[а-яі]*", r"месяц[а-я]*", r"рок(?:и|ів)",
    "років", "лет", r"год(?:а|ів)?", r"годин[а-яі]*", r"час(?:а|ов)?", r"раз(?:и|ів|а)?", r"чол[а-яі]*\.?",
    r"человек[а-я]*", r"люд[а-яі]*", "осіб", "особи", "шт", "%", r"відсот[а-яі]*", r"процент[а-я]*",
    r"кімнат[а-яі]*", r"комнат[а-я]*", r"поверх[а-яі]*", r"поверс[іе]", r"этаж[а-я]*", r"лічильник[а-яі]*",
    r"счетчик[а-я]*", r"квартир[а-яі]*", r"будин[а-яі]*", "тарифи", "тарифа", "тарифів", "зони", "зон",
    r"фаз[а-яі]*", r"кв\.?\s*м", "м2", "м²", r"градус[а-яі]*", "°", "числа", "число", "ранку", "вечора", "утра",
    "вечера",
)
_DAY_OF_MONTH = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH_NUMBER = r"(?:0?[1-9]|1[0-2])"
_HOUR = r"(?:[01]?[0-9]|2[0-3])"


def _register(digit: str, tariff: bool = True) -> str:
    """Meter register names for one zone: `15.8.1`, `1.8.1`, `Т1`, `тариф 1`, `1 зона`."""
    names = [rf"(?<![0-9.])(?:15|1)\.8\.{digit}(?![0-9])\.?", rf"{_START}[тt][\s\-.]?{digit}{_NO_MORE_DIGITS}\.?"]
    if tariff:
        names.append(rf"{_START}(?:тариф|зона)\s*№?\s*{digit}{_NO_MORE_DIGITS}")
        names.append(rf"(?<![0-9.,]){digit}\s*(?:-?[ийагш]+\s*)?(?:тариф|зона){_END}")
    return _any(*names)


def _zone_words(*words: str) -> str:
    return _WORD_START + _any(*words) + _END + r"\.?"


RULES: tuple[Rule, ...] = (
    # Keycap emoji digits (1️⃣) number a list; they are not values.
    Rule("keycap", NOISE, r"[0-9#*]\ufe0f?\u20e3"),
    # Addresses on the web hold digits that are not values.
    Rule("email_or_link", NOISE, r"[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}|(?:https?://|www\.)[^\s]+"),
    # Greetings and phrases that hold a zone word: "Добрий день", "доброї ночі", "день народження".
    Rule("greeting", NOISE, _START + _any(
        r"(?:добр|гарн|хорош|чудов|вдал|приємн|приятн|спокійн|спокойн|успішн)[а-яіїєґ']*\s+"
        r"(?:день|дня|дні|днини|ночі|ночи|вечір|вечора|вечер|вечера|ранку|утра|ранок|доби)",
        r"(?:день|дня)\s+добр[а-яіїєґ]*",
        r"(?:день|дня|днем)\s+(?:народж|рожд)[а-яіїєґ]*",
        r"(?:в|у|за|на|через|кожн[а-яіїєґ]*|каждый|той|тот|цей|этот|весь|цілий|целый|робочий|рабочий)"
        r"\s+(?:день|дня)(?=\s+[а-яіїєґ])",
    )),
    # ---- Labelled accounts: a label wins over whatever its number looks like ("о/р 0991234567").
    Rule("account_label", ACCOUNT,
         rf"{_START}{_ACCOUNT_LABEL}{_GAP}(?:(?:n|no|номер)[\s.:]*)?[0-9]{{4,12}}"
         rf"(?![0-9]|[.,][0-9]|\s*{_CURRENCY})"),
    # ---- Not readings: phones, meter serials, addresses, money, registers, dates, times, counts.
    Rule("phone_label", NOISE,
         _START + _any("тел", r"телефон[а-яу]*", "моб", r"мобільн[а-яі]*", r"мобильн[а-я]*",
                       r"номер\s+телефон[а-яу]*", "viber", "вайбер")
         + rf"{_END}\.?[\s:\-]*(?:{_PHONE}|{_LOCAL_PHONE}|\+?[0-9][0-9\-()]*[0-9])"),
    Rule("phone", NOISE, _PHONE),
    Rule("local_phone", NOISE, _LOCAL_PHONE),
    # "лічильник №0123456789", "номер лічильника 778899", "зав. № 123", "лічильник 12345678".
    Rule("meter_serial", NOISE, _any(
        _START + _any(
            rf"(?:номер|№|#|зав[а-яіїєґ]*\.?\s*{_NUMBER_SIGN}?|(?:серійн|серийн)[а-яі]*\s*{_NUMBER_SIGN}?)\s*{_METER}",
            rf"{_METER}\s*(?:№|#|номер|no\.|n(?=\s*[0-9]{{7}}))",
            rf"зав(?:одськ[а-яі]*|одск[а-я]*)?\.?\s*{_NUMBER_SIGN}",
            rf"(?:серійн|серийн)[а-яі]*\s*{_NUMBER_SIGN}",
            "s/n", "с/н",
        ) + r"[\s:.\-]*[a-zа-я]{0,3}[\s\-]*[0-9]+",
        rf"{_START}{_METER}[\s:\-]*[0-9]{{8,}}(?![0-9])",
        # "лічильник 1: 12345, лічильник 2: 4521" numbers the meters
        rf"{_START}{_METER}\s*№?\s*[0-9]{{1,2}}(?![0-9]|[.,][0-9]| [0-9]{{3}}(?![0-9]))(?=[\s:\-)]*[0-9])",
    )),
    Rule("street", NOISE,
         rf"{_START}{_STREET}(?![а-яіїєґ])\.?\s*(?:{_STREET_NAME_WORD}){{1,3}}?[\s,.]*"
         rf"(?:(?:буд|будинок|д|дом|б)\.?\s*№?\s*)?{_HOUSE_NUMBER}"),
    Rule("house", NOISE, _any(
        r"(?<![а-яіїєґ])" + _any(
            "буд", "будинок", "будинку", "дом", "кв", "кв-ра", "квартира", "квартири", "квартиры", "корп", "корпус",
            "під'їзд", "подъезд", "поверх", "этаж", r"секц[а-яі]*", "оф", "офіс", "офис", "ділянка", "участок",
            "гараж",
        ) + rf"(?![а-яіїєґ])\.?\s*№?\s*{_HOUSE_NUMBER}",
        r"(?<![а-яіїєґ])б\.\s*[0-9]{1,4}[а-я]?(?:/[0-9]+)?(?![0-9])",
        r"(?<![а-яіїєґ])д\.\s*[0-9]{1,3}[а-я]?(?:/[0-9]+)?(?=[\s,]*кв)",  # "д. 5, кв. 12", not "Д. 8432"
    )),
    Rule("postcode", NOISE, r"(?<![а-яіїєґ])(?:індекс|индекс)[\s:.]*[0-9]{5}(?![0-9])"),
    Rule("money", NOISE, rf"(?:₴|\$)\s*(?:{_AMOUNT})|(?<![0-9])(?:{_AMOUNT})\s*{_CURRENCY}"),
    Rule("money_label", NOISE,
         _START + _any(
             "суми", "суму", "сумою", "суммы", "сумму", r"оплат[а-яіїєґ]*", r"сплат[а-яіїєґ]*",
             r"заплат[а-яіїєґ]*", r"оплачен[а-я]*", r"сплачен[а-яі]*", r"борг[а-яу]*", r"долг[а-я]*",
             r"заборгован[а-яі]*", r"задолжен[а-я]*", r"переплат[а-яі]*", r"баланс[а-яі]*", r"нарахован[а-яі]*",
             r"начислен[а-я]*", r"вартіст[а-яі]*", r"стоимост[а-я]*", "ціна", "цена",
         )
         # up to three words between ("оплатила за листопад 560"), none of them about readings
         + r"(?:[\s:\-]+(?!показ|лічил|счетч|день|ніч|ноч)[а-яіїєґ']+){0,3}[\s:\-]*"
         + rf"(?:{_AMOUNT})"),
    # "сума 350,50" is money; "сума 11349" after the zones is their total (see the `total` rule).
    Rule("sum_with_kopecks", NOISE, rf"{_START}сумм?а[\s:\-]*[0-9]+[.,][0-9]{{2}}(?![0-9])"),
    # Consumption is not a meter value: "спожито 150 кВт", "за місяць витратили 150".
    Rule("consumption", NOISE,
         _START + _any(
             r"спожи[а-яіїєґ]*", r"витрат[а-яіїєґ]*", r"витрачен[а-яі]*", r"використа[а-яіїєґ]*",
             r"израсход[а-я]*", r"расход[а-я]*", r"розхід", r"розход[а-яі]*", r"потрач[а-я]*", r"потребл[а-я]*",
             r"різниц[а-яі]*", r"разниц[а-я]*", r"намотал[а-яі]*", r"накрутил[а-яі]*",
         )
         + r"(?:[\s:\-]+(?!показ|лічил|счетч|день|ніч|ноч)[а-яіїєґ']+){0,2}[\s:\-]*"
         + rf"(?:{_AMOUNT})"),
    # Power-cut queues and groups: "3 черга", "підчерга 3.2", "група 4".
    Rule("outage_queue", NOISE, _any(
        r"(?<![а-яіїєґ])(?:підчерг|черг|груп|очеред|подочеред)[а-яіїєґ]*\s*№?\s*[0-9]{1,2}(?:[.,][0-9])?(?![0-9])",
        r"(?<![0-9.,])[0-9]{1,2}(?:[.,][0-9])?\s*(?:-?[аяй]\s*)?(?:підчерг|черг|груп|очеред|подочеред)[а-яіїєґ]*",
    )),
    Rule("tariff_price", NOISE, r"тариф[а-яу]*[\s:\-]*[0-9]+[.,][0-9]{1,2}(?![0-9])"),
    # Register names are labels, never values.
    Rule("register_day", ZONE, _register("1"), ("day",)),
    Rule("register_night", ZONE, _register("2"), ("night",)),
    Rule("register_total", ZONE, _any(_register("0", tariff=False), f"{_START}т[оo]{_BEFORE_DIGIT}"), ("total",)),
    Rule("register_other", NOISE, _register("[3-9]", tariff=False)),
    Rule("date_numeric", NOISE, r"(?<![0-9.,])" + _any(
        r"[0-9]{4}(?P<year_first>[./\-])[0-9]{1,2}(?P=year_first)[0-9]{1,2}",
        r"[0-9]{1,2}(?P<date_separator>[./\-])[0-9]{1,2}(?P=date_separator)(?:[0-9]{4}|[0-9]{2})",
        rf"{_DAY_OF_MONTH}[./]{_MONTH_NUMBER}",
        rf"{_MONTH_NUMBER}[./]{_YEAR}",
        rf"{_DAY_OF_MONTH}(?P<day_month>[ ,]){_MONTH_NUMBER}(?P=day_month){_YEAR}",
    ) + rf"{_NO_MORE_DIGITS}(?:\s*{_YEAR_WORD})?"),
    Rule("date_words", NOISE,
         rf"(?<![0-9])(?:[0-9]{{1,2}}\s*(?:-|по|до)\s*)?"
         rf"[0-9]{{1,2}}(?:-?(?:го|е|ого|ше|ге|тє|те))?\s*{_MONTH}(?:\s*{_YEAR}(?:\s*{_YEAR_WORD})?)?"),
    Rule("month", NOISE, rf"{_START}{_MONTH}(?:[\s,]*{_YEAR}(?![0-9])(?:\s*{_YEAR_WORD})?)?"),
    Rule("year", NOISE,
         rf"(?<![0-9]){_YEAR}(?:(?:\s*-\s*(?:19|20)?[0-9]{{2}})?\s*{_YEAR_WORD}|[\s,]+{_MONTH})"),
    Rule("time", NOISE, _any(
        rf"(?<![0-9.,]){_HOUR}:[0-5][0-9](?::[0-5][0-9])?(?![0-9])",
        rf"{_START}(?:о|об|в|во|до|з|с|at)\s+{_HOUR}[.\-][0-5][0-9](?![0-9])",
    )),
    Rule("time_range", NOISE,
         rf"{_START}(?:з|с|від|от)\s+(?:{_HOUR}|24)(?:[:.][0-5][0-9])?\s*(?:до|по|-)\s*"
         rf"(?:{_HOUR}|24)(?:[:.][0-5][0-9])?(?![0-9])"),
    # Counts of other things: "3 дні", "2 лічильники", "50 %", "12 поверх".
    Rule("count", NOISE, rf"(?<![0-9.,])[0-9]{{1,3}}(?:[.,][0-9])?\s*(?:-\s*[0-9]{{1,3}}\s*)?{_COUNTED}{_END}"),
    Rule("ordinal", NOISE,
         r"(?<![0-9])[0-9]{1,4}\s?-\s?"
         + _any("й", "ий", "го", "ого", "му", "ому", "ти", "ри", "х", "ше", "ге", "тє", "те", "ая", "ое", "я", "е",
                "ми", "ма") + _END),
    # "2-тарифний", "3-фазний", "2-х": a small number joined to a word describes something.
    Rule("compound", NOISE,
         r"(?<![0-9.,])[0-9]{1,2}\s?-\s?(?!день|ден|дн|ніч|ноч|нч|пік|пик|напів|полу|загал|сумар|общ|всьог|всег)"
         r"[а-яіїєґ]+"),
    # "1)", "1." at a line's start or between values, "№1".
    Rule("list_marker", NOISE, _any(
        r"(?<![0-9.,])[0-9]{1,2}\)",
        r"(?<![^\n])[0-9]{1,2}[.)](?=[ \t]+[^\n]*[0-9])",
        r"(?<=\s)[0-9]{1,2}\.(?=[ \t]+[0-9])",
        r"№\s*[0-9]{1,2}(?![0-9])",
    )),
    # ---- Zone labels.
    Rule("day_night_letters", ZONE, rf"{_START}[дd]\s*/\s*[нnh]\.?{_END}", ("day", "night"), letter=True),
    Rule("night_day_letters", ZONE, rf"{_START}[нnh]\s*/\s*[дd]\.?{_END}", ("night", "day"), letter=True),
    Rule("half_peak", ZONE, _zone_words(
        r"напівпік[а-яі]*", r"напів-пік[а-яі]*", r"напів\s+пік[а-яі]*", r"напівпик[а-яі]*", r"полупик[а-я]*",
        r"полупік[а-яі]*", r"полу-пик[а-я]*", r"пол\.?\s?пик[а-я]*", "напівп", "пп", "half-peak",
    ), ("half_peak",)),
    Rule("peak", ZONE, _zone_words("пік", "пик", r"піков[а-яі]*", r"пиков[а-я]*", "peak"), ("peak",)),
    Rule("day", ZONE, _zone_words(
        "день", "дня", "дню", "днем", "вдень", "дєнь", r"денн[а-яі]*", r"дєнн[а-яі]*", r"дневн[а-я]*", "дн", "ден",
        "day",
    ), ("day",)),
    Rule("night", ZONE, _zone_words(
        "ніч", "ноч", "ночі", "ніччю", "вночі", r"нічн[а-яі]*", "ночь", "ночи", "ночью", r"ночн[а-я]*", "нічь", "ничь",
        "нич", "нч", "night",
    ), ("night",)),
    Rule("total", ZONE, _zone_words(
        r"загальн[а-яі]*", "заг", r"сумарн[а-яі]*", r"суммарн[а-я]*", "сума", "сумма",
        "общ(?:ий|ая|ее|ие|его|а|і|ій)?", "всього", "всего", "итого", "разом", "total",
    ), ("total",)),
    Rule("day_letter", ZONE, rf"{_WORD_START}[дd]\.?{_BEFORE_DIGIT}", ("day",), letter=True),
    Rule("night_letter", ZONE, rf"{_WORD_START}[нnh]\.?{_BEFORE_DIGIT}", ("night",), letter=True),
    # ---- Numbers: "12 345", "12.345", "12,345" group thousands; ",6" or ".45" is a fraction.
    Rule("number", NUMBER, r"(?<![0-9])" + _any(
        r"[0-9]{1,3}(?: [0-9]{3})+(?![0-9])",
        r"[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9])",
        r"[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])",
        r"[0-9]+",
    ) + r"(?:[.,][0-9]{1,2}(?![0-9]|\.[0-9]))?"),
    # ---- Words.
    Rule("reading_word", READING, rf"{_START}(?:показ[а-яіїєґ]*|пок|дані|данные|цифр[аиы]?){_END}\.?"),
    Rule("filler", FILLER, _START + _any(
        r"ліч[а-яі]*", r"електролічильн[а-яі]*", r"электросч[а-я]*", r"с[чщ][а-яіьє]{0,2}тчик[а-яі]*",
        r"квт[а-яі]*", "kwh", "kw", "кв?т", "год", "ч", "зона", "тариф", "по", "на", "за", "у", "в", "це", "є",
        "становить", r"составля[а-я]*", r"состав[а-я]*", "будь", "ласка", "пожалуйста", r"поточн[а-яі]*",
        r"текущ[а-я]*", r"нов[а-яі]*", r"останн[а-яі]*", r"последн[а-я]*", "сьогодні", "сегодня", "зараз",
        "сейчас", "і", "и", "та", "й", "а", "також", "также", "мої", "мои", "мій", "мой", "передаю", "передаємо",
        "передаем", "подаю", "надсилаю", "отправляю", "вот", "ось", "було", "было", "стало",
        r"електроенерг[а-яі]*", r"электроэнерг[а-я]*", r"енерг[а-яі]*", r"энерг[а-я]*", "такі",
        "такие", r"наступн[а-яі]*", r"следующ[а-я]*", "зн", "значення", "значение", "ok", "ок", "приблизно",
        "примерно", "десь", "около", "близько", "біля", "лише", "только", "вже", "уже", "ще", "еще",
    ) + rf"{_END}\.?"),
    Rule("word", WORD, r"[^\W\d_]+(?:'[^\W\d_]+)*"),
    Rule("stop", STOP, r"[.!?;]+"),
)
