"""The policy data ships inside the installed package: a non-editable
install, run from another directory, finds it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import processes
import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        cwd=out,
    )
    return next(out.glob("jzai-*.whl"))


def test_the_wheel_carries_the_policy_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "jzai_cli/data/policy.toml" in names
    assert "jzai_cli/data/readings.toml" in names
    assert "jzai_cli/data/jiaozuo-ai-measures-draft.txt" in names
    assert {f"jzai_cli/data/articles/art{n:02d}.toml" for n in range(1, 11)} <= names


def test_the_wheel_carries_the_json_schemas(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"jzai_cli/schemas/{name}.schema.json" for name in ("facts", "check", "batch", "plan")} <= names


def test_an_installed_copy_checks_an_example_from_another_directory(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    example = (ROOT / "examples" / "ai-park.toml").read_text(encoding="utf-8")
    run = processes.run(
        ["check", "-", "--format", "json"],
        elsewhere,
        stdin=example.encode("utf-8"),
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"},
    )
    assert run.code == 0, run.stderr
    document = json.loads(run.stdout)
    # ai-park.toml: 4.2 200,000 + 7.1 500,000
    assert document["total_yuan"] == 700_000
    shown = subprocess.run(
        [sys.executable, "-m", "jzai_cli", "schema", "check"],
        check=False,
        capture_output=True,
        cwd=elsewhere,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "PYTHONSAFEPATH": "1"},
    )
    assert shown.returncode == 0, shown.stderr.decode()
    assert json.loads(shown.stdout)["title"] == "jzai check document"
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import jzai_cli.data, os; print(os.path.dirname(jzai_cli.data.__file__))"],
            check=False,
            capture_output=True,
            text=True,
            cwd=elsewhere,
            env={"PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"},
        ).stdout
    )
