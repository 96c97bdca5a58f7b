"""Operator mistakes on the command line: one line on stderr naming the mistake, no traceback,
a non-zero exit code (2 for a malformed argument or setting, 1 for a command that cannot do
its work), and nothing created or overwritten."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from models.accounts import Account
from models.database import close_database, open_database
from tests.cli import ROOT, run_cli
from tests.conftest import POSTGRES_URL, clear_tables, requires_postgres
from tests.servers import free_port

HEADER = "account,period,submitted_at,channel,total,day,night,peak,half_peak"


def one_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    """The single stderr line of a refused command, after checking its exit code."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


async def _with_accounts(url: str, *numbers: str) -> None:
    await open_database(url)
    try:
        await clear_tables()
        for number in numbers:
            await Account.create(number=number, surname="Шевченко", address="", zones=1, digits=6)
    finally:
        await close_database()


# readings export --output


def test_an_unwritable_output_is_one_line_and_an_earlier_export_survives(database_url: str, tmp_path: Path) -> None:
    asyncio.run(_with_accounts(database_url))
    missing = tmp_path / "no-such-folder" / "out.csv"
    result = run_cli("readings", "export", "--output", str(missing), database_url=database_url)
    assert one_line(result, 1) == f"error: cannot write {missing}: No such file or directory"
    assert one_line(run_cli("readings", "export", "--output", str(tmp_path), database_url=database_url), 1) == (
        f"error: cannot write {tmp_path}: Is a directory"
    )
    good = tmp_path / "2026-11.csv"
    good.write_text("the earlier export\n", encoding="utf-8")
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    broken = run_cli("readings", "export", "--output", str(good), database_url=f"sqlite://{empty}")
    assert one_line(broken, 1) == f"error: the database {empty} has no schema; run migrate"
    assert good.read_text(encoding="utf-8") == "the earlier export\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["2026-11.csv", "empty.sqlite3"]


def test_a_complete_export_replaces_the_file_and_keeps_its_permissions(database_url: str, tmp_path: Path) -> None:
    asyncio.run(_with_accounts(database_url))
    output = tmp_path / "out.csv"
    output.write_text("old\n", encoding="utf-8")
    output.chmod(0o640)
    result = run_cli("readings", "export", "--output", str(output), database_url=database_url)
    assert (result.returncode, result.stderr) == (0, "")
    assert output.read_text(encoding="utf-8") == HEADER + "\n"
    assert output.stat().st_mode & 0o777 == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["out.csv"]


# readings export --period


@pytest.mark.parametrize(("period", "message"), [
    ("2099-01", "error: --period 2099-01 is in the future: the current month is {now}"),
    ("２０２６-01", "error: --period '２０２６-01': expected YYYY-MM, for example {now}"),
    ("2026-1", "error: --period '2026-1': expected YYYY-MM, for example {now}"),
    (" 2026-11", "error: --period ' 2026-11': expected YYYY-MM, for example {now}"),
    ("2026-00", "error: --period 2026-00: the month must be 01 to 12"),
    ("2026-13", "error: --period 2026-13: the month must be 01 to 12"),
])
def test_an_odd_period_is_one_line_before_the_database_is_touched(period: str, message: str, tmp_path: Path) -> None:
    now = datetime.now(ZoneInfo("Europe/Kyiv")).strftime("%Y-%m")
    result = run_cli("readings", "export", f"--period={period}", database_url=f"sqlite://{tmp_path}/db.sqlite3")
    assert one_line(result, 2) == message.format(now=now)
    assert list(tmp_path.iterdir()) == []


def test_the_current_month_in_bot_timezone_is_a_valid_period(database_url: str) -> None:
    asyncio.run(_with_accounts(database_url))
    now = datetime.now(ZoneInfo("Europe/Kyiv")).strftime("%Y-%m")
    result = run_cli("readings", "export", "--period", now, database_url=database_url)
    assert (result.returncode, result.stdout, result.stderr) == (0, HEADER + "\n", "")


# the database


def test_a_mistyped_sqlite_path_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    for command in (("readings", "export"), ("accounts", "close", "1234567"), ("chat",)):
        result = run_cli(*command, database_url="sqlite://typo/bot.sqlite3", cwd=tmp_path, stdin="")
        assert one_line(result, 1) == (
            f"error: the database {tmp_path}/typo/bot.sqlite3 does not exist "
            "(check DATABASE_URL, or run migrate to create it)"
        )
    assert list(tmp_path.iterdir()) == []


def test_migrate_creates_a_relative_sqlite_file_and_says_where(tmp_path: Path) -> None:
    result = run_cli("migrate", database_url="sqlite://data/bot.sqlite3", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"migrations applied to {tmp_path}/data/bot.sqlite3\n")
    export = run_cli("readings", "export", database_url="sqlite://data/bot.sqlite3", cwd=tmp_path)
    assert (export.returncode, export.stdout) == (0, HEADER + "\n")


