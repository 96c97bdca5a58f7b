"""The middle steps of parsing: cut normalised text into named tokens (CONTRACT section 4).

Every rule below has a name, a kind and a pattern. One scanner tries them all at each place
in the text, leftmost match first and, at the same place, in the order listed, so a rule
listed earlier wins a tie: an account label wins over the phone number it labels, a phone
number over the plain number inside it, a zone word over an ordinary word. Whatever a number
is taken by (a date, a phone, money, an address, ...) is then not a reading, and the token
names that rule, so `explain()` in `handlers.parsing` shows why a number was or was not taken.

Kinds:
- `account`: a labelled account number (`о/р 1234567`); its digits are the account.
- `zone`: a label naming one or more zones (`день`, `Т1`, `15.8.2`, `Д/Н`).
- `number`: a number that may be a reading or, as a bare 7-12 digit run, an account.
- `noise`: text that holds numbers which are neither (dates, phones, money, ...).
- `reading`: a word that says a reading follows (`покази`, `показания`).
- `filler`: a word that may stand between a zone label and its number (`кВт`, `лічильника`).
- `word`: any other word; it ends a zone label's reach.
- `stop`: the end of a sentence; it also ends a zone label's reach.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ACCOUNT, ZONE, NUMBER, NOISE, READING, FILLER, WORD, STOP = (
    "account", "zone", "number", "noise", "reading", "filler", "word", "stop"
)

_L = "a-zа-яіїєґ"
# Not inside a word (a letter, digit or apostrophe before / after).
_START = rf"(?<![{_L}0-9'])"
_END = rf"(?![{_L}'])"
# Not inside a word, but a zone word may stick to the number before it ("8432ніч 2917").
_WORD_START = rf"(?<![{_L}'])"
# Separators that may stand between a label and its number.
_GAP = r"[\s:№#.\-=(]*"
# A digit follows after separators: a one-letter label counts only right before its number.
_BEFORE_DIGIT = r"(?=[\s:\-=(]*[0-9])"

_MONTH = (
    r"(?:(?:січ|берез|квіт|трав|черв|лип|серп|верес|жовт|груд)(?:ень|ня|ні|нем|ню)"
    r"|лют(?:ий|ого|ому|ім)|листопад(?:а|і|ом|у)?"
    r"|(?:январ|феврал|апрел|июн|июл|сентябр|октябр|ноябр|декабр)[ьяею]|март[ае]?|ма[йяе]|август[ае]?)"
    rf"{_END}"
)
_YEAR_WORD = rf"(?:року|рік|році|рр|р|года|году|год|г){_END}\.?"
_AMOUNT = r"[0-9]{1,3}(?:[ .,][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]{1,2})?"
# The ten digits of a Ukrainian number after its leading 0, with the separators people use.
_PHONE = r"(?<![0-9])(?:\+\s*)?(?:3\s*8[\s\-]*|8[\s\-]*)?\(?0[\s\-()]{0,3}[1-9](?:[\s\-()]{0,3}[0-9]){8}(?![0-9])"
_LOCAL_PHONE = r"(?<![0-9.,:])[0-9]{1,3}-[0-9]{2}-[0-9]{2}(?![0-9])|(?<![0-9.,:])[0-9]{3} [0-9]{2} [0-9]{2}(?![0-9 ])"
_ACCOUNT_LABEL = (
    r"(?:(?:номер|№)\s*)?(?:(?:особов|особист|персональн)[а-яіїєґ']*\.?\s*|ос\.?\s*|о\.\s*)?(?:рахун[а-яіїєґ]*|рах\.?)"
    r"|[о0]\s*[/\\]\s*р|о\.\s*р\.?|ор|о/с|ос/р|л\s*[/\\]\s*сч?|л\.\s*с\.?|лс"
    r"|(?:номер\s+)?(?:лицев[а-я]*|лиц\.)\s*(?:сч[её]т[а-я]*|сч\.?)|сч[её]т(?:а|у|ом|е)?"
    r"|абонент[а-яіїєґ]*(?:\s+номер)?|(?:номер|№)\s+абонента|account"
)
_METER = r"(?:лічильник|лічільник|с[чщ][а-яіьє]{0,2}тчик|прилад|пу)[а-яіїєґ]*"
_STREET = (
    r"(?:вул|вулиця|вулиці|ул|улица|улице|пр-т|пр(?=\.)|просп|проспект|пров|провулок|пер|переулок|бульв|бульвар"
    r"|б-р|пл|площа|площадь|мкр|мікрорайон|микрорайон|кв-л|квартал|шосе|шоссе|проїзд|проезд|майдан|м-н)"
)
_NOT_NAME = r"(?!показ|пок\b|ден|дн\b|ніч|ноч|т[012]\b|рах|буд|кв\b)"
_HOUSE_NUMBER = r"[0-9]{1,4}[а-яa-z]?(?:\s*[/\-]\s*[0-9]{1,4}[а-яa-z]?)?(?![0-9])"
_DURATION = (
    r"хвилин[а-яі]*|хв|минут[а-я]*|мин|секунд[а-яі]*|сек|дн(?:і|ів|ях|ей|я)|доб[аиу]?|сут[а-я]*"
    r"|тижн[а-яі]*|тиждень|недел[а-яі]*|місяц[а-яі]*|месяц[а-я]*|рок(?:и|ів)|років|лет|год(?:а|ів)?"
    r"|годин[а-яі]*|час(?:а|ов)?|раз(?:и|ів|а)?|чол[а-яі]*\.?|человек[а-я]*|люд[а-яі]*|осіб|особи|шт"
    r"|%|відсот[а-яі]*|процент[а-я]*|кімнат[а-яі]*|комнат[а-я]*|поверх[а-яі]*|поверс[іе]|этаж[а-я]*"
    r"|лічильник[а-яі]*|счетчик[а-я]*|квартир[а-яі]*|будин[а-яі]*|тарифи|тарифа|тарифів|зони|зон|фаз[а-яі]*"
    r"|кв\.?\s*м|м2|м²|градус[а-яі]*|°|числа|число"
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


RULES: tuple[Rule, ...] = (
    # Keycap emoji digits (1️⃣) number a list, they are not values.
    Rule("keycap", NOISE, r"[0-9#*]\ufe0f?\u20e3"),
    # Greetings and wishes that hold a zone word: "Добрий день", "доброї ночі", "день народження".
    Rule(
        "greeting", NOISE,
        rf"{_START}(?:(?:добр|гарн|хорош|чудов|вдал|приємн|приятн|спокійн|спокойн|успішн|гарн)[а-яіїєґ']*\s+"
        r"(?:день|дня|дні|днини|ночі|ночи|вечір|вечора|вечер|вечера|ранку|утра|ранок|доби)"
        r"|(?:день|дня)\s+добр[а-яіїєґ]*|(?:день|дня|днем)\s+(?:народж|рожд)[а-яіїєґ]*"
        r"|(?:в|у|за|на|через|кожн[а-яіїєґ]*|каждый|той|тот|цей|этот|весь|цілий|целый|робочий|рабочий)\s+(?:день|дня)(?=\s+[а-яіїєґ]))",
    ),
    # An account label wins over whatever its number looks like: "о/р 0991234567".
    Rule(
        "account_label", ACCOUNT,
        rf"{_START}(?:{_ACCOUNT_LABEL}){_GAP}(?:(?:n|no|номер)[\s.:]*)?[0-9]{{4,12}}"
        r"(?![0-9]|[.,][0-9]|\s*(?:грн|гривн|гривен|₴|uah))",
    ),
    Rule("phone_label", NOISE, rf"{_START}(?:тел|телефон[а-яу]*|моб|мобільн[а-яі]*|мобильн[а-я]*|номер\s+телефон[а-яу]*|viber|вайбер){_END}\.?[\s:\-]*(?:{_PHONE}|{_LOCAL_PHONE}|\+?[0-9][0-9\-()]*[0-9])"),
    Rule("phone", NOISE, _PHONE),
    Rule("local_phone", NOISE, _LOCAL_PHONE),
    # Meter serial numbers: "лічильник №0123456789", "номер лічильника 778899", "зав. № 123".
    Rule(
        "meter_serial", NOISE,
        rf"{_START}(?:(?:номер|№|#|зав[а-яіїєґ]*\.?\s*(?:№|номер)?|серійн[а-яі]*\s*(?:№|номер)?|серийн[а-я]*\s*(?:№|номер)?)\s*{_METER}"
        rf"|{_METER}\s*(?:№|#|номер|no\.|n(?=\s*[0-9]{{7}}))|зав(?:одськ[а-яі]*|одск[а-я]*)?\.?\s*(?:№|номер)"
        r"|(?:серійн|серийн)[а-яі]*\s*(?:№|номер)|s/n|с/н)[\s:.\-]*[a-zа-я]{0,3}[\s\-]*[0-9]+"
        rf"|{_START}{_METER}[\s:\-]*[0-9]{{8,}}(?![0-9])",
    ),
    Rule(
        "street", NOISE,
        rf"{_START}{_STREET}(?![а-яіїєґ])\.?\s*(?:{_NOT_NAME}[а-яіїєґ'\-]+\.?\s*){{1,3}}?[\s,.]*"
        rf"(?:(?:буд|будинок|д|дом|б)\.?\s*№?\s*)?{_HOUSE_NUMBER}",
    ),
    Rule(
        "house", NOISE,
        r"(?<![а-яіїєґ])(?:буд|будинок|будинку|дом|кв|кв-ра|квартира|квартири|квартиры|корп|корпус|під'їзд|подъезд"
        r"|поверх|этаж|секц[а-яі]*|оф|офіс|офис|ділянка|участок|гараж)(?![а-яіїєґ])\.?\s*№?\s*"
        rf"{_HOUSE_NUMBER}|(?<![а-яіїєґ])б\.\s*[0-9]{{1,4}}[а-я]?(?:/[0-9]+)?(?![0-9])|(?<![а-яіїєґ])д\.\s*[0-9]{{1,3}}[а-я]?(?:/[0-9]+)?(?=[\s,]*кв)",
    ),
    Rule("postcode", NOISE, r"(?<![а-яіїєґ])(?:індекс|индекс)[\s:.]*[0-9]{5}(?![0-9])"),
    Rule("money", NOISE, rf"(?:₴|\$)\s*(?:{_AMOUNT})|(?<![0-9])(?:{_AMOUNT})\s*(?:грн|гривн[а-яі]*|гривен[а-яь]*|гр\.|₴|uah|руб[а-я]*|коп[а-яі]*|\$|usd|євро|евро|€)"),
    Rule(
        "money_label", NOISE,
        rf"{_START}(?:сума|суми|суму|сумою|сумма|суммы|сумму|оплат[а-яіїєґ]*|сплат[а-яіїєґ]*|заплат[а-яіїєґ]*"
        r"|оплачен[а-я]*|сплачен[а-яі]*|борг[а-яу]*|долг[а-я]*|заборгован[а-яі]*|задолжен[а-я]*|переплат[а-яі]*"
        r"|баланс[а-яі]*|нарахован[а-яі]*|начислен[а-я]*|вартіст[а-яі]*|стоимост[а-я]*|ціна|цена)"
        r"(?:[\s:\-]+(?!показ|лічил|счетч|день|ніч|ноч)[а-яіїєґ']+){0,3}[\s:\-]*"
        rf"(?:{_AMOUNT})",
    ),
    Rule("tariff_price", NOISE, r"тариф[а-яу]*[\s:\-]*[0-9]+[.,][0-9]{1,2}(?![0-9])"),
    # Register names are labels, never values: OBIS codes, Т1/Т2/Т0, "тариф 1", "2 зона".
    Rule("register_day", ZONE, r"(?<![0-9.])(?:15|1)\.8\.1(?![0-9])|" + rf"{_START}(?:[тt][\s\-.]?1|(?:тариф|зона)\s*№?\s*1)(?![0-9]|[.,][0-9])|(?<![0-9.,])1\s*(?:-?[ийаш]+\s*)?(?:тариф|зона){_END}", ("day",)),
    Rule("register_night", ZONE, r"(?<![0-9.])(?:15|1)\.8\.2(?![0-9])|" + rf"{_START}(?:[тt][\s\-.]?2|(?:тариф|зона)\s*№?\s*2)(?![0-9]|[.,][0-9])|(?<![0-9.,])2\s*(?:-?[ийагш]+\s*)?(?:тариф|зона){_END}", ("night",)),
    Rule("register_total", ZONE, r"(?<![0-9.])(?:15|1)\.8\.0(?![0-9])|" + rf"{_START}(?:[тt][\s\-.]?0(?![0-9]|[.,][0-9])|т[оo]{_BEFORE_DIGIT})", ("total",)),
    Rule("register_other", NOISE, r"(?<![0-9.])(?:15|1)\.8\.[3-9](?![0-9])|" + rf"{_START}[тt][\-.]?[3-9](?![0-9]|[.,][0-9])"),
    Rule("date_numeric", NOISE,
         r"(?<![0-9.,])(?:[0-9]{4}(?P<year_first>[./\-])[0-9]{1,2}(?P=year_first)[0-9]{1,2}|[0-9]{1,2}(?P<date_separator>[./\-])[0-9]{1,2}(?P=date_separator)(?:[0-9]{4}|[0-9]{2})"
         r"|(?:0?[1-9]|[12][0-9]|3[01])[./](?:0?[1-9]|1[0-2])|(?:0?[1-9]|1[0-2])[./](?:19|20)[0-9]{2}"
         r"|(?:0?[1-9]|[12][0-9]|3[01])(?P<day_month>[ ,])(?:0?[1-9]|1[0-2])(?P=day_month)(?:19|20)[0-9]{2})"
         rf"(?![0-9]|[.,][0-9])(?:\s*{_YEAR_WORD})?"),
    Rule("date_words", NOISE,
         rf"(?<![0-9])[0-9]{{1,2}}(?:-?(?:го|е|ого|ше|ге|тє|те))?\s*{_MONTH}(?:\s*(?:19|20)[0-9]{{2}}(?:\s*{_YEAR_WORD})?)?"),
    Rule("month", NOISE, rf"{_START}{_MONTH}(?:[\s,]*(?:19|20)[0-9]{{2}}(?![0-9])(?:\s*{_YEAR_WORD})?)?"),
    Rule("year", NOISE, rf"(?<![0-9])(?:19|20)[0-9]{{2}}(?:(?:\s*-\s*(?:19|20)?[0-9]{{2}})?\s*{_YEAR_WORD}|[\s,]+{_MONTH})"),
    Rule("time", NOISE,
         r"(?<![0-9.,])(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9])"
         rf"|{_START}(?:о|об|в|во|до|з|с|at)\s+(?:[01]?[0-9]|2[0-3])[.\-][0-5][0-9](?![0-9])"),
    Rule("time_range", NOISE, rf"{_START}(?:з|с|від|от)\s+(?:[01]?[0-9]|2[0-4])(?:[:.][0-5][0-9])?\s*(?:до|по|-)\s*(?:[01]?[0-9]|2[0-4])(?:[:.][0-5][0-9])?(?![0-9])"),
    Rule("duration", NOISE, rf"(?<![0-9.,])[0-9]{{1,3}}(?:[.,][0-9])?\s*(?:-\s*[0-9]{{1,3}}\s*)?(?:{_DURATION}){_END}"),
    Rule("ordinal", NOISE, rf"(?<![0-9])[0-9]{{1,4}}\s?-\s?(?:й|ий|го|ого|му|ому|ти|ри|х|ше|ге|тє|те|ая|ое|я|е|ми|ма){_END}"),
    Rule("list_marker", NOISE, r"(?<![0-9.,])[0-9]{1,2}\)|(?:^|(?<=\n))\s*[0-9]{1,2}[.)](?=[ \t]+[^\n]*[0-9])|(?<=\s)[0-9]{1,2}\.(?=[ \t]+[0-9])|№\s*[0-9]{1,2}(?![0-9])"),
    Rule("day_night_letters", ZONE, rf"{_START}[дd]\s*/\s*[нnh]\.?{_END}", ("day", "night"), letter=True),
    Rule("night_day_letters", ZONE, rf"{_START}[нnh]\s*/\s*[дd]\.?{_END}", ("night", "day"), letter=True),
    Rule("half_peak", ZONE, rf"{_WORD_START}(?:напівпік[а-яі]*|напів-пік[а-яі]*|напів\s+пік[а-яі]*|полупик[а-я]*|полупік[а-яі]*|напівпик[а-яі]*|полу-пик[а-я]*|пол\.?\s?пик[а-я]*|напівп|пп|half-peak){_END}\.?", ("half_peak",)),
    Rule("peak", ZONE, rf"{_WORD_START}(?:пік|пик|піков[а-яі]*|пиков[а-я]*|peak){_END}\.?", ("peak",)),
    Rule("day", ZONE, rf"{_WORD_START}(?:день|дня|дню|днем|вдень|дєнь|денн[а-яі]*|дєнн[а-яі]*|дневн[а-я]*|дн|ден|day){_END}\.?", ("day",)),
    Rule("night", ZONE, rf"{_WORD_START}(?:ніч|ночі|ніччю|вночі|нічн[а-яі]*|ночь|ночи|ночью|ночн[а-я]*|нічь|ничь|нич|нч|night){_END}\.?", ("night",)),
    Rule("total", ZONE, rf"{_WORD_START}(?:загальн[а-яі]*|заг|сумарн[а-яі]*|суммарн[а-я]*|общ(?:ий|ая|ее|ие|его|а|і|ій)?|всього|всего|итого|разом|total){_END}\.?", ("total",)),
    Rule("day_letter", ZONE, rf"{_START}[дd]\.?{_BEFORE_DIGIT}", ("day",), letter=True),
    Rule("night_letter", ZONE, rf"{_START}[нnh]\.?{_BEFORE_DIGIT}", ("night",), letter=True),
    # Numbers: "12 345", "12.345", "12,345" group thousands; ",6" or ".45" is a dropped fraction.
    Rule("number", NUMBER,
         r"(?<![0-9])(?:[0-9]{1,3}(?: [0-9]{3})+(?![0-9])|[0-9]{1,3}(?:\.[0-9]{3})+(?![0-9])"
         r"|[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:[.,][0-9]{1,2}(?![0-9]))?"),
    Rule("reading_word", READING, rf"{_START}(?:показ[а-яіїєґ]*|пок|дані|данные|цифр[аиы]?){_END}\.?"),
    Rule(
        "filler", FILLER,
        rf"{_START}(?:ліч[а-яі]*|електролічильн[а-яі]*|электросч[а-я]*|с[чщ][а-яіьє]{{0,2}}тчик[а-яі]*"
        r"|квт[а-яі]*|kwh|kw|кв?т|год|ч|зона|тариф|по|на|за|у|в|це|є|становить|составля[а-я]*|состав[а-я]*"
        r"|будь|ласка|пожалуйста|поточн[а-яі]*|текущ[а-я]*|нов[а-яі]*|останн[а-яі]*|последн[а-я]*|сьогодні|сегодня"
        r"|зараз|сейчас|і|и|та|й|а|також|также|мої|мои|мій|мой|передаю|передаємо|передаем|подаю|надсилаю|отправляю"
        r"|вот|ось|було|было|стало|електроенерг[а-яі]*|электроэнерг[а-я]*|енерг[а-яі]*|энерг[а-я]*|спожит[а-яі]*"
        rf"|такі|такие|наступн[а-яі]*|следующ[а-я]*|зн|значення|значение|ok|ок"
        rf"|приблизно|примерно|десь|около|близько|біля|лише|только|вже|уже|ще|еще){_END}\.?",
    ),
    Rule("word", WORD, r"[^\W\d_]+(?:'[^\W\d_]+)*"),
    Rule("stop", STOP, r"[.!?;]+"),
)

_RULE_BY_GROUP = {f"r{index}": rule for index, rule in enumerate(RULES)}
_SCANNER = re.compile("|".join(f"(?P<r{index}>{rule.pattern})" for index, rule in enumerate(RULES)))


@dataclass(frozen=True)
class Token:
    """A piece of normalised text and the rule that took it."""

    rule: Rule
    text: str

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def digits(self) -> str:
        """The digits of an account label's number."""
        return self.text[len(self.text.rstrip("0123456789")):]


def tokenize(normalised: str) -> list[Token]:
    """Cut normalised text into tokens, in order; text no rule takes is left out."""
    tokens: list[Token] = []
    for match in _SCANNER.finditer(normalised):
        group = match.lastgroup
        assert group is not None
        tokens.append(Token(_RULE_BY_GROUP[group], match.group()))
    return tokens
