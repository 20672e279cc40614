"""CPU per applicant of the batch's per-applicant function, stage by stage.

    python benchmarks/per_applicant.py                      # 10,000 applicants, the results workbook's rows
    python benchmarks/per_applicant.py 100000 --format csv  # another size, the CSV line
    python benchmarks/per_applicant.py --profile 30         # and cProfile's 30 heaviest functions
    python benchmarks/per_applicant.py --rules              # and the CPU of each clause's rule

The workbook is the one `bench_batch.py` generates (cached in
benchmarks/.cache/). The main sheet is read as `jzai batch` reads it; then,
in this one process, every applicant goes through the stages of
`batch.Evaluator` — build the row from its cells, validate into `Facts`,
`engine.evaluate`, the rows (or the CSV line) the sink writes, the claims of
duplicates, and pickling the chunk's `Part` as a worker sends it back —
each timed in CPU seconds (`time.process_time`), with the garbage collector
as the batch's workers run it. It prints µs of CPU per applicant for each
stage.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import pickle
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("count", nargs="?", type=int, default=10_000)
    parser.add_argument("--format", choices=("xlsx", "csv", "json"), default="xlsx")
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's N heaviest functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order: cumulative, tottime, …")
    parser.add_argument("--rules", action="store_true", help="time each clause's rule inside evaluate")
    args = parser.parse_args()

    import bench_batch

    from jzai_cli import batch
    from jzai_cli.engine import evaluate
    from jzai_cli.policy import load
    from jzai_cli.readers.workbook import read_workbook, validate

    source = HERE / ".cache" / f"applicants-{args.count}.xlsx"
    if not source.exists():
        source.parent.mkdir(exist_ok=True)
        bench_batch.generate(args.count, source)
    policy = load()
    untraced = "trace" in inspect.signature(evaluate).parameters  # as the batch evaluates (older code: traced)
    sink = _sink(args.format, args.lang, policy)
    render = sink.render
    book = read_workbook(source, stream=True)
    tasks = list(book.tasks)
    clause_ids = frozenset(c.id for c in policy.clauses)
    lead = frozenset(c.id for c in policy.clauses if getattr(c.params, "lead_unit", False))
    stages = dict.fromkeys(("build", "validate", "evaluate", "render", "claims", "pickle"), 0.0)
    clock = time.process_time
    rules = _time_rules(policy, clock) if args.rules else None
    profiler = cProfile.Profile() if args.profile else None
    with batch.collector_paused():  # as in the batch's workers, forked with it paused
        if profiler is not None:
            profiler.enable()
        for start in range(0, len(tasks), batch.CHUNK):
            out = []
            for task in tasks[start : start + batch.CHUNK]:
                t0 = clock()
                row = book.build(task)
                t1 = clock()
                facts = validate(row, book.file, clause_ids)
                t2 = clock()
                result = (
                    (evaluate(policy, facts, None, trace=False) if untraced else evaluate(policy, facts, None))
                    if facts is not None
                    else None
                )
                t3 = clock()
                status = batch.INVALID if result is None else batch.VALID
                outcome = batch.Outcome(row.row, row.name, row.code_text, status, result, row.problems)
                rendered = render(outcome)
                t4 = clock()
                seen = batch.claims(outcome, facts, lead)
                t5 = clock()
                out.append((rendered, seen, outcome.problems))
                stages["build"] += t1 - t0
                stages["validate"] += t2 - t1
                stages["evaluate"] += t3 - t2
                stages["render"] += t4 - t3
                stages["claims"] += t5 - t4
            t0 = clock()
            pickle.dumps(batch.Part(out, (0, 0, 0, 0), {}), pickle.HIGHEST_PROTOCOL)
            stages["pickle"] += clock() - t0
        if profiler is not None:
            profiler.disable()
    n = len(tasks)
    print(f"{n:,} applicants, --format {args.format}, --lang {args.lang}: CPU µs per applicant")
    print("| stage | µs |\n|---|---:|")
    for stage, seconds in stages.items():
        print(f"| {stage} | {seconds / n * 1e6:.0f} |")
    print(f"| **total** | **{sum(stages.values()) / n * 1e6:.0f}** |")
    if rules is not None:
        print(
            "\nCPU µs per applicant of each clause's rule (inside evaluate; clauses not run for these facts are left out)"
        )
        print("| clause | µs |\n|---|---:|")
        for clause, seconds in sorted(rules.items(), key=lambda item: -item[1]):
            print(f"| {clause} | {seconds / n * 1e6:.1f} |")
        print(f"| **rules together** | **{sum(rules.values()) / n * 1e6:.1f}** |")
    if profiler is not None:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)


def _time_rules(policy, clock) -> dict[str, float]:
    """Wrap each rule of the engine's plan for `policy` in a clock; returns clause → CPU seconds."""
    from jzai_cli import engine

    plan = engine._plan(policy)
    spent: dict[str, float] = {}

    def timed(run, clause_id):
        def wrapper(clause, ctx):
            start = clock()
            try:
                return run(clause, ctx)
            finally:
                spent[clause_id] = spent.get(clause_id, 0.0) + clock() - start

        return wrapper

    plan.steps[:] = [(clause, timed(run, clause.id), *rest) for clause, run, *rest in plan.steps]
    plan.runnable.clear()  # the shapes hold the steps: built again from the wrapped ones
    return spent


def _sink(kind: str, lang: str, policy):
    """A sink whose `render` is the one the batch's workers run (nothing is written)."""
    from jzai_cli.render import workbook_out

    if kind == "xlsx":
        sink = workbook_out.WorkbookSink.__new__(workbook_out.WorkbookSink)
        sink.lang = lang
        return sink
    import io

    if kind == "csv":
        return workbook_out.CsvSink(io.StringIO(), lang)
    return workbook_out.JsonSink(io.StringIO(), policy, lang)


if __name__ == "__main__":
    main()
