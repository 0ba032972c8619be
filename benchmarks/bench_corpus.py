"""Benchmark: the corpus at scale, end to end, against the naive path in the same run.

Run by hand (not a test; takes minutes, up to --naive-timeout more for the naive path):

    python benchmarks/bench_corpus.py                  # the UPR Info export (five CSV files)
    python benchmarks/bench_corpus.py --with-reports   # + the 194 Working Group reports
    python benchmarks/bench_corpus.py --skip-naive     # no naive build (the slow part)

Prints:

1. **Build**: ``kgbuild build INPUTS --store S --out O`` as a user runs it: wall time and the
   peak memory of the whole process tree (the build and its worker processes, sampled every
   50 ms), and the stage table (seconds, peak memory of the main process, triples).
2. **No-op rebuild**: the same command again, nothing changed.
3. **Queries**: every named query on the built store (``kgbuild query STORE NAME``'s path,
   Oxigraph, with the query's store form, queries/store/, when it has one), p50 of five runs,
   CPU time, and the same query on rdflib over the store's quads (one run, in a child
   process stopped after --rdflib-timeout), with the ratio and whether the rows are the
   same: benchmarks/bench_queries.py, which does the same for any store.
4. **Naive path**: the same build with ``--naive`` (pySHACL and owlrl over the whole graph,
   rdflib in memory), stopped after --naive-timeout ("> N s").
5. **Equivalence** on a sample of at least --sample recommendations (the bundled addendum,
   the Slovenia report and addendum of tests/data, the first rows of the UPR Info export):
   the fast and the naive validation (focus nodes, paths, severities, messages, shapes,
   values) and reasoning (informative entailments), compared.

Ratios are measured in one run on one machine; the machine may be shared (2 cores), so
compare ratios rather than absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"
UPR_INFO = SHARED / "upr-info"
REPORTS = SHARED / "wg-reports"
DATA = REPO / "tests" / "data"

BUILD_CHILD = """
import json, sys, time
from pathlib import Path
from kgbuild.build import build
if __name__ == "__main__":
    args = json.loads(sys.argv[1])
    t = time.perf_counter()
    r = build([Path(p) for p in args["inputs"]], out=Path(args["out"]) if args["out"] else None,
              store=Path(args["store"]) if args["store"] else None, naive=args["naive"])
    print(json.dumps({"seconds": time.perf_counter() - t, "timings": r.timings, "memory": r.memory,
                      "asserted": r.triples, "inferred": r.inferred_count, "results": len(r.report.results) if r.report else 0,
                      "summary": r.report.summary() if r.report else "", "reused": r.reused, "unchanged": r.unchanged}))
