"""Importing the account registry CSV (CONTRACT section 5): all rows or none.

Every row is checked before anything is written; a file with any invalid row imports nothing
and every invalid row is reported with its line number. Doubtful rows (a `prev_date` in the
future, a previous value without a date, a surname with digits) are imported with a warning.
A valid file is written in one transaction, inserting new accounts and updating known ones in
place; rows equal to what is stored are counted as unchanged and not written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from tortoise.transactions import in_transaction

from models.accounts import Account
from models.numbering import ACCOUNT_DIGITS
from models.zones import ZONE_NAMES, ZONES_BY_COUNT

if TYPE_CHECKING:
    from _csv import Reader

COLUMNS = (
    "account", "surname", "address", "zones", "digits", "prev_date",
    "prev_total", "prev_day", "prev_night", "prev_peak", "prev_half_peak",
)
METER_DIGITS = range(3, 10)
_SURNAME_LENGTH = 100
_ADDRESS_LENGTH = 300
_BATCH = 2000
_COMPARED_FIELDS = COLUMNS[1:]
_UPDATED_FIELDS = [*_COMPARED_FIELDS, "updated_at"]


class RegistryError(ValueError):
    """A registry file that cannot be read at all (a wrong header); the message is one line."""


class RowError(ValueError):
    """A row's problem with the file line it starts on: raised for a row that cannot be imported,
    and kept, as a reason starting `warning:`, for a doubtful row that is imported all the same."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason


@dataclass(frozen=True)
class RegistryFile:
    """The accounts a file describes, or the reasons it cannot be imported; `warnings` name doubtful rows."""

    accounts: list[Account]
    errors: list[RowError]
    warnings: list[RowError]


