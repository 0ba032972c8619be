"""Benchmark: every named query on a built store, and rdflib on the same quads.

Run by hand on a store that ``kgbuild build ... --store STORE`` made (opened read-only; the
store is never written):

    python benchmarks/bench_queries.py STORE                     # store, then rdflib (60 s each)
    python benchmarks/bench_queries.py STORE --rdflib-timeout 0  # the store only
    python benchmarks/bench_queries.py STORE --only evidence,figures

For each named query, with its default parameters (and an example value for a required one),
prints:

- **rows** on the store;
- **p50**: the median of five runs of the path ``kgbuild query STORE NAME`` takes, in process
  (``query.run_store`` on the query's store form, queries/store/, when it has one: the safety
  check, evaluation by Oxigraph and conversion of the rows to rdflib terms; interpreter
  start-up excluded); **cpu**: the same runs' median CPU time, which a shared machine
  inflates less than wall time; **first**: the first run, which also parses the query with
  rdflib for the safety check (cached for the later runs);
- **rdflib**: one run of the query (queries/NAME.rq) by rdflib over the same quads, loaded from
  the store into an rdflib Dataset in a child process (not timed), stopped after
  ``--rdflib-timeout`` seconds; the **ratio** rdflib / p50; **same**: whether rdflib gave
  the same rows in the same order.

Compare ratios rather than absolute times across runs: the machine may be shared.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

RDFLIB_CHILD = """
import hashlib, json, signal, sys, time
from rdflib import Dataset
from kgbuild import query as Q

def digest(rows):
    return hashlib.sha256(repr(rows).encode()).hexdigest()

class Stop(Exception):
    pass

def stop(*_):
    raise Stop()

t = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
print(f"rdflib loaded {len(ds):,} quads in {time.perf_counter() - t:.0f} s", file=sys.stderr, flush=True)
timeout, jobs = int(float(sys.argv[2])), json.loads(sys.argv[3])
signal.signal(signal.SIGALRM, stop)
out = {}
for name, params in jobs:
    t = time.perf_counter()
    signal.alarm(timeout)
    try:
        result = Q.run(Q.get_query(name).text, ds, params=params)
        out[name] = {"seconds": time.perf_counter() - t, "rows": len(result.rows), "digest": digest(result.rows)}
    except Stop:
        out[name] = None
    finally:
        signal.alarm(0)
