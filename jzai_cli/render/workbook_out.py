"""The results of `jzai batch`: a workbook (汇总, 申请人, 明细, 错误), CSV or JSON.

Each format is a sink that takes one applicant at a time. The workbook is
written with xlsxwriter in constant-memory mode to a temporary file beside
the target and renamed when whole. Text that a spreadsheet could take for a
formula (starting with =, +, -, @, a tab or a carriage return) is written as
text with Excel's quote prefix in the workbook and behind an apostrophe in
CSV. Money is whole yuan (`int`).
"""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import tempfile
from pathlib import Path
from typing import Any, TextIO

from .. import i18n
from ..batch import INVALID, NEEDS_REVIEW, VALID, Outcome, Summary
from ..errors import Problem
from ..policy import Policy, chinese_number
from ..result import Award, Status

# and their full-width forms, which spreadsheets in CJK locales also take for formulas
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
FORMULA_CHARS = "".join(FORMULA_START)

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
)
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
MAX_CELL_TEXT = 32_767  # what one cell of Excel holds; longer text is cut and reported
CONTINUED_MESSAGE = "表格超过 Excel 每张工作表 {rows} 行的上限，续写于 {sheets} (a table passes Excel's {rows} rows per sheet and continues on {sheets})"
CUT_MESSAGE = "个单元格的文本超过 Excel 单元格上限 32,767 个字符，已截断（以 … 结尾） (cell text over 32,767 characters cut)"


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
            notes.append(f"…另有 {len(outcome.problems) - MAX_NOTES} 处问题" if lang == "zh" else f"… {len(outcome.problems) - MAX_NOTES} more")
        return [outcome.row, outcome.name, outcome.credit_code, _status(outcome.status, lang), None, None, None, None, "\n".join(notes)]
    undetermined = sum(1 for a in result.awards if a.status is Status.UNDETERMINED)
    missing = result.missing_facts
    notes = [i18n.text(n, lang) for n in result.notes if n.key != "no_double_dipping_rule"]
    if missing:
        notes.append(("缺少事实：" if lang == "zh" else "missing facts: ") + ", ".join(missing))
    return [
        outcome.row, outcome.name, outcome.credit_code, _status(outcome.status, lang),
        result.total_yuan, result.ceiling_total_yuan, result.review_total_yuan, undetermined, "\n".join(notes),
    ]


def award_rows(outcome: Outcome, lang: str = "zh") -> list[list[Any]]:
    if outcome.result is None:
        return []
    return [_award_row(outcome, award, lang) for award in outcome.result.awards]


def _award_row(outcome: Outcome, award: Award, lang: str) -> list[Any]:
    return [
        outcome.row, outcome.name, outcome.credit_code, award.clause, award.title if lang == "zh" else award.title_en,
        award.event, i18n.label(award.status.value, lang), award.amount_yuan, i18n.label(award.kind, lang),
        i18n.label(award.recipient, lang), i18n.text(award.reason, lang),
    ]


def _status(status: str, lang: str) -> str:
    return STATUS_ZH[status] if lang == "zh" else status


def problem_row(problem: Problem) -> list[Any]:
    value = problem.value
    if value is not None and not isinstance(value, (str, int)):
        value = str(value)
    return [problem.sheet, problem.row, problem.header, value, problem.message]


def summary_rows(summary: Summary, lang: str = "zh") -> list[list[Any]]:
    rows = []
    for totals in summary.clauses.values():
        rows.append([
            totals.clause, totals.article, totals.title if lang == "zh" else totals.title_en, totals.eligible, totals.review,
            totals.sure_yuan, totals.ceiling_yuan, totals.review_yuan, totals.caps_hit, totals.near_misses,
        ])
    return rows


# --- the results workbook ------------------------------------------------------

SHEET_ROWS = 1_048_576  # rows of one Excel sheet, the header row included; a longer table continues on 明细 (2), …


class Table:
    """One table of the results workbook: a sheet that continues on
    `name (2)`, `name (3)`, … when it passes `SHEET_ROWS`, each with the header."""

    def __init__(self, writer: "BookWriter", name: str, headers) -> None:
        self.writer = writer
        self.name = name
        self.headers = headers
        self.sheets = [writer.book.add_worksheet(name)]
        self.next = writer._head(self.sheets[0], headers)

    def add(self, values: list[Any]) -> None:
        if self.next >= self.writer.sheet_rows:
            sheet = self.writer.book.add_worksheet(f"{self.name} ({len(self.sheets) + 1})")
            self.sheets.append(sheet)
            self.next = self.writer._head(sheet, self.headers)
        self.writer._row(self.sheets[-1], self.next, values)
        self.next += 1

    @property
    def continued(self) -> list[str]:
        return [sheet.name for sheet in self.sheets[1:]]


