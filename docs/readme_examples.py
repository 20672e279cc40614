"""The README's console examples, run for real (by cog: `cog -r -I docs README.md`).

Each `show(...)` runs a jzai command line in a shell, from the repository
root or from a scratch folder that has the files the example needs, and
writes the command and what it printed as a ``console`` block. The test
tests/test_readme.py runs `cog --check`, so an example that no longer
prints what the README shows fails the suite.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import cog

ROOT = Path(__file__).resolve().parent.parent
# Lines that change on every run (the batch summary's time and rate).
VARYING = ("用时", "速度", "elapsed", "rate")
BAD_TOML = 'year = 2026\n\n[applicant]\nname = "甲公司"\ncredit_cod = "x"\nkind = "enterprise"\n'
BAD_JSON = (
    '{\n  "applicant": {"name": "甲", "kind": "enterprise"},\n  "graduates": [\n'
    '    {"name": "张三", "graduated": "2025-06-30"},\n    {"name": "李四", "graduated": 20250630}\n  ]\n}\n'
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FORCE_COLOR", "PY_COLORS"))}
    env.update({"COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb"})
    return env


def scratch() -> Path:
    """A folder holding `examples/` (a link to the repository's), `bad.toml`,
    `company.json` and `final-policy/` (the shipped data with 3.3 at 60万元)."""
    folder = Path(tempfile.mkdtemp(prefix="jzai-readme-"))
    (folder / "examples").symlink_to(ROOT / "examples")
    (folder / "bad.toml").write_text(BAD_TOML, encoding="utf-8")
    (folder / "company.json").write_text(BAD_JSON, encoding="utf-8")
    final = folder / "final-policy"
    shutil.copytree(ROOT / "data", final, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    old, new = "给予50万元一次性奖励", "给予60万元一次性奖励"
    for name in ("articles/art03.toml", "readings.toml", "jiaozuo-ai-measures-draft.txt"):
        path = final / name
        text = path.read_text(encoding="utf-8").replace("“专精特新”中小企业" + old, "“专精特新”中小企业" + new)
        path.write_text(text, encoding="utf-8")
    art03 = final / "articles" / "art03.toml"
    art03.write_text(
        art03.read_text(encoding="utf-8").replace(
            'event_types = ["specialised_sme"]\nlevel = "provincial"\namount = "50万元"',
            'event_types = ["specialised_sme"]\nlevel = "provincial"\namount = "60万元"',
        ),
        encoding="utf-8",
    )
    policy = final / "policy.toml"
    policy.write_text(
        policy.read_text(encoding="utf-8")
        .replace('version = "draft-2026"', 'version = "final-2027"')
        .replace('status = "draft"', 'status = "final"'),
        encoding="utf-8",
    )
    return folder


def run(command: str, where: Path) -> str:
    done = subprocess.run(
        command, shell=True, cwd=where, env=_env(), check=False, capture_output=True, text=True, timeout=300
    )
    lines = (done.stdout + done.stderr).splitlines()
    return "\n".join(line.rstrip() for line in lines if not line.lstrip().startswith(VARYING))


def show(*commands: str, head: int | None = None, quiet: tuple[str, ...] = ()) -> None:
    """A console block: each command (`$ …`) and its output; `head` keeps the
    first lines of a long output (marked …); commands in `quiet` are shown
    without their output."""
    where = scratch()
    try:
        out = ["```console"]
        for command in commands:
            out.append(f"$ {command}")
            text = run(command, where)
            if command in quiet:
                continue
            lines = text.splitlines()
            if head is not None and len(lines) > head:
                lines = lines[:head] + ["…"]
            out.extend(lines)
        out.append("```")
        cog.outl("\n".join(out))
    finally:
        shutil.rmtree(where, ignore_errors=True)


def excerpt(command: str, start: str, end: str, fence: str = "console") -> None:
    """The part of a command's output from the line starting `start` up to
    (not including) the line starting `end`."""
    where = scratch()
    try:
        lines = run(command, where).splitlines()
        first = next(i for i, line in enumerate(lines) if line.startswith(start))
        last = next((i for i, line in enumerate(lines) if i > first and line.startswith(end)), len(lines))
        body = lines[first:last]
        while body and not body[-1].strip():
            body.pop()
        cog.outl("\n".join([f"```{fence}", *body, "```"]))
    finally:
        shutil.rmtree(where, ignore_errors=True)