@dataclass
class ImportCounts:
    """How the rows of an imported file compare with what was stored."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged"


def read_registry(data: bytes, today: date) -> RegistryFile:
    """Decode and validate a registry file without touching the database.

    `today` is the operator's date: a `prev_date` after it is doubtful. A wrong header raises
    `RegistryError`.
    """
    encoding_errors = _undecodable_lines(data)
    if encoding_errors:
        return RegistryFile([], encoding_errors, [])
    text = data.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or tuple(cell.strip() for cell in header) != COLUMNS:
        found = "nothing" if header is None else repr(",".join(header))
        raise RegistryError(f"line 1: the header must be {','.join(COLUMNS)}, found {found}")
    registry = RegistryFile([], [], [])
    first_line: dict[str, int] = {}
    try:
        for line, cells in _records(reader):
            try:
                account = _account(cells, line)
                if account.number in first_line:
                    raise RowError(line, f"account {account.number} repeats line {first_line[account.number]}")
            except RowError as error:
                registry.errors.append(error)
                continue
            first_line[account.number] = line
            registry.accounts.append(account)
            registry.warnings.extend(RowError(line, f"warning: {doubt}") for doubt in _doubts(account, today))
    except csv.Error as error:
        registry.errors.append(RowError(reader.line_num, f"malformed CSV: {error}"))
    return registry


def read_registry_file(path: Path, today: date, err: TextIO) -> list[Account] | None:
    """`accounts import FILE` before the database: the accounts to save, or None when nothing may be.

    Each warning and error goes to `err` as `FILE:line N: ...`; a file that cannot be read or has
    a wrong header is one line.
    """
    try:
        registry = read_registry(path.read_bytes(), today)
    except OSError as failure:
        print(f"error: cannot read {path}: {failure.strerror}", file=err)
        return None
    except RegistryError as error:
        print(f"error: {path}:{error}", file=err)
        return None
    for problem in sorted(registry.warnings + registry.errors, key=lambda problem: problem.line):
        print(f"{path}:{problem}", file=err)
    if registry.errors:
        print(f"error: {len(registry.errors)} invalid row(s), nothing imported", file=err)
        return None
    return registry.accounts


async def save_accounts(accounts: list[Account], progress: TextIO | None = None) -> ImportCounts:
    """Insert or update `accounts` by number, all in one transaction; rows equal to the stored ones are left alone."""
    counts = ImportCounts()
    async with in_transaction():
        for start in range(0, len(accounts), _BATCH):
            batch = accounts[start : start + _BATCH]
            stored = {row[0]: row[1:] for row in await Account.filter(number__in=[a.number for a in batch])
                      .values_list("number", *_COMPARED_FIELDS)}
            changed = [account for account in batch if stored.get(account.number) != _compared(account)]
            counts.added += sum(account.number not in stored for account in changed)
            counts.updated += sum(account.number in stored for account in changed)
            counts.unchanged += len(batch) - len(changed)
            if changed:
                await Account.bulk_create(changed, on_conflict=["number"], update_fields=_UPDATED_FIELDS)
            if progress is not None:
                print(f"\rimporting: {start + len(batch)}/{len(accounts)}", end="", file=progress, flush=True)
    if progress is not None:
        print(file=progress)
    return counts


def _compared(account: Account) -> tuple[object, ...]:
    return tuple(getattr(account, name) for name in _COMPARED_FIELDS)


def _doubts(account: Account, today: date) -> list[str]:
    """What looks wrong in an otherwise valid row, for a warning."""
    doubts = []
    if account.prev_date is not None and account.prev_date > today:
        doubts.append(f"prev_date {account.prev_date} is in the future")
    given = [f"prev_{zone}" for zone, value in account.previous_values().items() if value is not None]
    if given and account.prev_date is None:
        doubts.append(f"{', '.join(given)} without a prev_date")
    if any(char.isdigit() for char in account.surname):
        doubts.append("the surname contains digits")
    return doubts


def _undecodable_lines(data: bytes) -> list[RowError]:
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return []
    errors = []
    for number, raw in enumerate(data.splitlines(), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append(RowError(number, f"not valid UTF-8 (byte {error.start + 1} of the line)"))
    return errors


def _records(reader: Reader) -> Iterator[tuple[int, list[str]]]:
    """Yield each non-blank record with the line it starts on (a quoted field may span lines)."""
    line = reader.line_num + 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            yield line, cells
        line = reader.line_num + 1


def _account(cells: list[str], line: int) -> Account:
    if len(cells) != len(COLUMNS):
        raise RowError(line, f"expected {len(COLUMNS)} fields, found {len(cells)}")
    row = dict(zip(COLUMNS, (cell.strip() for cell in cells)))
    number = row["account"]
    if not (number.isdigit() and number.isascii() and len(number) in ACCOUNT_DIGITS):
        raise RowError(line, f"account number must be {ACCOUNT_DIGITS[0]} to {ACCOUNT_DIGITS[-1]} digits")
    if not 0 < len(row["surname"]) <= _SURNAME_LENGTH:
        raise RowError(line, f"surname must be 1 to {_SURNAME_LENGTH} characters")
    if len(row["address"]) > _ADDRESS_LENGTH:
        raise RowError(line, f"address is longer than {_ADDRESS_LENGTH} characters")
    zones = _whole(row["zones"], "zones", line)
    if zones not in ZONES_BY_COUNT:
        raise RowError(line, f"zones must be 1, 2 or 3, not {row['zones']}")
    digits = _whole(row["digits"], "digits", line)
    if digits not in METER_DIGITS:
        raise RowError(line, f"digits must be {METER_DIGITS[0]} to {METER_DIGITS[-1]}, not {row['digits']}")
    previous = _previous_values(row, ZONES_BY_COUNT[zones], digits, line)
    return Account(
        number=number, surname=row["surname"], address=row["address"], zones=zones,
        digits=digits, prev_date=_date(row["prev_date"], line), **previous,
    )


def _previous_values(row: dict[str, str], zones: tuple[str, ...], digits: int, line: int) -> dict[str, int | None]:
    values: dict[str, int | None] = {}
    for zone in ZONE_NAMES:
        column = f"prev_{zone}"
        if not row[column]:
            values[column] = None
            continue
        if zone not in zones:
            raise RowError(line, f"{column} is set but a {len(zones)}-zone meter has only {', '.join(zones)}")
        value = _whole(row[column], column, line)
        if value >= 10**digits:
            raise RowError(line, f"{column} {value} has more than the meter's {digits} digits")
        values[column] = value
    return values


def _whole(text: str, column: str, line: int) -> int:
    if not (text.isdigit() and text.isascii()):
        raise RowError(line, f"{column} must be a whole number, not {text!r}")
    return int(text)


def _date(text: str, line: int) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(line, f"prev_date must be YYYY-MM-DD, not {text!r}") from None
