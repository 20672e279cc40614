"""`jzai batch` in one process and in worker processes gives the same
output, byte for byte (JSON, NDJSON, CSV) and cell for cell (the results
workbook), the same summary and the same duplicates; the hand-computed
cases give their expected amounts through the batch either way.

Chunks are made tiny here (`batch.CHUNK`) so that a small workbook is cut
into many chunks shared between the workers and merged back in order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from batch_helpers import MAIN_HEAD, code, write_xlsx
from typer.testing import CliRunner

from jzai_cli import batch
from jzai_cli import policy as policy_mod
from jzai_cli.cli import app

MAIN = [
    *MAIN_HEAD,
    "数据标注企业",
    "当年应税收入（元）",
    "上一年度主营业务销售收入（元）",
    "首次挂牌日期",
    "挂牌服务费用（元）",
]
EVENTS = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期"]
GRADUATES = ["统一社会信用代码", "毕业生姓名", "学历", "全日制", "毕业日期", "合同起始日期", "当年缴纳社保月数"]
DAY = dt.date(2026, 5, 20)


def mixed_book(path: Path, count: int = 40) -> Path:
    """Applicants of every kind a batch meets: paying rows, rows held for
    review (not in Jiaozuo's statistics), invalid rows (a size that is no
    size, a name missing), two rows sharing a credit code, one graduate
    claimed by two applicants, a detail row of no applicant, a total row."""
    main, events, graduates = [MAIN], [EVENTS], [GRADUATES]
    for n in range(count):
        c = code(n + 1)
        size = "巨型" if n % 13 == 5 else ("小型", "微型", "中型")[n % 3]
        name = "" if n % 17 == 7 else f"焦作第{n}号智能科技有限公司"
        main.append(
            [
                2026,
                name,
                c,
                "企业",
                size,
                "智能软件",
                "是",
                "是",
                "是" if n % 4 else "否",
                "是" if n % 5 == 0 else "否",
                f"{1000 + n}万元",
                1_000_000 + n * 37,
                DAY,
                20_000 + n,
            ]
        )
        events.append([c, "专精特新中小企业", ("省级", "市级")[n % 2], f"专精特新{n}", DAY])
        person = "张三" if n in (2, 9) else f"毕业生{n}"  # the same graduate for two applicants
        graduates.append(
            [c, person, ("博士", "硕士", "本科")[n % 3], "是", dt.date(2025, 6, 30), dt.date(2025, 7, 1), 12]
        )
    main.append(list(main[4]))  # a second row with the credit code of row 5
    main.append(["合计", None, None, None, None, None, None, None, None, None, None, None, None, None])
    events.append([code(9999), "专精特新中小企业", "省级", "无此申请人", DAY])
    return write_xlsx(path, {"申请人信息": main, "认定与获奖": events, "毕业生": graduates})


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return mixed_book(tmp_path_factory.mktemp("jobs") / "mixed.xlsx")


@pytest.fixture
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(batch, "CHUNK", 3)


def _run(args: list[str]) -> str:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return result.stdout


def _cells(path: Path) -> dict[str, list[list]]:
    import python_calamine

    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: workbook.get_sheet_by_name(name).to_python() for name in workbook.sheet_names}


@pytest.mark.parametrize("form", ["json", "ndjson", "csv"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_text_outputs_are_the_same_in_one_process_and_in_two(book, tiny_chunks, tmp_path, form, lang):
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.{form}"
        _run(["batch", str(book), "--format", form, "-o", str(out), "--lang", lang, "--jobs", jobs])
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    text = outputs[0].decode("utf-8")
    shared = "统一社会信用代码重复" if lang == "zh" else "duplicate applicant"
    for row in ("巨型", shared, "张三"):  # invalid rows, the shared code and the duplicate are in it
        assert row in text or (form == "csv" and row == "张三")


def test_the_results_workbook_is_the_same_in_one_process_and_in_two(book, tiny_chunks, tmp_path, monkeypatch):
    # 汇总 prints when the run happened: both runs at the same moment, or a minute
    # turning between them would tell them apart
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02 00:00 UTC
    cells = []
    for jobs in ("1", "2"):
        out = tmp_path / f"{jobs}.xlsx"
        _run(["batch", str(book), "-o", str(out), "--jobs", jobs, "--report", str(tmp_path / f"{jobs}.html")])
        cells.append(_cells(out))
    assert cells[0] == cells[1]
    assert ["计算时间", "", "", "2025-12-02 00:00"] in [row[:4] for row in cells[0]["汇总"]]
    assert set(cells[0]) >= {"汇总", "申请人", "明细", "错误", "重复"}
    assert len(cells[0]["申请人"]) == 1 + 41  # every row accounted for: 40 applicants and the row sharing a code
    html = [(tmp_path / f"{jobs}.html").read_text(encoding="utf-8") for jobs in ("1", "2")]
    assert html[0] == html[1]


def test_summary_and_duplicates_are_the_same_in_one_process_and_in_two(book, tiny_chunks):
    summaries = []
    for jobs in (1, 2):
        sink = Keep()
        summaries.append((batch.run(book, policy_mod.load(), sink, jobs=jobs), sink.rendered))
    (one, rows_one), (two, rows_two) = summaries
    assert rows_one == rows_two and len(rows_one) == 41
    for name in ("read", "valid", "invalid", "needs_review", "sure_yuan", "ceiling_yuan", "review_yuan"):
        assert getattr(one, name) == getattr(two, name), name
    assert one.clauses == two.clauses
    assert one.problems == two.problems
    assert one.duplicates == two.duplicates
    assert one.invalid > 0 and one.needs_review > 0 and one.duplicates  # the book has each kind
    kinds = {group.kind for group in one.duplicates}
    assert kinds == {"applicant", "graduate"}


class Keep:
    """A sink that can be fed from workers: keeps what it is given."""

    def __init__(self) -> None:
        self.rendered: list = []

    def render(self, outcome):
        return (outcome.row, outcome.status, None if outcome.result is None else outcome.result.total_yuan)

    def put(self, rendered) -> None:
        self.rendered.append(rendered)

    def applicant(self, outcome) -> None:
        self.put(self.render(outcome))

    def finish(self, summary) -> None:
        pass


class Broken(Keep):
    def render(self, outcome):
        if outcome.row == 7:
            raise ValueError("a fault in the rendering of row 7")
        return super().render(outcome)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_error_in_a_worker_is_raised_not_swallowed(book, tiny_chunks, jobs):
    with pytest.raises(ValueError, match="row 7"):
        batch.run(book, policy_mod.load(), Broken(), jobs=jobs)


def test_the_number_of_processes_is_chosen_by_the_size_and_the_sink():
    sink = Keep()
    assert (
        batch.choose_jobs(None, batch.PARALLEL_FROM - 1, sink) == 1
    )  # a small batch: forking costs more than it saves
    assert batch.choose_jobs(1, 10**6, sink) == 1  # --jobs 1
    assert batch.choose_jobs(3, 10, sink) == 3  # --jobs N is obeyed
    assert batch.choose_jobs(None, batch.PARALLEL_FROM, sink) >= 1

    class OutcomesOnly:
        def applicant(self, outcome):
            pass

    assert batch.choose_jobs(4, 10**6, OutcomesOnly()) == 1  # a sink that takes outcomes only


def test_jobs_must_be_a_positive_number(book):
    result = CliRunner().invoke(app, ["batch", str(book), "--format", "json", "--jobs", "0"])
    assert result.exit_code == 2


# --- the hand-computed cases, through the batch ------------------------------------


def _cases_by_setting():
    from test_cases import CASE_FILES, _read

    groups: dict[tuple, list] = {}
    for path in CASE_FILES:
        for case in _read(path).cases:
            if case.xfail:
                continue
            groups.setdefault((tuple(sorted(case.readings.items())), case.year), []).append((path.stem, case))
    return groups


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_hand_computed_cases_pass_through_the_batch(tmp_path, monkeypatch, jobs):
    """Every case's facts as a row of a workbook (its own credit code), run
    through `batch.run`; each award is checked as tests/test_cases.py checks it."""
    from test_cases import _compare, _matching

    from jzai_cli.readers.toml_reader import facts_from_dict
    from jzai_cli.readers.workbook import read_workbook, validate
    from jzai_cli.render import facts_workbook

    monkeypatch.setattr(batch, "CHUNK", 2)
    failures: list[str] = []
    unsaid: list[str] = []
    checked = 0
    for number, ((readings, year), cases) in enumerate(_cases_by_setting().items()):
        facts = []
        for index, (stem, case) in enumerate(cases):
            one = facts_from_dict(case.facts, f"{stem}: {case.name}")
            applicant = one.applicant.model_copy(update={"credit_code": code(number * 1000 + index + 1)})
            facts.append(one.model_copy(update={"applicant": applicant}))
        path = tmp_path / f"cases-{number}.xlsx"
        facts_workbook.write(path, facts)
        read_back = [validate(row, str(path)) for row in read_workbook(path).applicants]
        sink = Results()
        batch.run(path, policy_mod.load(chosen=readings), sink, year=year, jobs=jobs)
        assert len(sink.rendered) == len(cases)
        for (stem, case), written, read, (_status, result, problems) in zip(
            cases, facts, read_back, sink.rendered, strict=False
        ):
            where = f"{stem}: {case.name}"
            if read != written:  # the workbook cannot say it (an empty list is a blank cell, read as unknown)
                unsaid.append(where)
                continue
            if result is None:
                failures.append(f"{where}: the row is invalid in the batch: {problems}")
                continue
            checked += 1
            for want in case.expect:
                awards = _matching(result, want)
                if want.status == "absent":
                    if awards:
                        failures.append(f"{where}: clause {want.label} expected no award")
                    continue
                if not awards:
                    failures.append(f"{where}: clause {want.label} gives no award")
                    continue
                if sum(1 for w in case.expect if (w.clause, w.event) == (want.clause, want.event)) == 1:
                    for award in awards:
                        failures.extend(f"{where}: {f}" for f in _compare(want, award))
            for name in ("total_yuan", "ceiling_total_yuan", "review_total_yuan"):
                wanted = getattr(case, name)
                if wanted is not None and getattr(result, name) != wanted:
                    failures.append(f"{where}: {name} expected {wanted:,}, the batch gives {getattr(result, name):,}")
    assert not failures, "\n".join(failures)
    assert checked > 100 and len(unsaid) < 5, unsaid


class Results(Keep):
    def render(self, outcome):
        return outcome.status, outcome.result, [p.message for p in outcome.problems]


# --- stopping: the workers end with jzai ---------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    from test_stop_and_write import APPLICANTS, applicants_book

    return applicants_book(tmp_path_factory.mktemp("big") / "big.xlsx", APPLICANTS)


def _evaluating(process) -> list[int]:
    """jzai's children once the workers run (two, with no writer for CSV)."""
    from test_stop_and_write import until

    found = until(lambda: len(process.children()) >= 2 and process.children(), "the worker processes")
    assert process.process.poll() is None, "the run ended before the signal: make the workbook larger"
    return found


