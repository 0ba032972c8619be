"""Benchmark: CPU time of the per-source pipeline of a build's map stage, against baselines
measured in the same run.

Run by hand (not a test; about a minute for this checkout, a few more with ``--against``):

    python benchmarks/bench_map.py                      # the 194 WG reports + the 5 UPR Info CSV files
    python benchmarks/bench_map.py --against bc6bfe4    # ... and the same sources with that commit's code
    python benchmarks/bench_map.py --reports 20 --no-csv --stages

What a build's map stage does for each source, in one process (no worker processes, no
start-up): ``process_document`` for a report (read, structure, annotate, document graph,
mappings/*.rq) and ``map_csv`` for a CSV file, timed with ``time.process_time`` (CPU of the
process, every thread). Each checkout runs in its own child process (``python -c`` in the
checkout's folder, so it imports that checkout's kgbuild and reads its mappings/).

Printed, for each kind of source:

1. the CPU seconds of this checkout, and as a multiple of a **parse baseline** measured in the
   same process: reading the same files (``kgbuild.read.read`` for a report, Python's csv
   module for a table). The baseline does not change with the pipeline, so the multiple can be
   compared across runs and machines where seconds cannot;
2. with ``--against REV``: the same figures for the code of commit REV (extracted with
   ``git archive`` into a temporary folder), and the ratio REV / this checkout;
3. the reports with the largest CPU times;
4. with ``--stages``: this checkout's CPU per stage (read, structure, annotate, document
   graph, map), when it has the stage functions ``docgraph_ntriples`` and ``map_ntriples``.

With ``--repeat N`` the checkouts run N times, alternately, and each source keeps its smallest
time (on a shared machine, the run least disturbed by other work). The whole build, as a user
runs it with its worker processes, is measured by bench_corpus.py.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

CHILD = r"""
import csv, json, sys, time
from pathlib import Path
import kgbuild
from kgbuild.build import process_document
from kgbuild.iri import DEFAULT_BASE
from kgbuild.read import read
from kgbuild.read.csvw import load_metadata, locate_metadata, map_csv
from kgbuild.reference import Reference

args = json.loads(sys.argv[1])
reference = Reference(DEFAULT_BASE)
reference.names, reference.quads()  # loaded once per process, as in a worker
cpu = time.process_time
out = {"kgbuild": kgbuild.__file__, "sources": {}, "stages": {}}
for name in args["reports"]:
    path = Path(name)
    t = cpu(); read(path); parse = cpu() - t
    t = cpu(); process_document(path, reference); total = cpu() - t
    out["sources"][path.name] = {"kind": "report", "parse": parse, "cpu": total}
for name in args["tables"]:
    path = Path(name)
    encoding = load_metadata(locate_metadata(path), path).dialect.encoding
    t = cpu()
    with path.open(encoding=encoding, newline="") as handle:
        sum(1 for _ in csv.reader(handle))
    parse = cpu() - t
    t = cpu(); map_csv(path, reference); total = cpu() - t
    out["sources"][path.name] = {"kind": "table", "parse": parse, "cpu": total}
if args["stages"]:
    try:
        from kgbuild.annotate import annotate
        from kgbuild.docgraph import docgraph_ntriples
        from kgbuild.map import map_ntriples
        from kgbuild.structure import structure
    except ImportError:
        pass
    else:
        stages = dict.fromkeys(("read", "structure", "annotate", "document graph", "map"), 0.0)
        for name in args["reports"]:
            t0 = cpu(); raw = read(Path(name))
            t1 = cpu(); doc = structure(raw, reference)
            t2 = cpu(); ann = annotate(doc, reference)
            t3 = cpu(); nt = docgraph_ntriples(doc, ann, reference.base)
            t4 = cpu(); map_ntriples(nt, reference)
            t5 = cpu()
            for stage, seconds in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4)):
                stages[stage] += seconds
        out["stages"] = stages
