"""What customers ran into (issue 15), one test a finding, through every door: the customer's
messages and the bot's answers."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from handlers import payloads, texts
from models.readings import Reading
from models.senders import Link, Sender
from tests.channels.conftest import Talk
from tests.channels.dialogue import OUTSIDE_WINDOW, stored

pytestmark = pytest.mark.anyio

PHONES = "+38 (093/096/099) 450 0 473 або 0-800-301-497, кнопка 2"
DECEMBER_10 = datetime(2026, 12, 10, 10, 0, tzinfo=UTC)


async def test_the_estimate_notice_only_without_a_reading_for_the_month_and_only_once(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    assert "за листопад 2026 прийнято" in await customer.says("12345")
    customer.now = DECEMBER_10
    answer = await customer.says("12400")
    assert "за грудень — з 30 грудня по 3 січня" in answer and "середнім" not in answer
    assert await customer.says("12410") == "Показники прийнято — …4567: 12410. Дякуємо!"
    late = talk(psid="200", now=DECEMBER_10)
    await late.links("7654321", "Коваленко")
    assert "Листопад буде нараховано за середнім споживанням." in await late.says("день 8432 ніч 2917")


async def test_a_person_what_i_sent_when_and_why_by_estimate_each_get_their_own_answer(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    await customer.says("12345")
    assert "…4567, вул. Миру 5, кв. 12 — останні показники: 12345 (29.11.2026)" in await customer.says("що я передав?")
    assert await customer.says("Коли передавати?") == "Саме зараз: показники за листопад приймаємо до 3 грудня включно."
    assert "нараховують за середнім споживанням" in await customer.says("чому рахунок за середнім?")
    assert "більше не нагадуватимемо" in await customer.says("не нагадувати")
    answer = await customer.says("як справи")
    assert "Не вдалося розпізнати" in answer and PHONES in answer and customer.offered()
    assert await customer.says("Соедините с оператором, пожалуйста") == texts.HANDED_OVER
    assert await talk(psid="200").says("оператор") == texts.HANDED_OVER


async def test_delete_my_data_asks_first_then_forgets_the_sender_and_keeps_the_readings(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    await customer.says("12345")
    assert "Видалити ваші дані?" in await customer.says("Видалити мої дані")
    assert customer.offered() == ["Так, видалити", "Ні, залишити"]
    assert await customer.taps_title("Ні") == "Гаразд, нічого не змінено."
    await customer.says("удалите мои данные")
    assert "Ваші дані видалено" in await customer.taps_title("Так")
    assert await Link.all().count() == 0
    reading = await Reading.get()
    assert reading.total == 12345 and reading.sender_id is None
    assert not await Sender.filter(external_id="100").exists()


async def test_a_wrong_reading_is_corrected_and_the_confirmation_says_what_replaced_what(talk: Talk) -> None:
    customer = talk(now=OUTSIDE_WINDOW)
    await customer.links("1234567", "Шевченко")
    assert "значно більше за звичайне" in await customer.says("123450")
    await customer.says("Так")
    assert "менший за останній прийнятий (123450)" in await customer.says("12345")
    assert await customer.says("виправити") == (
        "Показники …4567: 123450 скасовано. Надішліть, будь ласка, правильні — одне число з лічильника, "
        "наприклад: 12345."
    )
    assert await customer.says("12345") == "Показники прийнято — …4567: 12345 замість 123450. Дякуємо!"
    assert [row["total"] for row in await stored("1234567")] == [12345]
    customer.now = DECEMBER_10
    answer = await customer.taps_title("Виправити")
    assert "…4567: 12345 уже передано в розрахунок за листопад 2026" in answer and PHONES in answer
    assert "Оператор" in customer.offered() and len(await stored("1234567")) == 1


async def test_account_surname_and_reading_in_one_message_link_in_one_step(talk: Talk) -> None:
    customer = talk()
    answer = await customer.says("о/р 1234567 Шевченко")
    assert "Рахунок …4567, вул. Миру 5, кв. 12 підключено." in answer and "надішліть одне число" in answer
    other = talk(psid="200")
    answer = await other.says("Коваленко, о/р 7654321, день 8432 ніч 2917")
    assert "підключено" in answer and "прийнято — …4321: день 8432, ніч 2917" in answer
    wrong = talk(psid="300")
    assert "не збігаються" in await wrong.says("о/р 2345678 Петренко")
    assert "підключено" in await wrong.says("Бондаренко")


async def test_typed_commands_in_any_case_with_a_typo_and_in_russian(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    assert "Скасовано" in await customer.says("СКАСУВАТИ")
    assert "надішліть одне число" in await customer.says("передати показникі")
    assert "Скасовано" in await customer.says("Отмена")
    assert "Ваші рахунки" in await customer.says("мои счета")
    assert "Ваші рахунки" in await customer.says("Мої рахункі")
    assert "Як передати показники" in await customer.says("помошь")
    assert "Не вдалося розпізнати" in await customer.says("там")
    assert "прийнято — …4567: 12345" in await customer.says("12345")
    await customer.presses(payloads.MY_ACCOUNTS)
    assert "Відв'язати рахунок …4567?" in await customer.taps_title("Відв'язати")
    assert "нічого не змінено" in await customer.says("ні") and await Link.all().count() == 1
    assert await customer.says("опператор") == texts.HANDED_OVER


async def test_numbers_are_taken_the_way_the_question_means_them(talk: Talk) -> None:
    customer = talk()
    await customer.presses(payloads.GET_STARTED)
    assert "від 7 до 12 цифр" in await customer.says("12345678901234")
    await customer.links("1234567", "Шевченко")
    assert "прийнято — …4567: 12345" in await customer.says("0012345")
    three = talk(psid="200")
    await three.links("2345678", "Бондаренко")
    answer = await three.says("T1 2200 T2 1300 T3 3400")
    assert "Зона — це частина доби з власним тарифом" in answer and "Т1, Т2 і Т3" in answer
    assert "пік, напівпік, ніч" in three.offered()
    assert "пік 2200, напівпік 1300, ніч 3400" in await three.taps_title("пік, напівпік, ніч")
    assert "пік 2210, напівпік 1310, ніч 3410" in await three.says("Т1 2210 Т2 1310 Т3 3410")
    newcomer = talk(psid="300")
    assert "потрібно підключити рахунок" in await newcomer.says("99900")
    answer = await newcomer.says("о/р 6789012 Мельник-Сидоренко")
    assert "підключено" in answer and "прийнято — …9012: 99900" in answer


async def test_replies_say_one_thing_each_and_explain_their_words(talk: Talk) -> None:
    customer = talk(now=OUTSIDE_WINDOW)
    await customer.links("7654321", "Коваленко")
    assert await customer.says("8432") == (
        "Лічильник рахунку …4321 має дві зони — частини доби з різними тарифами: день і ніч. "
        "Надішліть два числа, спочатку день, потім ніч, наприклад: день 8432 ніч 2917."
    )
    await customer.says("день 8432 ніч 2917")
    confirmation, notice = (reply.text for reply in customer.last)
    assert confirmation == "Показники прийнято — …4321: день 8432, ніч 2917. Дякуємо!"
    assert notice.startswith("Зверніть увагу: показники за місяць приймаємо")
    assert customer.offered() == ["Передати показники", "Мої рахунки", "Допомога", "Виправити"]
