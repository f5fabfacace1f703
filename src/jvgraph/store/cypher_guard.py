"""The query guard: what a user's Cypher may be, checked before anything reaches a database.

A user query (``jvgraph query``, ``POST /api/query``) must be one statement that only reads
the graph. :func:`guard` tokenizes it (:mod:`jvgraph.store.cypher_lexer`) and refuses, each
with its reason:

- text over :data:`MAX_LENGTH` characters or :data:`MAX_TOKENS` tokens, brackets nested
  deeper than :data:`MAX_DEPTH` (deep nesting crashes LadybugDB's parser and overflows
  Neo4j's), and more than one statement (comments and strings cannot hide a ``;``: they are
  tokens of their own);
- a statement that does not start with a reading clause (``MATCH``, ``OPTIONAL MATCH``,
  ``UNWIND``, ``WITH``, ``RETURN``, ``CALL``);
- any clause that writes (``CREATE``, ``SET``, ...), reaches outside the graph (``LOAD``,
  ``COPY``, ``EXPORT``, ``ATTACH``, ``INSTALL``, ``USE``, ...) or administers the server
  (``SHOW``, ``TERMINATE``, ``BEGIN``, ...), wherever it stands;
- ``CALL`` of a procedure that is not in the dialect's short list of catalogue procedures,
  and namespaced functions outside Cypher's temporal and spatial built-ins.

It returns the statement, without a trailing ``;`` or comment, and that is all a database
ever sees. Each store then runs ``EXPLAIN`` of that one statement as a second wall
(:func:`check_ladybug_plan`, :func:`check_neo4j_plan`): only plans made of reading operators
and allowed catalogue functions run.

>>> guard("MATCH (v:Vendor) RETURN v.name; // every vendor", LADYBUG)
'MATCH (v:Vendor) RETURN v.name'
>>> guard("RETURN 1; COPY (MATCH (v) RETURN v) TO '/tmp/x.csv'", LADYBUG)
Traceback (most recent call last):
...
jvgraph.errors.QueryRefused: refused: the query holds 2 statements (the second at line 1, column 11); send one at a time
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jvgraph.errors import QueryError, QueryRefused, ReadOnlyViolation
from jvgraph.store.cypher_lexer import Token, tokenize

__all__ = [
    "LADYBUG",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_TOKENS",
    "NEO4J",
    "Dialect",
    "check_ladybug_plan",
    "check_neo4j_plan",
    "guard",
]

#: the longest query, in characters (the longest query in cypher/ has 1,200)
MAX_LENGTH = 16_384
#: the most tokens (LadybugDB parses 1,000 terms of ``1 + 1 + ...`` in 0.3 s; 20,000 in minutes)
MAX_TOKENS = 2_000
#: the deepest nesting of (), [] and {} (LadybugDB's parser crashes at 3,000, Neo4j's at 300)
MAX_DEPTH = 32


@dataclass(frozen=True)
class Dialect:
    """What one store's Cypher may call: catalogue procedures (lower case) and the
    namespaces of built-in functions."""

    name: str
    procedures: frozenset[str]
    function_namespaces: frozenset[str] = frozenset()


#: LadybugDB: the catalogue table functions (show_functions, current_setting, file_info and
#: the readers of files are not among them)
LADYBUG = Dialect(
    "LadybugDB",
    frozenset({"show_tables", "table_info", "show_connection", "show_indexes", "db_version"}),
)
#: Neo4j: the schema procedures of the db namespace (no dbms.*, no db.stats.*)
NEO4J = Dialect(
    "Neo4j",
    frozenset(
        {
            "db.labels",
            "db.relationshiptypes",
            "db.propertykeys",
            "db.schema.visualization",
            "db.schema.nodetypeproperties",
            "db.schema.reltypeproperties",
        }
    ),
    frozenset({"date", "datetime", "localdatetime", "localtime", "time", "duration", "point"}),
)

#: the clauses a query may start with
STARTS = ("MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CALL")
#: words that are clauses or commands of each refused kind, wherever they stand
WRITES = frozenset(
    [
        "CREATE",
        "MERGE",
        "SET",
        "DELETE",
        "DETACH",
        "REMOVE",
        "DROP",
        "ALTER",
        "RENAME",
        "FOREACH",
        "INSERT",
        "UPDATE",
    ]
)
OUTSIDE = frozenset(
    [
        "LOAD",
        "COPY",
        "EXPORT",
        "IMPORT",
        "ATTACH",
        "USE",
        "INSTALL",
        "UNINSTALL",
        "CHECKPOINT",
        "PERIODIC",
    ]
)
ADMIN = frozenset(
    [
        "SHOW",
        "TERMINATE",
        "GRANT",
        "REVOKE",
        "DENY",
        "START",
        "STOP",
        "ENABLE",
        "DISABLE",
        "DEALLOCATE",
        "REALLOCATE",
        "TRANSACTION",
        "TRANSACTIONS",
        "BEGIN",
        "COMMIT",
        "ROLLBACK",
        "CYPHER",
        "EXPLAIN",
        "PROFILE",
    ]
)
_OPEN, _CLOSE = "([{", ")]}"


def guard(cypher: str, dialect: Dialect) -> str:
    """The one read-only statement of ``cypher``; raises
    :class:`~jvgraph.errors.QueryRefused` (or its subclass
    :class:`~jvgraph.errors.ReadOnlyViolation` for what would write or reach outside the
    graph) with the reason otherwise."""
    if len(cypher) > MAX_LENGTH:
        raise QueryRefused(
            f"refused: the query is {len(cypher):,} characters long; the limit is {MAX_LENGTH:,}"
        )
    tokens = tokenize(cypher)
    _check_nesting(tokens)
    if len(tokens) > MAX_TOKENS:
        raise QueryRefused(
            f"refused: the query has {len(tokens):,} tokens; the limit is {MAX_TOKENS:,}"
        )
    statement = _one_statement(tokens)
    _check_start(statement[0])
    _check_words(statement, dialect)
    last = statement[-1]
    return cypher[statement[0].pos : last.pos + len(last.text)]


def _one_statement(tokens: list[Token]) -> list[Token]:
    statements: list[list[Token]] = [[]]
    for token in tokens:
        if token.kind == "punct" and token.text == ";":
            statements.append([])
        else:
            statements[-1].append(token)
    found = [s for s in statements if s]
    if not found:
        raise QueryRefused("refused: the query is empty")
    if len(found) > 1:
        second = found[1][0]
        raise QueryRefused(
            f"refused: the query holds {len(found)} statements (the second at line "
            f"{second.line}, column {second.column}); send one at a time"
        )
    return found[0]


def _check_nesting(tokens: Sequence[Token]) -> None:
    stack: list[Token] = []
    for token in tokens:
        if token.kind != "punct":
            continue
        if token.text in _OPEN:
            stack.append(token)
            if len(stack) > MAX_DEPTH:
                raise QueryRefused(
                    f"refused: brackets are nested more than {MAX_DEPTH} deep "
                    f"(at line {token.line}, column {token.column})"
                )
        elif token.text in _CLOSE:
            if not stack or _OPEN.index(stack[-1].text) != _CLOSE.index(token.text):
                raise QueryError(
                    f"the query failed: '{token.text}' at line {token.line}, column {token.column} "
                    "closes no bracket of its kind"
                )
            stack.pop()
    if stack:
        raise QueryError(
            f"the query failed: '{stack[-1].text}' opened at line {stack[-1].line}, column "
            f"{stack[-1].column} is never closed"
        )


def _check_start(first: Token) -> None:
    if first.kind == "word" and first.upper in STARTS:
        return
    if first.kind == "word" and first.upper in WRITES | OUTSIDE | ADMIN:
        return  # refused with its own reason by _check_words
    raise QueryRefused(f"refused: a query starts with {', '.join(STARTS)}, not {first.text!r}")


def _is_bare(tokens: Sequence[Token], i: int) -> bool:
    """Whether the word ``tokens[i]`` can be a clause: not a property key (after '.'), a
    label or type (after ':'), a map key or a variable given a label (before ':'), or a
    variable whose property is read (before '.')."""
    before = tokens[i - 1].text if i and tokens[i - 1].kind == "punct" else ""
    after = tokens[i + 1].text if i + 1 < len(tokens) and tokens[i + 1].kind == "punct" else ""
    if before == "." and _is_property_base(tokens, i - 2):
        return False
    return before != ":" and after not in (":", ".")


def _is_property_base(tokens: Sequence[Token], i: int) -> bool:
    """Whether ``tokens[i]`` can have properties: a name, a parameter or a closing bracket
    (never a number: ``1.`` then a word is no property access)."""
    if i < 0:
        return False
    return tokens[i].kind in ("word", "quoted", "param") or tokens[i].text in _CLOSE


def _check_words(tokens: Sequence[Token], dialect: Dialect) -> None:
    for i, token in enumerate(tokens):
        if token.kind != "word":
            continue
        _check_namespaced_function(tokens, i, dialect)
        if not _is_bare(tokens, i):
            continue
        word = token.upper
        at = f"line {token.line}, column {token.column}"
        hint = f"; if {token.text} is a name here, quote it: `{token.text}`"
        if word in WRITES:
            raise ReadOnlyViolation(
                f"refused: queries are read-only, and {word} at {at} changes the graph"
                f" (load data with `jvgraph load` instead{hint})"
            )
        if word in OUTSIDE:
            raise ReadOnlyViolation(
                f"refused: {word} at {at} reaches outside the graph (files, other databases "
                f"or extensions), which queries may not{hint}"
            )
        if word in ADMIN:
            raise ReadOnlyViolation(
                f"refused: {word} at {at} is an administration or transaction command, which "
                f"queries may not run{hint}"
            )
        if word == "CALL":
            _check_call(tokens, i, dialect)


def _dotted_name(tokens: Sequence[Token], start: int) -> tuple[str, int]:
    """The dotted name starting at ``tokens[start]`` and the index after it."""
    parts, i = [], start
    while i < len(tokens) and tokens[i].kind in ("word", "quoted"):
        parts.append(tokens[i].text.strip("`"))
        if i + 2 < len(tokens) and tokens[i + 1].text == "." and tokens[i + 2].kind == "word":
            i += 2
        else:
            i += 1
            break
    return ".".join(parts), i


def _check_call(tokens: Sequence[Token], i: int, dialect: Dialect) -> None:
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    if following is not None and following.text in ("{", "("):
        return  # a subquery: CALL { ... } or CALL (x) { ... }
    name, end = _dotted_name(tokens, i + 1)
    allowed = ", ".join(sorted(dialect.procedures))
    if end < len(tokens) and tokens[end].text == "=":
        raise ReadOnlyViolation(
            f"refused: CALL {name}=... changes a setting of the database, which queries may not"
        )
    if name.lower() not in dialect.procedures:
        raise ReadOnlyViolation(
            f"refused: queries may CALL only the catalogue procedures of {dialect.name} "
            f"({allowed}), not {name or 'this'}"
        )


def _check_namespaced_function(tokens: Sequence[Token], i: int, dialect: Dialect) -> None:
    """``a.b(...)`` where ``a`` is not itself after a dot: a procedure or a function of a
    namespace (Neo4j's temporal ones, or a plugin's)."""
    if i and tokens[i - 1].text == ".":
        return
    name, end = _dotted_name(tokens, i)
    if "." not in name or end >= len(tokens) or tokens[end].text != "(":
        return
    if i and tokens[i - 1].upper == "CALL":
        return  # checked as a procedure
    namespace = name.rsplit(".", 1)[0].lower()
    if namespace not in dialect.function_namespaces:
        raise ReadOnlyViolation(
            f"refused: queries may call Cypher's built-in functions only, not {name}"
        )


# -- the second wall: the plan of the one statement ----------------------------------------

#: the operators of LadybugDB plans that only read (processor/operator/physical_operator.cpp)
LADYBUG_READ_OPERATORS = frozenset(
    [
        "AGGREGATE",
        "AGGREGATE_FINALIZE",
        "AGGREGATE_SCAN",
        "CROSS_PRODUCT",
        "DUMMY_SINK",
        "DUMMY_SIMPLE_SINK",
        "EMPTY_RESULT",
        "FILTER",
        "FLATTEN",
        "HASH_JOIN_BUILD",
        "HASH_JOIN_PROBE",
        "INDEX_LOOKUP",
        "INTERSECT",
        "INTERSECT_BUILD",
        "LIMIT",
        "MULTIPLICITY_REDUCER",
        "PATH_PROPERTY_PROBE",
        "PRIMARY_KEY_SCAN_NODE_TABLE",
        "PROJECTION",
        "QUERY_PRIMARY_KEY_LOOKUP",
        "RECURSIVE_EXTEND",
        "RESULT_COLLECTOR",
        "SCAN_NODE_TABLE",
        "SCAN_REL_TABLE",
        "SEMI_MASKER",
        "SKIP",
        "TOP_K",
        "TOP_K_SCAN",
        "ORDER_BY",
        "ORDER_BY_MERGE",
        "ORDER_BY_SCAN",
        "UNION_ALL_SCAN",
        "UNWIND",
        "TABLE_FUNCTION_CALL",
    ]
)


#: table functions LadybugDB's planner adds by itself (reading an intermediate result)
_LADYBUG_INTERNAL_FUNCTIONS = frozenset({"read_ftable"})


def check_ladybug_plan(plan: str) -> None:
    """Refuse a LadybugDB ``EXPLAIN`` plan with an operator outside the reading ones, or a
    table function outside the catalogue ones."""
    operators = re.findall(r"│\s*([A-Z_]+)\[\d+\]", plan)
    functions = {f.lower() for f in re.findall(r"Function:\s*([A-Za-z_]+)", plan)}
    if not operators:
        raise ReadOnlyViolation("refused: the query's plan could not be read, so it was not run")
    other = sorted({op for op in operators if op not in LADYBUG_READ_OPERATORS})
    if other:
        raise ReadOnlyViolation(
            f"refused: queries are read-only, and this one would run {', '.join(other)}"
            " (load data with `jvgraph load` instead)"
        )
    outside = sorted(functions - LADYBUG.procedures - _LADYBUG_INTERNAL_FUNCTIONS)
    if outside:
        raise ReadOnlyViolation(
            f"refused: the query would call {', '.join(outside)}, which reads outside the graph"
        )


def check_neo4j_plan(query_type: str | None, plan: Any) -> None:
    """Refuse a Neo4j ``EXPLAIN`` whose query type is not read-only, or whose plan loads CSV
    or calls a procedure outside the catalogue ones."""
    if query_type != "r":
        kinds = {"rw": "reads and writes", "w": "writes", "s": "changes the schema"}
        raise ReadOnlyViolation(
            f"refused: queries are read-only, and this one "
            f"{kinds.get(str(query_type), 'is not a read')} (load data with `jvgraph load` instead)"
        )
    for operator, details in _operators(plan):
        if "LoadCSV" in operator:
            raise ReadOnlyViolation("refused: LOAD CSV reads files or URLs outside the graph")
        if "ProcedureCall" in operator:
            name = details.split("(", 1)[0].strip().lower()
            if name not in NEO4J.procedures:
                raise ReadOnlyViolation(
                    f"refused: queries may CALL only the catalogue procedures of Neo4j, not {name}"
                )


def _operators(plan: Any) -> list[tuple[str, str]]:
    """(operator, details) of every operator of a Neo4j plan, depth first."""
    if not plan:
        return []
    args = plan.get("args", {}) or {}
    ops = [(str(plan.get("operatorType", "")), str(args.get("Details", "")))]
    for child in plan.get("children", []):
        ops += _operators(child)
    return ops