class BookWriter:
    """Writes the results workbook to `temp`, row by row (constant memory).

    Every write is checked: xlsxwriter returns -1 for a cell past the sheet
    and does not raise. Sheets: 汇总, 申请人, 明细 (with continuations), 错误."""

    def __init__(self, temp: Path, lang: str = "zh", tmpdir: str | None = None, sheet_rows: int | None = None) -> None:
        import xlsxwriter

        self.lang = lang
        self.sheet_rows = sheet_rows or SHEET_ROWS
        self.book = xlsxwriter.Workbook(
            str(temp),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "tmpdir": tmpdir},
        )
        self.quoted = self.book.add_format({"quote_prefix": True})
        self.bold = self.book.add_format({"bold": True})
        self.summary = self.book.add_worksheet("汇总")
        self.cut: list[tuple[str, int]] = []  # (sheet, row) of cells whose text was cut
        self.applicants = Table(self, "申请人", APPLICANT_HEADERS)
        self.awards = Table(self, "明细", AWARD_HEADERS)

    def _head(self, sheet, headers) -> int:
        for col, (zh, en) in enumerate(headers):
            _checked(sheet.write_string(0, col, zh if self.lang == "zh" else en, self.bold), sheet, 0, col)
        sheet.freeze_panes(1, 0)
        return 1

    def _row(self, sheet, row: int, values: list[Any]) -> None:
        write_string, write_number, quoted = sheet.write_string, sheet.write_number, self.quoted
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                if not value:
                    continue
                if len(value) > MAX_CELL_TEXT:
                    value = value[: MAX_CELL_TEXT - 1] + "…"
                    self.cut.append((sheet.name, row + 1))
                if value[0] in FORMULA_CHARS:
                    done = write_string(row, col, value, quoted)
                else:
                    done = write_string(row, col, value)
            elif isinstance(value, bool):
                done = write_string(row, col, "是" if value else "否")
            elif isinstance(value, int) and abs(value) < 10**15:
                done = write_number(row, col, value)
            else:
                done = write_string(row, col, str(value))
            if done:
                _checked(done, sheet, row, col)

    def add(self, applicants: list[list[Any]], awards: list[list[Any]]) -> None:
        for values in applicants:
            self.applicants.add(values)
        for values in awards:
            self.awards.add(values)

    def finish(self, summary: Summary) -> tuple[int, list[str]]:
        """Close the workbook; the number of cells whose text was cut and
        the sheets that continue a table."""
        self._summary(summary)
        errors = Table(self, "错误", PROBLEM_HEADERS)
        for problem in summary.problems:
            errors.add(problem_row(problem))
        cut = list(self.cut)
        for sheet, at in cut[:100]:
            errors.add([sheet, at, None, None, "1 " + CUT_MESSAGE])
        duplicates = write_duplicates(self, summary)
        self._order([self.summary], self.applicants.sheets, self.awards.sheets, errors.sheets, duplicates.sheets)
        self.book.close()
        return len(cut), self.applicants.continued + self.awards.continued + errors.continued + duplicates.continued

    def _order(self, *groups) -> None:
        """Continuation sheets beside the sheet they continue (they were
        added when the rows reached them): 汇总, 申请人…, 明细, 明细 (2)…, 错误."""
        ordered = [sheet for group in groups for sheet in group]
        if len(ordered) == len(self.book.worksheets_objs):
            self.book.worksheets_objs[:] = ordered
            for index, sheet in enumerate(ordered):
                sheet.index = index

    def _summary(self, summary: Summary) -> None:
        sheet = self.summary
        row = self._head(sheet, SUMMARY_HEADERS)
        for values in summary_rows(summary, self.lang):
            self._row(sheet, row, values)
            row += 1
        self._row(sheet, row, ["合计" if self.lang == "zh" else "total", None, None, None, None,
                               summary.sure_yuan, summary.ceiling_yuan, summary.review_yuan,
                               sum(c.caps_hit for c in summary.clauses.values()),
                               sum(c.near_misses for c in summary.clauses.values())])
        row += 2
        self._row(sheet, row, ["第N条" if self.lang == "zh" else "article", None, None, None, None,
                               "确定金额（元）", "最高金额（元）", "需复核金额（元）"])
        row += 1
        for article, sure, ceiling, review in summary.articles():
            self._row(sheet, row, [f"第{chinese_number(article)}条" if self.lang == "zh" else str(article), article, None, None, None, sure, ceiling, review])
            row += 1
        row += 1
        for label, value in counts(summary, self.lang):
            self._row(sheet, row, [label, value])
            row += 1


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
        zh, en = DUPLICATE_KINDS[group.kind]
        for position, member in enumerate(group.rows):
            rows.append([
                number, zh if lang == "zh" else en, group.clause or None, group.key, member.row, member.name,
                member.amount_yuan, group.amount_at_risk if position == 0 else None,
            ])
    return rows


