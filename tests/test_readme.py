"""The README's console examples are the real output of the commands they
show: cog regenerates them (`cog -r -I docs README.md`, see
docs/readme_examples.py) and this test fails when one has drifted."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import processes

ROOT = Path(__file__).resolve().parent.parent


def test_the_readme_examples_are_current():
    done = processes.run(  # cog runs the jzai commands of the README, all of them: a longer limit
        ["--check", "--diff", "-I", "docs", "README.md"],
        ROOT,
        timeout=600,
        command=[sys.executable, "-m", "cogapp"],
        env=dict(os.environ),
    )
    assert done.code == 0, "README examples are stale; run `cog -r -I docs README.md`:\n" + done.stdout + done.stderr
