"""Files jzai writes: whole or not at all, and never over what they must not.

Every output (results workbook, HTML report, template, TOML facts) is
written to a new temporary file beside its target, made durable (fsync) and
then put in place in one step. Without --force the temporary file is
hard-linked to the target, which fails when the target exists, so of two
runs to the same path one fails instead of both winning. On any failure the
temporary file is removed. Write failures are `OutputError`s that name the
output and the cause, never the input.

Kept free of heavy imports: `jzai --help` loads this module.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from .said import Said

STDOUT = Said("标准输出", "standard output")
EXISTS = Said("文件已存在；用 --force 覆盖", "the file exists: use --force to replace it")
NAME_BYTES = 96  # of the target's name kept in the temporary name, which must stay under 255 bytes

_REASONS = {
    errno.ENOSPC: Said("磁盘已满", "no space left on device"),
    errno.EDQUOT: Said("超出磁盘配额", "disk quota exceeded"),
    errno.EROFS: Said("只读文件系统", "read-only file system"),
    errno.EACCES: Said("没有写入权限", "permission denied"),
    errno.EPERM: Said("不允许写入", "operation not permitted"),
    errno.ENAMETOOLONG: Said("文件名过长", "file name too long"),
    errno.ENOENT: Said("目录不存在", "no such directory"),
    errno.ENOTDIR: Said("路径中有一段不是目录", "a part of the path is not a directory"),
    errno.EISDIR: Said("这是目录，不是文件", "a directory, not a file"),
    errno.EFBIG: Said("文件过大", "file too large"),
    errno.EIO: Said("输入输出错误", "input/output error"),
    errno.EPIPE: Said("管道已关闭", "broken pipe"),
    errno.EEXIST: Said(
        "文件已存在（可能是同时进行的另一次运行写出的）", "the file exists: another run may have just written it"
    ),
}


class OutputError(Exception):
    """An output could not be written: `path` names it, `reason` says why."""

    def __init__(self, path: str, reason: str, code: int | None = None) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
        self.errno = code

    @classmethod
    def of(cls, path: str | Path, error: BaseException) -> OutputError:
        """The OutputError of an exception raised while writing `path`."""
        if isinstance(error, OutputError):
            return error
        cause = error
        while not isinstance(cause, OSError) and isinstance(
            inner := cause.__cause__ or cause.__context__, BaseException
        ):
            cause = inner  # a library's wrapper (xlsxwriter's FileCreateError)
        if isinstance(cause, OSError):
            return cls(str(path), reason_of(cause.errno, cause.strerror), cause.errno)
        if isinstance(error, MemoryError):
            return cls(str(path), Said("内存不足", "out of memory"))
        text = " ".join(str(error).split())[:160]
        return cls(
            str(path),
            Said(f"写入时出错：{type(error).__name__}: {text}", f"writing failed: {type(error).__name__}: {text}"),
        )

    @property
    def broken_pipe(self) -> bool:
        return self.errno == errno.EPIPE


def reason_of(code: int | None, strerror: str | None = None) -> str:
    if code in _REASONS:
        return _REASONS[code]
    return Said(
        f"无法写入：{strerror or os.strerror(code or 0)}", f"cannot write: {strerror or os.strerror(code or 0)}"
    )


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def refusal(target: Path, force: bool, inputs: Iterable[Path] = (), others: Iterable[Path | None] = ()) -> str | None:
    """Why `target` may not be written, or None: it is an input, another
    output of the same run, or something other than a regular file (refused
    even with --force), or it exists and there is no --force."""
    for source in inputs:
        if _same(target, Path(source)):
            return Said("不能写到输入文件本身", "the output must not overwrite the input")
    for other in others:
        if other is not None and _same(target, Path(other)):
            return Said(f"与本次运行的另一输出 {other} 相同", "the same file as another output of this run")
    try:
        found = os.stat(target)
    except FileNotFoundError:
        found = None
    except OSError as error:
        return reason_of(error.errno, error.strerror)
    if found is not None:
        if stat.S_ISDIR(found.st_mode):
            return Said(
                "这是目录，不是文件；--force 也不会替换", "a directory, not a file: not replaced, even with --force"
            )
        if not stat.S_ISREG(found.st_mode):
            return Said(
                "不是普通文件（设备、管道或套接字）；--force 也不会替换",
                "not a regular file: a device, pipe or socket is not replaced, even with --force",
            )
        if not force:
            return EXISTS
    if not Path(target).parent.is_dir():
        return Said("目录不存在", "no such directory")
    return None


def temp_name(target: Path) -> str:
    """A hidden name beside `target`, short enough for any file system (255 bytes)."""
    name = target.name.encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore")
    return f".{name}.{os.urandom(4).hex()}.tmp"


class AtomicFile:
    """A new temporary file beside `target`, put in place by `commit`.

    `path` may be written by name (a library that opens the file itself) or
    through `fd`. Creation is exclusive (O_EXCL); the mode is that of an
    ordinary new file (0666 less the umask)."""

    def __init__(self, target: str | Path, force: bool = False) -> None:
        self.target = Path(target)
        self.force = force
        self.committed = False
        self.fd: int | None = None  # the open file (below), None once close_fd closed it
        for _ in range(100):
            self.path = self.target.parent / temp_name(self.target)
            try:
                self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
                break
            except FileExistsError:
                continue
            except OSError as error:
                raise OutputError.of(self.target, error) from None
        else:  # pragma: no cover - 100 random names all taken
            raise OutputError(str(self.target), reason_of(errno.EEXIST), errno.EEXIST)

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        assert self.fd is not None, "written after close_fd"
        try:
            while view:
                view = view[os.write(self.fd, view) :]
        except OSError as error:
            self.discard()
            raise OutputError.of(self.target, error) from None

    def close_fd(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def commit(self) -> None:
        """fsync the file, then put it in place: over the target only with --force."""
        try:
            self.close_fd()
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
            if self.force:
                problem = refusal(self.target, True)  # it may have become a directory meanwhile
                if problem is not None:
                    raise OutputError(str(self.target), problem)
                os.replace(self.path, self.target)
            else:
                self._link()
            self.committed = True
            _sync_folder(self.target.parent)
        except BaseException as error:
            self.discard()
            if isinstance(error, Exception):
                raise OutputError.of(self.target, error) from None
            raise

    def _link(self) -> None:
        try:
            os.link(self.path, self.target)  # fails when the target exists, however it got there
        except FileExistsError:
            raise OutputError(str(self.target), reason_of(errno.EEXIST), errno.EEXIST) from None
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.EXDEV):
                raise
            if os.path.lexists(self.target):  # a file system without hard links: check, then rename
                raise OutputError(str(self.target), reason_of(errno.EEXIST), errno.EEXIST) from None
            os.rename(self.path, self.target)
            return
        os.unlink(self.path)

    def discard(self) -> None:
        """Remove the temporary file (nothing of the output is left)."""
        try:
            self.close_fd()
        except OSError:
            pass
        if not self.committed:
            try:
                os.unlink(self.path)
            except FileNotFoundError:
                pass


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:  # pragma: no cover - a folder that cannot be opened: the rename stands
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a folder
        pass
    finally:
        os.close(fd)


def release(error: BaseException | None) -> None:
    """Finalise now, and quietly, what a failed write left open (a library's
    half-written zip archive, held by the traceback): at exit its finaliser
    would fail again and print a traceback of its own."""
    import gc
    import sys
    import traceback

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        seen: set[int] = set()
        while error is not None and id(error) not in seen:  # the whole chain: a wrapper's cause holds the frames
            seen.add(id(error))
            traceback.clear_frames(error.__traceback__)
            error = error.__cause__ or error.__context__
        gc.collect()
    finally:
        sys.unraisablehook = hook


def write_with(target: str | Path, write, force: bool = False) -> None:
    """`write(path)` makes the file at a temporary path (a library that opens
    the file by name); then it is put in place like any other output."""
    out = AtomicFile(target, force)
    try:
        out.close_fd()
        write(out.path)
        out.commit()
    except BaseException as error:
        release(error)
        out.discard()
        if isinstance(error, Exception):
            raise OutputError.of(target, error) from None
        raise


def write_bytes(target: str | Path, data: bytes, force: bool = False) -> None:
    """`data` to `target`, whole or not at all (OutputError on failure)."""
    out = AtomicFile(target, force)
    try:
        out.write(data)
        out.commit()
    except BaseException:
        out.discard()
        raise


def write_text(target: str | Path, text: str, force: bool = False) -> None:
    write_bytes(target, text.encode("utf-8"), force)


class TextFile:
    """A text stream (UTF-8, "\\n") into an `AtomicFile`: `commit` puts it in place."""

    def __init__(self, target: str | Path, force: bool = False) -> None:
        import io

        self.file = AtomicFile(target, force)
        assert self.file.fd is not None  # a new AtomicFile is open
        self.stream = io.TextIOWrapper(io.FileIO(self.file.fd, "w", closefd=False), encoding="utf-8", newline="\n")

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except OSError as error:
            raise OutputError.of(self.file.target, error) from None

    def commit(self) -> None:
        try:
            self.stream.flush()
        except OSError as error:
            self.discard()
            raise OutputError.of(self.file.target, error) from None
        self.file.commit()

    def discard(self) -> None:
        try:
            self.stream.close()
        except OSError:
            pass
        self.file.discard()


class GuardedStream:
    """Standard output whose write errors are `OutputError`s naming it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise OutputError.of(STDOUT, error) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise OutputError.of(STDOUT, error) from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def silence_stdout() -> None:
    """After a broken pipe: point standard output at /dev/null so that the
    flush at exit does not fail a second time."""
    import sys

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # pragma: no cover - stdout without a file descriptor (a test runner)
        pass
