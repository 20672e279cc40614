"""The results of `jzai batch`: a workbook, CSV or JSON.

Each format is a sink that takes one applicant at a time. The workbook
(汇总, 申请人, 明细, 拟兑现名单, 拨付明细, 错误, 重复; see docs/workbook.md) is
written by rustpy-xlsxwriter through `xlsx_fast.Table`, in a second process,
to a temporary file beside the target and renamed when whole. Text that a
spreadsheet could take for a formula (starting with =, +, -, @, a tab or a
carriage return, or their full-width forms) is written as text with Excel's
quote prefix in the workbook and behind an apostrophe in CSV. Money is whole
yuan (`int`).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .. import i18n
from ..batch import INVALID, NEEDS_REVIEW, VALID, Outcome, Summary
from ..errors import Problem
from ..policy import Policy, chinese_number
from ..result import Award, Status
from ..said import Said
from ..vocab import ApplicantKind
from .xlsx_fast import (
    EXCEL_ROWS,
    FORMULA_CHARS,
    MAX_CELL_TEXT,  # noqa: F401 - the tests and readers take it from here
    MONEY_FORMAT,
    WAN_FORMAT,
    Banner,
    Table,
    save,
)

if TYPE_CHECKING:
    from ..output import TextFile

FORMULA_START = tuple(
    FORMULA_CHARS
)  # = + - @ tab CR, and their full-width forms, which spreadsheets in CJK locales also take for formulas

STATUS_ZH = {VALID: "有效", NEEDS_REVIEW: "需复核", INVALID: "无效"}

APPLICANT_HEADERS = (
    ("行号", "row"),
    ("申请人名称", "name"),
    ("统一社会信用代码", "credit_code"),
    ("状态", "status"),
    ("确定金额（元）", "total_yuan"),
    ("最高金额（元）", "ceiling_total_yuan"),
    ("需复核金额（元）", "review_total_yuan"),
    ("待定奖励数", "undetermined"),
    ("说明", "notes"),
)
AWARD_HEADERS = (
    ("行号", "row"),
    ("申请人名称", "name"),
    ("统一社会信用代码", "credit_code"),
    ("条款", "clause"),
    ("条款名称", "title"),
    ("事项", "event"),
    ("状态", "status"),
    ("金额（元）", "amount_yuan"),
    ("方式", "kind"),
    ("领取人", "recipient"),
    ("原因", "reason"),
    (
        "金额性质",
        "basis",
    ),  # 确定 (sure) or 最高 (up to), on an award that pays (eligible or held for review, an amount over 0)
    ("收款人", "payee"),  # the graduate for 9.1 (paid to the person), else the applicant
    ("收款人类型", "payee_kind"),  # 个人 for a person, else the applicant's kind (企业, 产业园区, …)
)
BASIS = {False: ("确定", "sure"), True: ("最高", "up to")}
PROBLEM_HEADERS = (
    ("工作表", "sheet"),
    ("行号", "row"),
    ("列", "header"),
    ("值", "value"),
    ("问题", "message"),
)
SUMMARY_HEADERS = (
    ("条款", "clause"),
    ("条", "article"),
    ("名称", "title"),
    ("符合的申请人数", "eligible"),
    ("需复核的申请人数", "review"),
    ("确定金额合计（元）", "sure_yuan"),
    ("最高金额合计（元）", "ceiling_yuan"),
    ("需复核金额合计（元）", "review_yuan"),
    ("封顶次数", "caps_hit"),
    ("差一点够上的申请人数", "near_misses"),
)
MAX_NOTES = 5
CONTINUED_MESSAGE = (  # (Chinese, English), filled with the rows of a sheet and the sheets continued on
    "表格超过 Excel 每张工作表 {rows} 行的上限，续写于 {sheets}",
    "a table passes Excel's {rows} rows per sheet and continues on {sheets}",
)
CUT_MESSAGE = Said(
    "个单元格的文本超过 Excel 单元格上限 32,767 个字符，已截断（以 … 结尾）", "cell text over 32,767 characters cut"
)


t = i18n.section(
    "workbook",
    {
        "more_problems": ("…另有 {n} 处问题", "… {n} more"),
        "missing": ("缺少事实：{facts}", "missing facts: {facts}"),
        "about_yi": ("约 {n} 亿元", "about {n} yi (100 million yuan)"),
        "about_wan": ("约 {n} 万元", "about {n} wan (10,000 yuan)"),
        "sure": ("确定", "sure"),
        "up_to": ("最高", "up to"),
        "review": ("需复核", "review"),
        "semi_sep": ("；", "; "),
        "list_sep": ("、", ", "),
        "from_file": ("按文件", "from the file"),
        "see_sheet": ("见“{sheet}”表", "see {sheet}"),
        "see_sheet_by": ("见“{sheet}”表：{counts}", "see {sheet}: {counts}"),
        "sheet_count": ("{name} {n} 处", "{name} {n}"),
        "file": ("文件", "file"),
        "total": ("合计", "total"),
        "article_head": ("第N条", "article"),
        "article": ("第{cn}条", "{n}"),
        "sure_yuan": ("确定金额（元）", "sure (yuan)"),
        "up_to_yuan": ("最高金额（元）", "up to (yuan)"),
        "review_yuan": ("需复核金额（元）", "held for review (yuan)"),
    },
)


def csv_text(value: Any) -> Any:
    """A CSV cell: text that could run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def applicant_row(outcome: Outcome, lang: str = "zh") -> list[Any]:
    result = outcome.result
    if result is None:
        notes = [f"{p.where(lang)}: {p.text(lang)}" for p in outcome.problems[:MAX_NOTES]]
        if len(outcome.problems) > MAX_NOTES:
            notes.append(t("more_problems", lang, n=len(outcome.problems) - MAX_NOTES))
        return [
            outcome.row,
            outcome.name,
            outcome.credit_code,
            _status(outcome.status, lang),
            None,
            None,
            None,
            None,
            "\n".join(notes),
        ]
    undetermined = sum(1 for a in result.awards if a.status is Status.UNDETERMINED)
    missing = result.missing_facts
    notes = [i18n.text(n, lang) for n in result.notes if n.key != "no_double_dipping_rule"]
    if missing:
        notes.append(t("missing", lang, facts=", ".join(missing)))
    return [
        outcome.row,
        outcome.name,
        outcome.credit_code,
        _status(outcome.status, lang),
        result.total_yuan,
        result.ceiling_total_yuan,
        result.review_total_yuan,
        undetermined,
        "\n".join(notes),
    ]


