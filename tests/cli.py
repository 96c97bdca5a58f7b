"""Running `python main.py ...` as a user does, in a subprocess, against a chosen database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, database_url: str = "", stdin: str | None = None, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run main.py with `args`; DATABASE_URL is set when given. Returns the finished process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("FB_", "BOT_", "DATABASE_URL"))}
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], input=stdin, capture_output=True,
        text=True, env=env, cwd=cwd or ROOT, timeout=timeout,
    )
