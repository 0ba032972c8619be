"""Benchmark: kgbuild.reason.reason (signature-filtered closure) against reason_naive.

Generates a domain graph the size of one UPR addendum (by default 20 responses, 120
recommendations, 80 paragraphs with their text, 200 mentions, 15 instruments with 50
provisions, 20 institutions), times both paths over a few repeats, checks that they give
the same graph, and prints the times and the ratio.

    python benchmarks/bench_reason.py [--repeats N] [--scale K]

``--scale`` multiplies every count (2 = two documents' worth of data).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from rdflib import Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, XSD

from kgbuild.iri import DEFAULT_BASE, PROV, UPR, extend, mint
from kgbuild.reason import load_ontology, reason, reason_naive

INSTRUMENT_CLASSES = [UPR.Treaty, UPR.Constitution, UPR.Code, UPR.Law, UPR.Decree, UPR.Order, UPR.Policy]
WORDS = (
    "the legislation of and international treaties concluded by the State provide for a sufficient "
    "level of protection of the rights of stateless persons and comply with international standards "
    "ratification of the conventions in question carries certain financial and legal risks"
).split()


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(scale: int = 1, seed: int = 7) -> Graph:
    """A synthetic domain graph in the shape of ontology/MODEL.md."""
    rng = random.Random(seed)
    g = Graph()
    base = DEFAULT_BASE
    state = mint(base, "state", "KAZ")
    review = mint(base, "review", "KAZ", 4)
    doc = mint(base, "document", "KAZ", 4, "addendum")
    g.add((state, RDF.type, UPR.State))
    g.add((state, RDFS.label, Literal("Kazakhstan", lang="en")))
    g.add((review, RDF.type, UPR.Review))
    g.add((review, UPR.stateUnderReview, state))
    g.add((review, UPR.cycle, Literal(4)))
    g.add((doc, RDF.type, UPR.Document))
    g.add((doc, UPR.aboutReview, review))
    g.add((doc, UPR.documentKind, UPR.Addendum))
    g.add((doc, UPR.symbol, Literal("A/HRC/59/15/Add.1")))

    recommendations = []
    for i in range(120 * scale):
        rec = extend(review, "recommendation", f"140.{i + 1}")
        recommendations.append(rec)
        g.add((rec, RDF.type, UPR.Recommendation))
        g.add((rec, UPR.recommendationNumber, Literal(f"140.{i + 1}")))
        g.add((rec, UPR.inReview, review))
        g.add((rec, UPR.position, rng.choice([UPR.Supported, UPR.Noted])))
        g.add((rec, UPR.text, Literal(sentence(rng, 25), lang="en")))

    institutions = []
    for i in range(20 * scale):
        inst = mint(base, "institution", "KAZ", f"body-{i}")
        institutions.append(inst)
        g.add((inst, RDF.type, UPR.Institution))
        g.add((inst, RDFS.label, Literal(f"Body {i}", lang="en")))
        g.add((inst, UPR.jurisdiction, state))
        if i:
            g.add((inst, UPR.subOrganizationOf, institutions[rng.randrange(i)]))

    instruments, provisions = [], []
    for i in range(15 * scale):
        ins = mint(base, "instrument", "KAZ", f"act-{i}")
        instruments.append(ins)
        g.add((ins, RDF.type, rng.choice(INSTRUMENT_CLASSES)))
        g.add((ins, RDFS.label, Literal(f"Act {i}", lang="en")))
        g.add((ins, UPR.localLabel, Literal(f"the Act {i}", lang="en")))
        g.add((ins, UPR.dateAdopted, Literal("2020-01-01", datatype=XSD.date)))
    for i in range(25 * scale):
        ins = rng.choice(instruments)
        art = extend(ins, f"art-{i + 1}")
        para = extend(art, "para-1")
        for node, parent in ((art, ins), (para, art)):
            provisions.append(node)
            g.add((node, RDF.type, UPR.Provision))
            g.add((node, UPR.partOf, parent))
            g.add((node, UPR.article, Literal(str(i + 1))))
    for _ in range(3 * scale):
        a, b = rng.sample(provisions, 2)
        g.add((a, UPR.incompatibleWith, b))

    headings, paragraphs = [], []
    for k in range(25 * scale):
        h = extend(doc, "heading", k + 1)
        headings.append(h)
        g.add((h, RDF.type, UPR.Heading))
        g.add((h, UPR.inDocument, doc))
        g.add((h, UPR.level, Literal(2)))
        g.add((h, RDF.value, Literal(sentence(rng, 6))))
    for n in range(80 * scale):
        p = extend(doc, "paragraph", n + 1)
        paragraphs.append(p)
        g.add((p, RDF.type, UPR.Paragraph))
        g.add((p, UPR.paragraphNumber, Literal(n + 1)))
        g.add((p, UPR.inDocument, doc))
        g.add((p, UPR.underHeading, rng.choice(headings)))
        g.add((p, UPR.order, Literal(n + 30)))
        g.add((p, RDF.value, Literal(sentence(rng, 80))))

    targets = recommendations + instruments + provisions + institutions
    for m in range(200 * scale):
        unit = rng.choice(paragraphs)
        start = rng.randrange(200)
        mention = extend(unit, "mention", f"{start}-{start + 12}")
        g.add((mention, RDF.type, UPR.Mention))
        g.add((mention, UPR.inText, unit))
        g.add((mention, UPR.exact, Literal("x" * 12)))
        g.add((mention, UPR.start, Literal(start)))
        g.add((mention, UPR.end, Literal(start + 12)))
        g.add((mention, UPR.denotes, rng.choice(targets)))

    for k in range(20 * scale):
        resp = extend(doc, "response", k + 1)
        g.add((resp, RDF.type, UPR.Response))
        g.add((resp, UPR.inDocument, doc))
        g.add((resp, UPR.heading, headings[k % len(headings)]))
        g.add((resp, UPR.position, UPR.Noted))
        for rec in rng.sample(recommendations, 5):
            g.add((resp, UPR.respondsTo, rec))
        for cited in rng.sample(instruments, 1) + rng.sample(provisions, 3):
            g.add((resp, UPR.cites, cited))
        for inst in rng.sample(institutions, 2):
            g.add((resp, UPR.mentions, inst))
        for p in rng.sample(paragraphs, 4):
            g.add((resp, PROV.wasDerivedFrom, p))
    return g


def timed(fn, data: Graph, ontology: Graph, repeats: int) -> tuple[float, float, Graph]:
    """Median wall-clock and CPU seconds of ``fn(data, ontology)`` over ``repeats`` runs.

    CPU time is reported too because it is less disturbed by other processes on the machine.
    """
    wall, cpu, result = [], [], Graph()
    for _ in range(repeats):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn(data, ontology)
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs per path; the median is reported (default 3)")
    parser.add_argument("--scale", type=int, default=1, help="multiply every count of the generated graph (default 1)")
    args = parser.parse_args(argv)

    data = generate(args.scale)
    ontology = load_ontology()
    print(f"data: {len(data)} triples; ontology: {len(ontology)} triples; repeats: {args.repeats}")
    fast_wall, fast_cpu, fast = timed(reason, data, ontology, args.repeats)
    naive_wall, naive_cpu, naive = timed(reason_naive, data, ontology, args.repeats)
    same = isomorphic(fast, naive)
    print(f"reason:       {fast_wall:8.3f} s wall {fast_cpu:8.3f} s CPU  ({len(fast)} entailments)")
    print(f"reason_naive: {naive_wall:8.3f} s wall {naive_cpu:8.3f} s CPU  ({len(naive)} entailments)")
    print(f"ratio naive/fast: {naive_wall / fast_wall:.1f}x wall, {naive_cpu / fast_cpu:.1f}x CPU; same answer: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