def award_rows(outcome: Outcome, lang: str = "zh") -> list[list[Any]]:
    if outcome.result is None:
        return []
    return [_award_row(outcome, award, lang) for award in outcome.result.awards]


def _award_row(outcome: Outcome, award: Award, lang: str) -> list[Any]:
    basis = i18n.pick(*BASIS[award.ceiling], lang) if award.pays else None
    assert outcome.result is not None  # the awards are the result's
    payee_kind: str | None
    if award.recipient == "individual":  # 9.1: paid to the graduate, whom the award's event names
        payee, payee_kind = award.event or outcome.name, ApplicantKind.INDIVIDUAL.label(lang)
    else:
        kind = getattr(outcome.result.applicant, "kind", None)
        payee, payee_kind = outcome.name, kind.label(lang) if kind is not None else None
    return [
        outcome.row,
        outcome.name,
        outcome.credit_code,
        award.clause,
        i18n.pick(award.title, award.title_en, lang),
        award.event,
        i18n.label(award.status.value, lang),
        award.amount_yuan,
        i18n.label(award.kind, lang),
        i18n.label(award.recipient, lang),
        i18n.text(award.reason, lang),
        basis,
        payee,
        payee_kind,
    ]


def _status(status: str, lang: str) -> str:
    return i18n.pick(STATUS_ZH[status], status, lang)


def problem_row(problem: Problem) -> list[Any]:
    value = problem.value
    if value is not None and not isinstance(value, (str, int)):
        value = str(value)
    return [problem.sheet, problem.row, problem.header, value, problem.message]


def summary_rows(summary: Summary, lang: str = "zh") -> list[list[Any]]:
    rows = []
    for totals in summary.clauses.values():
        rows.append(
            [
                totals.clause,
                totals.article,
                i18n.pick(totals.title, totals.title_en, lang),
                totals.eligible,
                totals.review,
                totals.sure_yuan,
                totals.ceiling_yuan,
                totals.review_yuan,
                totals.caps_hit,
                totals.near_misses,
            ]
        )
    return rows


# --- the results workbook ------------------------------------------------------

SHEET_ROWS = 1_048_576  # rows of one Excel sheet, the header row included; a longer table continues on 明细 (2), …