print(json.dumps(out))
"""

EXAMPLES = {"state": "AFG", "treaty": "id:instrument/rome-statute", "number": "140.14"}
"""Values for required parameters (a State, a treaty, a recommendation number)."""


FIND_RECOMMENDATION = """
PREFIX upr: <https://w3id.org/upr-kg/ontology#>
SELECT ?number ?state ?cycle WHERE {
  ?r a upr:Recommendation ; upr:recommendationNumber ?number ; upr:inReview ?review .
  ?review upr:stateUnderReview/upr:iso3 ?state ; upr:cycle ?cycle .
} ORDER BY ?state ?cycle ?number LIMIT 1
"""


def jobs(only: set[str], store_path: Path | None = None) -> list[tuple[str, dict[str, str]]]:
    """Each named query with its defaults and an example for each required parameter. With
    ``store_path``, the ``recommendation`` query looks up a numbered recommendation the store
    holds (its defaults name one of the bundled addendum, which a corpus may not have)."""
    from kgbuild import query as Q

    out = []
    for nq in Q.list_queries():
        if only and nq.name not in only:
            continue
        params = {p.name: p.default for p in nq.parameters if p.default not in (None, "")}
        params.update({p.name: EXAMPLES.get(p.name, "") for p in nq.parameters if p.required})
        if nq.name == "recommendation" and store_path is not None:
            params.update(_a_recommendation(store_path, params))
        out.append((nq.name, params))
    return out


def _a_recommendation(store_path: Path, params: dict[str, str]) -> dict[str, str]:
    """``params`` when the store has that recommendation, else the first numbered one it has."""
    import pyoxigraph as ox

    from kgbuild import query as Q

    store = ox.Store.read_only(str(store_path))
    if Q.run_store(Q.get_query("recommendation").text_for_store, store, params=params).rows:
        return params
    rows = Q.run_store(FIND_RECOMMENDATION, store).rows
    return {"number": str(rows[0][0]), "state": str(rows[0][1]), "cycle": str(rows[0][2])} if rows else params


def measure_store(store_path: Path, todo: list[tuple[str, dict[str, str]]], runs: int) -> dict[str, dict]:
    """Each query ``runs`` times through ``query.run_store`` on the store opened read-only."""
    import pyoxigraph as ox

    from kgbuild import query as Q

    store = ox.Store.read_only(str(store_path))
    out: dict[str, dict] = {}
    for name, params in todo:
        text = Q.get_query(name).text_for_store
        walls, cpus, result = [], [], None
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            result = Q.run_store(text, store, params=params)
            cpus.append(time.process_time() - cpu)
            walls.append(time.perf_counter() - wall)
        assert result is not None
        out[name] = {
            "rows": len(result.rows),
            "p50": statistics.median(walls),
            "cpu": statistics.median(cpus),
            "first": walls[0],
            "digest": hashlib.sha256(repr(result.rows).encode()).hexdigest(),
        }
    return out


def measure_rdflib(store_path: Path, todo: list[tuple[str, dict[str, str]]], timeout: float) -> dict[str, dict | None]:
    """The same queries by rdflib, in a child process that loads the store's quads."""
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "store.nq"
        store = ox.Store.read_only(str(store_path))
        store.dump(str(dump), format=ox.RdfFormat.N_QUADS)
        del store
        done = subprocess.run(
            [sys.executable, "-c", RDFLIB_CHILD, str(dump), str(timeout), json.dumps(todo)],
            stdout=subprocess.PIPE, text=True, cwd=REPO,
        )
    if done.returncode != 0:
        raise SystemExit("rdflib child failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(todo: list[tuple[str, dict[str, str]]], store: dict[str, dict], rdflib: dict[str, dict | None], timeout: float) -> None:
    print(f"{'query':<30} {'rows':>7} {'p50':>10} {'cpu':>10} {'first':>10} {'rdflib':>10} {'ratio':>9}  {'same':<5} parameters")
    p50s = []
    for name, params in todo:
        s = store[name]
        p50s.append(s["p50"])
        shown = ratio = same = ""
        if name in rdflib:
            r = rdflib[name]
            if r is None:
                shown, ratio, same = f"> {timeout:.0f} s", f"> {timeout / s['p50']:,.0f}×", "?"
            else:
                shown, ratio = f"{r['seconds']:.2f} s", f"{r['seconds'] / s['p50']:,.0f}×"
                same = "yes" if r["digest"] == s["digest"] else f"NO (rdflib {r['rows']} rows)"
        given = " ".join(f"{k}={v}" for k, v in params.items())
        print(f"{name:<30} {s['rows']:>7,} {s['p50'] * 1000:>7.1f} ms {s['cpu'] * 1000:>7.1f} ms {s['first'] * 1000:>7.1f} ms "
              f"{shown:>10} {ratio:>9}  {same:<5} {given}")
    under = sum(1 for p in p50s if p < 0.1)
    print(f"{under} of {len(p50s)} named queries have p50 under 100 ms; median p50 {statistics.median(p50s) * 1000:.1f} ms, "
          f"slowest {max(p50s) * 1000:.1f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="a store made by kgbuild build --store (opened read-only)")
    parser.add_argument("--runs", type=int, default=5, help="runs per query on the store (default 5; p50 is their median)")
    parser.add_argument("--rdflib-timeout", type=float, default=60, help="seconds before an rdflib query is stopped (default 60; 0: skip rdflib)")
    parser.add_argument("--only", default="", help="comma-separated query names (default: every named query)")
    args = parser.parse_args(argv)
    todo = jobs(set(filter(None, args.only.split(","))), args.store)
    store = measure_store(args.store, todo, args.runs)
    rdflib = measure_rdflib(args.store, todo, args.rdflib_timeout) if args.rdflib_timeout > 0 else {}
    report(todo, store, rdflib, args.rdflib_timeout)


if __name__ == "__main__":
    main()
