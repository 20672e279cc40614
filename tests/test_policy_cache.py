"""A start reads the checked policy of an unchanged folder from the cache,
and never a stale one: a folder edited in any way is loaded and checked
afresh; an entry that is damaged, under another key or writable by others
is not trusted; a cache that cannot be written changes nothing."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jzai_cli import policy as policy_mod
from jzai_cli import policy_cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("JZAI_CACHE_DIR", str(folder))
    policy_mod._load.cache_clear()  # what this process loaded before is not what is tested
    yield folder
    policy_mod._load.cache_clear()


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "policy"
    shutil.copytree(policy_mod.default_data_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def fresh_start(folder: Path, chosen: tuple[tuple[str, str], ...] = ()):
    """Load as a new process would: nothing kept in memory."""
    policy_mod._load.cache_clear()
    return policy_mod.load(folder, chosen)


def no_build(monkeypatch):
    def refuse(*args):
        raise AssertionError("loaded from the files, not from the cache")

    monkeypatch.setattr(policy_mod, "_build", refuse)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_second_start_reads_the_same_policy_from_the_cache(cache, copy, monkeypatch):
    first = fresh_start(copy)
    assert len(list(cache.glob("*.pickle"))) == 1
    no_build(monkeypatch)
    second = fresh_start(copy)
    assert second == first
    assert second.clause("3.3").params.amount.yuan == 500_000
    assert second.clauses == first.clauses


def test_each_choice_of_readings_has_its_own_entry(cache, copy, monkeypatch):
    fresh_start(copy)
    fresh_start(copy, (("D1", "literal"),))
    no_build(monkeypatch)
    # 8.4 first prize: 5万元 by default (D1=ceiling), 5元 as literally written
    assert fresh_start(copy).clause("8.4").params.amounts[1].yuan == 50_000
    assert fresh_start(copy, (("D1", "literal"),)).clause("8.4").params.amounts[1].yuan == 5


def test_a_folder_edited_after_it_was_cached_is_checked_again_and_refused(cache, copy):
    fresh_start(copy)
    edit(
        copy / "articles" / "art03.toml",
        'level = "provincial"\namount = "50万元"',
        'level = "provincial"\namount = "60万元"',
    )
    with pytest.raises(policy_mod.PolicyDataError) as caught:
        fresh_start(copy)
    assert [f"{p.where} {p.field}" for p in caught.value.problems] == ["clause 3.3 params.amount"]


def test_an_edit_that_keeps_the_folder_valid_is_seen(cache, copy):
    before = fresh_start(copy)
    edit(copy / "policy.toml", f'version = "{before.meta.version}"', 'version = "edited"')
    assert fresh_start(copy).meta.version == "edited"


def test_a_file_added_to_the_folder_changes_the_key(cache, copy):
    key, _ = policy_cache.cache_key(copy, ())
    (copy / "articles" / "notes.txt").write_text("x", encoding="utf-8")
    assert policy_cache.cache_key(copy, ())[0] != key


def test_a_damaged_entry_is_rebuilt(cache, copy):
    policy = fresh_start(copy)
    (entry,) = cache.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert fresh_start(copy) == policy
    key, _ = policy_cache.cache_key(copy, ())
    assert policy_cache.read(key) == policy  # written again, whole


def test_an_entry_under_another_key_is_not_read(cache, copy):
    fresh_start(copy)
    (entry,) = cache.glob("*.pickle")
    shutil.copyfile(entry, cache / f"{'0' * 64}.pickle")
    os.chmod(cache / f"{'0' * 64}.pickle", 0o600)
    assert policy_cache.read("0" * 64) is None


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_a_cache_others_may_write_is_neither_read_nor_written(cache, copy):
    fresh_start(copy)
    key, _ = policy_cache.cache_key(copy, ())
    assert policy_cache.read(key) is not None
    (cache / f"{key}.pickle").chmod(0o666)
    assert policy_cache.read(key) is None
    (cache / f"{key}.pickle").chmod(0o600)
    cache.chmod(0o777)
    assert policy_cache.read(key) is None
    (cache / f"{key}.pickle").unlink()
    fresh_start(copy)
    assert not (cache / f"{key}.pickle").exists()


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, monkeypatch, copy):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    monkeypatch.setenv("JZAI_CACHE_DIR", str(tmp_path / "a-file" / "cache"))
    assert fresh_start(copy).clause("3.3").params.amount.yuan == 500_000


def test_off_writes_nothing(tmp_path, monkeypatch, copy):
    monkeypatch.setenv("JZAI_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    fresh_start(copy)
    assert policy_cache.cache_dir() is None
    assert not (tmp_path / "xdg").exists()