SHEETS = {  # the sheets of the results workbook, in order: (Chinese, English) names
    "summary": ("汇总", "Summary"),
    "applicants": ("申请人", "Applicants"),
    "awards": ("明细", "Awards"),
    "notice": ("拟兑现名单", "To be paid"),
    "payments": ("拨付明细", "Payments"),
    "problems": ("错误", "Problems"),
    "duplicates": ("重复", "Duplicates"),
}
# 申请人 as the workbook shows it: the sure total in 万元 beside 元 (computed by the writer from the 元 column)
BOOK_APPLICANT_HEADERS = APPLICANT_HEADERS[:5] + (("确定金额（万元）", "total_wan"),) + APPLICANT_HEADERS[5:]
NOTICE_HEADERS = (
    ("序号", "no"),
    ("申请人名称", "name"),
    ("统一社会信用代码", "credit_code"),
    ("条款", "clause"),
    ("条款名称", "title"),
    ("奖励项数", "awards"),
    ("金额（元）", "amount_yuan"),
    ("金额（万元）", "amount_wan"),
    ("金额性质", "basis"),
    ("状态", "status"),
)
PAYMENT_HEADERS = (
    ("序号", "no"),
    ("收款人", "payee"),
    ("收款人类型", "payee_kind"),
    ("经由申请人", "through"),
    ("统一社会信用代码", "credit_code"),
    ("行号", "row"),
    ("条款", "clause"),
    ("条款名称", "title"),
    ("事项", "event"),
    ("金额（元）", "amount_yuan"),
    ("金额性质", "basis"),
    ("状态", "status"),
)
# 汇总: the clause table, with the totals over 1亿 also in 亿元
BOOK_SUMMARY_HEADERS = SUMMARY_HEADERS + (("超过1亿元的合计（亿元）", "over_100m_in_yi"),)
YI = 100_000_000  # 1亿元
WAN = 10_000  # 1万元
SUMMARY_LABELS = {  # the lines above 汇总's clause table
    "version": ("政策版本", "policy version"),
    "status": ("文件状态", "status of the text"),
    "file": ("输入文件", "input file"),
    "when": ("计算时间", "run at"),
    "year": ("评估年度", "assessment year"),
    "read": ("读入申请人", "applicants read"),
    "valid": ("有效（含需复核）", "valid (review included)"),
    "needs_review": ("其中需复核", "of which need review"),
    "invalid": ("无效", "invalid"),
    "problems": ("问题", "problems"),
    "duplicates": ("重复组数（仅提示复核）", "duplicate groups (flagged for review)"),
    "duplicate_risk": ("重复风险金额（元）", "amount at risk in duplicates (yuan)"),
    "sure": ("确定金额合计（元）", "sure total (yuan)"),
    "ceiling": ("最高金额合计（元）", "up-to total (yuan)"),
    "review": ("需复核金额合计（元）", "held for review (yuan)"),
    "clauses": ("各条款合计", "totals per clause"),
}


def sheet_name(key: str, lang: str = "zh") -> str:
    return i18n.pick(*SHEETS[key], lang)


def in_units(yuan: int, unit: int, places: int = 2) -> Decimal:
    """Whole yuan in 万元 or 亿元, rounded half up to `places` (for reading; the 元 figure is exact)."""
    return (Decimal(yuan) / unit).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def wan(yuan: Any) -> float | None:
    """A 万元 cell beside a 元 cell: the same amount divided by 10,000 (a spreadsheet number is a double;
    shown to two places or, where the yuan need them, four: the whole yuan exactly, so a column of them adds up as
    the 元 do)."""
    return float(Decimal(yuan) / WAN) if type(yuan) is int else None


def large_amount(yuan: int, lang: str = "zh") -> str | None:
    """A total in words of 亿元 (at 1亿 and over) or 万元 (at 1万 and over), for reading beside the 元 figure."""
    if yuan >= YI:
        return t("about_yi", lang, n=str(in_units(yuan, YI)))
    if yuan >= WAN:
        return t("about_wan", lang, n=str(in_units(yuan, WAN)))
    return None


def over_yi(sure: int, ceiling: int, review: int, lang: str = "zh") -> str | None:
    """The totals of a clause or article that pass 1亿, in 亿元: "确定 1.20；最高 3.00"."""
    parts = [
        f"{t(name, lang)} {in_units(yuan, YI)}"
        for name, yuan in zip(("sure", "up_to", "review"), (sure, ceiling, review), strict=True)
        if yuan >= YI
    ]
    if not parts:
        return None
    return t("semi_sep", lang).join(parts)


def _formats(headers) -> list[str | None]:
    """The number format of each column: 元 columns #,##0, 万元 columns two to four places."""
    return [
        WAN_FORMAT if zh.endswith("（万元）") else MONEY_FORMAT if zh.endswith("（元）") else None for zh, _ in headers
    ]


