"""Stopping a run and failing to write: Ctrl-C and SIGTERM end jzai and its
writer process with one line and exit 130 or 143; SIGKILL still ends the
writer; every write error names the output and its cause; nothing is left
behind; outputs never replace each other, the input, or anything but a
regular file.

Signals go to real processes started in their own session (`processes`).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_helpers import MAIN_HEAD, code, main_row, write_xlsx
from processes import HANG, Process, in_group, jzai_env, run
from typer.testing import CliRunner

from jzai_cli import output
from jzai_cli.cli import app

APPLICANTS = 20_000  # enough for a run that lasts several seconds on any machine
EVENT_HEAD = ["统一社会信用代码", "事项类型", "级别", "事项名称", "获得日期", "获奖等次"]


def applicants_book(path: Path, count: int) -> Path:
    """`count` passing applicants, each a new provincial 专精特新 (3.3)."""
    codes = [code(n) for n in range(1, count + 1)]
    return write_xlsx(
        path,
        {
            "申请人信息": [list(MAIN_HEAD)] + [main_row(f"企业{n}", c) for n, c in enumerate(codes, start=1)],
            "认定与获奖": [EVENT_HEAD]
            + [[c, "专精特新中小企业", "省级", "专精特新", "2026-03-01", None] for c in codes],
        },
    )


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> Path:
    return applicants_book(tmp_path_factory.mktemp("big") / "big.xlsx", APPLICANTS)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    return applicants_book(tmp_path_factory.mktemp("small") / "small.xlsx", 3)


def until(condition, what: str):
    """Wait for `condition()` to be true (at most HANG seconds)."""
    deadline = time.monotonic() + HANG
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail(f"still waiting for {what} after {HANG:.0f} s")


def started_writing(process: Process) -> int:
    """The writer process's pid, once it runs; then a moment of evaluating."""
    writer = until(process.children, "the writer process")[0]
    time.sleep(1.0)
    assert process.process.poll() is None, "the run ended before the signal: make the workbook larger"
    return writer


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def gone(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


# --- signals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("signum", "code_", "group"), [(signal.SIGINT, 130, True), (signal.SIGTERM, 143, False)], ids=["ctrl-c", "sigterm"]
)
def test_a_signal_ends_the_run_and_its_writer_with_one_line(big, tmp_path, signum, code_, group):
    out = tmp_path / "out.xlsx"
    process = Process(["batch", str(big), "-o", str(out), "--report", str(tmp_path / "r.html")], tmp_path)
    writer = started_writing(process)
    process.send(signum, group=group)  # Ctrl-C: the terminal signals the whole group
    process.wait()
    assert process.code == code_, process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "已中断" in lines[0] and "interrupted" in lines[0], process.stderr
    assert "Traceback" not in process.stderr
    assert os.listdir(tmp_path) == [], "an output or a temporary file was left"
    assert gone(writer) and in_group(process.pid) == []


def test_ctrl_c_twice_still_prints_one_line(big, tmp_path):
    process = Process(["batch", str(big), "-o", str(tmp_path / "out.xlsx")], tmp_path)
    started_writing(process)
    process.send(signal.SIGINT, group=True)
    time.sleep(0.01)
    try:
        process.send(signal.SIGINT, group=True)
    except ProcessLookupError:  # already ended
        pass
    process.wait()
    assert process.code == 130, process.stderr
    assert len(process.stderr.strip().splitlines()) == 1, process.stderr
    assert temporaries(tmp_path) == []


def test_sigkill_of_jzai_still_ends_the_writer_and_removes_its_file(big, tmp_path):
    process = Process(["batch", str(big), "-o", str(tmp_path / "out.xlsx")], tmp_path)
    writer = started_writing(process)
    process.send(signal.SIGKILL)
    process.wait()
    assert process.code == -signal.SIGKILL
    until(lambda: gone(writer), "the writer to end after its parent was killed")
    until(lambda: temporaries(tmp_path) == [], "the temporary workbook to be removed")
    assert list(tmp_path.iterdir()) == []


def test_interrupted_json_on_stdout_is_not_a_complete_document(big, tmp_path):
    stdout = tmp_path / "out.json"
    with stdout.open("wb") as handle:
        process = Process(["batch", str(big), "--format", "json"], tmp_path, stdout=handle)
        until(lambda: stdout.stat().st_size > 0, "the first applicants on stdout")
        process.send(signal.SIGINT, group=True)
        process.wait()
    assert process.code == 130, process.stderr
    with pytest.raises(json.JSONDecodeError):
        json.loads(stdout.read_text(encoding="utf-8"))


