"""Stage 6, validate: conditions on one value node, decided as pySHACL decides them.

A :class:`ValueTest` is one SHACL Core constraint that looks at a single value node (SHACL
4.1 value type, 4.3 value range, 4.4 string-based, 4.6.3 sh:or, 4.8.3 sh:in). It has two
halves:

* ``sparql(var)``: a SPARQL expression over the variable ``var`` that is true only when the
  value surely passes. It is conservative: when the answer depends on how rdflib reads a
  literal (a lexical form rdflib normalises, an ill-typed literal, a comparison between
  literals of different types) or on how Python's ``re`` differs from Oxigraph's regular
  expressions (a newline before ``$``, case folding beyond ASCII), it is false, and the value
  becomes a candidate. ``None`` means "never sure" (every value is a candidate).
* ``python(term)``: pySHACL's own decision for one rdflib term, written after
  ``pyshacl/constraints/core/*.py`` (0.40): the final word on every candidate.

So Oxigraph filters the corpus down to a handful of candidates and Python decides those
exactly; the report cannot differ from pySHACL's on a value SPARQL got wrong, because SPARQL
never decides a failure on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from pyshacl.rdfutil.compare import compare_literal
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

from ..errors import UnsupportedShapes

_INTEGER = "^[+-]?[0-9]+$"
_DECIMAL = "^[+-]?[0-9]+([.][0-9]+)?$"
_NUMERIC_SAFE = {XSD.integer: _INTEGER, XSD.decimal: _DECIMAL}
"""Lexical forms that rdflib reads as the number SPARQL reads (int or Decimal, well typed)."""


@dataclass(frozen=True)
class ValueTest:
    """One condition on a value node (see the module docstring)."""

    sparql: Callable[[str], str] | None
    python: Callable[[Node], bool]


def sparql_string(text: str) -> str:
    """A SPARQL string literal for ``text``."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


def sparql_term(node: Node) -> str:
    """An IRI or literal of the shapes graph as SPARQL text (blank nodes cannot be written)."""
    if isinstance(node, URIRef):
        if any(c in str(node) for c in '<>"{}|^`\\ '):
            raise UnsupportedShapes(f"an IRI that cannot be written in SPARQL: {node!r}")
        return f"<{node}>"
    if isinstance(node, Literal):
        if node.language:
            return f"{sparql_string(str(node))}@{node.language}"
        if node.datatype is not None:
            return f"{sparql_string(str(node))}^^{sparql_term(node.datatype)}"
        return sparql_string(str(node))
    raise UnsupportedShapes(f"a blank node where the engine needs a constant: {node!r}")


def _typed_non_string(var: str) -> str:
    """The value is a literal whose lexical form rdflib may rewrite (typed, not a string)."""
    return f'(isLITERAL({var}) && LANG({var}) = "" && DATATYPE({var}) != <{XSD.string}>)'


def _to_string(v: Node) -> str:
    """pySHACL's StringBasedConstraintBase.value_node_to_string."""
    if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
        return str(v.value)
    return str(v)


# --- 4.1 value type -------------------------------------------------------------------------