print(json.dumps(out))
"""


def run_checkout(folder: Path, reports: list[Path], tables: list[Path], stages: bool) -> dict:
    """The child's figures for the code in ``folder``."""
    args = {"reports": [str(p) for p in reports], "tables": [str(p) for p in tables], "stages": stages}
    done = subprocess.run([sys.executable, "-c", CHILD, json.dumps(args)], cwd=folder, check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def extract(rev: str, into: Path) -> Path:
    """The files of commit ``rev`` of this repository, in ``into``."""
    tar = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(into, filter="data")
    return into


def keep_fastest(runs: list[dict]) -> dict[str, dict]:
    """Per source, the run with the smallest CPU time."""
    best: dict[str, dict] = {}
    for run in runs:
        for name, figures in run["sources"].items():
            if name not in best or figures["cpu"] < best[name]["cpu"]:
                best[name] = figures
    return best


def totals(sources: dict[str, dict], kind: str) -> tuple[int, float, float]:
    chosen = [f for f in sources.values() if f["kind"] == kind]
    return len(chosen), sum(f["cpu"] for f in chosen), sum(f["parse"] for f in chosen)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REV", help="also run the code of this commit (e.g. a commit before a change)")
    parser.add_argument("--reports", type=int, default=None, help="only the first N reports, by name (default: all)")
    parser.add_argument("--no-csv", action="store_true", help="leave out the UPR Info CSV files")
    parser.add_argument("--stages", action="store_true", help="also time this checkout's stages on the reports")
    parser.add_argument("--repeat", type=int, default=1, help="runs per checkout, alternately; each source keeps its fastest (default 1)")
    args = parser.parse_args(argv)

    reports = sorted((CORPUS / "wg-reports").glob("*.txt"))[: args.reports]
    tables = [] if args.no_csv else sorted((CORPUS / "upr-info").glob("*.csv"))
    if not reports and not tables:
        sys.exit(f"no sources under {CORPUS}")

    with tempfile.TemporaryDirectory() as tmp:
        checkouts = {"this checkout": REPO}
        if args.against:
            checkouts[args.against] = extract(args.against, Path(tmp) / "against")
        runs: dict[str, list[dict]] = {label: [] for label in checkouts}
        for i in range(args.repeat):
            for label, folder in checkouts.items():
                runs[label].append(run_checkout(folder, reports, tables, args.stages and i == 0 and label == "this checkout"))
    best = {label: keep_fastest(r) for label, r in runs.items()}

    print(f"CPU seconds per source, in one process (fastest of {args.repeat} run(s) per source)\n")
    print(f"{'sources':<26}{'code':<16}{'CPU s':>8}{'parse s':>9}{'x parse':>9}{'per source':>12}")
    for kind, label in (("report", "WG reports"), ("table", "UPR Info CSV files")):
        line = {}
        for code, sources in best.items():
            n, total, parse = totals(sources, kind)
            if not n:
                continue
            line[code] = total
            print(f"{f'{label} ({n})':<26}{code:<16}{total:>8.2f}{parse:>9.2f}{total / parse:>9.0f}{total / n:>11.3f}s")
        if args.against and len(line) == 2:
            print(f"{'':<26}{'ratio':<16}{line[args.against] / line['this checkout']:>7.2f}x less CPU in this checkout")
        print()

    this = best["this checkout"]
    slowest = sorted((f["cpu"], name) for name, f in this.items() if f["kind"] == "report")[-5:][::-1]
    if slowest:
        print("largest reports (CPU s):", ", ".join(f"{name} {cpu:.2f}" + (f" (was {best[args.against][name]['cpu']:.2f})" if args.against else "") for cpu, name in slowest))
    stages = runs["this checkout"][0]["stages"]
    if stages:
        whole = sum(stages.values())
        print("\nstages of this checkout over the reports (CPU s):")
        for stage, seconds in stages.items():
            print(f"  {stage:<16}{seconds:>7.2f}  {100 * seconds / whole:>4.0f}%")


if __name__ == "__main__":
    main()