def test_a_broken_pipe_ends_quietly(big, tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "jzai_cli", "batch", str(big), "--format", "json"],
        cwd=tmp_path,
        env=jzai_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        process.stdout.read(100)  # as `| head -c 100`
        process.stdout.close()
        err = process.stderr.read()
        process.wait(timeout=HANG)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 141, err
    assert err == b"", err.decode()


# --- write errors ---------------------------------------------------------------------


def to_full_device(args: list[str], cwd: Path) -> Process:
    with open("/dev/full", "wb") as full:
        return Process(args, cwd, stdout=full).wait()


def one_write_error(process: Process, names: str, *fragments: str) -> None:
    assert process.code == 1, (process.code, process.stderr)
    assert "Traceback" not in process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：无法写出"), process.stderr
    assert names in lines[0]
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ["batch", "{small}", "--format", "csv"],
        ["batch", "{small}", "--format", "json"],
        ["check", "{example}"],
        ["check", "{example}", "--format", "json"],
        ["template", "--toml", "-o", "-"],
        ["explain", "8.5"],
    ],
    ids=["csv", "json", "check", "check-json", "template-toml", "explain"],
)
def test_standard_output_on_a_full_device_is_one_message(small, tmp_path, args):
    example = Path(__file__).resolve().parent.parent / "examples" / "ai-park.toml"
    process = to_full_device([a.format(small=small, example=example) for a in args], tmp_path)
    one_write_error(process, "标准输出", "磁盘已满", "no space left on device")
    assert small.name not in process.stderr  # the input is not blamed


@pytest.fixture
def mounted(tmp_path):
    """Mount a tmpfs at a folder with the options given; skipped where mounting is not allowed."""
    mounts = []

    def mount(name: str, options: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
            check=False,
            capture_output=True,
            timeout=HANG,
        )
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {done.stderr.decode().strip()}")
        mounts.append(folder)
        return folder

    yield mount
    for folder in mounts:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True, timeout=HANG)


WRITES = {
    "workbook": ["batch", "{small}", "-o", "{dir}/out.xlsx"],
    "report": ["batch", "{small}", "--format", "csv", "--report", "{dir}/r.html"],
    "json -o": ["batch", "{small}", "--format", "json", "-o", "{dir}/out.json"],
    "template": ["template", "-o", "{dir}/t.xlsx"],
    "template --toml": ["template", "--toml", "-o", "{dir}/t.toml"],
    "template --from": ["template", "--toml", "--from", "{small}", "-a", code(1), "-o", "{dir}/one.toml"],
    "check --report": ["check", "{example}", "--report", "{dir}/a.html"],
    "forecast -o": ["forecast", "{small}", "--years", "2026-2027", "-o", "{dir}/f.xlsx"],
    "forecast --report": [
        "forecast",
        "{small}",
        "--years",
        "2026-2027",
        "--format",
        "json",
        "--report",
        "{dir}/f.html",
    ],
}
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ai-park.toml"


@pytest.mark.parametrize("case", sorted(WRITES))
def test_a_read_only_folder_is_named_as_the_output(small, mounted, tmp_path, case):
    folder = mounted("ro", "ro,size=64k")
    process = run([a.format(small=small, dir=folder, example=EXAMPLE) for a in WRITES[case]], tmp_path)
    name = WRITES[case][-1].split("/")[-1]
    one_write_error(process, name, "只读文件系统", "read-only file system")
    assert small.name not in process.stderr.replace(str(folder), "")
    assert list(folder.iterdir()) == []


