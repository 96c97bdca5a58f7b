"""The Viber settings: defaults, the environment, a secret kept out of `repr`, the bot name's limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import ConfigError, load_settings


def test_viber_is_off_by_default_with_the_documented_defaults(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / ".env")
    viber = settings.viber
    assert (viber.auth_token, viber.api_url, viber.bot_name) == ("", "https://chatapi.viber.com/pa",
                                                                 "ДТЕК Донецькі електромережі")
    assert settings.public_url == ""


def test_viber_settings_come_from_the_environment_and_the_token_stays_secret(tmp_path: Path) -> None:
    environ = {"VIBER_AUTH_TOKEN": "4a1-secret-token", "VIBER_API_URL": "http://127.0.0.1:9000/pa/",
               "VIBER_BOT_NAME": " ДТЕК Донецьк ", "PUBLIC_URL": "https://bot.example/"}
    settings = load_settings(environ, tmp_path / ".env")
    assert settings.viber.auth_token == "4a1-secret-token" and settings.viber.bot_name == "ДТЕК Донецьк"
    assert (settings.viber.api_url, settings.public_url) == ("http://127.0.0.1:9000/pa", "https://bot.example")
    assert "4a1-secret-token" not in repr(settings)


@pytest.mark.parametrize(("name", "value"), [("VIBER_BOT_NAME", "Д" * 29), ("VIBER_API_URL", "chatapi.viber.com"),
                                             ("PUBLIC_URL", "bot.example")])
def test_a_malformed_viber_setting_is_one_line_naming_it(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name) as raised:
        load_settings({name: value}, tmp_path / ".env")
    assert "\n" not in str(raised.value)
