"""The README's console examples are the real output of the commands they
show: cog regenerates them (`cog -r -I docs README.md`, see
docs/readme_examples.py) and this test fails when one has drifted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_examples_are_current():
    process = subprocess.Popen(
        [sys.executable, "-m", "cogapp", "--check", "--diff", "-I", "docs", "README.md"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    try:
        out, _ = process.communicate(timeout=600)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        raise
    assert process.returncode == 0, "README examples are stale; run `cog -r -I docs README.md`:\n" + out
