"""Time the named queries on rdflib and on Oxigraph (kgbuild.query.run, engine=...).

Not a test: prints a table. The data is tests/query/data/mini.ttl + mini-inferred.ttl copied
COPIES times under other State codes (each copy is one more review with its own IRIs), so that
the size can be set to the bundled build's or to a corpus-sized one:

    python benchmarks/query_engines.py 60      # ~14k triples: the bundled addendum's scale
    python benchmarks/query_engines.py 250     # ~54k triples (rdflib takes minutes)

Each query is checked to give the same rows on both engines.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from rdflib import Dataset, URIRef

from kgbuild import query as Q

DATA = Path(__file__).resolve().parents[1] / "tests" / "query" / "data"


def synthetic(copies: int) -> Dataset:
    base = Q.load_target([DATA / "mini.ttl", DATA / "mini-inferred.ttl"])
    triples = list(base.triples((None, None, None)))
    ds = Dataset(default_union=True)
    g = ds.graph(URIRef("urn:x-bench:graph"))
    for i in range(copies):
        code = "KAZ" if i == 0 else f"X{i:03d}"

        def move(t):
            if isinstance(t, URIRef):
                return URIRef(str(t).replace("/KAZ", f"/{code}"))
            if str(t) == "KAZ":
                return type(t)(code)
            return t

        for s, p, o in triples:
            g.add((move(s), p, move(o)))
    return ds


def main(copies: int) -> None:
    t0 = time.perf_counter()
    ds = synthetic(copies)
    print(f"{len(ds)} triples ({copies} reviews), built in {time.perf_counter() - t0:.1f} s")
    print(f"{'query':28} {'rdflib s':>9} {'oxigraph s':>11} {'rows':>6}")
    total = {"rdflib": 0.0, "oxigraph": 0.0}
    for nq in Q.list_queries():
        times, rows = {}, {}
        for engine in ("rdflib", "oxigraph"):
            t = time.perf_counter()
            rows[engine] = Q.run(nq.text, ds, engine=engine).rows
            times[engine] = time.perf_counter() - t
            total[engine] += times[engine]
        same = "" if rows["rdflib"] == rows["oxigraph"] else "  DIFFERENT"
        print(f"{nq.name:28} {times['rdflib']:9.2f} {times['oxigraph']:11.2f} {len(rows['rdflib']):6}{same}")
    print(f"{'total':28} {total['rdflib']:9.2f} {total['oxigraph']:11.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
