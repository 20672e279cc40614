"""Loads and validates the policy data (`data/`): articles, clauses, readings.

The data ships inside the installed package as `jzai_cli.data`; `--policy
PATH` may point at another folder of the same layout (a revised version).
Clause parameters are validated against the parameter model of the clause's
rule, so a typo in the data fails at load time with the file and clause.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .policy_model import (
    CHINESE_NUMERALS,
    Amount,
    Article,
    Clause,
    Evidence,
    GateCondition,
    Guidance,
    Label,
    Meta,
    MoneyParam,
    PatchStep,
    Policy,
    Rate,
    RateParam,
    Reading,
    ReadingOption,
    Threshold,
    ThresholdParam,
    chinese_number,
)
from .rules import RULES
from .said import Said

__all__ = [  # the model is re-exported: the rest of jzai imports it from here
    "CHINESE_NUMERALS",
    "Amount",
    "Article",
    "Clause",
    "DataProblem",
    "Evidence",
    "GateCondition",
    "Guidance",
    "Label",
    "Meta",
    "MoneyParam",
    "PatchStep",
    "Policy",
    "PolicyDataError",
    "Rate",
    "RateParam",
    "Reading",
    "ReadingOption",
    "Threshold",
    "ThresholdParam",
    "article_texts",
    "check_policy",
    "chinese_number",
    "default_data_dir",
    "export",
    "load",
    "numbers_of",
    "written_number",
]


class PolicyDataError(Exception):
    """The policy data itself is broken: each problem names the file or the
    clause, the field, and what is wrong."""

    def __init__(self, problems: list[DataProblem] | str) -> None:
        if isinstance(problems, str):
            problems = [DataProblem("", "", problems)]
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong with a policy data folder."""

    where: str  # a file, "clause 3.3", "reading D1"
    field: str  # "quote", "params.amount", "options.literal.patch" …
    message: str

    def __str__(self) -> str:
        return " ".join(part for part in (self.where, self.field) if part) + f": {self.message}"


def article_texts(source: str) -> dict[int, str]:
    """Split the source into its articles, keyed by number."""
    texts: dict[int, str] = {}
    pattern = re.compile(r"^第([一二三四五六七八九十]+)条\s*(.*)$")
    for line in source.splitlines():
        match = pattern.match(line.strip())
        if match:
            number = CHINESE_NUMERALS.index(match[1]) if len(match[1]) == 1 else 10
            texts[number] = f"第{match[1]}条 {match[2].strip()}"
    return texts


def _set(target: dict[str, Any], path: str, value: Any) -> None:
    """Set `path` (dotted) in `target`; every key on the way must exist."""
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    if keys[-1] not in target:
        raise KeyError(keys[-1])
    target[keys[-1]] = value


def _patched(raw_clause: dict[str, Any], steps: list[PatchStep]) -> dict[str, Any]:
    """A copy of a clause's data with a reading option's patch applied."""
    out = copy.deepcopy(raw_clause)
    for step in steps:
        if step.param in out and step.param != "params":
            out[step.param] = step.value
        else:
            _set(out.setdefault("params", {}), step.param, step.value)
    return out


def default_data_dir() -> Path:
    """The shipped data: `jzai_cli.data` when installed, `data/` in a checkout."""
    try:
        return Path(str(resources.files("jzai_cli.data")))
    except ModuleNotFoundError:  # pragma: no cover - running from a source tree
        return Path(__file__).resolve().parent.parent / "data"


DATA_FILES = ("*.toml", "*.txt", "articles/*.toml")  # what a policy folder holds (as packaged)


def export(target: Path) -> list[Path]:
    """Write the shipped policy data into `target` (new or empty) to edit into
    another version; the files written. Written whole or not at all: into a
    temporary folder beside `target`, renamed when complete."""
    import shutil
    import tempfile

    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(str(target))
    source = default_data_dir()
    files = sorted({p.relative_to(source) for pattern in DATA_FILES for p in source.glob(pattern)})
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name in files:
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / name, staging / name)
        staging.chmod(0o777 & ~_umask())
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name in files]


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