def datatype(rule: Node) -> ValueTest:
    """sh:datatype (SHACL 4.1.2), with pySHACL's ill-typed check and its special cases for
    rdfs:Literal, rdfs:Datatype, plain strings and rdf:langString."""

    def python(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if v.datatype == rule:
            return getattr(v, "ill_typed", None) is not True and _actual_datatype(v, rule)
        if rule == RDFS.Literal:
            return True
        if rule == RDFS.Datatype and v.datatype:
            return True
        if v.datatype is None and v.language is None and rule == XSD.string:
            return _actual_datatype(v, rule)
        if rule == RDF.langString and v.language:
            return _actual_datatype(v, rule)
        return False

    sparql: Callable[[str], str] | None = None
    if rule == XSD.string:
        sparql = lambda v: f"(isLITERAL({v}) && DATATYPE({v}) = <{XSD.string}>)"  # noqa: E731
    elif rule == RDF.langString:
        sparql = lambda v: f'(isLITERAL({v}) && LANG({v}) != "")'  # noqa: E731
    elif rule == RDFS.Literal:
        sparql = lambda v: f"isLITERAL({v})"  # noqa: E731
    elif rule in _NUMERIC_SAFE:
        pattern = sparql_string(_NUMERIC_SAFE[rule])  # type: ignore[index]
        sparql = lambda v: f"(isLITERAL({v}) && DATATYPE({v}) = <{rule}> && REGEX(STR({v}), {pattern}))"  # noqa: E731
    return ValueTest(sparql, python)


def _actual_datatype(v: Literal, rule: Node) -> bool:
    """pySHACL's DatatypeConstraintComponent._assert_actual_datatype."""
    value = v.value
    checks: dict[Node, type | tuple[type, ...]] = {
        XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
        XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime,
    }
    return isinstance(value, checks[rule]) if rule in checks else True


_NODE_KINDS: dict[Node, tuple[bool, bool, bool]] = {
    # (IRI, blank node, literal) allowed
    SH.IRI: (True, False, False), SH.BlankNode: (False, True, False), SH.Literal: (False, False, True),
    SH.BlankNodeOrIRI: (True, True, False), SH.BlankNodeOrLiteral: (False, True, True), SH.IRIOrLiteral: (True, False, True),
}


def node_kind(rule: Node) -> ValueTest:
    """sh:nodeKind (SHACL 4.1.3): decided exactly in SPARQL too."""
    iri, blank, literal = _NODE_KINDS.get(rule, (False, False, False))

    def python(v: Node) -> bool:
        if isinstance(v, BNode):
            return blank
        if isinstance(v, Literal):
            return literal
        return iri

    def sparql(v: str) -> str:
        parts = [f"isIRI({v})"] * iri + [f"isBLANK({v})"] * blank + [f"isLITERAL({v})"] * literal
        return "(" + " || ".join(parts) + ")" if parts else "false"

    return ValueTest(sparql, python)


# --- 4.3 value range ------------------------------------------------------------------------


def value_range(bound: Literal, *, minimum: bool, inclusive: bool) -> ValueTest:
    """sh:minInclusive, sh:maxInclusive (SHACL 4.3.3, 4.3.4; the exclusive forms alike):
    pySHACL compares with its ``compare_literal``; a string never compares with a non-string,
    an IRI or blank node never passes, and an incomparable pair fails."""
    bound_is_string = isinstance(bound.value, str)

    def python(v: Node) -> bool:
        if not isinstance(v, Literal):
            return False
        if bound_is_string != isinstance(v.value, str):
            return False
        try:
            cmp = compare_literal(v, bound)
        except (TypeError, NotImplementedError):
            return False
        if minimum:
            return cmp >= 0 if inclusive else cmp > 0
        return cmp <= 0 if inclusive else cmp < 0

    if bound.datatype not in _NUMERIC_SAFE or getattr(bound, "ill_typed", None) is True:
        return ValueTest(None, python)
    op = (">=" if inclusive else ">") if minimum else ("<=" if inclusive else "<")
    literal = sparql_term(bound)

    def sparql(v: str) -> str:
        numeric = " || ".join(
            f"(DATATYPE({v}) = <{dt}> && REGEX(STR({v}), {sparql_string(rx)}))" for dt, rx in _NUMERIC_SAFE.items()
        )
        return f"(isLITERAL({v}) && ({numeric}) && {v} {op} {literal})"

    return ValueTest(sparql, python)


# --- 4.4 string-based -----------------------------------------------------------------------


def min_length(n: int) -> ValueTest:
    """sh:minLength (SHACL 4.4.1): code points of the string form; a blank node fails."""

    def python(v: Node) -> bool:
        if n == 0:
            return True
        if isinstance(v, BNode):
            return False
        return len(_to_string(v)) >= n

    return ValueTest(lambda v: f"(!isBLANK({v}) && !{_typed_non_string(v)} && STRLEN(STR({v})) >= {n})", python)


_SAFE_REGEX = re.compile(
    r"""(?:
        [A-Za-z0-9 !"#%&',/:;<=>@_`~-]          # literal characters
      | \\[^A-Za-z0-9]                           # an escaped punctuation character
      | \[\^?\]?(?:[^\\\[\]&~-]|-(?!-)|\\[^A-Za-z0-9])*\]   # a class without escapes of letters, nesting or set operations
      | [.^$|*+?()]
      | \(\?:
      | \{[0-9]+(?:,[0-9]*)?\}
    )*""",
    re.VERBOSE,
)


def _regex_agrees(pattern: str) -> bool:
    """Whether Oxigraph's REGEX (Rust's regex crate) and Python's ``re`` read ``pattern`` the
    same way on a string without a newline: only literal characters, escaped punctuation,
    plain classes, groups, alternation, quantifiers and anchors (no \\w, \\d, \\b, look-around,
    back-references or class set operations)."""
    return _SAFE_REGEX.fullmatch(pattern) is not None


def pattern(regex: Literal, flags: Literal | None) -> ValueTest:
    """sh:pattern with sh:flags (SHACL 4.4.3), as pySHACL applies it: Python's ``re`` with the
    ``i`` and ``m`` flags only, on the string form of the value; a blank node never matches."""
    text = str(regex.value) if regex.value is not None and len(regex.value) > 1 else str(regex)
    flag_text = str(flags.value).lower() if flags is not None and flags.value is not None else ""
    re_flags = (re.I if "i" in flag_text else 0) | (re.M if "m" in flag_text else 0)
    try:
        compiled = re.compile(text, re_flags)
    except re.error as exc:
        raise UnsupportedShapes(f"sh:pattern {text!r} is not a Python regular expression: {exc}") from exc

    def python(v: Node) -> bool:
        if isinstance(v, BNode):
            return False
        s = _to_string(v)
        return bool(compiled.match(s) or compiled.search(s))

    if not _regex_agrees(text):
        return ValueTest(None, python)
    written, ox_flags = sparql_string(text), sparql_string("".join(f for f in "im" if f in flag_text))
    ascii_only = bool(re.I & re_flags)

    def sparql(v: str) -> str:
        # Python's "$" also matches before a final newline, and its case folding is not
        # Rust's beyond ASCII: such strings are left to Python.
        guard = f'!CONTAINS(STR({v}), "\\n")'
        if ascii_only:
            guard += f' && !REGEX(STR({v}), "[^\\\\x00-\\\\x7F]")'
        return f"(!isBLANK({v}) && !{_typed_non_string(v)} && {guard} && REGEX(STR({v}), {written}, {ox_flags}))"

    return ValueTest(sparql, python)


def language_in(tags: Sequence[Literal]) -> ValueTest:
    """sh:languageIn (SHACL 4.4.4), as pySHACL reads it: the tag, or its first subtag, lower
    case, is one of the list's; ``*`` admits any tag."""
    wanted = {str(t.value).lower() for t in tags}
    wildcard = "*" in wanted

    def python(v: Node) -> bool:
        if not isinstance(v, Literal) or not v.language:
            return False
        lang = str(v.language).lower()
        return wildcard or lang in wanted or lang.split("-")[0] in wanted

    if wildcard:
        return ValueTest(lambda v: f'(isLITERAL({v}) && LANG({v}) != "")', python)
    listed = ", ".join(sparql_string(t) for t in sorted(wanted))

    def sparql(v: str) -> str:
        return (f'(isLITERAL({v}) && LANG({v}) != "" && (LCASE(LANG({v})) IN ({listed})'
                f' || LCASE(STRBEFORE(LANG({v}), "-")) IN ({listed})))')

    return ValueTest(sparql, python)


# --- 4.8.3 sh:in, 4.6.3 sh:or ---------------------------------------------------------------


def one_of(members: Sequence[Node]) -> ValueTest:
    """sh:in (SHACL 4.8.3): the value is one of the list's terms (RDF term equality, as rdflib
    has it; SPARQL's sameTerm is sure of the members it can write)."""
    allowed = set(members)
    written = [sparql_term(m) for m in members if not isinstance(m, BNode)]

    def sparql(v: str) -> str:
        return "(" + " || ".join(f"sameTerm({v}, {t})" for t in written) + ")" if written else "false"

    return ValueTest(sparql, lambda v: v in allowed)


def any_branch(branches: Sequence[Sequence[ValueTest] | None]) -> ValueTest:
    """sh:or (SHACL 4.6.3): the value conforms to at least one branch; a branch is a list of
    tests that must all pass, or None for a branch that always conforms (deactivated, or of
    severity sh:Warning or sh:Info: pySHACL lets such a shape conform whatever it finds)."""

    def python(v: Node) -> bool:
        return any(b is None or all(t.python(v) for t in b) for b in branches)

    def sparql(v: str) -> str:
        parts = []
        for b in branches:
            if b is None:
                return "true"
            if all(t.sparql is not None for t in b):
                parts.append("(" + " && ".join([t.sparql(v) for t in b if t.sparql is not None] or ["true"]) + ")")
        return "(" + " || ".join(parts) + ")" if parts else "false"

    return ValueTest(sparql, python)


def all_of(tests: Sequence[ValueTest]) -> ValueTest:
    """Every test passes (the constraints of a qualified value shape)."""
    if all(t.sparql is not None for t in tests):
        sparql: Callable[[str], str] | None = lambda v: "(" + " && ".join([t.sparql(v) for t in tests] or ["true"]) + ")"  # type: ignore[misc] # noqa: E731
    else:
        sparql = None
    return ValueTest(sparql, lambda v: all(t.python(v) for t in tests))
