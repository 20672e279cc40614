"""The quick paths of the total-row and note-row test and of the credit-code key give
the answers of the full ones."""

from __future__ import annotations

import datetime as dt

import pytest

from jzai_cli.money import normalise_text
from jzai_cli.readers.rows import _TOTAL_FIRST, NOTE_ROW, _is_total, _is_total_row


def full_test(cells, key_index):
    """The test as it reads without its quick path: every cell to `_is_total`."""
    if any(_is_total(c) for c in cells):
        return True
    first = next((c for c in cells if c not in ("", None)), None)
    if not isinstance(first, str):
        return False
    keyless = (
        key_index is None or key_index >= len(cells) or cells[key_index] in ("", None) or cells[key_index] is first
    )
    return keyless and NOTE_ROW.match(normalise_text(first)) is not None


def test_the_quick_test_of_total_cells_knows_every_space():
    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert spaces | set("TtSs") == _TOTAL_FIRST


@pytest.mark.parametrize(
    "cells",
    [
        ["91410800MA0000001X", "专精特新中小企业", "省级", "2026年专精特新1", dt.date(2026, 5, 20)],
        ["", "合计", "", 1200.0],
        ["", " 合计：", None],
        ["\u3000总计（万元）", 5.0],
        ["Total", 3.0],
        [" total ", 3.0],
        ["\tSubtotal", 1.0],
        ["Sum:", 1.0],
        ["Smart Tech Co", "91410800MA0000001X", 2.0],
        ["注：金额单位为元", "", ""],
        ["注1：以上数据截至年底", ""],
        ["填表人：张三", "", "91410800MA0000001X"],
        ["NOTE: ascii", ""],
        ["＊注：全角星号", ""],
        ["\u3000", "\u2003", ""],
        [2026.0, "焦作第1号智能科技有限公司", "91410800MA0000001X", "企业"],
        ["ＴＯＴＡＬ", 1.0],
        ["本页合计", 1.0],
        ["S", "s", "t", "T"],
        [],
    ],
)
@pytest.mark.parametrize("key_index", [None, 0, 2, 9])
def test_the_quick_path_answers_as_the_full_test(cells, key_index):
    assert _is_total_row(cells, key_index) == full_test(cells, key_index)


@pytest.mark.parametrize(
    "value", ["91410800MA0000001X", "91410800ma0000001x", "9141-0800", " 91410800 ", "９１４１０８００", "", "x"]
)
def test_a_credit_code_key_is_the_same_by_the_quick_path(value):
    from jzai_cli.readers.cells import link_key

    assert link_key(value) == (normalise_text(value).replace("-", "").upper() or None)
