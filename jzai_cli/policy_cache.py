"""A cache of loaded policies, so that a command does not parse and check the
same policy folder again on every start.

An entry is found by a key over everything the loaded policy depends on: the
content of every file of the policy folder (SHA-256), the readings chosen,
the versions of jzai, Python and pydantic, and the size and modification
time of the modules that define and check the policy. A folder edited in
any way has another key, so it is loaded and checked afresh; a folder that
fails its checks is never cached. An entry is a pickle, read only from a
folder and a file that are the user's own and writable by no one else; an
entry that cannot be read, or holds another key, is ignored and rebuilt.

The cache lives in `$JZAI_CACHE_DIR`, else `$XDG_CACHE_HOME/jzai`, else
`~/.cache/jzai`; `JZAI_CACHE_DIR=off` turns it off. Nothing goes wrong when it
cannot be written: the policy is then loaded as without it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from . import __version__
from .policy_model import Policy

FORMAT = 1  # raise when the layout of an entry changes
KEEP = 16  # entries kept; the oldest go first
_PACKAGE = Path(__file__).resolve().parent
_CODE = ("", "rules")  # the modules of the package and of its rules: their code shapes a loaded policy


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is off."""
    configured = os.environ.get("JZAI_CACHE_DIR")
    if configured:
        return None if configured.lower() == "off" else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return (Path(base) if base else Path.home() / ".cache") / "jzai"
    except RuntimeError:  # pragma: no cover - no home directory
        return None


def cache_key(folder: Path, chosen: tuple[tuple[str, str], ...]) -> tuple[str, frozenset[Path]]:
    """The key of a policy folder under the readings `chosen`, and the files it covers:
    every file of the folder and of its `articles/` (what a policy folder holds)."""
    import pydantic

    digest = hashlib.sha256(repr((FORMAT, __version__, sys.version, pydantic.VERSION, chosen)).encode())
    for name, stat in _files(_PACKAGE, _CODE):
        digest.update(f"code {name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    covered = []
    for name, _ in _files(folder, ("", "articles")):
        path = folder / name
        digest.update(f"data {name} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
        covered.append(path.resolve())
    return digest.hexdigest(), frozenset(covered)


def _files(root: Path, folders: tuple[str, ...]) -> list[tuple[str, os.stat_result]]:
    """The files directly in each of `folders` under `root` (names relative to `root`), sorted."""
    found = []
    for sub in folders:
        with os.scandir(root / sub) as entries:
            for entry in entries:
                if entry.is_file() and not entry.name.startswith("."):
                    found.append((f"{sub}/{entry.name}" if sub else entry.name, entry.stat()))
    return sorted(found, key=lambda item: item[0])


def _private(stat: os.stat_result) -> bool:
    """Whether a file or folder is the user's own and writable by no one else."""
    if not hasattr(os, "getuid"):  # pragma: no cover - Windows: the user's profile folder
        return True
    return stat.st_uid == os.getuid() and not stat.st_mode & 0o022


def read(key: str) -> Policy | None:
    """The policy cached under `key`, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        if not _private(os.stat(folder)):
            return None
        handle = os.open(folder / f"{key}.pickle", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as file:
            if not _private(os.fstat(file.fileno())):
                return None
            stored_key, policy = pickle.loads(file.read())
    except Exception:  # noqa: BLE001 - a damaged or foreign entry is rebuilt
        return None
    return policy if stored_key == key and isinstance(policy, Policy) else None


def write(key: str, policy: Policy) -> None:
    """Keep `policy` under `key`, whole or not at all; quietly nothing when the cache cannot be written."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder)):
            return
        data = pickle.dumps((key, policy), protocol=pickle.HIGHEST_PROTOCOL)
        import tempfile

        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, folder / f"{key}.pickle")
        except BaseException:
            os.unlink(temporary)
            raise
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        return
