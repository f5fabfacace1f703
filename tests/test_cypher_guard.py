"""The query guard's tokenizer and rules, on text alone (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jvgraph.errors import QueryError, QueryRefused, ReadOnlyViolation
from jvgraph.store.cypher_guard import LADYBUG, MAX_DEPTH, NEO4J, guard
from jvgraph.store.cypher_lexer import tokenize


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_passed_or_refused_with_a_query_error(text: str) -> None:
    for dialect in (LADYBUG, NEO4J):
        try:
            statement = guard(text, dialect)
        except QueryError:
            continue
        assert statement in text and ";" not in "".join(
            t.text for t in tokenize(statement) if t.kind == "punct"
        )


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Zl", "Zp", "Cs")), max_size=80))
def test_a_string_literal_holds_anything_as_one_token(content: str) -> None:
    escaped = content.replace("\\", "\\\\").replace("'", "\\'")
    cypher = f"RETURN '{escaped}' AS s"
    assert guard(cypher, NEO4J) == cypher
    assert [t.kind for t in tokenize(cypher)] == ["word", "string", "word", "word"]


@pytest.mark.parametrize(
    ("cypher", "error", "message"),
    [
        ("", QueryRefused, "empty"),
        ("// only a comment\n;", QueryRefused, "empty"),
        ("RETURN 1;;", None, ""),
        ("MATCH (n) RETURN n.set, n.load", None, ""),
        ("RETURN 1. CREATE (n)", ReadOnlyViolation, "CREATE"),
        (
            "MATCH (n) RETURN n ORDER BY n.id LIMIT 1 UNION CALL db.labels() YIELD label RETURN label",
            None,
            "",
        ),
        ("RETURN date.truncate('month', date())", None, ""),
        ("CALL db.schema.visualization()", None, ""),
        ("CALL DB.LABELS()", None, ""),
        ("RETURN `a``b` AS x", None, ""),
        ("RETURN 1 )", QueryError, "closes no bracket"),
        ("RETURN [1, 2)", QueryError, "closes no bracket"),
        ("RETURN $", QueryRefused, "parameter name"),
        ("RETURN " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), QueryRefused, "nested"),
        ("RETURN " + "[" * MAX_DEPTH + "]" * MAX_DEPTH, None, ""),
        ("FOO (n)", QueryRefused, "starts with"),
        ("RETURN 1 AS x", None, ""),
    ],
)
def test_rules(cypher: str, error: type[Exception] | None, message: str) -> None:
    if error is None:
        assert guard(cypher, NEO4J) == cypher.rstrip(";")
        return
    with pytest.raises(error, match=message):
        guard(cypher, NEO4J)


def test_a_refusal_says_where_and_suggests_the_ascii_form() -> None:
    with pytest.raises(QueryRefused) as caught:
        guard("MATCH (n)\nRETURN n\uff0eid", LADYBUG)
    assert str(caught.value) == (
        "refused: the character U+FF0E FULLWIDTH FULL STOP at line 2, column 9 is not "
        "allowed outside a string or a quoted name (it looks like '.': write that instead)"
    )