class BookWriter:
    """Writes the results workbook to `temp`: rows spooled as they come
    (`add`), the file written by `finish`.

    Sheets: 汇总, 申请人, 明细, 拟兑现名单, 拨付明细, 错误, 重复, each table
    continued on `name (2)`, … past `sheet_rows` rows (the header included).
    拟兑现名单 and 拨付明细 are taken from the detail rows as they come: a
    detail row pays when its 金额性质 is set (eligible or held for review,
    with an amount). `meta` is the policy's (title, title_en, version,
    status_zh, status_en) for 汇总."""

    def __init__(
        self,
        temp: Path,
        lang: str = "zh",
        tmpdir: str | None = None,
        sheet_rows: int | None = None,
        meta: tuple[str, str, str, str, str] | None = None,
    ) -> None:
        import rustpy_xlsxwriter  # noqa: F401 - fail here, before any row, when it is missing

        self.temp = Path(temp)
        self.lang = lang
        self.meta = meta
        self.rows_per_sheet = (sheet_rows or SHEET_ROWS) - 1
        self.tables: list[Table] = []
        try:
            self.applicants = self._table("applicants", BOOK_APPLICANT_HEADERS)
            self.awards = self._table("awards", AWARD_HEADERS)
            self.notice = self._table("notice", NOTICE_HEADERS)
            self.payments = self._table("payments", PAYMENT_HEADERS)
        except BaseException:
            self.close()
            raise
        self.held: dict[
            tuple, list[Any]
        ] = {}  # 拟兑现名单 rows of the applicant being taken, by clause, status and basis
        self.held_row: Any = None
        self.noticed = 0
        self.paid = 0

    def _table(self, key: str, headers, table: bool = True, rows_per_sheet: int | None = None) -> Table:
        made = Table(
            sheet_name(key, self.lang),
            [i18n.pick(zh, en, self.lang) for zh, en in headers],
            _formats(headers),
            self.temp.parent,
            rows_per_sheet or self.rows_per_sheet,
            table,
        )
        self.tables.append(made)
        return made

    def close(self) -> None:
        for table in self.tables:
            table.close()

    def add(self, applicants: list[list[Any]], awards: list[list[Any]]) -> None:
        self.applicants.add([[*values[:5], wan(values[4]), *values[5:]] for values in applicants])
        self.awards.add(awards)
        notice, payments = [], []
        for values in awards:
            if len(values) < 14 or values[11] is None:
                continue  # pays nothing
            row, name, code, clause, title, event, status, amount, basis, payee, payee_kind = (
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                values[6],
                values[7],
                values[11],
                values[12],
                values[13],
            )
            self.paid += 1
            payments.append(
                [self.paid, payee, payee_kind, name, code, row, clause, title, event, amount, basis, status]
            )
            if row != self.held_row:
                notice += self._release()
                self.held_row = row
            held = self.held.get((clause, status, basis))
            if held is None:
                self.held[(clause, status, basis)] = [None, name, code, clause, title, 1, amount, None, basis, status]
            else:
                held[5] += 1
                held[6] += amount
        self.notice.add(notice)
        self.payments.add(payments)

    def _release(self) -> list[list[Any]]:
        """The 拟兑现名单 rows of the applicant taken last, numbered."""
        rows = list(self.held.values())
        for values in rows:
            self.noticed += 1
            values[0] = self.noticed
            values[7] = wan(values[6])
        self.held = {}
        return rows

    def finish(self, summary: Summary) -> tuple[int, list[str]]:
        """Write and close the workbook; the number of cells whose text was cut
        and the sheets that continue a table."""
        try:
            self.notice.add(self._release())
            head = self._summary(summary)
            errors = self._table("problems", PROBLEM_HEADERS)
            errors.add([problem_row(problem) for problem in summary.problems])
            cut = sum(table.cut for table in self.tables)
            errors.add(
                [
                    [sheet, at, None, None, "1 " + CUT_MESSAGE]
                    for table in list(self.tables)
                    for sheet, at in table.cut_at
                ][:100]
            )
            write_duplicates(self, summary)
            self.tables.remove(head)
            save(self.temp, [head] + self.tables, self.lang)
            self.tables.append(head)
            return cut, [name for table in self.tables for name in table.sheets[1:]]
        finally:
            self.close()

    def _summary(self, summary: Summary) -> Table:
        """汇总 as a report: the policy, the input, the counts and totals above the clause table,
        then the total and the totals per article."""
        from .common import run_time

        lang = self.lang
        head = self._table(
            "summary", BOOK_SUMMARY_HEADERS, table=False, rows_per_sheet=EXCEL_ROWS // 2
        )  # a report of some fifty rows: one sheet
        banner = head.banner = Banner()
        last = len(BOOK_SUMMARY_HEADERS) - 1

        def label(key: str) -> tuple[int, int, str, str]:
            names = SUMMARY_LABELS[key]
            return (0, 2, i18n.pick(names[0], names[1], lang), "label")

        def line(key: str, value: Any, note: str | None = None) -> None:
            # merged cells hold text: a figure is written as it reads, with separators (the tables below hold numbers)
            value = f"{value:,}" if type(value) is int and key != "year" else str(value)
            spans = (
                [label(key), (3, 4, value, None)]
                if note is None
                else [label(key), (3, 4, value, None), (5, last, note, None)]
            )
            banner.line(*spans)

        if self.meta is not None:
            title, title_en, version, status_zh, status_en = self.meta
            banner.line((0, last, i18n.pick(title, title_en, lang), "title"))
            line("version", version)
            line("status", i18n.pick(status_zh, status_en, lang))
        else:
            banner.line((0, last, "jzai batch", "title"))
        banner.line(label("file"), (3, last, summary.file, None))
        line("when", run_time().strftime("%Y-%m-%d %H:%M"))
        line("year", summary.year if summary.year is not None else t("from_file", lang))
        line("read", summary.read)
        line("valid", summary.valid)
        line("needs_review", summary.needs_review)
        line("invalid", summary.invalid)
        line("problems", len(summary.problems), self._where_problems(summary))
        line(
            "duplicates",
            len(summary.duplicates),
            t("see_sheet", lang, sheet=sheet_name("duplicates", lang)) if summary.duplicates else None,
        )
        line("duplicate_risk", summary.duplicate_risk_yuan)
        for key, total in (
            ("sure", summary.sure_yuan),
            ("ceiling", summary.ceiling_yuan),
            ("review", summary.review_yuan),
        ):
            line(key, total, large_amount(total, self.lang))
        rows = []
        for values in summary_rows(summary, self.lang):
            rows.append(values + [over_yi(values[5], values[6], values[7], self.lang)])
        head.bold.add(len(rows))
        rows.append(
            [
                t("total", lang),
                None,
                None,
                None,
                None,
                summary.sure_yuan,
                summary.ceiling_yuan,
                summary.review_yuan,
                sum(c.caps_hit for c in summary.clauses.values()),
                sum(c.near_misses for c in summary.clauses.values()),
                over_yi(summary.sure_yuan, summary.ceiling_yuan, summary.review_yuan, self.lang),
            ]
        )
        rows.append([])
        head.bold.add(len(rows))
        rows.append(
            [
                t("article_head", lang),
                None,
                None,
                None,
                None,
                t("sure_yuan", lang),
                t("up_to_yuan", lang),
                t("review_yuan", lang),
            ]
        )
        for article, sure, ceiling, review in summary.articles():
            rows.append(
                [
                    t("article", lang, cn=chinese_number(article), n=article),
                    article,
                    None,
                    None,
                    None,
                    sure,
                    ceiling,
                    review,
                    None,
                    None,
                    over_yi(sure, ceiling, review, self.lang),
                ]
            )
        head.add(rows)
        return head

    def _where_problems(self, summary: Summary) -> str | None:
        """Where the problems are: the 错误 sheet, and how many each input sheet has."""
        if not summary.problems:
            return None
        lang = self.lang
        by_sheet: dict[str, int] = {}
        for problem in summary.problems:
            where = problem.sheet or t("file", lang)
            by_sheet[where] = by_sheet.get(where, 0) + 1
        counts = t("list_sep", lang).join(t("sheet_count", lang, name=name, n=n) for name, n in by_sheet.items())
        return t("see_sheet_by", lang, sheet=sheet_name("problems", lang), counts=counts)


