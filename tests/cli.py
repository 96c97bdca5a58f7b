"""Running `python main.py ...` as a user does, in a subprocess, against a chosen database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args: str, database_url: str = "", stdin: str | None = None, cwd: Path | None = None,
            timeout: float = 120, environ: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run main.py with `args`; DATABASE_URL is set when given, and `environ` on top. Returns the finished process."""
    inherited = ("FB_", "BOT_", "TG_", "PUBLIC_URL", "DATABASE_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(inherited)}
    env.update(environ or {})
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args], input=stdin, capture_output=True,
        text=True, env=env, cwd=cwd or ROOT, timeout=timeout,
    )
