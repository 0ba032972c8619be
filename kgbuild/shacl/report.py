"""Stage 6, validate: findings -> the sh:ValidationReport graph, triple for triple as pySHACL.

SHACL 3.6 (validation report) as pySHACL 0.40 writes it (``ConstraintComponent.make_v_result``
and ``Validator.create_validation_report``): one sh:ValidationResult per finding with
sh:focusNode, sh:resultSeverity, sh:sourceShape, sh:sourceConstraintComponent, sh:value and
sh:resultPath when there are some, sh:sourceConstraint for a SPARQL-based result, and its
sh:resultMessage(s). Like pySHACL, a blank node of the shapes graph (a property shape, a
SPARQL constraint) or of the data (a blank focus node or value) is copied into the report
with its description and its identifier; the messages of a SPARQL-based result have their
``{?var}``/``{$var}`` templates filled in (and lose their language tag, as in pySHACL).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from pyshacl.rdfutil.clone import clone_blank_node
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .engine import Finding

Describe = Callable[[BNode], Iterable[tuple[Node, Node, Node]]]
"""The triples of a blank node of the data and of the blank nodes below it."""


def results_graph(findings: Iterable[Finding], shapes: Graph, describe: Describe) -> Graph:
    """The validation report graph of ``findings``."""
    findings = list(findings)
    report = Graph(bind_namespaces="core")
    for prefix, namespace in shapes.namespace_manager.namespaces():
        report.namespace_manager.bind(prefix, namespace)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not any(f.source.counts for f in findings))))
    copies: dict[tuple[str, str], Node] = {}

    def copy(node: Node, from_shapes: bool) -> Node:
        if not isinstance(node, BNode):
            return node
        key = ("shapes" if from_shapes else "data", str(node))
        if key not in copies:
            source = shapes if from_shapes else _graph(describe(node))
            copies[key] = clone_blank_node(source, node, report, keepid=True)
        return copies[key]

    for finding in findings:
        result = BNode()
        report.add((root, SH.result, result))
        source = finding.source
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.sourceConstraintComponent, finding.component))
        report.add((result, SH.sourceShape, copy(source.shape, True)))
        report.add((result, SH.resultSeverity, source.severity))
        report.add((result, SH.focusNode, copy(finding.focus, False)))
        if finding.value is not None:
            report.add((result, SH.value, copy(finding.value, False)))
        path = finding.path if finding.path is not None else source.path
        if path is not None:
            report.add((result, SH.resultPath, copy(path, True)))
        if finding.constraint is not None:
            report.add((result, SH.sourceConstraint, copy(finding.constraint, True)))
        for message in _messages(finding):
            report.add((result, SH.resultMessage, message))
    return report


def _graph(triples: Iterable[tuple[Node, Node, Node]]) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def _messages(finding: Finding) -> list[Node]:
    """make_v_result's messages: the SPARQL constraint's (unless the shape has the same one)
    and the shape's, templates filled in for a SPARQL-based result."""
    own = list(finding.source.messages)
    out = [_fill(m, finding.bound) for m in finding.messages if m not in own]
    out += [_fill(m, finding.bound) for m in own]
    return out


def _fill(message: Node, bound: Any) -> Node:
    """pySHACL's _format_sparql_based_result_message (a plain literal, templates replaced in
    the order of the query's variables, then this, path, value)."""
    if bound is None or not isinstance(message, Literal):
        return message
    text = str(message.value)
    names: dict[str, Any] = {}
    if isinstance(bound, tuple):
        this, path, value, variables = bound
        names.update(variables)
        for name, term in (("this", this), ("path", path), ("value", value)):
            if term is not None:
                names[name] = term
    else:
        names.update(bound)
    for name, term in names.items():
        text = re.sub("{{[?$]{}}}".format(name), str(term), text)
    return Literal(text)
