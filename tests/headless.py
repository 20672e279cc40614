"""Headless Chromium for the tests of the HTML pages: a profile of its own
(runs in parallel do not share one), quiet about the network, and a hang
kills its whole process group (Chromium starts helper processes)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

HANG = 120  # seconds: far beyond what a page takes, even on a busy machine
QUIET = [
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium(page: Path, profile: Path, *args: str) -> str:
    """Run Chromium on `page` with `args` (`--dump-dom`, `--print-to-pdf=…`);
    its standard output. Skips the test where Chromium is not installed."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium is not installed (.ci/run installs it)")
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu", *QUIET, f"--user-data-dir={profile}"]
    process = subprocess.Popen(
        [*command, *args, page.as_uri()],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return out
