"""Where the CPU of `jzai check FILE` goes, step by step, in one process.

Each run is a fresh process that does what `jzai check FILE` does, in the
same order, and reads its CPU clock (`time.process_time`) after each step;
the table gives the median of each step over N runs and its ratio to the
floor `python -c "import typer, pydantic"`: the interpreter's start (the CPU
of a whole `python -c pass`, measured in turn with the runs; it comes before
the clock starts) and the first step. The policy is read from a cache folder
of the benchmark's own, written by a first untimed run.

    python benchmarks/startup_phases.py [-n 11] [FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEPS = r"""
import io, json, sys, time
clock = time.process_time
marks = [("start", clock())]
def mark(name):
    marks.append((name, clock()))
import typer, pydantic
mark("import typer, pydantic (the floor's imports)")
from jzai_cli import cli
mark("import jzai_cli.cli and cli_app")
from typer.main import get_command
check = get_command(cli.app).commands["check"]
mark("Typer builds the group and the check command")
import pydantic.main, typer._adapters
pydantic.TypeAdapter(int)
mark("pydantic's model machinery (BaseModel, TypeAdapter, plugin loader)")
check.make_context("check", [FILE])
mark("click parses check's arguments through Typer's TypeAdapters")
import jzai_cli.errors, jzai_cli.i18n, jzai_cli.policy, jzai_cli.policy_model, jzai_cli.result, jzai_cli.rules
mark("import jzai's policy model, rules, result, i18n, errors")
import jzai_cli.facts
mark("import jzai's facts models")
from jzai_cli.cli_app import load_policy
policy = load_policy(None, None, "zh")
mark("the policy from its cache (key, read, unpickle)")
from jzai_cli.engine import evaluate
from jzai_cli.readers.facts_file import read_facts
from jzai_cli.readers.pick import is_workbook
mark("import jzai's readers and engine")
import stdnum.cn.uscc
mark("import python-stdnum (stdnum.util imports ssl and pydoc)")
facts = read_facts(FILE, input_format="auto", stdin_bytes=None, max_bytes=5 << 20, clauses={c.id for c in policy.clauses})
mark("read the file, build the Facts validator, validate")
result = evaluate(policy, facts, None)
mark("evaluate")
import rich.console, rich.panel, rich.table, rich.text
mark("import rich (console, table, panel, text)")
from jzai_cli.render.check_table import render_check
from jzai_cli.render.common import console
mark("import jzai's check renderer")
out = console()
out.file = io.StringIO()
out.print(render_check(result, policy, "zh"))
mark("rich lays out and prints the tables")
print(json.dumps(marks))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=11, help="runs")
    parser.add_argument("file", nargs="?", default="examples/ai-software-firm.toml")
    args = parser.parse_args()
    cache = tempfile.mkdtemp(prefix="jzai-startup-")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["JZAI_CACHE_DIR"] = cache
    code = f"FILE = {args.file!r}\n{STEPS}"
    runs = []
    starts = []
    try:
        for _ in range(args.n + 1):  # the first writes the bytecode and the policy cache
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, "-c", "pass"], check=True, env=env, cwd=ROOT)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            starts.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
            done = subprocess.run(
                [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env, cwd=ROOT
            )
            marks = json.loads(done.stdout.strip().splitlines()[-1])
            runs.append([(name, marks[i][1] - marks[i - 1][1]) for i, (name, _) in enumerate(marks) if i])
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    runs = runs[1:]
    start = statistics.median(starts[1:])
    medians = [("the interpreter's start (python -c pass)", start)]
    medians += [(name, statistics.median(run[i][1] for run in runs)) for i, (name, _) in enumerate(runs[0])]
    floor = medians[0][1] + medians[1][1]
    print(f"CPU medians of {args.n} runs, one process each; floor: the first two steps\n")
    print("| step | CPU ms | × floor |")
    print("|---|---:|---:|")
    for name, seconds in medians:
        print(f"| {name} | {seconds * 1000:.1f} | {seconds / floor:.2f} |")
    total = sum(seconds for _, seconds in medians)
    print(f"| all steps | {total * 1000:.1f} | {total / floor:.2f} |")


if __name__ == "__main__":
    main()
