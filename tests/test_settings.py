"""Settings the conversation reads: the unusual-use threshold and the linking attempts."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import ConfigError, load_settings


def test_conversation_limits_default_to_1500_kwh_and_5_attempts(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / ".env")
    assert (settings.conversation.max_monthly_kwh, settings.conversation.link_attempts) == (1500, 5)


def test_conversation_limits_come_from_the_environment(tmp_path: Path) -> None:
    settings = load_settings({"BOT_MAX_MONTHLY_KWH": "2000", "BOT_LINK_ATTEMPTS": "3"}, tmp_path / ".env")
    assert (settings.conversation.max_monthly_kwh, settings.conversation.link_attempts) == (2000, 3)


@pytest.mark.parametrize("value", ["0", "-5", "many", "1.5"])
def test_a_malformed_limit_names_the_variable(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="BOT_MAX_MONTHLY_KWH"):
        load_settings({"BOT_MAX_MONTHLY_KWH": value}, tmp_path / ".env")