# --- the 重复 sheet: the same thing claimed by more than one applicant ---------------

DUPLICATE_HEADERS = (
    ("组", "group"),
    ("类别", "kind"),
    ("条款", "clause"),
    ("对象", "key"),
    ("行号", "row"),
    ("申请人名称", "name"),
    ("金额（元）", "amount_yuan"),
    ("风险金额（元）", "amount_at_risk_yuan"),
)


def duplicate_rows(summary: Summary, lang: str = "zh") -> list[list[Any]]:
    """One row per applicant row of each group; the group's amount at risk on its first row."""
    from ..batch import DUPLICATE_KINDS

    rows = []
    for number, group in enumerate(summary.duplicates, start=1):
        kind = i18n.pick(*DUPLICATE_KINDS[group.kind], lang)
        for position, member in enumerate(group.rows):
            rows.append(
                [
                    number,
                    kind,
                    group.clause or None,
                    group.key,
                    member.row,
                    member.name,
                    member.amount_yuan,
                    group.amount_at_risk if position == 0 else None,
                ]
            )
    return rows


def duplicate_docs(summary: Summary) -> list[dict[str, Any]]:
    return [
        {
            "kind": g.kind,
            "clause": g.clause or None,
            "key": g.key,
            "amount_at_risk_yuan": g.amount_at_risk,
            "rows": [{"row": r.row, "name": r.name, "amount_yuan": r.amount_yuan} for r in g.rows],
        }
        for g in summary.duplicates
    ]