def duplicate_docs(summary: Summary) -> list[dict[str, Any]]:
    return [
        {
            "kind": g.kind, "clause": g.clause or None, "key": g.key, "amount_at_risk_yuan": g.amount_at_risk,
            "rows": [{"row": r.row, "name": r.name, "amount_yuan": r.amount_yuan} for r in g.rows],
        }
        for g in summary.duplicates
    ]


def write_duplicates(writer: "BookWriter", summary: Summary) -> "Table":
    table = Table(writer, "重复", DUPLICATE_HEADERS)
    for values in duplicate_rows(summary, writer.lang):
        table.add(values)
    return table


def _checked(code: int, sheet, row: int, col: int) -> None:
    """xlsxwriter reports a failed write by its return value: make it an error."""
    if code:
        raise RuntimeError(f"xlsxwriter 拒绝写入 (refused a cell) {sheet.name}!R{row + 1}C{col + 1}: code {code}")


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


def _serve(rows, replies, parent_ends, temp: str, lang: str, parent: int, sheet_rows: int) -> None:  # pragma: no cover - runs in the writer process
    """The writer process: rows in, a closed workbook out.

    It ends with the parent: end-of-file on `rows` (the parent closed it or
    died) or the parent-death signal. Whatever ends it before the workbook
    is closed, it removes the temporary workbook and xlsxwriter's own
    temporary files. Ctrl-C is the parent's to handle: ignored here."""
    import shutil
    import signal

    for end in parent_ends:
        end.close()  # only the parent holds the writing end: its death is end-of-file here
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})  # blocked by the parent around the fork
    done = False
    tmpdir = tempfile.mkdtemp(prefix="jzai-")
    try:
        _die_with_parent(parent)
        writer = BookWriter(Path(temp), lang, tmpdir, sheet_rows)
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
        while not isinstance(cause, OSError) and (cause.__cause__ or cause.__context__) is not None:
            cause = cause.__cause__ or cause.__context__  # xlsxwriter's FileCreateError wraps the OSError
        code, strerror = (cause.errno, cause.strerror) if isinstance(cause, OSError) else (None, None)
        try:
            replies.send(("error", code, strerror, f"{type(error).__name__}: {error}"))
        except BaseException:
            pass
        if isinstance(error, SystemExit):
            raise
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
        if not done:
            Path(temp).unlink(missing_ok=True)


class WorkbookSink:
    """The results workbook, written by a second process while this one reads
    and evaluates (xlsxwriter is pure Python: the two halves take about as
    long as each other). The file is written under a temporary name beside
    the target and put in place when whole (see `output.AtomicFile`); on any
    failure it is removed, by this process or by the writer."""

    BATCH = 500  # applicants per message to the writer

    def __init__(self, target: Path, lang: str = "zh", parallel: bool = True, force: bool = False, sheet_rows: int | None = None) -> None:
        from ..output import AtomicFile

        self.target = Path(target)
        self.lang = lang
        self.file = AtomicFile(self.target, force)
        self.file.close_fd()  # xlsxwriter opens it by name
        self.temp = self.file.path
        self.sheet_rows = sheet_rows or SHEET_ROWS
        self.applicant_rows: list[list[Any]] = []
        self.award_rows: list[list[Any]] = []
        self.pending = 0
        self.process = None
        self.writer = None
        self.continued: list[str] = []
        try:
            if parallel and "fork" in multiprocessing.get_all_start_methods():
                context = multiprocessing.get_context("fork")
                rows_in, self.rows = context.Pipe(duplex=False)
                self.replies, replies_out = context.Pipe(duplex=False)
                self.process = context.Process(
                    target=_serve,
                    args=(rows_in, replies_out, (self.rows, self.replies), str(self.temp), lang, os.getpid(), self.sheet_rows),
                    daemon=True,
                )
                self._start()
                rows_in.close()
                replies_out.close()
            else:
                self.tmpdir = tempfile.mkdtemp(prefix="jzai-")
                self.writer = BookWriter(self.temp, lang, self.tmpdir, self.sheet_rows)
        except BaseException as error:
            self.abort()
            if isinstance(error, Exception):
                raise self._error(error) from None
            raise

    def _start(self) -> None:
        """Fork with SIGINT and SIGTERM blocked, so that the writer never runs
        the parent's handlers; one arriving meanwhile is taken after the fork."""
        import signal

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
                    return OutputError(str(self.target), f"写入结果失败 (writing the results failed): {text}")
        except (EOFError, OSError):
            pass
        self.process.join(5)
        return OutputError(str(self.target), f"结果写入进程已退出 (the writer process stopped, exit code {self.process.exitcode})")

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
                summary.problems.append(Problem(str(self.target), f"{cut:,} {CUT_MESSAGE}"))
            if continued:
                summary.problems.append(Problem(str(self.target), CONTINUED_MESSAGE.format(sheets="、".join(continued), rows=f"{self.sheet_rows:,}")))
        except BaseException as error:
            self.abort()
            if isinstance(error, Exception):
                raise self._error(error) from None
            raise

    def _writer_error_of(self, code, strerror, text):
        from ..output import OutputError, reason_of

        if code is not None:
            return OutputError(str(self.target), reason_of(code, strerror), code)
        return OutputError(str(self.target), f"写入结果失败 (writing the results failed): {text}")

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
        import shutil

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
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.file.discard()


