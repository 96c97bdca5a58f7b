"""The shared scenario: the conversation as customers have it, every branch of CONTRACT section 6,
through every door (`tests.channels.doors`): `respond` directly and each channel's fake platform.
The `talk` fixture (`tests/channels/conftest.py`) gives customers on each door in turn."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from handlers import payloads
from models.readings import Reading
from models.senders import Link, LinkFailure, Sender
from tests.channels.conftest import Talk
from tests.channels.dialogue import OUTSIDE_WINDOW, stored

pytestmark = pytest.mark.anyio


async def test_a_new_user_from_get_started_to_a_confirmed_reading(talk: Talk) -> None:
    customer = talk()
    answer = await customer.presses(payloads.GET_STARTED)
    assert "номер вашого особового рахунку" in answer
    assert "прізвище" in await customer.says("1234567")
    answer = await customer.says("Шевченко")
    assert "…4567" in answer and "підключено" in answer and "одне число" in answer
    assert "Шевченко" not in answer and "1234567" not in answer
    answer = await customer.says("12345")
    assert answer == "Показники за листопад 2026 прийнято — …4567: 12345. Дякуємо!"
    readings = await stored("1234567")
    assert [(row["period"], row["total"]) for row in readings] == [("2026-11", 12345)]
    assert customer.offered() == ["Передати показники", "Мої рахунки", "Допомога", "Виправити"]


async def test_a_two_zone_reading_is_confirmed_zone_by_zone(talk: Talk) -> None:
    customer = talk()
    await customer.links("7654321", "коваленко")
    answer = await customer.says("день 8432 ніч 2917")
    assert "день 8432, ніч 2917" in answer
    assert [(row["day"], row["night"]) for row in await stored("7654321")] == [(8432, 2917)]


async def test_unlabelled_values_of_a_three_zone_meter_follow_the_order_asked(talk: Talk) -> None:
    customer = talk()
    answer = await customer.links("2345678", "Бондаренко")
    assert "пік, напівпік, ніч" in answer
    answer = await customer.says("2200 1300 3400")
    assert "пік 2200, напівпік 1300, ніч 3400" in answer
    row = (await stored("2345678"))[0]
    assert (row["peak"], row["half_peak"], row["night"]) == (2200, 1300, 3400)


async def test_the_surname_is_compared_loosely(talk: Talk) -> None:
    customer = talk()
    assert "підключено" in await customer.links("6789012", "МЕЛЬНИК сидоренко")
    other = talk(psid="200")
    assert "підключено" in await other.links("0012345", "Дʼячук")
    latin = talk(psid="300")
    assert "підключено" in await latin.links("1234567", "Шевчeнкo")  # Latin e and o


async def test_an_unknown_account_and_a_wrong_surname_get_the_same_answer(talk: Talk) -> None:
    unknown = await talk(psid="200").links("9999999", "Шевченко")
    wrong = await talk(psid="300").links("1234567", "Петренко")
    assert unknown == wrong and "не збігаються" in unknown
    assert await Link.all().count() == 0


async def test_wrong_surnames_lock_linking_for_a_while(talk: Talk) -> None:
    customer = talk()
    for _ in range(4):
        assert "не збігаються" in await customer.links("1234567", "Петренко")
    answer = await customer.links("1234567", "Петренко")
    assert "Забагато невдалих спроб" in answer and "60 хвилин" in answer
    assert "Забагато" in await customer.says("1234567")
    customer.now += timedelta(minutes=59)
    assert "1 хвилину" in await customer.says("1234567")
    customer.now += timedelta(minutes=2)
    assert "прізвище" in await customer.says("1234567")
    assert "підключено" in await customer.says("Шевченко")


async def test_after_a_wrong_surname_only_the_surname_is_sent_again(talk: Talk) -> None:
    customer = talk()
    assert "не збігаються" in await customer.links("1234567", "Петренко")
    assert "підключено" in await customer.says("Шевченко")


async def test_a_stranger_locks_only_himself_out_and_learns_nothing(talk: Talk) -> None:
    stranger = talk(psid="666")
    for _ in range(4):
        await stranger.links("1234567", "Петренко")
    locked = await stranger.links("1234567", "Петренко")
    assert locked == ("Забагато невдалих спроб підключити рахунок. Спробуйте знову через 60 хвилин "
                      "або напишіть оператору.")
    assert stranger.offered() == ["Допомога", "Оператор"]
    assert await talk(psid="667").links("9999999", "Петренко") == await talk(psid="668").links("1234567", "Петренко")
    holder = talk()
    assert "Рахунок …4567, вул. Миру 5, кв. 12 підключено." in await holder.links("1234567", "Шевченко")
    assert "Спробуйте знову" in await stranger.says("1234567")
    assert "Підключити рахунок" in (await stranger.presses(payloads.HELP) and stranger.offered())


async def test_a_reading_sent_before_linking_is_applied_after(talk: Talk) -> None:
    customer = talk()
    answer = await customer.says("показники 12345")
    assert "потрібно підключити рахунок" in answer
    await customer.says("1234567")
    answer = await customer.says("Шевченко")
    assert "підключено" in answer and "прийнято — …4567: 12345" in answer
    assert len(await stored("1234567")) == 1


async def test_an_account_number_alone_asks_for_the_surname_and_counts_nothing(talk: Talk) -> None:
    customer = talk()
    assert "прізвище" in await customer.says("Добрий день, мій о/р 1234567")
    assert await LinkFailure.all().count() == 0 and await Link.all().count() == 0


async def test_an_account_and_a_reading_in_one_message(talk: Talk) -> None:
    customer = talk()
    assert "прізвище" in await customer.says("о/р 7654321 день 8432 ніч 2917")
    assert "день 8432, ніч 2917" in await customer.says("Коваленко")


async def test_refusals_say_why_and_what_to_send(talk: Talk) -> None:
    customer = talk()
    await customer.links("7654321", "Коваленко")
    assert "дві зони" in await customer.says("8432")
    assert "забагато цифр" in await customer.says("день 123456 ніч 2900")
    assert "менший за останній прийнятий (2800)" in await customer.says("день 8432 ніч 2700")
    assert await Reading.all().count() == 0
    assert "прийнято" in await customer.says("день 8432 ніч 2917")


async def test_a_rollover_is_stored_only_after_yes(talk: Talk) -> None:
    customer = talk()
    await customer.links("6789012", "Мельник-Сидоренко")
    answer = await customer.says("120")
    assert "перейшов через нуль" in answer and customer.offered() == ["Так", "Ні"]
    assert await Reading.all().count() == 0
    assert "не збережено" in await customer.taps(payloads.CONFIRM_NO)
    await customer.says("120")
    assert "прийнято" in await customer.taps(payloads.CONFIRM_YES)
    assert [row["total"] for row in await stored("6789012")] == [120]


async def test_unusually_high_use_is_asked_about_and_a_typed_yes_counts(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    assert "значно більше за звичайне" in await customer.says("15000")
    assert "прийнято" in await customer.says("Так")
    assert [row["total"] for row in await stored("1234567")] == [15000]


async def test_the_same_reading_again_and_same_as_before(talk: Talk) -> None:
    customer = talk()
    await customer.links("2345678", "Бондаренко")
    assert "пік 2105, напівпік 1203, ніч 3310" in await customer.taps(payloads.REPEAT_PREVIOUS)
    customer.now = OUTSIDE_WINDOW + timedelta(days=30)
    assert "пік 2105, напівпік 1203, ніч 3310" in await customer.says("ті самі")
    assert "прийнято" in await customer.says("пік 2105 напівпік 1203 ніч 3310")
    assert len(await stored("2345678")) == 3


async def test_a_second_reading_in_the_period_replaces_the_first(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    await customer.says("12400")
    answer = await customer.says("12390")
    assert "замінили надіслані раніше" in answer
    assert [(row["period"], row["total"]) for row in await stored("1234567")] == [("2026-11", 12400), ("2026-11", 12390)]


async def test_outside_the_window_the_reply_says_when_it_is(talk: Talk) -> None:
    customer = talk(now=OUTSIDE_WINDOW)
    await customer.links("1234567", "Шевченко")
    answer = await customer.says("12345")
    assert "з 29 листопада по 3 грудня" in answer and "Жовтень буде нараховано за середнім" in answer
    assert len(customer.last) == 2 and customer.last[0].text == "Показники прийнято — …4567: 12345. Дякуємо!"
    assert [row["period"] for row in await stored("1234567")] == [None]


async def test_several_accounts_are_chosen_by_quick_reply(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    await customer.taps(payloads.CANCEL)
    await customer.presses(payloads.MY_ACCOUNTS)
    await customer.taps(payloads.LINK_ANOTHER)
    await customer.links("7654321", "Коваленко")
    await customer.taps(payloads.CANCEL)
    answer = await customer.says("8432 2917")
    assert "Для якого рахунку" in answer
    first, second = customer.offered()[:2]
    assert first.startswith("…4567 вул. Миру 5") and second == "…4321 вул. Шкільна 3"
    assert [choice.payload.startswith("ACCOUNT:") for choice in customer.last[0].choices] == [True, True, False]
    assert not any("4321" in choice.payload for choice in customer.last[0].choices)
    assert "день 8432, ніч 2917" in await customer.taps_title("…4321")
    assert len(await stored("7654321")) == 1


async def test_my_accounts_lists_masked_accounts_and_unlinks(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    await customer.says("12345")
    answer = await customer.presses(payloads.MY_ACCOUNTS)
    assert "…4567, вул. Миру 5, кв. 12 — останні показники: 12345 (29.11.2026)" in answer
    assert "1234567" not in answer and "Шевченко" not in answer
    assert "Відв'язати рахунок …4567?" in await customer.taps_title("Відв'язати …4567")
    assert await Link.all().count() == 1
    assert "відв'язано" in await customer.taps_title("Так")
    assert await Link.all().count() == 0
    assert "Підключених рахунків немає" in await customer.presses(payloads.MY_ACCOUNTS)


async def test_another_senders_link_cannot_be_used_or_removed(talk: Talk) -> None:
    owner = talk()
    await owner.links("1234567", "Шевченко")
    link = await Link.get()
    stranger = talk(psid="200")
    assert "немає серед ваших" in await stranger.says("x", f"UNLINK:{link.id}")
    assert "немає серед ваших" in await stranger.says("x", f"ACCOUNT:{link.id}")
    assert await Link.all().count() == 1


async def test_cancel_at_any_step_forgets_the_question(talk: Talk) -> None:
    customer = talk()
    await customer.says("1234567")
    assert "Скасовано" in await customer.says("скасувати")
    assert "Не вдалося розпізнати" in await customer.says("Шевченко")
    assert customer.offered() == ["Підключити рахунок", "Допомога", "Оператор"]
    sender = await Sender.get(external_id="100")
    assert sender.state == "idle" and sender.state_data == {}


async def test_help_lists_formats_window_and_other_channels(talk: Talk) -> None:
    answer = await talk().presses(payloads.HELP)
    for words in ("день 8432 ніч 2917", "останні два дні місяця", "вебформа", "особовий кабінет",
                  "чат-боти", "+38 (093/096/099) 450 0 473", "0-800-301-497, кнопка 2"):
        assert words in answer
    assert await talk(psid="200").says("Допомога") == answer


async def test_photos_before_linking_thanks_and_gibberish_get_short_answers(talk: Talk) -> None:
    customer = talk()
    assert await customer.says("Дякую!") == "Будь ласка! Гарного дня."
    answer = await customer.says("добрий вечір, як справи")
    assert "Не вдалося розпізнати" in answer and len(answer) < 200 and customer.offered()
    assert "з фото, потрібно підключити рахунок" in await customer.sends_photo()


async def test_failures_are_counted_with_the_typed_number(talk: Talk) -> None:
    await talk().links("9999999", "Шевченко")
    failure = await LinkFailure.get()
    assert failure.number == "9999999" and failure.account_id is None


async def test_while_asked_for_the_account_a_spaced_number_is_the_account_and_a_short_one_a_reading(
    talk: Talk,
) -> None:
    customer = talk()
    await customer.presses(payloads.GET_STARTED)
    assert "потрібно підключити рахунок" in await customer.says("12345")
    assert "прізвище" in await customer.says("123 45 67")
    assert "прийнято — …4567: 12345" in await customer.says("Шевченко")


async def test_same_as_before_without_any_previous_reading_is_refused(talk: Talk) -> None:
    customer = talk()
    await customer.links("0012345", "Д'ячук")
    assert "Повторити попередній" not in customer.offered()
    assert "Попередніх показників для рахунку …2345 ще немає" in await customer.says("без змін")


@pytest.mark.parametrize(("now", "period"), [("2026-11-28T21:59:59", None), ("2026-11-28T22:00:00", "2026-11"),
                                             ("2026-12-03T21:59:59", "2026-11"), ("2026-12-03T22:00:00", None)])
async def test_the_period_stored_on_both_sides_of_the_window(talk: Talk, now: str, period: str | None) -> None:
    customer = talk(now=datetime.fromisoformat(now).replace(tzinfo=UTC))
    await customer.links("1234567", "Шевченко")
    answer = await customer.says("12345")
    assert ("за листопад 2026 прийнято" in answer) == (period is not None)
    assert [row["period"] for row in await stored("1234567")] == [period]


async def test_quick_reply_titles_typed_as_text_work_like_taps(talk: Talk) -> None:
    customer = talk()
    await customer.links("1234567", "Шевченко")
    await customer.says("Скасувати")
    assert "надішліть одне число" in await customer.says("Передати показники")
    assert "прийнято — …4567: 12210" in await customer.says("повторити попередній")
    assert "номер вашого особового рахунку" in await customer.says("Додати рахунок")