def write_duplicates(writer: BookWriter, summary: Summary) -> Table:
    table = writer._table("duplicates", DUPLICATE_HEADERS)
    table.add(duplicate_rows(summary, writer.lang))
    return table


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in the writer process
    """SIGTERM to this process when the parent dies (Linux), however it dies."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the request took effect
        raise SystemExit(1)


def _serve(
    rows, replies, parent_ends, temp: str, lang: str, parent: int, sheet_rows: int, meta
) -> None:  # pragma: no cover - runs in the writer process
    """The writer process: rows in, a closed workbook out.

    It ends with the parent: end-of-file on `rows` (the parent closed it or
    died) or the parent-death signal. Whatever ends it before the workbook
    is closed, it removes the temporary workbook (its row spools are unnamed
    files, gone with it). Ctrl-C is the parent's to handle: ignored here."""
    import signal

    for end in parent_ends:
        end.close()  # only the parent holds the writing end: its death is end-of-file here
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # blocked by the parent around the fork
    done = False
    writer = None
    try:
        _die_with_parent(parent)
        writer = BookWriter(Path(temp), lang, None, sheet_rows, meta)
        while True:
            try:
                message = rows.recv()
            except EOFError:  # the parent is gone or gave up
                return
            if message[0] == "rows":
                writer.add(message[1], message[2])
            elif message[0] == "finish":
                result = writer.finish(message[1])
                replies.send(("ok", result))
                done = True  # the parent puts the file in place
                return
            else:
                return
    except BaseException as error:  # reported to the parent
        cause = error
        while not isinstance(cause, OSError) and (inner := cause.__cause__ or cause.__context__) is not None:
            cause = inner  # a library's wrapper of the OSError
        code, strerror = (cause.errno, cause.strerror) if isinstance(cause, OSError) else (None, None)
        try:
            replies.send(("error", code, strerror, f"{type(error).__name__}: {error}"))
        except BaseException:  # noqa: BLE001 - the parent is told through the pipe when it can be
            pass
        if isinstance(error, SystemExit):
            raise
    finally:
        if writer is not None:
            writer.close()
        if not done:
            Path(temp).unlink(missing_ok=True)


def policy_meta(policy: Policy | None) -> tuple[str, str, str, str, str]:
    """What 汇总 says of the policy: its title, version and status, from the policy data."""
    if policy is None:
        from ..policy import load

        policy = load()
    meta = policy.meta
    return (meta.title, meta.title_en, meta.version, meta.status_zh, meta.status_en)


