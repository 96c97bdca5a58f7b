"""Refused requests are logged with their reason, at most one line per reason per interval."""

from __future__ import annotations

import logging

import pytest

from delivery.refusals import RefusalLog

SECRET = "refusal-secret"
TOKEN = "refusal-token"


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_one_line_per_reason_per_interval_with_a_count(caplog: pytest.LogCaptureFixture) -> None:
    clock = _Clock()
    refusals = RefusalLog(logging.getLogger("test.refusals"), interval=60, clock=clock)
    with caplog.at_level(logging.WARNING, logger="test.refusals"):
        for _ in range(1000):
            refusals.refused("wrong signature (403)")
        refusals.refused("not JSON (400)")
        clock.now += 61
        refusals.refused("wrong signature (403)")
        refusals.refused("wrong signature (403)")
    assert caplog.messages == [
        "refused: wrong signature (403)",
        "refused: not JSON (400)",
        "refused: wrong signature (403) (and 999 more since the last such line)",
    ]
