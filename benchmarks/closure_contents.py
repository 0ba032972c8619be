"""What the OWL RL closure of the bundled document contains, and what the informative
filter of kgbuild/reason.py keeps. Run by hand: ``python benchmarks/closure_contents.py``.

Closes asserted graph + ontology with owlrl (the naive path), then sorts every triple of
the closure that was not asserted into the category that decides its fate, in the order
:func:`kgbuild.reason.informative` applies them.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from kgbuild import reason, resources
from kgbuild.build import build


def main() -> None:
    result = build([resources.bundled_document()], out=None, run_validation=False, run_reasoning=False)
    data = result.graph
    ontology = reason.load_ontology()
    closure = list(reason._close((t for g in (ontology, data) for t in g), reason._ClosureWithSelf))  # noqa: SLF001 - the reference closure (new triples only)
    kept = reason.informative(closure, data, ontology)
    own = {s for s in ontology.subjects() if isinstance(s, URIRef)}
    builtin = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    counts: Counter[str] = Counter()
    for t in closure:
        s, p, o = t
        if t in data or t in ontology:
            counts["already asserted (data or ontology)"] += 1
        elif isinstance(o, Literal) or isinstance(s, Literal):
            counts["literal-valued (datatype and value noise)"] += 1
        elif isinstance(s, BNode) or isinstance(o, BNode):
            counts["blank nodes (restriction classes, lists)"] += 1
        elif s in own or str(s).startswith(builtin):
            counts["about ontology or RDF/RDFS/OWL/XSD terms (axiomatic)"] += 1
        elif p == RDF.type and str(o).startswith(builtin):
            counts["typing with owl:Thing, rdfs:Resource, owl:NamedIndividual..."] += 1
        elif p == OWL.sameAs and s == o:
            counts["reflexive owl:sameAs"] += 1
        elif str(p).startswith((str(RDFS), str(OWL))):
            counts["other RDFS/OWL predicates"] += 1
        elif s == o:
            counts["self links of owl:hasSelf (upr:instrumentSelf)"] += 1
        elif t in kept:
            counts["KEPT: informative (new types and links)"] += 1
        else:
            counts["other"] += 1
    print(f"asserted: {len(data)} triples; ontology: {len(ontology)}; new in the closure: {len(closure)}; kept: {len(kept)}")
    for name, n in counts.most_common():
        print(f"{n:7d}  {name}")
    print("kept, by kind:")
    for key, n in reason.summarize(kept).items():
        print(f"{n:7d}  {key}")


if __name__ == "__main__":
    main()
