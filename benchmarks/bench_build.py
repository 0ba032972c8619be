"""Benchmark: ``kgbuild build`` of the bundled document, end to end and stage by stage.

Run by hand (not a test): ``python benchmarks/bench_build.py [--repeat N]``. Prints

1. wall time and peak memory (max RSS) of the whole command, as a user runs it, next to the
   cost of starting the interpreter and importing what the command imports — so the share
   of start-up is visible;
2. the time of each stage (read + structure + annotate + map per document, validate,
   reason, export) in one process, and the naive path for the two stages that have one
   (pySHACL and owlrl over the whole graph with its text literals), with the ratio;
3. whether the fast and the naive paths agree (same validation results, same entailments).

Figures are medians over ``--repeat`` runs; the machine is shared, so compare the ratios
measured in the same run rather than absolute seconds across runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _run(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, max(before, after)


def _median(values: list[float]) -> float:
    return statistics.median(values)


def end_to_end(repeat: int) -> None:
    py = sys.executable
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cases = [
            ("interpreter start (python -c pass)", [py, "-c", "pass"]),
            ("start + imports of kgbuild build", [py, "-c", "import kgbuild.cli, kgbuild.build"]),
            ("kgbuild build (bundled document)", [py, "-m", "kgbuild", "build", "--out", os.path.join(tmp, "out"), "-q"]),
        ]
        for label, cmd in cases:
            walls, rss = [], 0
            for _ in range(repeat):
                w, r = _run(cmd)
                walls.append(w)
                rss = max(rss, r)
            rows.append((label, _median(walls), rss))
    base = rows[-1][1]
    print("End to end (median of %d runs)" % repeat)
    print(f"{'':44} {'wall s':>8} {'share':>7} {'max RSS MiB':>12}")
    for label, wall, rss in rows:
        print(f"{label:44} {wall:8.3f} {wall / base:7.0%} {rss / 1024:12.1f}")
    print()


def stages(repeat: int) -> None:
    from kgbuild import reason as reasoning
    from kgbuild import resources
    from kgbuild import validate as validation
    from kgbuild.build import build, process_document, write_output
    from kgbuild.iri import DEFAULT_BASE
    from kgbuild.reference import Reference

    doc = resources.bundled_document()
    timings: dict[str, list[float]] = {}

    def clock(name: str, fn, *args, **kwargs):  # noqa: ANN001, ANN202
        t = time.perf_counter()
        out = fn(*args, **kwargs)
        timings.setdefault(name, []).append(time.perf_counter() - t)
        return out

    agree_validation = agree_reasoning = True
    for _ in range(repeat):
        reference = clock("reference data", Reference, DEFAULT_BASE)
        clock("read + structure + annotate + map", process_document, doc, reference)
        result = build([doc], out=None, run_validation=False, run_reasoning=False)
        ontology = reasoning.load_ontology()
        report = clock("validate", validation.validate, result.graph, ontology=ontology)
        naive_report = clock("validate (naive: pySHACL on the whole graph)", validation.validate_naive, result.graph, ontology=ontology)
        inferred = clock("reason", reasoning.reason, result.graph, ontology)
        naive_inferred = clock("reason (naive: owlrl on the whole graph)", reasoning.reason_naive, result.graph, ontology)
        with tempfile.TemporaryDirectory() as tmp:
            clock("export (all files, atomic)", write_output, result, Path(tmp) / "out")
        agree_validation &= validation.results_as_tuples(report) == validation.results_as_tuples(naive_report)
        agree_reasoning &= set(inferred) == set(naive_inferred)
    triples = len(result.graph)
    print(f"Stages, in process (median of {repeat}; asserted graph {triples} triples, {len(inferred)} entailments)")
    print(f"{'stage':52} {'seconds':>8}")
    for name, values in timings.items():
        print(f"{name:52} {_median(values):8.3f}")
    for fast, naive in (("validate", "validate (naive: pySHACL on the whole graph)"), ("reason", "reason (naive: owlrl on the whole graph)")):
        print(f"{fast} speed-up over the naive path: {_median(timings[naive]) / _median(timings[fast]):.1f}x")
    print(f"same validation results as the naive path: {agree_validation}")
    print(f"same entailments as the naive path: {agree_reasoning}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    end_to_end(args.repeat)
    stages(max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
