"""Shared helpers: build facts from a dict and run the engine on them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from jzai_cli import policy as policy_mod
from jzai_cli.engine import evaluate
from jzai_cli.readers.toml_reader import facts_from_dict
from jzai_cli.render import json_doc
from jzai_cli.result import Award, Result

# A Jiaozuo AI enterprise that passes every condition of 第二条.
BASE_APPLICANT: dict[str, Any] = {
    "name": "测试科技有限公司",
    "credit_code": "91410800MA9K3T2B51",
    "kind": "enterprise",
    "size": "small",
    "sectors": ["intelligent_software"],
    "operates_in_jiaozuo": True,
    "pays_taxes": True,
    "in_jiaozuo_statistics": True,
}


def facts(year: int = 2026, applicant: dict[str, Any] | None = None, **sections: Any):
    """Facts for a passing applicant, with `applicant` overriding its fields
    (a value of None removes the field) and `sections` added as they are."""
    base = copy.deepcopy(BASE_APPLICANT)
    for key, value in (applicant or {}).items():
        if value is None:
            base.pop(key, None)
        else:
            base[key] = value
    return facts_from_dict({"year": year, "applicant": base, **sections}, "<test>")


def run(
    year: int = 2026, readings: dict[str, str] | None = None, applicant: dict[str, Any] | None = None, **sections: Any
) -> Result:
    """Evaluate the shipped policy (with `readings` switched) on such facts."""
    policy = policy_mod.load(chosen=tuple((readings or {}).items()))
    return evaluate(policy, facts(year, applicant, **sections))


def only(result: Result, clause: str) -> list[Award]:
    """The awards of one clause."""
    return [a for a in result.awards if a.clause == clause]


def one(result: Result, clause: str) -> Award:
    """The single award of a clause (fails if there is not exactly one)."""
    awards = only(result, clause)
    assert len(awards) == 1, f"expected one award for {clause}, got {[(a.event, a.status) for a in awards]}"
    return awards[0]


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    """Render as on a 160-column terminal, whatever runs the tests (xdist
    workers report 80 columns), so line wrapping never splits what a test
    looks for."""
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture(autouse=True, scope="session")
def _policy_cache(tmp_path_factory):
    """The policy cache of the tests (and of the commands they start) is
    their own, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JZAI_CACHE_DIR", str(tmp_path_factory.mktemp("policy-cache")))
        yield


@pytest.fixture
def shipped_policy():
    return policy_mod.load()


# --- every check document a test makes matches the schema ----------------------------
# `result_doc` makes the document of `check --format json` and of each applicant
# of `batch --format json`. It is wrapped here, before any test module imports
# it, so that every document the tests make in this process is validated
# against the shipped schema (`jzai schema check`).

_VALIDATORS: dict[bool, object] = {}


def check_validator(documents: bool = True):
    """The validator of the shipped check schema, or with `documents=False`
    of the result as batch and plan carry it (built once per process)."""
    if documents not in _VALIDATORS:
        import json
        from importlib.resources import files

        from jsonschema import Draft202012Validator, FormatChecker

        def shipped(name):
            return json.loads((files("jzai_cli") / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))

        if documents:
            schema = shipped("check")
        else:
            batch = shipped("batch")
            schema = {"$schema": batch["$schema"], "$defs": batch["$defs"], "$ref": "#/$defs/ResultDoc"}
        _VALIDATORS[documents] = Draft202012Validator(schema, format_checker=FormatChecker())
    return _VALIDATORS[documents]


def _validated(make):
    def result_doc(*args, **kwargs):
        document = make(*args, **kwargs)
        found = check_validator("documents" in document).iter_errors(document)
        errors = [f"{e.json_path}: {e.message}" for e in found]
        assert not errors, "the check document does not match its schema:\n" + "\n".join(errors[:10])
        return document

    result_doc.validated = True
    return result_doc


if not getattr(json_doc.result_doc, "validated", False):
    json_doc.result_doc = _validated(json_doc.result_doc)