class WorkbookSink:
    """The results workbook, written by a second process while this one reads
    and evaluates (the two halves overlap on two cores). The file is written
    under a temporary name beside the target and put in place when whole (see
    `output.AtomicFile`); on any failure it is removed, by this process or by
    the writer. `policy` gives 汇总 its title, version and status (the
    default policy when not given)."""

    BATCH = 500  # applicants per message to the writer

    def __init__(
        self,
        target: Path,
        lang: str = "zh",
        parallel: bool = True,
        force: bool = False,
        sheet_rows: int | None = None,
        policy: Policy | None = None,
    ) -> None:
        from ..output import AtomicFile

        self.target = Path(target)
        self.lang = lang
        self.file = AtomicFile(self.target, force)
        self.file.close_fd()  # the library opens it by name
        self.temp = self.file.path
        self.sheet_rows = sheet_rows or SHEET_ROWS
        self.applicant_rows: list[list[Any]] = []
        self.award_rows: list[list[Any]] = []
        self.pending = 0
        self.process = None
        self.writer = None
        self.continued: list[str] = []
        try:
            meta = policy_meta(policy)
            if parallel and "fork" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("fork")
                rows_in, self.rows = context.Pipe(duplex=False)
                self.replies, replies_out = context.Pipe(duplex=False)
                self.process = context.Process(
                    target=_serve,
                    args=(
                        rows_in,
                        replies_out,
                        (self.rows, self.replies),
                        str(self.temp),
                        lang,
                        os.getpid(),
                        self.sheet_rows,
                        meta,
                    ),
                    daemon=True,
                )
                self._start()
                rows_in.close()
                replies_out.close()
            else:
                self.writer = BookWriter(self.temp, lang, None, self.sheet_rows, meta)
        except BaseException as error:
            self.abort()
            if isinstance(error, Exception):
                raise self._error(error) from None
            raise

    def _start(self) -> None:
        """Fork with SIGINT and SIGTERM blocked, so that the writer never runs
        the parent's handlers; one arriving meanwhile is taken after the fork."""
        import signal

        assert self.process is not None  # made just before
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def _error(self, error: BaseException):
        from ..output import OutputError

        return OutputError.of(self.target, error)

    def _writer_error(self):
        """The writer's own report of why it stopped, as an OutputError."""
        from ..output import OutputError, reason_of

        try:
            if self.replies.poll(5):
                status, *detail = self.replies.recv()
                if status == "error":
                    code, strerror, text = detail
                    if code is not None:
                        return OutputError(str(self.target), reason_of(code, strerror), code)
                    return OutputError(
                        str(self.target), Said(f"写入结果失败：{text}", f"writing the results failed: {text}")
                    )
        except (EOFError, OSError):
            pass
        assert self.process is not None  # only the writer process reports
        self.process.join(5)
        return OutputError(
            str(self.target),
            Said("结果写入进程已退出", f"the writer process stopped, exit code {self.process.exitcode}"),
        )

    def _send(self, message: tuple) -> None:
        try:
            self.rows.send(message)  # blocks while the writer is behind
        except OSError:  # the writer is gone: a broken pipe here is not standard output's
            raise self._writer_error() from None

    def _flush(self) -> None:
        if not self.pending:
            return
        if self.writer is not None:
            self.writer.add(self.applicant_rows, self.award_rows)
        else:
            self._send(("rows", self.applicant_rows, self.award_rows))
        self.applicant_rows, self.award_rows, self.pending = [], [], 0

    def render(self, outcome: Outcome) -> tuple[list[Any], list[list[Any]]]:
        """The applicant's rows of 申请人 and 明细 (pure: may run in a worker process)."""
        return applicant_row(outcome, self.lang), award_rows(outcome, self.lang)

    def applicant(self, outcome: Outcome) -> None:
        self.put(self.render(outcome))

    def put(self, rendered: tuple[list[Any], list[list[Any]]]) -> None:
        self.applicant_rows.append(rendered[0])
        self.award_rows.extend(rendered[1])
        self.pending += 1
        if self.pending >= self.BATCH:
            try:
                self._flush()
            except BaseException as error:
                self.abort()
                if isinstance(error, Exception):
                    raise self._error(error) from None
                raise

    def prepare(self, summary: Summary) -> None:
        """Write and close the workbook under its temporary name."""
        try:
            self._flush()
            if self.writer is not None:
                cut, continued = self.writer.finish(summary)
            else:
                assert self.process is not None  # no writer here: the writer process
                self._send(("finish", summary))
                while not self.replies.poll(1):
                    if not self.process.is_alive():
                        raise self._writer_error()
                try:
                    status, *detail = self.replies.recv()
                except (EOFError, OSError):  # the writer ended without a word
                    raise self._writer_error() from None
                self.process.join()
                if status != "ok":
                    code, strerror, text = detail
                    raise self._writer_error_of(code, strerror, text)
                cut, continued = detail[0]
            self.continued = continued
            if cut:  # told on the terminal too (the summary lists file-level problems)
                cut_said = Said(f"{cut:,} {CUT_MESSAGE.zh}", f"{cut:,} {CUT_MESSAGE.en}")
                summary.problems.append(Problem(str(self.target), cut_said))
            if continued:
                summary.problems.append(
                    Problem(
                        str(self.target),
                        Said(
                            CONTINUED_MESSAGE[0].format(sheets="、".join(continued), rows=f"{self.sheet_rows:,}"),
                            CONTINUED_MESSAGE[1].format(sheets=", ".join(continued), rows=f"{self.sheet_rows:,}"),
                        ),
                    )
                )
        except BaseException as error:
            self.abort()
            if isinstance(error, Exception):
                raise self._error(error) from None
            raise

    def _writer_error_of(self, code, strerror, text):
        from ..output import OutputError, reason_of

        if code is not None:
            return OutputError(str(self.target), reason_of(code, strerror), code)
        return OutputError(str(self.target), Said(f"写入结果失败：{text}", f"writing the results failed: {text}"))

    def commit(self) -> None:
        try:
            self.file.commit()
        except BaseException:
            self.abort()
            raise

    def finish(self, summary: Summary) -> None:
        self.prepare(summary)
        self.commit()

    def abort(self) -> None:
        """Stop the writer and remove the temporary workbook (idempotent)."""
        if self.process is not None:
            for end in (self.rows, self.replies):
                end.close()  # end-of-file for the writer, which removes its file
            self.process.join(2)
            if self.process.is_alive():
                self.process.terminate()
                self.process.join(5)
            if self.process.is_alive():  # pragma: no cover - a writer that ignores SIGTERM
                self.process.kill()
                self.process.join()
            self.process = None
        if self.writer is not None:
            self.writer.close()
        self.file.discard()


class FileSink:
    """A CSV or JSON sink writing to a `output.TextFile` (-o): put in place at the end."""

    def __init__(self, inner: CsvSink | JsonSink, out: TextFile) -> None:
        self.inner = inner
        self.out = out

    def applicant(self, outcome: Outcome) -> None:
        self.inner.applicant(outcome)

    def render(self, outcome: Outcome) -> Any:
        return self.inner.render(outcome)

    def put(self, rendered: Any) -> None:
        self.inner.put(rendered)

    def prepare(self, summary: Summary) -> None:
        self.inner.finish(summary)

    def commit(self) -> None:
        self.out.commit()

    def finish(self, summary: Summary) -> None:
        self.prepare(summary)
        self.commit()

    def abort(self) -> None:
        self.out.discard()


