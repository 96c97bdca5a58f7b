"""`python main.py chat`: a newcomer imports the sample registry and goes through the whole flow."""

from __future__ import annotations

from pathlib import Path

from tests.cli import run_cli


def test_a_terminal_chat_links_an_account_and_stores_a_reading(tmp_path: Path, sample_registry: Path) -> None:
    url = f"sqlite://{tmp_path / 'bot.sqlite3'}"
    assert run_cli("accounts", "import", str(sample_registry), database_url=url).returncode == 0
    chat = run_cli("chat", "--psid", "terminal-1", database_url=url, stdin="7654321\nКоваленко\nдень 8432 ніч 2917\n2\n")
    assert chat.returncode == 0, chat.stderr
    assert "бот: Вітаємо!" in chat.stdout and "  [1] Допомога" in chat.stdout
    assert "день 8432, ніч 2917" in chat.stdout
    assert "Ваші рахунки:\n1. …4321, вул. Шкільна 3" in chat.stdout  # "2" tapped "Мої рахунки"
    exported = run_cli("readings", "export", database_url=url)
    assert "7654321," in exported.stdout and ",chat,,8432,2917,," in exported.stdout
