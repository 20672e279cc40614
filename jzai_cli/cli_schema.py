"""`jzai schema`: the JSON Schemas of the facts file and of the JSON documents.

Imported by cli.py when the command is built. The schemas are
files shipped in the package (jzai_cli/schemas/, written by
`python -m jzai_cli.schema`), so printing one loads no model.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from .cli_app import commands


class SchemaName(str, Enum):
    facts = "facts"
    check = "check"
    batch = "batch"
    plan = "plan"


@commands.command()
def schema(
    name: Annotated[
        SchemaName,
        typer.Argument(help="facts（事实文件）、check、batch 或 plan（各命令 --format json 的文档）. Which schema."),
    ],
) -> None:
    """输出 JSON Schema（draft 2020-12）：事实文件，或 check、batch、plan 的 JSON 文档。

    Print a JSON Schema (draft 2020-12): of the facts file (JSON or TOML),
    or of the document of `jzai check`, `jzai batch` or `jzai plan` with
    --format json; see docs/json.md.

    Example: jzai schema facts > facts.schema.json
    """
    from importlib.resources import files

    sys.stdout.write((files("jzai_cli") / "schemas" / f"{name.value}.schema.json").read_text(encoding="utf-8"))
