"""Build small applicant workbooks for the review and diff tests: one dict
per applicant (keys are the Chinese headers of 申请人信息) and its events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

# Valid unified social credit codes (check digits verified by the facts model).
CODES = ["91410800MA9K3T2B51", "91410811MA9LX0QH2Q", "91410804MA9NW6E17K", "91410821MA9H0U2K6L"]

PASSING = {
    "评估年度": 2026,
    "申请人类型": "企业",
    "企业规模": "小型",
    "人工智能领域": "智能软件",
    "在焦作市正常经营": "是",
    "依法纳税": "是",
    "纳入焦作统计": "是",
}
EVENT_HEADERS = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期", "获奖等次"]


def write(path: Path, applicants: list[dict[str, Any]], events: list[list[Any]] = ()) -> Path:
    """`applicants` rows over PASSING; `events` rows in EVENT_HEADERS order."""
    book = Workbook()
    main = book.active
    main.title = "申请人信息"
    rows = [{**PASSING, **a} for a in applicants]
    headers = list(dict.fromkeys(h for row in rows for h in row))
    main.append(headers)
    for row in rows:
        main.append([row.get(h) for h in headers])
    sheet = book.create_sheet("认定与获奖")
    sheet.append(EVENT_HEADERS)
    for event in events:
        sheet.append(list(event))
    book.save(path)
    return path


def three_applicants(path: Path) -> Path:
    """A: provincial 数据要素× first prize (8.4); B: provincial 专精特新 (3.3) and
    Henan data enterprise (3.5); C: nothing payable. All in 2026."""
    return write(
        path,
        [
            {"申请人名称": "甲数据公司", "统一社会信用代码": CODES[0]},
            {"申请人名称": "乙软件公司", "统一社会信用代码": CODES[1]},
            {"申请人名称": "丙科技公司", "统一社会信用代码": CODES[2]},
        ],
        [
            [CODES[0], "“数据要素×”大赛奖项", "省级", "工业赛道", "2026-05-01", 1],
            [CODES[1], "专精特新中小企业", "省级", "专精特新", "2026-03-01", None],
            [CODES[1], "河南省数据企业", "省级", "数据企业", "2026-04-01", None],
        ],
    )
