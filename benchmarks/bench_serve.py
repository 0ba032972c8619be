"""Benchmark: ``kgbuild serve`` under concurrent clients, with and without a runaway query.

Run by hand (not a test), loopback only, bounded in requests and time:

    python benchmarks/bench_serve.py [DIR] [--clients 8] [--requests 400] [--seconds 60]

DIR is a build output folder or a store (default: the bundled document, built into a
temporary folder). The script starts ``python -m kgbuild serve DIR`` on a free loopback port
and runs two phases of ``--requests`` requests each (or ``--seconds``, whichever ends first),
from ``--clients`` threads:

1. the named queries of queries/ (``/sparql?example=NAME``: each with its header's default
   parameters) in turn, and, when the Linked Data pages answer, ``/id/...`` page fetches
   (303 then the HTML page) for resources the dataset names;
2. the same mix while one more client sends, again and again, a cross join that would run
   for ages: each of those is stopped at the time limit (504), and the figures show that the
   other clients kept getting answers.

It prints, per phase: requests, throughput, p50 and p99 latency, errors (any answer other than
200; must be 0), the runaway queries stopped, and the resident memory (RSS) of the server
and its query workers before and after.
"""

from __future__ import annotations

import argparse
import itertools
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
PAGE_IRIS = """PREFIX upr: <https://w3id.org/upr-kg/ontology#>
SELECT DISTINCT ?x WHERE { { ?x a upr:Recommendation } UNION { ?x a upr:Response } UNION { ?x a upr:LegalInstrument } }
ORDER BY ?x LIMIT 60"""


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    stopped: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, problem: str | None) -> None:
        with self.lock:
            self.latencies.append(seconds)
            if problem:
                self.errors[problem] = self.errors.get(problem, 0) + 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its children (the query workers), in MB."""
    total = 0
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        pids += [int(c) for c in (task / "children").read_text().split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] if ordered else float("nan")


def _targets(http: httpx.Client) -> list[tuple[str, dict[str, str]]]:
    from kgbuild.query import list_queries

    targets = [("/sparql", {"example": q.name, "format": "json"}) for q in list_queries()]
    r = http.get("/sparql", params={"query": PAGE_IRIS, "format": "json"})
    r.raise_for_status()
    iris = [b["x"]["value"] for b in r.json()["results"]["bindings"]]
    # The data base: what precedes graph/reference in the service description's graph names.
    description = http.get("/sparql", headers={"accept": "application/n-triples"}).text
    names = [line.split()[2].strip("<>") for line in description.splitlines() if "#name>" in line]
    data_base = next((n[: -len("graph/reference")] for n in names if n.endswith("graph/reference")), "")
    pages = [("/id/" + iri[len(data_base):], {}) for iri in iris if data_base and iri.startswith(data_base)]
    if pages:
        probe = http.get(pages[0][0], follow_redirects=True, headers={"accept": "text/html"})
        if probe.status_code != 200:
            pages = []
    # Pages are cheap; queries are the load. Two page fetches for each query.
    mixed: list[tuple[str, dict[str, str]]] = []
    page_cycle = itertools.cycle(pages) if pages else None
    for target in targets:
        mixed.append(target)
        if page_cycle:
            mixed += [next(page_cycle), next(page_cycle)]
    return mixed


def _phase(url: str, targets: list, *, clients: int, requests: int, seconds: float, runaway: bool, tally_runaway: Tally) -> tuple[Tally, float]:
    tally = Tally()
    counter = itertools.count()
    stop = threading.Event()
    deadline = time.monotonic() + seconds

    def client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while not stop.is_set() and time.monotonic() < deadline:
                n = next(counter)
                if n >= requests:
                    return
                path, params = targets[n % len(targets)]
                started = time.perf_counter()
                try:
                    r = http.get(path, params=params, follow_redirects=True, headers={"accept": "text/html"} if not params else {})
                    problem = None if r.status_code == 200 else f"{r.status_code} {path} {params.get('example', '')}"
                except httpx.HTTPError as exc:
                    problem = f"{type(exc).__name__} {path}"
                tally.add(time.perf_counter() - started, problem)

    def runaway_client() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            while not stop.is_set() and time.monotonic() < deadline:
                started = time.perf_counter()
                r = http.get("/sparql", params={"query": RUNAWAY})
                tally_runaway.add(time.perf_counter() - started, None if r.status_code == 504 else str(r.status_code))
                if r.status_code == 504:
                    tally_runaway.stopped += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    extra = threading.Thread(target=runaway_client) if runaway else None
    started = time.perf_counter()
    if extra:
        extra.start()
        time.sleep(0.2)  # the runaway holds a worker before the others start
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    stop.set()
    if extra:
        extra.join()
    return tally, elapsed


def _report(name: str, tally: Tally, elapsed: float) -> None:
    n = len(tally.latencies)
    errors = sum(tally.errors.values())
    print(
        f"{name:<28} {n:>6} req  {n / elapsed:>7.1f} req/s  p50 {1000 * _percentile(tally.latencies, 0.5):>7.1f} ms  "
        f"p99 {1000 * _percentile(tally.latencies, 0.99):>8.1f} ms  errors {errors}"
    )
    for problem, count in sorted(tally.errors.items()):
        print(f"    {count} × {problem}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("dir", nargs="?", type=Path, help="build output folder or store (default: build the bundled document)")
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=400, help="requests per phase (default: 400)")
    p.add_argument("--seconds", type=float, default=60.0, help="longest a phase may last (default: 60)")
    p.add_argument("--timeout", type=float, default=5.0, help="the server's per-query time limit (default: 5)")
    p.add_argument("--workers", type=int, default=2, help="the server's query workers (default: 2)")
    args = p.parse_args()

    tmp = None
    folder = args.dir
    if folder is None:
        from kgbuild import resources
        from kgbuild.build import build

        tmp = tempfile.TemporaryDirectory(prefix="bench-serve-")
        folder = Path(tmp.name) / "build"
        build([resources.bundled_document()], out=folder)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kgbuild", "serve", str(folder), "--port", str(port),
               "--timeout", str(args.timeout), "--workers", str(args.workers)]
    started = time.perf_counter()
    server = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(base_url=url, timeout=120) as http:
            while True:
                try:
                    http.get("/sparql", params={"query": "ASK {}"})
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.perf_counter() - started > 600:
                        raise SystemExit("the server did not start")
                    time.sleep(0.2)
            print(f"server ready in {time.perf_counter() - started:.1f} s: {folder} ({args.workers} workers, time limit {args.timeout:g} s)")
            count = http.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "format": "json"})
            print(f"quads: {int(count.json()['results']['bindings'][0]['n']['value']):,}")
            targets = _targets(http)
        queries = sum(1 for path, _ in targets if path == "/sparql")
        print(f"mix: {queries} named queries, {len(targets) - queries} page fetches per round; {args.clients} clients")
        rss_before = _rss_mb(server.pid)
        runaway = Tally()
        tally, elapsed = _phase(url, targets, clients=args.clients, requests=args.requests, seconds=args.seconds, runaway=False, tally_runaway=runaway)
        rss_mid = _rss_mb(server.pid)
        _report("1 named queries + pages", tally, elapsed)
        tally2, elapsed2 = _phase(url, targets, clients=args.clients, requests=args.requests, seconds=args.seconds, runaway=True, tally_runaway=runaway)
        rss_after = _rss_mb(server.pid)
        _report("2 same, with a runaway", tally2, elapsed2)
        print(f"    runaway queries sent {len(runaway.latencies)}, stopped with 504: {runaway.stopped}, "
              f"their latency p50 {_percentile(runaway.latencies, 0.5):.1f} s; other answers: {sum(runaway.errors.values())}")
        print(f"server RSS (server + workers): before {rss_before:.0f} MB, after phase 1 {rss_mid:.0f} MB, after phase 2 {rss_after:.0f} MB")
        return 0 if not tally.errors and not tally2.errors else 1
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
