"""Benchmark: validation by kgbuild's SHACL engine against the pySHACL paths, per input size.

Run by hand (not a test; the corpus part takes minutes, the previous path on it about seven):

    python benchmarks/bench_validate.py                       # bundled, UPR Info export, corpus
    python benchmarks/bench_validate.py --store /tmp/wt-validate/store   # the corpus store to read
    python benchmarks/bench_validate.py --skip-previous-corpus           # not the 7-minute run

Inputs (validated as the build validates them: the union of the asserted graphs of an
Oxigraph store in memory, with the ontology):

1. the bundled document (built in memory, no validation);
2. the UPR Info export (/work/shared/corpus/upr-info, five CSV files), built in memory;
3. the whole corpus (the 194 Working Group reports + the export), read from a store built
   once with ``kgbuild build <reports> <export> --no-validate --no-reason --store DIR``
   (``--store``; about 5 minutes), copied into memory as the build holds it.

For each: seconds of ``validate()`` (the engine), of ``validate_pyshacl()`` (the previous
fast path: pySHACL over the triples the shapes reach, SPARQL by an Oxigraph mirror) and, on
the small inputs, of ``validate_naive()``, the ratios, the number of results, and whether the
reports agree. Then, on the UPR Info export, what validating beside reasoning would gain:
validation and reasoning one after the other (what the build does), validation in a thread
beside reasoning, and the N-Triples a worker process would first have to receive.

The machine is shared (2 cores): compare the ratios measured in one run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

import pyoxigraph as ox

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run from a checkout without installing

from kgbuild import reason, resources, validate as validation  # noqa: E402
from kgbuild.build import build  # noqa: E402
from kgbuild.dataset import ONTOLOGY_GRAPH, BuildStore, StoreView  # noqa: E402
from kgbuild.iri import DEFAULT_BASE  # noqa: E402
from kgbuild.store import Store  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


def clock(run: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = run()
    return time.perf_counter() - start, value


def in_memory(inputs: list[Path]) -> StoreView:
    return build(inputs, out=None, run_validation=False, run_reasoning=False).store.asserted()


def from_store(path: Path) -> StoreView:
    """The asserted graphs and the ontology of a persistent store, copied into memory."""
    stored = Store(path, DEFAULT_BASE, read_only=True)
    memory = BuildStore(ox.Store(), DEFAULT_BASE)
    memory.sources = sorted((e.graph for e in stored.entries().values()), key=str)
    names = [*memory.asserted_names, ONTOLOGY_GRAPH]
    memory.store.bulk_extend(q for n in names for q in stored.ox.quads_for_pattern(None, None, None, ox.NamedNode(str(n))))
    return memory.asserted()


def compare(label: str, view: StoreView, ontology: Any, *, previous: bool, naive: bool) -> None:
    seconds, report = clock(lambda: validation.validate(view, ontology=ontology))
    line = f"{label:<28} engine {seconds:8.1f} s  ({len(report.results)} results: {report.counts})"
    if previous:
        before, old = clock(lambda: validation.validate_pyshacl(view, ontology=ontology))
        same = validation.results_as_tuples(old) == validation.results_as_tuples(report)
        line += f"\n{'':<28} previous {before:6.1f} s  = {before / seconds:6.1f} x the engine's time; same results: {same}"
    if naive:
        slow, reference = clock(lambda: validation.validate_naive(view, ontology=ontology))
        same = validation.results_as_tuples(reference) == validation.results_as_tuples(report)
        line += f"\n{'':<28} naive    {slow:6.1f} s  = {slow / seconds:6.1f} x the engine's time; same results: {same}"
    print(line, flush=True)


def thread_or_worker(view: StoreView, ontology: Any) -> None:
    """What validation beside reasoning costs: one after the other, in a thread, and the
    payload a worker process would need (the asserted triples as N-Triples, parsed again)."""
    one, _ = clock(lambda: validation.validate(view, ontology=ontology))
    two, _ = clock(lambda: reason.reason(view, ontology))
    with ThreadPoolExecutor(max_workers=1) as pool:
        both, _ = clock(lambda: (pool.submit(validation.validate, view, ontology=ontology), reason.reason(view, ontology))[0].result())
    ship, _ = clock(lambda: ox.parse(view.ntriples(), format=ox.RdfFormat.N_TRIPLES) and None)
    print(f"UPR Info export: validate {one:.1f} s, reason {two:.1f} s, one after the other {one + two:.1f} s;"
          f" validation in a thread beside reasoning {both:.1f} s (saves {one + two - both:.1f} s);"
          f" the triples a worker process would receive, serialised and parsed once: {ship:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/wt-validate/store"), help="the corpus store (default: %(default)s)")
    parser.add_argument("--skip-previous-corpus", action="store_true", help="do not run the previous path on the corpus (about 7 minutes)")
    parser.add_argument("--skip-corpus", action="store_true", help="only the bundled document and the UPR Info export")
    args = parser.parse_args()
    ontology = reason.load_ontology()

    compare("bundled document", in_memory([resources.bundled_document()]), ontology, previous=True, naive=True)
    export = in_memory([CORPUS / "upr-info"])
    compare("UPR Info export", export, ontology, previous=True, naive=False)
    thread_or_worker(export, ontology)
    del export
    if args.skip_corpus:
        return
    if not args.store.is_dir():
        sys.exit(f"no corpus store at {args.store}: build it with kgbuild build {CORPUS}/wg-reports/*.txt {CORPUS}/upr-info"
                 f" --no-validate --no-reason --store {args.store} --out {tempfile.gettempdir()}/out")
    seconds, corpus = clock(lambda: from_store(args.store))
    print(f"(corpus store copied into memory in {seconds:.0f} s: {len(corpus)} asserted triples)", flush=True)
    compare("whole corpus", corpus, ontology, previous=not args.skip_previous_corpus, naive=False)


if __name__ == "__main__":
    main()
