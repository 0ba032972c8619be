"""Benchmark: mapping the UPR Info export (five CSV files, 41,066 rows) with map_csv.

Run by hand (not a test): ``python benchmarks/bench_upr_info.py [--repeat N] [--folder DIR]``.
Prints, for the five files mapped one after the other in one process:

1. wall time, CPU time and rows per second, per file and in total, with each step of
   map_csv (CSVW read, store load, rejection rules, each CONSTRUCT, reference subset);
2. the same files mapped by :func:`map_csv_files` in worker processes (one per CPU);
3. the peak memory (max RSS) of a child process that maps the five files one by one, next
   to the same process when it only imports kgbuild and loads the reference data;
4. the cost of :attr:`CsvResult.graph` (rdflib), for comparison: the N-Triples of the result
   load into an Oxigraph store far faster than into rdflib.

Figures are medians over ``--repeat`` runs. The machine may be shared: compare CPU time with
wall time to see how much of the wall time was waiting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FOLDER = REPO.parent / "shared" / "corpus" / "upr-info"

# VmHWM, not getrusage: Linux carries ru_maxrss over exec from the forked parent.
CHILD = """
import sys
from pathlib import Path
from kgbuild.iri import DEFAULT_BASE
from kgbuild.reference import Reference
from kgbuild.read.csvw import map_csv
reference = Reference(DEFAULT_BASE)
reference.quads()
if sys.argv[1] == "map":
    for path in sorted(Path(sys.argv[2]).glob("*.csv")):
        map_csv(path, reference)
print(next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:")))
"""


def _peak_rss(mode: str, folder: Path) -> int:
    """Peak RSS (KiB) of a child process that maps the files ("map") or only starts ("start")."""
    done = subprocess.run([sys.executable, "-c", CHILD, mode, str(folder)], check=True, cwd=REPO, capture_output=True, text=True)
    return int(done.stdout.split()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs to take the median of (default 3)")
    parser.add_argument("--folder", type=Path, default=FOLDER, help=f"folder of the CSV files (default {FOLDER})")
    args = parser.parse_args(argv)

    from kgbuild.iri import DEFAULT_BASE
    from kgbuild.read.csvw import map_csv, map_csv_files
    from kgbuild.reference import Reference

    files = sorted(args.folder.glob("*.csv"))
    if not files:
        sys.exit(f"no CSV files in {args.folder}")
    reference = Reference(DEFAULT_BASE)
    reference.quads()

    walls: dict[str, list[float]] = {p.name: [] for p in files}
    cpus: dict[str, list[float]] = {p.name: [] for p in files}
    steps: dict[str, list[float]] = {}
    totals: list[tuple[float, float]] = []
    results = {}
    for _ in range(args.repeat):
        run_steps: dict[str, float] = {}
        wall0, cpu0 = time.perf_counter(), time.process_time()
        for path in files:
            w, c = time.perf_counter(), time.process_time()
            result = map_csv(path, reference)
            walls[path.name].append(time.perf_counter() - w)
            cpus[path.name].append(time.process_time() - c)
            for step, seconds in result.timings.items():
                run_steps[step] = run_steps.get(step, 0.0) + seconds
            results[path.name] = result
        totals.append((time.perf_counter() - wall0, time.process_time() - cpu0))
        for step, seconds in run_steps.items():
            steps.setdefault(step, []).append(seconds)

    med = statistics.median
    print(f"map_csv over {len(files)} files of {args.folder} (median of {args.repeat} runs)\n")
    print(f"{'file':<22}{'rows':>8}{'mapped':>8}{'rejected':>9}{'triples':>9}{'wall s':>9}{'CPU s':>8}{'rows/s':>9}")
    rows = mapped = rejected = triples = 0
    for path in files:
        r = results[path.name]
        wall = med(walls[path.name])
        print(f"{path.name:<22}{r.rows_read:>8}{r.rows_mapped:>8}{r.rows_rejected:>9}{r.triples:>9}{wall:>9.2f}{med(cpus[path.name]):>8.2f}{r.rows_read / wall:>9.0f}")
        rows, mapped, rejected, triples = rows + r.rows_read, mapped + r.rows_mapped, rejected + r.rows_rejected, triples + r.triples
    wall, cpu = med(t[0] for t in totals), med(t[1] for t in totals)
    print(f"{'total':<22}{rows:>8}{mapped:>8}{rejected:>9}{triples:>9}{wall:>9.2f}{cpu:>8.2f}{rows / wall:>9.0f}\n")
    print("steps (all files):")
    for step, values in steps.items():
        print(f"  {step:<28}{med(values):>7.2f} s")

    parallel = []
    for _ in range(args.repeat):
        w, c = time.perf_counter(), time.process_time()
        map_csv_files(files, reference)
        parallel.append(time.perf_counter() - w)
    workers = min(os.cpu_count() or 1, len(files))
    print(f"\nmap_csv_files, {workers} worker processes: {med(parallel):.2f} s wall, {rows / med(parallel):.0f} rows/s")

    start = _peak_rss("start", args.folder)
    peak = _peak_rss("map", args.folder)
    print(f"\npeak memory: {peak / 1024:.0f} MiB mapping the files, {start / 1024:.0f} MiB for imports and reference data alone")

    first = results[files[0].name]
    t = time.perf_counter()
    graph = first.graph
    rdflib_seconds = time.perf_counter() - t
    import pyoxigraph as ox

    t = time.perf_counter()
    store = ox.Store()
    store.bulk_load(input=first.ntriples, format=ox.RdfFormat.N_TRIPLES)
    ox_seconds = time.perf_counter() - t
    print(f"{files[0].name} as an rdflib Graph ({len(graph)} triples): {rdflib_seconds:.2f} s; into an Oxigraph store: {ox_seconds:.2f} s")


if __name__ == "__main__":
    main()
