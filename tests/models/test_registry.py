"""The account registry import: every kind of bad row refused with its line, nothing imported."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from models.accounts import Account
from models.database import close_database, open_database
from models.registry import COLUMNS, RegistryError, read_registry
from tests.cli import run_cli
from tests.conftest import clear_tables

HEADER = ",".join(COLUMNS)
TODAY = date(2026, 12, 4)
GOOD = '1234567,Шевченко,"м. Краматорськ, вул. Миру 5, кв. 12",1,6,2026-10-31,12210,,,,'


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_a_valid_file_gives_its_accounts() -> None:
    registry = read_registry(_csv(GOOD, "7654321,Коваленко,,2,5,,,8100,2800,,", "0012345,Д'ячук,,3,6,,,,1,2,3"), TODAY)
    assert registry.errors == []
    first, second, third = registry.accounts
    assert (first.number, first.zones, first.digits, first.prev_total) == ("1234567", 1, 6, 12210)
    assert first.address == "м. Краматорськ, вул. Миру 5, кв. 12"
    assert (second.prev_day, second.prev_night, second.prev_date) == (8100, 2800, None)
    assert (third.number, third.prev_peak, third.prev_half_peak, third.prev_night) == ("0012345", 2, 3, 1)


def test_a_byte_order_mark_and_crlf_are_accepted() -> None:
    registry = read_registry(b"\xef\xbb\xbf" + _csv(GOOD).replace(b"\n", b"\r\n"), TODAY)
    assert registry.errors == [] and len(registry.accounts) == 1


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("123456,Шевченко,,1,6,,,,,,", "account number must be 7 to 12 digits"),
        ("1234567890123,Шевченко,,1,6,,,,,,", "account number must be 7 to 12 digits"),
        ("12345a7,Шевченко,,1,6,,,,,,", "account number must be 7 to 12 digits"),
        ("1234567,,,1,6,,,,,,", "surname must be 1 to 100 characters"),
        ("1234567,Шевченко,,4,6,,,,,,", "zones must be 1, 2 or 3, not 4"),
        ("1234567,Шевченко,,два,6,,,,,,", "zones must be a whole number, not 'два'"),
        ("1234567,Шевченко,,1,12,,,,,,", "digits must be 3 to 9, not 12"),
        ("1234567,Шевченко,,1,6,31.10.2026,,,,,", "prev_date must be YYYY-MM-DD, not '31.10.2026'"),
        ("1234567,Шевченко,,1,6,,,100,,,", "prev_day is set but a 1-zone meter has only total"),
        ("1234567,Шевченко,,2,5,,500,,,,", "prev_total is set but a 2-zone meter has only day, night"),
        ("1234567,Шевченко,,1,5,,123456,,,,", "prev_total 123456 has more than the meter's 5 digits"),
        ("1234567,Шевченко,,1,5,,-5,,,,", "prev_total must be a whole number, not '-5'"),
        ("1234567,Шевченко,,1,5,,12.5,,,,", "prev_total must be a whole number, not '12.5'"),
        ("1234567,Шевченко,,1,6", "expected 11 fields, found 5"),
    ],
)
def test_each_kind_of_bad_row_is_refused_with_its_line(row: str, reason: str) -> None:
    registry = read_registry(_csv(GOOD.replace("1234567", "1111111"), row), TODAY)
    assert [(error.line, error.reason) for error in registry.errors] == [(3, reason)]


def test_a_duplicate_account_names_the_first_line() -> None:
    registry = read_registry(_csv(GOOD, "7654321,Коваленко,,2,5,,,,,,", GOOD), TODAY)
    assert [str(error) for error in registry.errors] == ["line 4: account 1234567 repeats line 2"]


def test_broken_encoding_is_reported_by_line() -> None:
    data = _csv(GOOD, "7654321,Коваленко,,2,5,,,,,,").replace("Коваленко".encode(), "Коваленко".encode("cp1251"))
    assert [(error.line, error.reason) for error in read_registry(data, TODAY).errors] == [
        (3, "not valid UTF-8 (byte 9 of the line)")
    ]


def test_a_wrong_header_is_refused_showing_the_header_found() -> None:
    with pytest.raises(RegistryError, match="line 1: the header must be account,surname,.*, found 'account;surname'"):
        read_registry(b"account;surname\n1234567;X\n", TODAY)


def test_a_multiline_address_keeps_the_line_numbers_of_later_rows() -> None:
    registry = read_registry(_csv('1111111,Бойко,"вул. Миру 5,\nкв. 12",1,6,,,,,,', "2222222,,,1,6,,,,,,"), TODAY)
    assert [error.line for error in registry.errors] == [4]


def test_the_cli_imports_nothing_from_a_file_with_bad_rows(tmp_path: Path, database_url: str) -> None:
    asyncio.run(_clear(database_url))
    path = tmp_path / "accounts.csv"
    path.write_bytes(_csv(GOOD, "7654321,Коваленко,,5,5,,,,,,", "bad,,,1,6,,,,,,"))
    result = run_cli("accounts", "import", str(path), database_url=database_url)
    assert result.returncode == 1
    assert f"{path}:line 3: zones must be 1, 2 or 3, not 5" in result.stderr
    assert f"{path}:line 4: account number must be 7 to 12 digits" in result.stderr
    assert "2 invalid row(s), nothing imported" in result.stderr
    assert asyncio.run(_account_numbers(database_url)) == []


async def _account_numbers(url: str) -> list[str]:
    await open_database(url)
    try:
        return sorted(await Account.all().values_list("number", flat=True))
    finally:
        await close_database()


def test_the_cli_imports_the_sample_registry(database_url: str, sample_registry: Path) -> None:
    asyncio.run(_clear(database_url))
    result = run_cli("accounts", "import", str(sample_registry), database_url=database_url)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "accounts: 8 added, 0 updated, 0 unchanged"
    assert "0012345" in asyncio.run(_account_numbers(database_url))


def test_a_missing_file_is_one_line_and_creates_no_database(tmp_path: Path) -> None:
    result = run_cli("accounts", "import", "no-such.csv", database_url="sqlite://data/bot.sqlite3", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "error: cannot read no-such.csv: No such file or directory\n")
    assert list(tmp_path.iterdir()) == []


def test_doubtful_rows_are_imported_with_one_warning_each() -> None:
    registry = read_registry(_csv(
        GOOD.replace("2026-10-31", "2026-12-05"),
        "7654321,Коваленко,,2,5,,,8100,2800,,",
        "2345678,Бондар3нко,,1,6,2026-10-31,,,,,",
        "3456789,Мельник,,1,6,2026-12-04,100,,,,",
    ), TODAY)
    assert registry.errors == [] and len(registry.accounts) == 4
    assert [str(warning) for warning in registry.warnings] == [
        "line 2: warning: prev_date 2026-12-05 is in the future",
        "line 3: warning: prev_day, prev_night without a prev_date",
        "line 4: warning: the surname contains digits",
    ]


def test_the_cli_warns_counts_and_names_a_wrong_header(database_url: str, tmp_path: Path) -> None:
    asyncio.run(_clear(database_url))
    path = tmp_path / "accounts.csv"
    path.write_bytes(_csv(GOOD, "7654321,Коваленко,,2,5,,,8100,2800,,"))
    assert run_cli("accounts", "import", str(path), database_url=database_url).returncode == 0
    path.write_bytes(_csv(GOOD, "7654321,Коваленко,,2,5,,,8200,2800,,", "2345678,Бондар3нко,,1,6,,,,,,"))
    result = run_cli("accounts", "import", str(path), database_url=database_url)
    assert (result.returncode, result.stdout.splitlines()[-1]) == (0, "accounts: 1 added, 1 updated, 1 unchanged")
    assert result.stderr.splitlines() == [
        f"{path}:line 3: warning: prev_day, prev_night without a prev_date",
        f"{path}:line 4: warning: the surname contains digits",
    ]
    path.write_bytes("рахунок;прізвище\n1234567;Шевченко\n".encode())
    result = run_cli("accounts", "import", str(path), database_url=database_url)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: {path}:line 1: the header must be {HEADER}, found 'рахунок;прізвище'"
    ]
    assert asyncio.run(_account_numbers(database_url)) == ["1234567", "2345678", "7654321"]


@pytest.mark.anyio
async def test_reimport_updates_accounts_in_place(db: str, sample_registry: Path) -> None:
    from models.registry import save_accounts

    registry = read_registry(sample_registry.read_bytes(), TODAY)
    assert str(await save_accounts(registry.accounts)) == "8 added, 0 updated, 0 unchanged"
    before = {account.number: account.id for account in await Account.all()}
    changed = read_registry(_csv(GOOD.replace("Шевченко", "Шевченко-Бойко").replace("12210", "12500")), TODAY)
    assert str(await save_accounts(changed.accounts)) == "0 added, 1 updated, 0 unchanged"
    account = await Account.get(number="1234567")
    assert (account.id, account.surname, account.prev_total) == (before["1234567"], "Шевченко-Бойко", 12500)
    assert await Account.all().count() == len(before)


async def _clear(url: str) -> None:
    await open_database(url)
    try:
        await clear_tables()
    finally:
        await close_database()
