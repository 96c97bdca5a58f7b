"""`operators add | remove | list`: salted slow hashes, one-line mistakes."""

from __future__ import annotations

import pytest

from console.passwords import hash_password, verify_password
from models.operators import Operator
from tests.cli import run_cli

pytestmark = pytest.mark.anyio


def test_a_password_hash_is_salted_and_verifies() -> None:
    first, second = hash_password("correct horse"), hash_password("correct horse")
    assert first != second and first.startswith("scrypt$16384$8$1$")
    assert verify_password("correct horse", first) and not verify_password("wrong horse", first)
    assert not verify_password("correct horse", "garbage")


async def test_operators_are_added_listed_and_removed(db: str) -> None:
    added = run_cli("operators", "add", "olena", database_url=db, stdin="s3cret-pass\n")
    assert added.returncode == 0, added.stderr
    operator = await Operator.get(name="olena")
    assert "s3cret-pass" not in operator.password_hash and verify_password("s3cret-pass", operator.password_hash)
    again = run_cli("operators", "add", "olena", database_url=db, stdin="s3cret-pass\n")
    assert again.returncode == 1 and again.stderr.strip().splitlines()[-1] == "error: operator 'olena' already exists"
    short = run_cli("operators", "add", "petro", database_url=db, stdin="short\n")
    assert short.returncode == 1 and short.stderr.strip() == "error: the password must have at least 8 characters"
    listed = run_cli("operators", "list", database_url=db)
    assert listed.stdout.split() == ["olena"]
    assert run_cli("operators", "remove", "olena", database_url=db).returncode == 0
    gone = run_cli("operators", "remove", "olena", database_url=db)
    assert gone.returncode == 1 and gone.stderr.strip().splitlines()[-1] == "error: no operator 'olena'"
