"""Cold start of jzai's commands against `python -c "import typer, pydantic"`.

Runs each command as a fresh process (python -m jzai_cli, so no console-script
shim is measured), the commands in turn N times so that a busy spell of the
machine falls on all of them alike, and prints the medians of wall and CPU
time (user + system) in a Markdown table, with each command's ratio to the
`import typer, pydantic` floor.

Every command runs once before the timed runs, and with the bytecode cache
in use (PYTHONDONTWRITEBYTECODE removed), as for an installed copy; the
policy cache is a folder of the benchmark's own (JZAI_CACHE_DIR), written by
that first run, so that `check` and `explain` read the policy from it and no
other jzai on the machine can push its entry out. `--no-policy-cache` runs
jzai with JZAI_CACHE_DIR=off: the first start after the policy folder (or
jzai) changed.

Reference rows measure what the libraries cost on their own, before jzai
does anything: a Typer command of one option, a pydantic model of one field
built and validated, rich's table, and python-stdnum's credit-code module.

`--against DIR` also runs every jzai command from another checkout, DIR (an
older commit, say: `git worktree add /tmp/before COMMIT`), in turn with the
rest, so that a before and an after are measured under the same load.

    python benchmarks/startup.py [-n 21] [--no-policy-cache] [--against DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = 'python -c "import typer, pydantic"'
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    FLOOR: [sys.executable, "-c", "import typer, pydantic"],
    # what the libraries cost before jzai does anything: a Typer command of one
    # option (its value goes through a pydantic TypeAdapter), and rich's table
    "typer.run() of a one-option command": [
        sys.executable,
        "-c",
        "import typer\ndef f(name: str = ''):\n    pass\ntyper.run(f)",
        "--name",
        "x",
    ],
    "import typer, pydantic, rich.table": [sys.executable, "-c", "import typer, pydantic, rich.table"],
    # pydantic's model machinery (what every model and every TypeAdapter needs), and python-stdnum
    # (its package imports stdnum.util, which imports ssl and pydoc)
    "a pydantic model of one field, built and validated": [
        sys.executable,
        "-c",
        "import typer, pydantic\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)",
    ],
    "import typer, pydantic, stdnum.cn.uscc": [sys.executable, "-c", "import typer, pydantic, stdnum.cn.uscc"],
    "jzai --version": [sys.executable, "-m", "jzai_cli", "--version"],
    "jzai --help": [sys.executable, "-m", "jzai_cli", "--help"],
    "jzai explain 8": [sys.executable, "-m", "jzai_cli", "explain", "8"],
    "jzai check examples/ai-software-firm.toml": [
        sys.executable,
        "-m",
        "jzai_cli",
        "check",
        "examples/ai-software-firm.toml",
    ],
    # the same without rich: the JSON document
    "jzai check examples/ai-software-firm.toml -f json": [
        sys.executable,
        "-m",
        "jzai_cli",
        "check",
        "examples/ai-software-firm.toml",
        "-f",
        "json",
    ],
}


def timed(command: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    """Wall and CPU seconds of one run of `command` (`python -m jzai_cli` runs the checkout `cwd`)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=21, help="runs per command")
    parser.add_argument("--no-policy-cache", action="store_true", help="run jzai with JZAI_CACHE_DIR=off")
    parser.add_argument("--against", type=Path, metavar="DIR", help="also run the jzai commands of this checkout")
    args = parser.parse_args()
    commands = {name: (command, ROOT) for name, command in COMMANDS.items()}
    if args.against is not None:
        for name, command in COMMANDS.items():
            if name.startswith("jzai "):
                commands[f"{name} ({args.against})"] = (command, args.against.resolve())
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cache = tempfile.mkdtemp(prefix="jzai-startup-")  # mode 700, as the policy cache wants it
    env["JZAI_CACHE_DIR"] = "off" if args.no_policy_cache else cache
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    try:
        for command, cwd in commands.values():
            timed(command, env, cwd)  # writes the bytecode and the policy cache
        for _ in range(args.n):
            for name, (command, cwd) in commands.items():
                runs[name].append(timed(command, env, cwd))
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    wall = {name: statistics.median(w for w, _ in times) for name, times in runs.items()}
    cpu = {name: statistics.median(c for _, c in times) for name, times in runs.items()}
    print(f"medians of {args.n} runs in turn{', policy cache off' if args.no_policy_cache else ''}\n")
    print("| command | wall s | × floor | CPU s | × floor |")
    print("|---|---:|---:|---:|---:|")
    for name in commands:
        print(
            f"| `{name}` | {wall[name]:.3f} | {wall[name] / wall[FLOOR]:.2f} | {cpu[name]:.3f} | {cpu[name] / cpu[FLOOR]:.2f} |"
        )


if __name__ == "__main__":
    main()