class FileSink:
    """A CSV or JSON sink writing to a `output.TextFile` (-o): put in place at the end."""

    def __init__(self, inner, out) -> None:
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


def counts(summary: Summary, lang: str = "zh") -> list[tuple[str, Any]]:
    zh = lang == "zh"
    return [
        ("读入申请人" if zh else "applicants read", summary.read),
        ("有效（含需复核）" if zh else "valid (review included)", summary.valid),
        ("无效" if zh else "invalid", summary.invalid),
        ("需复核" if zh else "needs review", summary.needs_review),
        ("问题条数" if zh else "problems", len(summary.problems)),
        ("重复组数（见“重复”表，仅提示复核）" if zh else "duplicate groups (see 重复, flagged for review)", len(summary.duplicates)),
        ("重复风险金额（元）" if zh else "amount at risk in duplicates (yuan)", summary.duplicate_risk_yuan),
        ("确定金额合计（元）" if zh else "sure total (yuan)", summary.sure_yuan),
        ("最高金额合计（元）" if zh else "up-to total (yuan)", summary.ceiling_yuan),
        ("需复核金额合计（元）" if zh else "held for review (yuan)", summary.review_yuan),
        ("评估年度" if zh else "assessment year", summary.year if summary.year is not None else ("按文件" if zh else "from the file")),
        ("输入文件" if zh else "input", summary.file),
    ]


# --- machine formats on stdout ------------------------------------------------------


class CsvSink:
    """The 申请人 table as CSV: headers are the English column ids, the notes
    follow --lang, amounts are whole yuan; with `bom` (the default of the
    command) it starts with the byte-order mark Excel needs to read UTF-8."""

    def __init__(self, out: TextIO, lang: str = "en", bom: bool = False) -> None:
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

    def __init__(self, out: TextIO, policy: Policy, lang: str = "zh", lines: bool = False) -> None:
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
            "result": None if outcome.result is None else result_doc(outcome.result, self.policy, self.lang, documents=False),
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
            last = {"schema_version": 1, "problems": [problem_doc(p, self.lang) for p in summary.problems], "summary": summary_doc(summary, self.lang)}
            self.out.write(json.dumps(last, ensure_ascii=False) + "\n")
            return
        if self.first:
            self.out.write('{"schema_version": 1, "applicants": [\n')
        rest = {"problems": [problem_doc(p, self.lang) for p in summary.problems], "summary": summary_doc(summary, self.lang)}
        self.out.write("\n], " + json.dumps(rest, ensure_ascii=False, indent=1)[1:] + "\n")

    def abort(self) -> None:
        pass


def problem_doc(problem: Problem, lang: str = "zh") -> dict[str, Any]:
    value = problem.value
    if value is not None and not isinstance(value, (str, int, bool)):
        value = str(value)
    return {"sheet": problem.sheet, "row": problem.row, "header": problem.header, "field": problem.field, "value": value, "message": problem.text(lang)}


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
        "clauses": [dict(zip([en for _, en in SUMMARY_HEADERS], row)) for row in summary_rows(summary, lang)],
        "articles": [{"article": a, "total_yuan": s, "ceiling_total_yuan": c, "review_total_yuan": r} for a, s, c, r in summary.articles()],
        "duplicates": duplicate_docs(summary),
        "duplicate_risk_yuan": summary.duplicate_risk_yuan,
    }
