"""A facts file in TOML or JSON, told apart by its name or its first character.

`auto` reads a name ending in .json as JSON and one ending in .toml as TOML;
any other name, and standard input, is JSON when its first character other
than spaces (and a byte-order mark) is `{`, which no TOML file begins with,
and TOML otherwise. Both are read within the same size limit and the same
encoding checks, into the same model.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..facts import Facts
from . import json_reader, toml_reader

FORMATS = ("auto", "toml", "json")


def format_of(name: str, data: bytes, chosen: str = "auto") -> str:
    """`toml` or `json`: the one chosen, or for `auto` by the name, then the content."""
    if chosen != "auto":
        return chosen
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix in (".json", ".toml"):
        return suffix[1:]
    start = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    return "json" if start.lstrip(b" \t\r\n").startswith(b"{") else "toml"


def read_facts(
    path: str | Path,
    *,
    input_format: str = "auto",
    stdin_bytes: bytes | None = None,
    max_bytes: int = toml_reader.MAX_TOML_BYTES,
    clauses: Collection[str] | None = None,
) -> Facts:
    """Read a TOML or JSON facts file, or `stdin_bytes` for standard input
    (`path` then names it in messages)."""
    name = str(path)
    data = toml_reader.read_bytes(path, stdin_bytes=stdin_bytes, max_bytes=max_bytes)
    facts_from_text = (
        json_reader.facts_from_text
        if format_of(name if stdin_bytes is None else "-", data, input_format) == "json"
        else toml_reader.facts_from_text
    )
    return facts_from_text(toml_reader.decode(data, name), name, clauses)