@pytest.mark.parametrize(("signum", "code_"), [(2, 130), (15, 143)], ids=["ctrl-c", "sigterm"])
def test_a_signal_ends_jzai_and_its_workers_and_leaves_nothing(big, tmp_path, signum, code_):
    from processes import Process, in_group
    from test_stop_and_write import gone

    process = Process(["batch", str(big), "--format", "csv", "-o", str(tmp_path / "out.csv"), "--jobs", "2"], tmp_path)
    workers = _evaluating(process)
    process.send(signum, group=signum == 2)  # Ctrl-C reaches the whole group, SIGTERM jzai alone
    process.wait()
    assert process.code == code_, process.stderr
    assert len(process.stderr.strip().splitlines()) == 1 and "Traceback" not in process.stderr
    assert list(tmp_path.iterdir()) == []
    assert all(gone(pid) for pid in workers) and in_group(process.pid) == []


def test_sigkill_of_jzai_ends_its_workers(big, tmp_path):
    from processes import Process
    from test_stop_and_write import gone, until

    process = Process(["batch", str(big), "-o", str(tmp_path / "out.xlsx"), "--jobs", "2"], tmp_path)
    workers = _evaluating(process)
    process.send(9)
    process.wait()
    until(lambda: all(gone(pid) for pid in workers), "the workers to end after their parent was killed")
    until(lambda: list(tmp_path.iterdir()) == [], "the temporary workbook to be removed")


def test_a_worker_that_dies_is_an_error_not_a_short_output(big, tmp_path):
    import os
    import signal

    from processes import Process
    from test_stop_and_write import gone, until

    out = tmp_path / "out.json"
    process = Process(["batch", str(big), "--format", "json", "-o", str(out), "--jobs", "2"], tmp_path)
    workers = _evaluating(process)
    os.kill(workers[-1], signal.SIGKILL)
    process.wait()
    assert process.code == 2, process.stderr
    assert "评估进程意外退出" in process.stderr and "evaluation process stopped" in process.stderr
    assert "Traceback" not in process.stderr
    assert list(tmp_path.iterdir()) == []
    until(lambda: all(gone(pid) for pid in workers), "the other worker to end")
