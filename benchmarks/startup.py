"""Cold start of `jzai --version`, `jzai --help` and `jzai explain 8`.

Runs each command as a fresh process (python -m jzai_cli, so no console-script
shim is measured) and prints the median of N runs in a Markdown table.

    python benchmarks/startup.py [-n 21]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "python -c pass (floor)": [sys.executable, "-c", "pass"],
    "jzai --version": [sys.executable, "-m", "jzai_cli", "--version"],
    "jzai --help": [sys.executable, "-m", "jzai_cli", "--help"],
    "jzai explain 8": [sys.executable, "-m", "jzai_cli", "explain", "8"],
    "jzai check examples/ai-software-firm.toml": [sys.executable, "-m", "jzai_cli", "check", "examples/ai-software-firm.toml"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=21, help="runs per command")
    args = parser.parse_args()
    print("| command | median s | min s |")
    print("|---|---|---|")
    for name, command in COMMANDS.items():
        times = []
        for _ in range(args.n):
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
        print(f"| `{name}` | {statistics.median(times):.3f} | {min(times):.3f} |")


if __name__ == "__main__":
    main()
