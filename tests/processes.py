"""Run jzai (or any command) in its own process, as the tests that need a
real process do: in a new session, so that the whole process group — the
writer process of `jzai batch` included — can be signalled and killed;
optionally under an address-space limit (`ulimit -v`).

Speed is never asserted here: `HANG` is a generous limit that catches a
hang, not a slow machine. A run past it kills the whole group and fails.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HANG = 120.0  # seconds: a run this long is hung, not slow
ADDRESS_SPACE = 1_000_000 * 1024  # ulimit -v 1000000 (KiB)


def jzai_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a jzai run: this checkout first, no colour, wide lines."""
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "NO_COLOR": "1", "COLUMNS": "200", "PYTHONPATH": path, **(extra or {})}


def _limit(address_space: int | None):
    def before_exec() -> None:  # runs in the child
        if address_space is not None:
            resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return before_exec


class Process:
    """A started command; `wait` collects it (exit code, stdout, stderr)."""

    def __init__(
        self,
        args: Sequence[str],
        cwd: Path | str | None = None,
        *,
        command: Sequence[str] | None = None,
        env: dict[str, str] | None = None,
        address_space: int | None = None,
        stdin: bytes | None = None,
        stdout=subprocess.PIPE,
    ) -> None:
        self.args = list(args)
        argv = [*(command if command is not None else [sys.executable, "-m", "jzai_cli"]), *self.args]
        self.input = stdin
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env if env is not None else jzai_env(),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=_limit(address_space),
        )
        self.pid = self.process.pid

    def wait(self, timeout: float = HANG) -> Process:
        try:
            out, err = self.process.communicate(self.input, timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill_group()
            self.process.communicate()
            pytest.fail(f"hung: {' '.join(self.args)} still running after {timeout:.0f} s (process group killed)")
        self.code = self.process.returncode
        self.stdout = (out or b"").decode("utf-8", "replace")
        self.stderr = (err or b"").decode("utf-8", "replace")
        return self

    def send(self, signum: int, group: bool = False) -> None:
        """A signal to jzai alone, or (as a terminal sends Ctrl-C) to its whole group."""
        if group:
            os.killpg(self.pid, signum)
        else:
            os.kill(self.pid, signum)

    def kill_group(self) -> None:
        try:
            os.killpg(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def children(self) -> list[int]:
        """Living processes whose parent is jzai."""
        return children_of(self.pid)


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(pid) and not fields.get("State", "").startswith("Z"):
            found.append(int(entry.name))
    return found


def in_group(pgid: int) -> list[int]:
    """Living processes of the process group `pgid` (jzai and whatever it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


def run(args: Sequence[str], cwd: Path | str | None = None, timeout: float = HANG, **options) -> Process:
    """Start a command and wait for it (see `Process`)."""
    return Process(args, cwd, **options).wait(timeout)


def run_all(*commands: tuple[Sequence[str], Path], **options) -> list[Process]:
    """Start every command at once (each in its own process), then wait for all."""
    started = [Process(args, cwd, **options) for args, cwd in commands]
    return [process.wait() for process in started]
