"""The exceptions jvgraph raises for anything a user can get wrong.

Every user mistake maps to one of these; the CLI prints the message on one
line (or one line per problem) and exits non-zero, the API turns them into a
JSON error with a 4xx status. Anything else is a bug in jvgraph.

Hierarchy::

    JvgraphError                      base of everything below (exit code 1)
    ├── DataError                     a dataset has problems (exit code 65)
    │   └── DatasetNotFound           the dataset path does not exist
    ├── StoreError                    the graph store cannot be opened or used (exit code 69)
    │   └── StoreLocked               another process holds the embedded store
    ├── QueryError                    a Cypher query failed or was refused (exit code 65)
    │   ├── QueryRefused              the query guard refused it before it reached the store
    │   │   └── ReadOnlyViolation     it would write, or reach outside the graph
    │   ├── QueryLimitExceeded        a query hit its time limit
    │   └── QueryTooLarge             a query passed its memory limit, or its result the size limit
    ├── NotFound                      an id that is not in the store (exit code 66)
    │   └── UnknownName               no node has this id, name or alias (lists near names)
    └── UsageError                    an argument or option is wrong (exit code 64)
        └── AmbiguousName             a name or alias several nodes have (lists them)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AmbiguousName",
    "DataError",
    "DatasetNotFound",
    "JvgraphError",
    "NotFound",
    "Problem",
    "QueryError",
    "QueryLimitExceeded",
    "QueryRefused",
    "QueryTooLarge",
    "ReadOnlyViolation",
    "StoreError",
    "StoreLocked",
    "UnknownName",
    "UsageError",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a dataset, located by file, line and column.

    ``line`` counts lines of the file from 1 (the header is line 1, so the
    first record is line 2); it is ``None`` for problems of a whole file.

    >>> str(Problem("holdings.csv", 7, "stake", "1.5 is outside (0, 1]"))
    'holdings.csv:7: stake: 1.5 is outside (0, 1]'
    >>> str(Problem("vendors.csv", None, None, "file is missing"))
    'vendors.csv: file is missing'
    """

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


class JvgraphError(Exception):
    """Base class of every error jvgraph raises on purpose."""

    exit_code = 1


class DataError(JvgraphError):
    """A dataset failed validation; ``problems`` lists every problem found."""

    exit_code = 65

    def __init__(self, problems: list[Problem], *, truncated: int = 0) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or ""))
        self.truncated = truncated
        head = f"{len(problems) + truncated} problem(s) in the dataset"
        super().__init__(head + "".join(f"\n  {p}" for p in self.problems[:1]))

    def lines(self) -> list[str]:
        """One line per problem, plus one saying how many were not listed."""
        out = [str(p) for p in self.problems]
        if self.truncated:
            out.append(f"... and {self.truncated} more problem(s) not listed")
        return out


class DatasetNotFound(DataError):
    """The dataset path does not exist or is not a folder or a JSON file."""

    def __init__(self, path: str) -> None:
        super().__init__([Problem(path, None, None, "no such dataset folder or JSON file")])


class StoreError(JvgraphError):
    """The graph store could not be opened or used."""

    exit_code = 69


class StoreLocked(StoreError):
    """The embedded store is held by another process."""


class QueryError(JvgraphError):
    """A Cypher query failed or was refused."""

    exit_code = 65


class QueryRefused(QueryError):
    """The query guard refused a query before it reached the store: more than one statement,
    too long or too deeply nested, a character that only looks like Cypher, a clause or a
    procedure that queries may not use."""


class ReadOnlyViolation(QueryRefused):
    """A query tried to write, or to reach outside the graph (files, settings, extensions)."""


class QueryLimitExceeded(QueryError):
    """A query ran past its time limit."""


class QueryTooLarge(QueryError):
    """A query ran out of its memory, or one row of its result is larger than the size limit."""


class NotFound(JvgraphError):
    """An id that is not in the store."""

    exit_code = 66


class UsageError(JvgraphError):
    """A command-line argument, API parameter or option is wrong."""

    exit_code = 64


class UnknownName(NotFound):
    """No node of the kinds asked for has this id, name or alias; ``candidates`` lists the
    nearest names (``{id, name, label}``), for the user to choose from."""

    def __init__(self, message: str, candidates: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.candidates = candidates


class AmbiguousName(UsageError):
    """A name or alias that several nodes have; ``candidates`` lists them (``{id, name,
    label}``): give one's id instead."""

    def __init__(self, message: str, candidates: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.candidates = candidates