"""



class TreeMemory:
    """Peak of the summed RSS of a process and its descendants, sampled in a thread."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", encoding="ascii") as f:
                        parent = int(f.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(parent, []).append(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
        out, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            out.append(pid)
            todo.extend(children.get(pid, ()))
        return out

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    with open(f"/proc/{pid}/status", encoding="ascii") as f:
                        total += next((int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:")), 0)
                except OSError:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_build(inputs: list[Path], out: Path | None, store: Path | None, naive: bool = False, timeout: float | None = None) -> dict | None:
    """One build in a child process: its figures, wall time and process-tree peak memory."""
    args = json.dumps({"inputs": [str(p) for p in inputs], "out": str(out) if out else None, "store": str(store) if store else None, "naive": naive})
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", BUILD_CHILD, args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    memory = TreeMemory(proc.pid)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        memory.stop()
        return None
    peak = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{stderr[-3000:]}")
    figures = json.loads(stdout.strip().splitlines()[-1])
    figures["wall"] = time.perf_counter() - t
    figures["tree_peak"] = peak
    return figures


def gib(n: int) -> str:
    return f"{n / 2**30:.2f} GiB"


def stage_table(f: dict) -> None:
    print(f"{'stage':<36} {'seconds':>8} {'peak RSS (main)':>16}")
    for stage, seconds in f["timings"].items():
        mem = f["memory"].get(stage)
        print(f"{stage:<36} {seconds:>8.2f} {gib(mem) if mem else '':>16}")
    print(f"triples: {f['asserted']:,} asserted, {f['inferred']:,} inferred, {f['results']} validation results")
    print(f"in-process {f['seconds']:.1f} s; wall {f['wall']:.1f} s (with interpreter start and imports); "
          f"peak memory of the process tree {gib(f['tree_peak'])}")


def queries(store: Path, rdflib_timeout: float) -> None:
    """Section 3: benchmarks/bench_queries.py on the built store (five runs per query, rdflib
    on the same quads in a child process, and whether the two gave the same rows)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_queries

    todo = bench_queries.jobs(set(), store)
    measured = bench_queries.measure_store(store, todo, runs=5)
    rdflib = bench_queries.measure_rdflib(store, todo, rdflib_timeout) if rdflib_timeout > 0 else {}
    bench_queries.report(todo, measured, rdflib, rdflib_timeout)


def sample_csv(source: Path, target: Path, rows: int) -> int:
    """The header and the first ``rows`` records of a UPR Info file, in its own encoding and line ends."""
    with source.open(encoding="mac_roman", newline="") as f:
        records = list(csv.reader(f))
    with target.open("w", encoding="mac_roman", newline="") as f:
        w = csv.writer(f, lineterminator="\r")
        w.writerows(records[: rows + 1])
    return min(rows, len(records) - 1)


def sample_inputs(folder: Path, recommendations: int) -> list[Path]:
    """The bundled addendum (35), the Slovenia report and addendum (254) and UPR Info rows."""
    from kgbuild import resources

    rows = max(recommendations - 35 - 254, 0) + 50
    csv_path = folder / "sessions-1-5.csv"
    sample_csv(UPR_INFO / "sessions-1-5.csv", csv_path, rows)
    return [resources.bundled_document(), DATA / "slovenia-A-HRC-59-15.txt", DATA / "slovenia-A-HRC-59-15-Add.1.txt", csv_path]


def equivalence(recommendations: int) -> None:
    from kgbuild import reason, validate
    from kgbuild.build import build

    with tempfile.TemporaryDirectory() as tmp:
        inputs = sample_inputs(Path(tmp), recommendations)
        r = build(inputs, out=None, run_validation=False, run_reasoning=False)
        n = r.counts()["recommendations"]
        data = r.store.asserted()
        ontology = reason.load_ontology()
        timings = {}

        def clock(name, fn, *a, **k):  # noqa: ANN001, ANN202
            t = time.perf_counter()
            value = fn(*a, **k)
            timings[name] = time.perf_counter() - t
            return value

        fast = clock("validate", validate.validate, data, ontology=ontology)
        naive = clock("validate naive", validate.validate_naive, data, ontology=ontology)
        inferred = clock("reason", reason.reason, data, ontology)
        inferred_naive = clock("reason naive", reason.reason_naive, data, ontology)
        same_report = validate.results_as_tuples(fast) == validate.results_as_tuples(naive)
        same_closure = set(inferred) == set(inferred_naive)
        print(f"sample: {n:,} recommendations, {r.triples:,} asserted triples ({', '.join(p.name for p in inputs)})")
        print(f"validation: {len(fast.results)} results ({fast.summary()}); naive: {len(naive.results)}; identical: {same_report}"
              f" · {timings['validate']:.2f} s vs {timings['validate naive']:.2f} s ({timings['validate naive'] / timings['validate']:.1f}×)")
        print(f"reasoning: {len(inferred):,} entailments; naive: {len(inferred_naive):,}; identical: {same_closure}"
              f" · {timings['reason']:.2f} s vs {timings['reason naive']:.2f} s ({timings['reason naive'] / timings['reason']:.1f}×)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--with-reports", action="store_true", help="add the 194 Working Group reports to the UPR Info export")
    parser.add_argument("--skip-naive", action="store_true", help="do not run the naive build")
    parser.add_argument("--naive-timeout", type=float, default=1800, help="seconds before the naive build is stopped (default 1800)")
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="seconds before an rdflib query is stopped (default 60; 0: skip)")
    parser.add_argument("--sample", type=int, default=2000, help="recommendations in the equivalence sample (default 2000)")
    parser.add_argument("--skip", default="", help="comma-separated sections to skip: build,queries,naive,equivalence")
    args = parser.parse_args(argv)
    skip = set(filter(None, args.skip.split(",")))
    if args.skip_naive:
        skip.add("naive")
    inputs = [UPR_INFO] + ([REPORTS / "*.txt"] if args.with_reports else [])
    with tempfile.TemporaryDirectory() as tmp:
        out, store = Path(tmp) / "out", Path(tmp) / "store"
        if "build" not in skip:
            print(f"== 1. build {' '.join(str(p) for p in inputs)} --store --out")
            first = run_build(inputs, out, store)
            stage_table(first)
            print("\n== 2. the same build again, nothing changed")
            again = run_build(inputs, out, store)
            print(f"wall {again['wall']:.2f} s (in-process {again['seconds']:.2f} s), unchanged: {again['unchanged']}, "
                  f"sources reused: {again['reused']}; first build / no-op rebuild: {first['wall'] / again['wall']:.1f}×")
            if "queries" not in skip:
                print("\n== 3. named queries on the store")
                queries(store, args.rdflib_timeout)
            if "naive" not in skip:
                print(f"\n== 4. the naive path (--naive), stopped after {args.naive_timeout:.0f} s")
                naive = run_build(inputs, None, None, naive=True, timeout=args.naive_timeout)
                if naive is None:
                    print(f"naive: > {args.naive_timeout:.0f} s (stopped); fast build {first['wall']:.1f} s: more than {args.naive_timeout / first['wall']:.0f}× faster")
                else:
                    stage_table(naive)
                    print(f"naive {naive['wall']:.1f} s vs fast {first['wall']:.1f} s: {naive['wall'] / first['wall']:.1f}×; "
                          f"same summary: {naive['summary'] == first['summary']}")
    if "equivalence" not in skip:
        print(f"\n== 5. equivalence of the fast and naive paths on a sample of at least {args.sample} recommendations")
        equivalence(args.sample)


if __name__ == "__main__":
    main()