def fill(folder: Path) -> None:
    """Leave no space on the file system of `folder` (a file named filler takes it)."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 1024)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)


@pytest.mark.parametrize("case", sorted(WRITES))
def test_a_full_disk_is_named_as_the_output_and_leaves_nothing(small, mounted, tmp_path, case):
    folder = mounted("full", "size=64k")
    fill(folder)
    process = run([a.format(small=small, dir=folder, example=EXAMPLE) for a in WRITES[case]], tmp_path)
    name = WRITES[case][-1].split("/")[-1]
    one_write_error(process, name, "磁盘已满", "no space left on device")
    assert [p.name for p in folder.iterdir()] == ["filler"]


def test_json_to_a_full_disk_names_standard_output_not_the_input(small, mounted, tmp_path):
    folder = mounted("full", "size=64k")
    fill(folder)
    with (folder / "out.json").open("wb") as handle:
        process = Process(["batch", str(small), "--format", "json"], tmp_path, stdout=handle).wait()
    one_write_error(process, "标准输出", "磁盘已满")
    assert small.name not in process.stderr


def test_an_output_name_of_240_bytes_is_written(small, tmp_path):
    name = "结" * 78 + ".xlsx"  # 78 × 3 bytes + 5 = 239 bytes of UTF-8
    assert 235 < len(name.encode("utf-8")) < 255
    runner = CliRunner()
    done = runner.invoke(app, ["batch", str(small), "-o", str(tmp_path / name)])
    assert done.exit_code == 0, done.output
    done = runner.invoke(app, ["template", "-o", str(tmp_path / ("模" + name))])
    assert done.exit_code == 0, done.output
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "模" + name])


def test_a_temporary_name_fits_in_255_bytes():
    name = "结" * 84 + ".xlsx"  # 257 bytes: too long for the target itself; the temporary name still fits
    assert len(output.temp_name(Path(name)).encode("utf-8")) <= 255


# --- outputs that must not be written ---------------------------------------------------


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def refused(done, *fragments: str) -> None:
    assert done.exit_code == 2, done.output
    assert done.stderr.count("错误：") == 1, done.stderr
    assert "错误：不能写到此输出" in done.stderr
    for fragment in fragments:
        assert fragment in done.stderr, (fragment, done.stderr)


def test_the_workbook_and_the_report_cannot_be_the_same_file(small, tmp_path):
    same = tmp_path / "x.xlsx"
    refused(invoke("batch", str(small), "-o", str(same), "--report", str(same)), "另一输出", "another output")
    assert not same.exists()
    refused(
        invoke("batch", str(small), "-o", str(same), "--report", str(tmp_path / "." / "x.xlsx"), "--force"),
        "another output",
    )
    assert list(tmp_path.iterdir()) == []


def test_an_output_is_never_the_input(small, tmp_path):
    before = small.read_bytes()
    refused(invoke("batch", str(small), "-o", str(small), "--force"), "输入文件本身")
    refused(invoke("batch", str(small), "--format", "csv", "--report", str(small), "--force"), "the input")
    refused(invoke("template", "--toml", "--from", str(small), "-a", code(1), "-o", str(small), "--force"), "the input")
    refused(invoke("forecast", str(small), "--years", "2026-2027", "-o", str(small), "--force"), "the input")
    refused(
        invoke(
            "forecast",
            str(small),
            "--years",
            "2026-2027",
            "-o",
            str(small.with_name("f.xlsx")),
            "--report",
            str(small.with_name("f.xlsx")),
        ),
        "another output",
    )
    assert small.read_bytes() == before


@pytest.mark.parametrize("where", ["/dev/null", "folder"])
def test_a_device_or_a_folder_is_not_replaced_even_with_force(small, tmp_path, where):
    target = Path(where) if where.startswith("/") else tmp_path / where
    if where == "folder":
        target.mkdir()
    for args in (
        ["batch", str(small), "-o", str(target), "--force"],
        ["template", "-o", str(target), "--force"],
        ["template", "--toml", "-o", str(target), "--force"],
    ):
        refused(invoke(*args), "--force")
    assert target.is_char_device() or target.is_dir()


def test_an_existing_file_needs_force(small, tmp_path):
    target = tmp_path / "out.xlsx"
    target.write_bytes(b"mine")
    refused(invoke("batch", str(small), "-o", str(target)), "--force")
    refused(invoke("template", "-o", str(target)), "--force")
    assert target.read_bytes() == b"mine"
    assert invoke("batch", str(small), "-o", str(target), "--force").exit_code == 0
    assert target.read_bytes()[:2] == b"PK"


def test_a_target_that_appears_meanwhile_is_not_replaced(tmp_path):
    target = tmp_path / "out.txt"
    pending = output.AtomicFile(target)
    pending.write(b"second")
    target.write_bytes(b"first")  # another run got there first
    with pytest.raises(output.OutputError) as raised:
        pending.commit()
    assert raised.value.errno == errno.EEXIST and "已存在" in raised.value.reason
    assert target.read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_two_runs_to_the_same_output_at_once_do_not_both_win(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two")
    book = applicants_book(folder / "two.xlsx", 2_000)
    target = folder / "out.xlsx"
    first = Process(["batch", str(book), "-o", str(target)], folder)
    second = Process(["batch", str(book), "-o", str(target)], folder)
    codes = sorted([first.wait().code, second.wait().code])
    assert codes[0] == 0 and codes[1] in (1, 2), (first.stderr, second.stderr)
    loser = first if first.code else second
    assert "已存在" in loser.stderr and "Traceback" not in loser.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["out.xlsx", "two.xlsx"]


# --- unit parts of the output module ----------------------------------------------------------


def test_a_write_error_of_a_library_names_the_output_and_the_cause():
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as error:
        found = output.OutputError.of("out.xlsx", error)
    assert (found.path, found.errno) == ("out.xlsx", errno.ENOSPC) and "磁盘已满" in found.reason
    assert "内存不足" in output.OutputError.of("x", MemoryError()).reason
    assert "ValueError: odd" in output.OutputError.of("x", ValueError("odd")).reason
    assert "cannot write" in output.reason_of(errno.ENXIO)


def test_a_failed_write_removes_the_temporary_file(tmp_path, monkeypatch):
    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "write", full)
    with pytest.raises(output.OutputError):
        output.write_text(tmp_path / "a.txt", "text")
    assert os.listdir(tmp_path) == []


def test_a_file_system_without_hard_links_still_refuses_an_existing_target(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_links)
    output.write_text(tmp_path / "a.txt", "one")
    assert (tmp_path / "a.txt").read_text() == "one"
    pending = output.AtomicFile(tmp_path / "a.txt")
    with pytest.raises(output.OutputError):
        pending.commit()
    assert os.listdir(tmp_path) == ["a.txt"]


def test_a_write_error_inside_a_command_is_one_message(small, tmp_path, monkeypatch):
    def refuse(self, data):
        raise output.OutputError(str(self.target), output.reason_of(errno.ENOSPC), errno.ENOSPC)

    monkeypatch.setattr(output.AtomicFile, "write", refuse)
    done = invoke("template", "--toml", "-o", str(tmp_path / "t.toml"))
    assert done.exit_code == 1 and done.stderr.count("错误：") == 1 and "t.toml" in done.stderr, done.output
    done = invoke("batch", str(small), "--format", "csv", "--report", str(tmp_path / "r.html"))
    assert done.exit_code == 1 and "r.html" in done.stderr and "磁盘已满" in done.stderr, done.output
    assert os.listdir(tmp_path) == []


def test_running_out_of_memory_is_one_message(monkeypatch):
    import jzai_cli.engine

    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(jzai_cli.engine, "evaluate", exhausted)
    example = Path(__file__).resolve().parent.parent / "examples" / "ai-park.toml"
    done = invoke("check", str(example))
    assert done.exit_code == 1 and done.stderr.count("错误：") == 1 and "内存不足" in done.stderr, done.output
    assert "Traceback" not in done.output


# --- tables past Excel's rows per sheet -------------------------------------------------------


def sheet_rows(book_path: Path) -> dict[str, list[tuple]]:
    from openpyxl import load_workbook

    book = load_workbook(book_path, read_only=True)
    return {sheet.title: [tuple(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets}


@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "writer-process"])
def test_a_table_past_the_rows_of_a_sheet_continues_on_further_sheets(tmp_path, parallel):
    import io

    from jzai_cli import batch
    from jzai_cli.policy import load
    from jzai_cli.render.workbook_out import JsonSink, WorkbookSink

    source = applicants_book(tmp_path / "in.xlsx", 25)
    policy = load()
    text = io.StringIO()
    batch.run(source, policy, JsonSink(text, policy))
    expected = sorted(
        (a["row"], award["clause"])
        for a in json.loads(text.getvalue())["applicants"]
        for award in a["result"]["awards"]
    )
    assert len(expected) > 18  # more than two sheets of 9 award rows each
    out = tmp_path / "out.xlsx"
    summary = batch.run(
        source, policy, WorkbookSink(out, parallel=parallel, sheet_rows=10)
    )  # a header and 9 rows a sheet
    sheets = sheet_rows(out)
    details = [name for name in sheets if name.startswith("明细")]
    pages = -(-len(expected) // 9)  # ceiling division: 9 award rows per sheet
    assert details == ["明细"] + [f"明细 ({n})" for n in range(2, pages + 1)]
    assert list(sheets)[:4] == ["汇总", "申请人", "申请人 (2)", "申请人 (3)"]  # 25 applicants: 9 + 9 + 7
    assert list(sheets)[-2:] == ["错误", "重复"]  # 重复 after 错误: the same thing claimed twice
    found = []
    for name in details:
        head, *rows = sheets[name]
        assert head[0] == "行号" and len(rows) <= 9
        found += [(row[0], row[3]) for row in rows]
    assert sorted(found) == expected  # every award row, none twice
    applicants = [row[0] for name in ("申请人", "申请人 (2)", "申请人 (3)") for row in sheets[name][1:]]
    assert applicants == list(range(2, 27))  # rows 2…26 of the input, in order
    assert any("明细 (2)" in p.message and "10" in p.message for p in summary.problems)


def test_the_terminal_says_where_a_table_continues(tmp_path, monkeypatch):
    from jzai_cli.render import workbook_out

    monkeypatch.setattr(workbook_out, "SHEET_ROWS", 10)
    source = applicants_book(tmp_path / "in.xlsx", 12)
    done = invoke("batch", str(source), "-o", str(tmp_path / "out.xlsx"))
    assert done.exit_code == 0, done.output
    assert "续写于" in done.stderr and "明细 (2)" in done.stderr and "申请人 (2)" in done.stderr


def test_a_table_the_library_cannot_hold_is_an_error_not_a_silent_drop(tmp_path):
    from jzai_cli.render.xlsx_fast import EXCEL_ROWS, Table, save

    # a table told to hold a whole sheet of data rows under its header: one row more than Excel's 1,048,576
    table = Table("明细", ["行号"], [None], tmp_path, rows_per_sheet=EXCEL_ROWS)
    for start in range(0, EXCEL_ROWS, 65_536):
        table.add([[n] for n in range(start, start + 65_536)])
    with pytest.raises(RuntimeError, match="exceeds Excel"):
        save(tmp_path / "x.xlsx", [table])
    table.close()


# --- one applicant with a great many rows ------------------------------------------------------


def test_a_check_table_of_many_graduates_shows_200_rows_and_counts_the_rest(tmp_path):
    head = (
        (Path(__file__).resolve().parent.parent / "examples" / "ai-park.toml")
        .read_text(encoding="utf-8")
        .split("[[", 1)[0]
    )
    head = head.replace(
        'kind = "park"', 'kind = "enterprise"'
    )  # 9.1 admits enterprises: each graduate's award pays and shows its limit
    graduates = "".join(
        f'[[graduates]]\nname = "毕业生{n}"\ndegree = "master"\nfull_time = true\n'
        f"graduated = 2025-06-30\ncontract_start = 2025-09-01\ninsured_months = 12\n"
        for n in range(250)
    )
    path = tmp_path / "many.toml"
    path.write_text(head + graduates, encoding="utf-8")
    done = invoke("check", str(path))
    assert done.exit_code == 0, done.output
    # 250 graduates: one 9.1 award and one per-person limit each; 200 of each are shown
    assert done.stdout.count("另有 50 行未显示（共 250 行）；--format json 列出全部") == 2, done.stdout
    assert "毕业生199" in done.stdout and "毕业生200" not in done.stdout
    english = invoke("check", str(path), "--lang", "en")
    assert "50 more rows not shown (250 in all): --format json lists them all" in english.stdout
    document = json.loads(invoke("check", str(path), "--format", "json").stdout)
    assert len([a for a in document["awards"] if a["clause"] == "9.1"]) == 250


# --- the same paths in this process (what the process runs above also cover) ------------------


@pytest.mark.parametrize(("signum", "code_"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_inside_a_command_is_one_line_and_its_exit_code(small, tmp_path, monkeypatch, signum, code_):
    from jzai_cli import batch

    def signalled(*args, **kwargs):
        os.kill(os.getpid(), signum)  # taken by jzai's handler, as from a terminal
        time.sleep(HANG)

    monkeypatch.setattr(batch, "_one", signalled)
    before = signal.getsignal(signum)
    done = invoke("batch", str(small), "-o", str(tmp_path / "out.xlsx"), "--report", str(tmp_path / "r.html"))
    assert done.exit_code == code_, done.output
    assert done.stderr.strip().splitlines() == ["已中断，未写出输出文件 (interrupted: no output file was written)"]
    assert os.listdir(tmp_path) == []
    assert signal.getsignal(signum) is before  # restored after the command


@pytest.mark.parametrize(
    ("code_", "message"), [(errno.EPIPE, False), (errno.ENOSPC, True)], ids=["broken-pipe", "full"]
)
def test_standard_output_failing_inside_a_command(monkeypatch, code_, message):
    import io

    class Failing(io.StringIO):
        def write(self, text):
            raise OSError(code_, os.strerror(code_))

    wrap = output.GuardedStream.__init__
    monkeypatch.setattr(output.GuardedStream, "__init__", lambda self, stream: wrap(self, Failing()))
    example = Path(__file__).resolve().parent.parent / "examples" / "ai-park.toml"
    done = invoke("check", str(example), "--format", "json")
    assert done.exit_code == (1 if message else 141), done.output
    assert ("标准输出" in done.stderr) is message
    assert "Traceback" not in done.output


def test_json_and_csv_with_o_are_written_whole(small, tmp_path):
    for format_ in ("json", "csv"):
        target = tmp_path / f"out.{format_}"
        done = invoke("batch", str(small), "--format", format_, "-o", str(target))
        assert done.exit_code == 0, done.output
        assert done.stdout == ""
        assert str(target) in done.stderr
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["applicants"]) == 3
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 4  # header and 3 applicants
    assert sorted(os.listdir(tmp_path)) == ["out.csv", "out.json"]


def test_a_text_file_that_cannot_be_written_is_removed(tmp_path, monkeypatch):
    pending = output.TextFile(tmp_path / "a.json")
    pending.write("{}")

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pending.stream, "flush", full)
    with pytest.raises(output.OutputError) as raised:
        pending.commit()
    assert "a.json" in raised.value.path and raised.value.errno == errno.ENOSPC
    assert os.listdir(tmp_path) == []


def test_a_half_written_archive_is_finalised_quietly(tmp_path):
    import zipfile

    class Failing(zipfile.ZipFile):
        def close(self):
            raise OSError(errno.ENOSPC, "No space left on device")

    def write():
        archive = Failing(tmp_path / "x.zip", "w")  # noqa: F841 - held by the frame, as a half-written output is
        raise OSError(errno.ENOSPC, "No space left on device")

    seen = []
    hook = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        try:
            write()
        except OSError as error:
            output.release(error)
        import gc

        gc.collect()
    finally:
        sys.unraisablehook = hook
    assert seen == []  # finalised inside `release`, whose hook swallowed it


@pytest.mark.parametrize("where", ["add", "finish"])
def test_a_write_error_in_the_writer_process_names_the_output(tmp_path, monkeypatch, where):
    from jzai_cli import batch
    from jzai_cli.policy import load
    from jzai_cli.render import workbook_out

    def full(self, *args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(workbook_out.BookWriter, where, full)  # the forked writer has it too
    monkeypatch.setattr(workbook_out.WorkbookSink, "BATCH", 1)
    source = applicants_book(tmp_path / "in.xlsx", 3)
    out = tmp_path / "out.xlsx"
    with pytest.raises(output.OutputError) as raised:
        batch.run(source, load(), workbook_out.WorkbookSink(out))
    assert raised.value.path == str(out) and raised.value.errno == errno.ENOSPC
    assert sorted(os.listdir(tmp_path)) == ["in.xlsx"]


def test_a_writer_process_that_dies_is_reported_and_its_file_removed(tmp_path, monkeypatch):
    from jzai_cli import batch
    from jzai_cli.policy import load
    from jzai_cli.render import workbook_out

    def dies(self, *args):
        os._exit(3)

    monkeypatch.setattr(workbook_out.BookWriter, "add", dies)
    monkeypatch.setattr(workbook_out.WorkbookSink, "BATCH", 1)
    source = applicants_book(tmp_path / "in.xlsx", 3)
    with pytest.raises(output.OutputError) as raised:
        batch.run(source, load(), workbook_out.WorkbookSink(tmp_path / "out.xlsx"))
    assert "exit code 3" in raised.value.reason
    assert sorted(os.listdir(tmp_path)) == ["in.xlsx"]
