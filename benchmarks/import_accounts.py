"""How long `python main.py accounts import` takes for a large registry, on a fresh database.

    python benchmarks/import_accounts.py [--rows 200000] [--database-url URL]

Prints the seconds and rows per second of a first import (inserts) and a re-import
(updates in place). The default database is a new SQLite file in a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "account,surname,address,zones,digits,prev_date,prev_total,prev_day,prev_night,prev_peak,prev_half_peak\n"
SURNAMES = ("Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Кравченко", "Олійник", "Д'ячук", "Мельник")
TOWNS = ("Краматорськ", "Слов'янськ", "Покровськ", "Дружківка", "Костянтинівка", "Лиман")


def _row(index: int, rng: random.Random) -> str:
    zones = rng.choice((1, 1, 1, 2, 2, 3))
    values = {1: f"{rng.randrange(99999)},,,,", 2: f",{rng.randrange(99999)},{rng.randrange(99999)},,",
              3: f",,{rng.randrange(99999)},{rng.randrange(99999)},{rng.randrange(99999)}"}[zones]
    address = f'"м. {rng.choice(TOWNS)}, вул. Миру {rng.randrange(1, 200)}, кв. {rng.randrange(1, 300)}"'
    return f"{1000000 + index},{rng.choice(SURNAMES)},{address},{zones},6,2026-10-31,{values}\n"


def write_registry(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    with path.open("w", encoding="utf-8") as file:
        file.write(HEADER)
        file.writelines(_row(index, rng) for index in range(rows))


def timed_import(path: Path, database_url: str) -> float:
    env = {**os.environ, "DATABASE_URL": database_url}
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "accounts", "import", str(path)],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "accounts.csv"
        write_registry(path, args.rows)
        url = args.database_url or f"sqlite://{folder}/bench.sqlite3"
        for label in ("first import", "re-import"):
            seconds = timed_import(path, url)
            print(f"{label}: {args.rows} accounts in {seconds:.1f} s ({args.rows / seconds:,.0f} rows/s)")


if __name__ == "__main__":
    main()
