"""Worker processes that apply one pure function to chunks of work and hand
the results back in the order the chunks were given.

`jzai batch` evaluates applicants in them (`batch.run`). They are forked, so
they start with what the parent had read (the policy, the row converters)
and are sent only the raw cells of each chunk; they send back what the
sinks write and the small tallies of the summary.

They end with the parent, however it ends: end-of-file on their input (the
parent closed it or died), the parent-death signal (Linux), or SIGTERM from
`close`. Ctrl-C is the parent's to handle: ignored here. A worker keeps no
file of its own and closes every descriptor it inherited but its two pipes,
so the writer process still sees end-of-file when the parent closes its
pipe. An exception in a worker is sent back and raised in the parent, as it
would have been raised in one process; a worker that dies is an error that
says so.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .said import Said

IN_FLIGHT = 2  # chunks given to a worker and not yet taken back


class WorkerError(RuntimeError):
    """A worker process died or could not report its exception."""


def available_cpus() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _die_with_parent(parent: int) -> None:  # pragma: no cover - runs in a worker
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def _close_inherited(keep: set[int]) -> None:  # pragma: no cover - runs in a worker
    """Close every descriptor above standard error but `keep`: the writer's
    pipe, the outputs being written and the input are the parent's."""
    try:
        limit = min(os.sysconf("SC_OPEN_MAX"), 1 << 16)
    except (AttributeError, ValueError, OSError):
        limit = 1 << 12
    low = 3
    for fd in sorted(keep):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, limit)


def _serve(work: Callable[[Any], Any], tasks, results, parent: int) -> None:  # pragma: no cover - runs in a worker
    """Take chunks, send back `work(chunk)` for each, until end-of-file.

    A thread reads the input, so that the parent's next chunk never waits
    for this worker to finish sending a result (two full pipes would
    otherwise wait for each other)."""
    import queue
    import threading

    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(
            signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM}
        )  # blocked by the parent around the fork
        _die_with_parent(parent)
        _close_inherited({tasks.fileno(), results.fileno()})
        inbox: queue.SimpleQueue = queue.SimpleQueue()

        def read() -> None:
            try:
                while True:
                    inbox.put(tasks.recv_bytes())
            except (EOFError, OSError):
                inbox.put(None)

        threading.Thread(target=read, daemon=True).start()
        while True:
            message = inbox.get()
            if message is None:
                return
            try:
                reply = ("ok", work(pickle.loads(message)))
            except BaseException as error:  # noqa: BLE001 - every failure of a chunk goes back to the parent
                reply = ("error", error)
            try:
                blob = pickle.dumps(reply, pickle.HIGHEST_PROTOCOL)
            except Exception as error:  # noqa: BLE001 - an exception that cannot be pickled: its text crosses
                blob = pickle.dumps(
                    ("error", WorkerError(f"{type(reply[1]).__name__}: {reply[1]}"[:2000] + f" ({error})"))
                )
            results.send_bytes(blob)
    except BaseException:  # noqa: BLE001 - the worker ends with exit code 1, the parent tells why
        code = 1
    finally:
        os._exit(code)  # no finaliser, no flush of what the parent was writing


class Workers:
    """`jobs` forked processes running `work` on chunks, results in order.

    Use as a context manager: leaving it (normally, by an exception or by a
    signal) ends every worker."""

    def __init__(self, work: Callable[[Any], Any], jobs: int) -> None:
        self.work = work
        self.jobs = jobs
        self.processes: list[Any] = []
        self.inputs: list[Any] = []
        self.outputs: list[Any] = []
        self.sent = 0  # bytes of chunks sent (pickled), for the benchmark

    def __enter__(self) -> Workers:
        context = multiprocessing.get_context("fork")
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            for _ in range(self.jobs):
                tasks_in, tasks_out = context.Pipe(duplex=False)
                results_in, results_out = context.Pipe(duplex=False)
                process = context.Process(
                    target=_serve, args=(self.work, tasks_in, results_out, os.getpid()), daemon=True
                )
                self.processes.append(process)
                self.inputs.append(tasks_out)
                self.outputs.append(results_in)
                process.start()
                tasks_in.close()
                results_out.close()
        except BaseException:
            self.close()
            raise
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(self, chunks: Iterable[Any]) -> Iterator[Any]:
        """`work(chunk)` of every chunk, in the order of `chunks`."""
        waiting: deque[int] = deque()  # the worker of each chunk given out, oldest first
        turn = 0
        for chunk in chunks:
            if len(waiting) >= IN_FLIGHT * self.jobs:
                yield self._take(waiting.popleft())
            self._give(turn, chunk)
            waiting.append(turn)
            turn = (turn + 1) % self.jobs
        while waiting:
            yield self._take(waiting.popleft())

    def _give(self, worker: int, chunk: Any) -> None:
        blob = pickle.dumps(chunk, pickle.HIGHEST_PROTOCOL)
        self.sent += len(blob)
        try:
            self.inputs[worker].send_bytes(blob)
        except OSError:
            raise self._died(worker) from None

    def _take(self, worker: int) -> Any:
        try:
            status, value = pickle.loads(self.outputs[worker].recv_bytes())
        except (EOFError, OSError):
            raise self._died(worker) from None
        if status == "error":
            raise value
        return value

    def _died(self, worker: int) -> WorkerError:
        process = self.processes[worker]
        process.join(5)
        return WorkerError(Said("评估进程意外退出", f"an evaluation process stopped, exit code {process.exitcode}"))

    def close(self) -> None:
        """End every worker (idempotent): end-of-file first, then SIGTERM, then SIGKILL."""
        for end in self.inputs + self.outputs:
            end.close()
        for process in self.processes:
            process.join(1)  # an idle worker ends at once; a busy one when its chunk is done
        for process in self.processes:
            if process.is_alive():
                process.terminate()
                process.join(5)
            if process.is_alive():  # pragma: no cover - a worker that ignores SIGTERM
                process.kill()
                process.join()
        self.processes, self.inputs, self.outputs = [], [], []
