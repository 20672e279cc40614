"""Where the seconds of one command go, process by process: run it, read the
CPU seconds (user + system) of every process of its tree from /proc twice a
second, and print what each one used in every step of the run (Linux only).

    python benchmarks/timeline.py -- jzai batch benchmarks/.cache/applicants-100000.xlsx -o /tmp/out.xlsx --force

A column is a process, in the order they started (for `jzai batch` to a
workbook: the main process, the writer, then the evaluating workers); a row
is a step of `--step` seconds, the figure what that process used of it (on
two cores a step of 5 s holds at most 10 s). A phase where one process works
alone is a phase the other core sits idle.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_of_tree(root: int) -> dict[int, float]:
    """CPU seconds of `root` and every process below it, by pid."""
    parents: dict[int, tuple[int, float]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as handle:
                stat = handle.read()
        except OSError:  # it ended meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, (parent, _) in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return {pid: parents[pid][1] for pid in tree if pid in parents}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--step", type=float, default=5.0, help="seconds a row of the table covers")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[int, float] = {}  # a process's last reading: it keeps its CPU after it ends
    samples: list[tuple[float, dict[int, float]]] = []
    while process.poll() is None:
        time.sleep(0.5)
        seen.update(cpu_of_tree(process.pid))
        samples.append((time.perf_counter() - started, dict(seen)))
    wall = time.perf_counter() - started
    pids = sorted(seen)
    print(f"{' '.join(command)}\nwall {wall:.1f} s, exit code {process.returncode}, CPU s by process {pids}")
    print("   until  " + " ".join(f"{n:>7}" for n in range(len(pids))))
    before: dict[int, float] = {}
    mark = args.step
    for index, (at, reading) in enumerate(samples):
        if at >= mark or index == len(samples) - 1:
            print(f"{at:7.1f} s " + " ".join(f"{reading.get(p, 0) - before.get(p, 0):7.1f}" for p in pids))
            before, mark = reading, mark + args.step
    print("  total  " + " ".join(f"{seen[p]:7.1f}" for p in pids))
    sys.exit(process.returncode)


if __name__ == "__main__":
    main()