def load(data_dir: Path | None = None, chosen: tuple[tuple[str, str], ...] = ()) -> Policy:
    """The policy of `data_dir` (the shipped draft by default) under the
    readings `chosen` (pairs of reading id and option id)."""
    return _load(str(data_dir or default_data_dir()), chosen)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise PolicyDataError(
            [
                DataProblem(
                    str(path),
                    "",
                    Said(f"无法读取：{error.strerror or error}", f"cannot read: {error.strerror or error}"),
                )
            ]
        ) from error
    except tomllib.TOMLDecodeError as error:
        raise PolicyDataError(
            [DataProblem(str(path), "", Said(f"TOML 语法错误：{error}", f"syntax error: {error}"))]
        ) from error


def _errors(error: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors(include_url=False))


@lru_cache(maxsize=8)
def _load(data_dir_text: str, chosen: tuple[tuple[str, str], ...]) -> Policy:
    """The policy from the cache when the folder, the readings and the code
    are those it was checked with (policy_cache.py); else loaded, checked and cached."""
    from . import policy_cache

    data_dir = Path(data_dir_text)
    try:
        key, covered = policy_cache.cache_key(data_dir, chosen)
    except OSError:  # a folder that cannot be read is told by the loader
        return _build(data_dir, chosen)
    policy = policy_cache.read(key)
    if policy is None:
        policy = _build(data_dir, chosen)
        policy.clauses  # noqa: B018 - computed once, kept with the entry
        if (data_dir / policy.meta.text).resolve() in covered:  # the text is part of the key
            policy_cache.write(key, policy)
    return policy


def _build(data_dir: Path, chosen: tuple[tuple[str, str], ...]) -> Policy:
    try:
        meta = Meta(**_read_toml(data_dir / "policy.toml"))
    except ValidationError as error:
        raise PolicyDataError([DataProblem(str(data_dir / "policy.toml"), "", _errors(error))]) from error
    try:
        source = (data_dir / meta.text).read_text(encoding="utf-8")
    except (OSError, UnicodeError) as error:
        raise PolicyDataError(
            [
                DataProblem(
                    str(data_dir / meta.text),
                    "",
                    Said(f"无法读取政策原文：{error}", f"cannot read the policy text: {error}"),
                )
            ]
        ) from error
    texts = article_texts(source)
    problems: list[DataProblem] = []

    readings: dict[str, Reading] = {}
    for raw in _read_toml(data_dir / "readings.toml").get("readings", []):
        where = f"reading {raw.get('id', '?')}"
        try:
            reading = Reading(**raw)
        except ValidationError as error:
            problems.append(DataProblem(where, "", _errors(error)))
            continue
        if reading.id in readings:
            problems.append(DataProblem(where, "id", Said("编号重复", "the id is used twice")))
        readings[reading.id] = reading
    chosen_map = dict(chosen)
    for reading_id, option_id in chosen_map.items():
        if reading_id not in readings:
            raise KeyError(reading_id)
        readings[reading_id].option(option_id)

    guidance = Guidance()
    if (data_dir / "evidence.toml").exists():
        try:
            guidance = Guidance(**_read_toml(data_dir / "evidence.toml"))
        except ValidationError as error:
            problems.append(DataProblem(str(data_dir / "evidence.toml"), "", _errors(error)))

    raw_articles = [(p, _read_toml(p)) for p in sorted((data_dir / "articles").glob("art*.toml"))]
    if not raw_articles:
        raise PolicyDataError(
            [DataProblem(str(data_dir / "articles"), "", Said("找不到 art*.toml 条文文件", "no article files"))]
        )
    raw_clauses = {c.get("id"): c for _, raw in raw_articles for c in raw.get("clauses", [])}
    # Every option's patch must apply to its clause, not only the options in force.
    patches: dict[str, list[PatchStep]] = {}
    for reading in readings.values():
        in_force = chosen_map.get(reading.id, reading.default)
        for option in reading.options:
            for step in option.patch:
                where = f"reading {reading.id}"
                field_name = f"options.{option.id}.patch"
                if step.clause not in raw_clauses:
                    problems.append(
                        DataProblem(where, field_name, Said(f"条款 {step.clause} 不存在", "no such clause"))
                    )
                    continue
                try:
                    _patched(raw_clauses[step.clause], [step])
                except (KeyError, TypeError):
                    problems.append(
                        DataProblem(
                            where,
                            field_name,
                            Said(f"条款 {step.clause} 没有参数 {step.param!r}", "the clause has no such parameter"),
                        )
                    )
                    continue
                if option.id == in_force:
                    patches.setdefault(step.clause, []).append(step)

    articles = []
    seen: set[str] = set()
    for path, raw in raw_articles:
        head = raw.get("article", {})
        clauses: list[Clause] = []
        for raw_clause in raw.get("clauses", []):
            clause_id = raw_clause.get("id")
            where = f"clause {clause_id}"
            if clause_id in seen:
                problems.append(DataProblem(where, "id", Said("编号重复", f"the id is used twice; {path.name}")))
            seen.add(clause_id)
            try:
                patched = _patched(raw_clause, patches.get(clause_id, []))
            except (KeyError, TypeError):
                continue  # told above, with the reading
            rule = RULES.get(patched.get("rule", ""))
            if rule is None:
                problems.append(
                    DataProblem(
                        where,
                        "rule",
                        Said(
                            f"未知的计算规则 {patched.get('rule')!r}；可用：{', '.join(RULES)}",
                            f"unknown rule {patched.get('rule')!r}; known: {', '.join(RULES)}",
                        ),
                    )
                )
                continue
            try:
                params = rule.params.model_validate(patched.pop("params", {}))
            except (ValidationError, ValueError) as error:
                detail = _errors(error) if isinstance(error, ValidationError) else str(error)
                problems.append(DataProblem(where, "params", detail))
                continue
            try:
                clauses.append(
                    Clause(
                        article=head.get("number"),
                        params=params,
                        evidence=guidance.clauses.get(clause_id, ()),
                        **patched,
                    )
                )
            except (ValidationError, ValueError, TypeError) as error:
                detail = _errors(error) if isinstance(error, ValidationError) else str(error)
                problems.append(DataProblem(where, "", detail))
        try:
            articles.append(Article(**head, text=texts.get(head.get("number"), ""), clauses=tuple(clauses)))
        except (ValidationError, TypeError) as error:
            detail = _errors(error) if isinstance(error, ValidationError) else str(error)
            problems.append(DataProblem(f"article {head.get('number')}", "", f"{path.name}: {detail}"))
    if problems:
        raise PolicyDataError(problems)
    articles.sort(key=lambda a: a.number)
    policy = Policy(
        meta=meta, source_text=source, articles=tuple(articles), readings=readings, chosen=chosen_map, guidance=guidance
    )
    problems = check_policy(policy)
    if problems:
        raise PolicyDataError(problems)
    return policy


