"""Reading checks: zones, digits, not below the last, rollover, unusual use."""

from __future__ import annotations

from handlers.validation import Doubt, Meter, Problem, assign_zones, check, repeat_last

ONE = Meter(("total",), 6, {"total": 12210})
TWO = Meter(("day", "night"), 5, {"day": 8100, "night": 2800})
THREE = Meter(("peak", "half_peak", "night"), 6, {"peak": 2105, "half_peak": 1203, "night": 3310})


def test_unlabelled_values_fill_the_zones_in_the_order_asked() -> None:
    assert assign_zones([(None, 8432), (None, 2917)], TWO.zones) == {"day": 8432, "night": 2917}
    assert assign_zones([(None, 1), (None, 2), (None, 3)], THREE.zones) == {"peak": 1, "half_peak": 2, "night": 3}


def test_labelled_values_go_to_their_zone_in_any_order() -> None:
    assert assign_zones([("night", 2917), ("day", 8432)], TWO.zones) == {"day": 8432, "night": 2917}
    assert assign_zones([("night", 3400), (None, 2200), (None, 1300)], THREE.zones) == {
        "peak": 2200, "half_peak": 1300, "night": 3400,
    }


def test_a_total_beside_a_complete_two_zone_reading_is_ignored() -> None:
    readings = [("total", 11349), ("day", 8432), ("night", 2917)]
    assert assign_zones(readings, TWO.zones) == {"day": 8432, "night": 2917}


def test_values_that_do_not_fit_the_meter_are_refused() -> None:
    assert check([(None, 8432)], TWO, 1500).problem is Problem.ZONES
    assert check([(None, 1), (None, 2)], ONE, 1500).problem is Problem.ZONES
    assert check([("day", 8432)], ONE, 1500).problem is Problem.ZONES
    assert check([("day", 8432), ("day", 8433)], TWO, 1500).problem is Problem.ZONES
    assert check([("peak", 2200), ("day", 1), ("night", 3400)], THREE, 1500).problem is Problem.ZONES


def test_a_value_with_more_digits_than_the_meter_is_refused() -> None:
    verdict = check([(None, 123456), (None, 2900)], TWO, 1500)
    assert (verdict.problem, verdict.zone) == (Problem.DIGITS, "day")


def test_a_value_equal_to_the_last_is_accepted() -> None:
    verdict = check([(None, 12210)], ONE, 1500)
    assert verdict.problem is None and verdict.doubts == () and verdict.values == {"total": 12210}


def test_a_value_below_the_last_is_refused() -> None:
    verdict = check([(None, 8432), (None, 2700)], TWO, 1500)
    assert (verdict.problem, verdict.zone) == (Problem.BELOW_LAST, "night")


def test_a_plausible_rollover_is_asked_about() -> None:
    meter = Meter(("total",), 5, {"total": 99850})
    verdict = check([(None, 120)], meter, 1500)
    assert verdict.problem is None and verdict.doubts == (Doubt.ROLLOVER,) and verdict.use == 270


def test_a_rollover_implying_too_much_use_is_refused_as_below_the_last() -> None:
    meter = Meter(("total",), 5, {"total": 99850})
    assert check([(None, 5000)], meter, 1500).problem is Problem.BELOW_LAST


def test_use_above_the_monthly_threshold_is_asked_about() -> None:
    verdict = check([(None, 9000), (None, 3500)], TWO, 1500)
    assert verdict.doubts == (Doubt.HIGH_USE,) and verdict.use == 1600


def test_the_threshold_scales_with_the_months_since_the_last_reading() -> None:
    meter = Meter(TWO.zones, TWO.digits, TWO.last, months_elapsed=2)
    assert check([(None, 9000), (None, 3500)], meter, 1500).doubts == ()


def test_zones_without_a_last_value_take_any_value_that_fits() -> None:
    meter = Meter(("total",), 6, {"total": None})
    assert check([(None, 5)], meter, 1500).values == {"total": 5}


def test_same_as_before_repeats_the_last_values() -> None:
    assert repeat_last(THREE).values == {"peak": 2105, "half_peak": 1203, "night": 3310}
    assert repeat_last(Meter(("total",), 6, {"total": None})).problem is Problem.NO_PREVIOUS