@pytest.mark.parametrize("command", [("migrate",), ("readings", "export"), ("accounts", "close", "1"), ("chat",),
                                     ("serve", "--port", "8000")])
def test_an_unreachable_server_is_one_line_without_the_password(command: tuple[str, ...]) -> None:
    url = f"postgres://bot:s3cret@127.0.0.1:{free_port()}/bot"
    line = one_line(run_cli(*command, database_url=url), 1)
    assert line.startswith(f"error: cannot use the database postgres://bot:***@127.0.0.1:{url.split(':')[3]}: ")
    assert "s3cret" not in line


def test_an_unknown_host_is_one_line() -> None:
    line = one_line(run_cli("readings", "export", database_url="postgres://bot:s3cret@no-such-host.invalid/bot"), 1)
    assert line.startswith("error: cannot use the database postgres://bot:***@no-such-host.invalid/bot: ")


@pytest.mark.parametrize("command", [("migrate",), ("readings", "export")])
def test_a_database_url_the_orm_cannot_parse_is_one_line(command: tuple[str, ...], tmp_path: Path) -> None:
    result = run_cli(*command, database_url="postgres://bot:s3cret@db:abc/bot", cwd=tmp_path)
    assert one_line(result, 2) == "error: DATABASE_URL postgres://bot:***@db:abc/bot: Port is not an integer"


@requires_postgres
def test_a_wrong_role_is_one_line() -> None:
    scheme, _, rest = POSTGRES_URL.partition("://")
    wrong = f"{scheme}://no_such_role:pw@{rest.rpartition('@')[2]}"
    line = one_line(run_cli("readings", "export", database_url=wrong), 1)
    assert line.endswith('role "no_such_role" does not exist') and ":pw@" not in line


def test_a_postgres_database_without_the_schema_is_one_line(empty_postgres_url: str) -> None:
    assert one_line(run_cli("readings", "export", database_url=empty_postgres_url), 1) == (
        f"error: the database {empty_postgres_url} has no schema; run migrate"
    )


# accounts close / reopen


async def _closed(url: str, number: str) -> bool:
    await open_database(url)
    try:
        return (await Account.get(number=number)).closed_at is not None
    finally:
        await close_database()


def test_close_and_reopen_an_account(database_url: str) -> None:
    asyncio.run(_with_accounts(database_url, "1234567"))
    result = run_cli("accounts", "close", "1234567", database_url=database_url)
    assert (result.returncode, result.stdout, result.stderr) == (0, "account 1234567 is closed\n", "")
    assert asyncio.run(_closed(database_url, "1234567"))
    result = run_cli("accounts", "reopen", "1234567", database_url=database_url)
    assert (result.returncode, result.stdout) == (0, "account 1234567 is open\n")
    assert not asyncio.run(_closed(database_url, "1234567"))
    unknown = run_cli("accounts", "close", "7654321", database_url=database_url)
    assert one_line(unknown, 1) == "error: account 7654321 is not in the registry"


def test_an_older_schema_says_to_run_migrate(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/old.sqlite3"
    run_cli("migrate", database_url=url)
    with closing(sqlite3.connect(tmp_path / "old.sqlite3")) as connection, connection:
        connection.execute("DELETE FROM tortoise_migrations WHERE name = '0004_console'")
    assert one_line(run_cli("accounts", "close", "1234567", database_url=url), 1) == (
        f"error: the database {tmp_path}/old.sqlite3 is not up to date; run migrate"
    )


# serve


@pytest.mark.parametrize("port", ["99999", "0", "http", "８０"])
def test_a_port_outside_1_to_65535_is_one_line(port: str, tmp_path: Path) -> None:
    result = run_cli("serve", "--port", port, database_url=f"sqlite://{tmp_path}/db.sqlite3")
    assert one_line(result, 2) == (
        f"main.py serve: error: argument --port: {port!r} is not a port: "
        "expected a whole number from 1 to 65535 (see --help)"
    )
    assert list(tmp_path.iterdir()) == []



def test_commands_run_without_uvloop() -> None:
    code = "import sys; sys.modules['uvloop'] = None; import main; sys.exit(main.main(['parse', '12345']))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            check=False)
    parsed = '{"accounts": [], "readings": [{"zone": null, "value": 12345}], "same_as_before": false}\n'
    assert (result.returncode, result.stdout) == (0, parsed)


def test_the_meterbot_script_is_the_same_command_line(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("meterbot")
    result = subprocess.run([str(script), "serve", "--port", "0"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, check=False)
    assert one_line(result, 2).startswith("meterbot serve: error: argument --port: '0' is not a port")