# --- what a policy folder must hold to be loaded ------------------------------

_DIGITS = re.compile(r"(\d+(?:\.\d+)?)\s*(万)?")
_NUMERAL_WORDS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EXCLUSIVE_WORDS = ("超过", "低于", "不满", "不足")
_INCLUSIVE_WORDS = ("以上", "以下", "以内", "内", "不超过", "达到")


def numbers_of(value: Any, path: str = "params") -> Iterator[tuple[str, Amount | Rate | Threshold]]:
    """Every amount, rate and threshold inside a clause's parameters, with its path."""
    if isinstance(value, (Amount, Rate, Threshold)):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from numbers_of(getattr(value, name), f"{path}.{name}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from numbers_of(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from numbers_of(item, f"{path}.{index}")


def written_number(text: str) -> Decimal | None:
    """The number a threshold's words write: "超过5000万元" → 50,000,000; "两年内" → 2."""
    found = _DIGITS.search(text)
    if found:
        return Decimal(found[1]) * (Decimal(10_000) if found[2] else 1)
    for char in text:
        if char in _NUMERAL_WORDS:
            return Decimal(_NUMERAL_WORDS[char])
    return None


def _is_fact_path(path: str) -> bool:
    """Whether a dotted path (`graduates.contract_start`) names a field of the facts format."""
    from .errors import inner_model
    from .facts import Facts

    model: Any = Facts
    for name in path.split("."):
        if model is None or name not in model.model_fields:
            return False
        model = inner_model(model.model_fields[name].annotation)
    return True


# Rules whose awards are "up to" a ceiling (最高 X: the sum is set on review), 8.6–8.8: their
# clauses' words must say 最高, or what is paid and said would not be what the text says.
UP_TO_RULES = frozenset({"listing", "trade_volume", "cross_border"})


def check_policy(policy: Policy) -> list[DataProblem]:
    """What is wrong with a loaded policy: quotes not in the source text, a
    number not written in its quote, a threshold whose value or
    inclusiveness is not what its words say, readings that name nothing."""
    problems: list[DataProblem] = []
    source = policy.source_text
    clause_ids = {c.id for c in policy.clauses}
    for clause in policy.clauses:
        where = f"clause {clause.id}"
        if clause.quote not in source:
            problems.append(
                DataProblem(where, "quote", Said("原文中找不到这句引文", "the quote does not stand in the policy text"))
            )
        for path, number in numbers_of(clause.params):
            if number.text not in clause.quote:
                problems.append(
                    DataProblem(
                        where, path, Said(f"“{number.text}”不在本条引文中", "not written in the clause's quote")
                    )
                )
            if isinstance(number, Threshold):
                written = written_number(number.text)
                if written is not None and written != number.value:
                    problems.append(
                        DataProblem(
                            where,
                            f"{path}.value",
                            Said(
                                f"“{number.text}”写的是 {written:,}，数据为 {number.value:,}",
                                f"the words say {written:,}",
                            ),
                        )
                    )
                words = number.text.replace("不超过", "以内")
                if any(w in words for w in _EXCLUSIVE_WORDS) and number.inclusive:
                    problems.append(
                        DataProblem(
                            where,
                            f"{path}.inclusive",
                            Said(f"“{number.text}”不含本数，应为 inclusive = false", "the words exclude the number"),
                        )
                    )
                elif (
                    not any(w in words for w in _EXCLUSIVE_WORDS)
                    and any(w in words for w in _INCLUSIVE_WORDS)
                    and not number.inclusive
                ):
                    problems.append(
                        DataProblem(
                            where,
                            f"{path}.inclusive",
                            Said(f"“{number.text}”含本数，应为 inclusive = true", "the words include the number"),
                        )
                    )
        if clause.rule in UP_TO_RULES and "最高" not in clause.quote:
            # the rule pays an amount "up to" its ceiling, set on review (最高 X): words that say otherwise
            # (不超过 X, a fixed sum) would be computed and told as 最高 without a word
            problems.append(
                DataProblem(
                    where,
                    "quote",
                    Said(
                        f"规则“{clause.rule}”按“最高……（以审核为准）”计算和表述，而本条引文没有“最高”；请改用相应的规则，或扩展规则",
                        f"the rule {clause.rule!r} pays and tells an amount up to a ceiling, set on review (最高), "
                        "and the quote has no 最高: use a rule that pays what the words say, or extend this one",
                    ),
                )
            )
        for reading_id in clause.readings:
            if reading_id not in policy.readings:
                problems.append(DataProblem(where, "readings", Said(f"解读 {reading_id} 不存在", "no such reading")))
    for clause_id in policy.guidance.clauses:
        if clause_id not in clause_ids:
            problems.append(
                DataProblem("evidence.toml", f"clauses.{clause_id}", Said(f"条款 {clause_id} 不存在", "no such clause"))
            )
    items = [(f"clauses.{c}", e) for c, evidence in policy.guidance.clauses.items() for e in evidence]
    for where, item in items + [("gate", e) for e in policy.guidance.gate]:
        for path in item.facts:
            if not _is_fact_path(path):
                problems.append(
                    DataProblem(
                        "evidence.toml", where, Said(f"“{path}”不是事实格式中的字段", "not a field of the facts format")
                    )
                )
    for reading in policy.readings.values():
        where = f"reading {reading.id}"
        if reading.quote not in source:
            problems.append(
                DataProblem(where, "quote", Said("原文中找不到这句引文", "the quote does not stand in the policy text"))
            )
        if reading.default not in {o.id for o in reading.options}:
            problems.append(
                DataProblem(
                    where,
                    "default",
                    Said(f"默认解读 {reading.default!r} 不在选项中", "the default is not one of the options"),
                )
            )
        for clause_id in reading.clauses:
            if clause_id not in clause_ids:
                problems.append(DataProblem(where, "clauses", Said(f"条款 {clause_id} 不存在", "no such clause")))
    return problems