# --- machine formats on stdout ------------------------------------------------------


class TextOut(Protocol):
    """Where CSV and JSON text goes: standard output or an `output.TextFile`."""

    def write(self, text: str, /) -> int: ...


class CsvSink:
    """The 申请人 table as CSV: headers are the English column ids, the notes
    follow --lang, amounts are whole yuan; with `bom` (the default of the
    command) it starts with the byte-order mark Excel needs to read UTF-8."""

    def __init__(self, out: TextOut, lang: str = "en", bom: bool = False) -> None:
        import io

        self.lang = lang
        self.out = out
        if bom:
            out.write("\ufeff")
        csv.writer(out, lineterminator="\n").writerow([en for _, en in APPLICANT_HEADERS])
        self.line = io.StringIO()
        self.writer = csv.writer(self.line, lineterminator="\n")

    def render(self, outcome: Outcome) -> str:
        """The applicant's CSV line (pure: may run in a worker process)."""
        self.line.seek(0)
        self.line.truncate()
        self.writer.writerow([csv_text(v) for v in applicant_row(outcome, self.lang)])
        return self.line.getvalue()

    def put(self, line: str) -> None:
        self.out.write(line)

    def applicant(self, outcome: Outcome) -> None:
        self.put(self.render(outcome))

    def finish(self, summary: Summary) -> None:
        pass

    def abort(self) -> None:
        pass


class JsonSink:
    """One JSON document: every applicant with its `check --format json` result,
    the problems and the summary. Streamed: applicants are written as they come."""

    def __init__(self, out: TextOut, policy: Policy, lang: str = "zh", lines: bool = False) -> None:
        self.out = out
        self.policy = policy
        self.lang = lang
        self.lines = lines  # newline-delimited: one applicant a line, then one line with the problems and the summary
        self.first = True  # the opening is written with the first applicant: a failed read leaves stdout empty

    def applicant(self, outcome: Outcome) -> None:
        self.put(self.render(outcome))

    def render(self, outcome: Outcome) -> str:
        """The applicant's JSON text (pure: may run in a worker process)."""
        from .json_doc import result_doc

        doc = {
            "row": outcome.row,
            "name": outcome.name,
            "credit_code": outcome.credit_code,
            "status": outcome.status,
            "problems": [problem_doc(p, self.lang) for p in outcome.problems],
            "result": None
            if outcome.result is None
            else result_doc(outcome.result, self.policy, self.lang, documents=False),
        }
        return json.dumps(doc, ensure_ascii=False)

    def put(self, text: str) -> None:
        if self.lines:
            self.out.write(text + "\n")
        elif self.first:
            self.out.write('{"schema_version": 1, "applicants": [\n' + text)
        else:
            self.out.write(",\n" + text)
        self.first = False

    def finish(self, summary: Summary) -> None:
        if self.lines:
            last = {
                "schema_version": 1,
                "problems": [problem_doc(p, self.lang) for p in summary.problems],
                "summary": summary_doc(summary, self.lang),
            }
            self.out.write(json.dumps(last, ensure_ascii=False) + "\n")
            return
        if self.first:
            self.out.write('{"schema_version": 1, "applicants": [\n')
        rest = {
            "problems": [problem_doc(p, self.lang) for p in summary.problems],
            "summary": summary_doc(summary, self.lang),
        }
        self.out.write("\n], " + json.dumps(rest, ensure_ascii=False, indent=1)[1:] + "\n")

    def abort(self) -> None:
        pass


def problem_doc(problem: Problem, lang: str = "zh") -> dict[str, Any]:
    value = problem.value
    if value is not None and not isinstance(value, (str, int, bool)):
        value = str(value)
    return {
        "sheet": problem.sheet,
        "row": problem.row,
        "header": problem.header,
        "field": problem.field,
        "value": value,
        "message": problem.text(lang),
    }


def summary_doc(summary: Summary, lang: str = "zh") -> dict[str, Any]:
    return {
        "file": summary.file,
        "read": summary.read,
        "valid": summary.valid,
        "invalid": summary.invalid,
        "needs_review": summary.needs_review,
        "total_yuan": summary.sure_yuan,
        "ceiling_total_yuan": summary.ceiling_yuan,
        "review_total_yuan": summary.review_yuan,
        "clauses": [
            dict(zip([en for _, en in SUMMARY_HEADERS], row, strict=False)) for row in summary_rows(summary, lang)
        ],
        "articles": [
            {"article": a, "total_yuan": s, "ceiling_total_yuan": c, "review_total_yuan": r}
            for a, s, c, r in summary.articles()
        ],
        "duplicates": duplicate_docs(summary),
        "duplicate_risk_yuan": summary.duplicate_risk_yuan,
    }
