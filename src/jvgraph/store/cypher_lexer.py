"""A tokenizer for the Cypher that both stores accept, written to be checked before a query
reaches a database.

It knows the lexical surface of openCypher as Neo4j 5 and LadybugDB read it: string literals
in both quote styles with backslash escapes, backtick identifiers (a doubled backtick inside
is one backtick), ``//`` and ``/* */`` comments, ``$`` parameters, numbers, words and
punctuation. Comments and whitespace are dropped; what is left is the code a database would
see. An unterminated string, quoted name or comment is a :class:`~jvgraph.errors.QueryError`;
a control character, or a character outside strings that only looks like Cypher punctuation,
is refused with :class:`~jvgraph.errors.QueryRefused`; both name the line and column.

>>> [(t.kind, t.text) for t in tokenize("MATCH (v) // all\\nRETURN v.name, 'a;b' ;")]
... # doctest: +NORMALIZE_WHITESPACE
[('word', 'MATCH'), ('punct', '('), ('word', 'v'), ('punct', ')'), ('word', 'RETURN'),
 ('word', 'v'), ('punct', '.'), ('word', 'name'), ('punct', ','), ('string', "'a;b'"),
 ('punct', ';')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from jvgraph.errors import QueryError, QueryRefused

__all__ = ["Token", "tokenize"]

#: the kinds of token: a word (keyword, name or function), a backtick-quoted name, a string,
#: a number, a parameter, or one punctuation character
KINDS = ("word", "quoted", "string", "number", "param", "punct")

_NUMBER = re.compile(
    r"0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|(?:\d[\d_]*(?:\.\d[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?"
)
_PUNCT = set("()[]{},;:.|+-*/%^=<>!~&?")
#: ASCII digits (str.isdigit() also holds for '²' and the digits of other scripts)
_DIGITS = frozenset("0123456789")
#: control characters a query may hold: tab, line feed, carriage return
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text as written, and where it starts (``pos``, an offset
    into the query, and line and column from 1)."""

    kind: str
    text: str
    pos: int
    line: int
    column: int

    @property
    def upper(self) -> str:
        """A word in capitals, for comparing keywords (Cypher keywords ignore case)."""
        return self.text.upper()


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``, without comments and whitespace.

    >>> [t.text for t in tokenize("RETURN `a``b` AS x, $p, 1.5e3 /* note */")]
    ['RETURN', '`a``b`', 'AS', 'x', ',', '$p', ',', '1.5e3']
    """
    _refuse_controls(text)
    return _Lexer(text).run()


def _where(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def _describe(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _refuse_controls(text: str) -> None:
    """Control characters, line and paragraph separators have no place anywhere in a query:
    databases and terminals read them differently."""
    for pos, ch in enumerate(text):
        if ch in _ALLOWED_CONTROLS:
            continue
        if unicodedata.category(ch) in ("Cc", "Zl", "Zp") or ch == "\ufeff":
            raise QueryRefused(
                f"refused: the query holds the control character {_describe(ch)} at "
                f"{_where(text, pos)}; remove it"
            )


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        text, n = self.text, len(self.text)
        while self.pos < n:
            ch = text[self.pos]
            if ch in " \t\n\r":
                self.pos += 1
            elif text.startswith("//", self.pos):
                self._line_comment()
            elif text.startswith("/*", self.pos):
                self._block_comment()
            elif ch in "'\"":
                self._string(ch)
            elif ch == "`":
                self._quoted()
            elif ch == "$":
                self._param()
            elif ch in _DIGITS or (ch == "." and text[self.pos + 1 : self.pos + 2] in _DIGITS):
                self._number()
            elif ch == "_" or (ch.isalpha() and ch.isascii()):
                self._word()
            elif ch in _PUNCT:
                self._emit("punct", self.pos + 1)
            else:
                self._other(ch)
        return self.tokens

    def _emit(self, kind: str, end: int) -> None:
        start = self.pos
        line = self.text.count("\n", 0, start) + 1
        column = start - (self.text.rfind("\n", 0, start) + 1) + 1
        self.tokens.append(Token(kind, self.text[start:end], start, line, column))
        self.pos = end

    def _line_comment(self) -> None:
        found = [self.text.find(c, self.pos) for c in "\n\r"]
        end = min([i for i in found if i >= 0], default=len(self.text))
        self._refuse_format_characters(self.pos, end)
        self.pos = end

    def _block_comment(self) -> None:
        end = self.text.find("*/", self.pos + 2)
        if end < 0:
            raise QueryError(
                f"the query failed: the comment opened at {_where(self.text, self.pos)} is never closed"
            )
        self._refuse_format_characters(self.pos, end)
        self.pos = end + 2

    def _refuse_format_characters(self, start: int, end: int) -> None:
        """Invisible formatting characters (bidirectional overrides, zero-width spaces) can
        make code and comments look other than they are."""
        for pos in range(start, end):
            if unicodedata.category(self.text[pos]) == "Cf":
                raise QueryRefused(
                    f"refused: the invisible character {_describe(self.text[pos])} at "
                    f"{_where(self.text, pos)} is allowed only inside strings"
                )

    def _string(self, quote: str) -> None:
        text, pos = self.text, self.pos + 1
        while pos < len(text):
            if text[pos] == "\\":
                pos += 2
            elif text[pos] == quote:
                self._emit("string", pos + 1)
                return
            else:
                pos += 1
        raise QueryError(
            f"the query failed: the string opened at {_where(text, self.pos)} is never closed"
        )

    def _quoted(self) -> None:
        text, pos = self.text, self.pos + 1
        while pos < len(text):
            if text.startswith("``", pos):
                pos += 2
            elif text[pos] == "`":
                self._refuse_format_characters(self.pos, pos)
                self._emit("quoted", pos + 1)
                return
            else:
                pos += 1
        raise QueryError(
            f"the query failed: the name quoted at {_where(text, self.pos)} is never closed"
        )

    def _param(self) -> None:
        text, pos = self.text, self.pos + 1
        if text.startswith("`", pos):
            start = self.pos
            self.pos = pos
            self._quoted()
            quoted = self.tokens.pop()
            self.pos = start
            self._emit("param", pos + len(quoted.text))
            return
        end = pos
        while end < len(text) and (
            text[end] == "_" or (text[end].isalnum() and text[end].isascii())
        ):
            end += 1
        if end == pos:
            raise QueryRefused(
                f"refused: '$' at {_where(text, self.pos)} is not followed by a parameter name"
            )
        self._emit("param", end)

    def _number(self) -> None:
        match = _NUMBER.match(self.text, self.pos)
        assert match is not None  # a digit, or a dot before a digit, always matches
        self._emit("number", match.end())

    def _word(self) -> None:
        text, end = self.text, self.pos
        while end < len(text) and (
            text[end] == "_" or (text[end].isalnum() and text[end].isascii())
        ):
            end += 1
        if end < len(text) and not text[end].isascii() and text[end].isalnum():
            self._other(text[end], at=end)
        self._emit("word", end)

    def _other(self, ch: str, *, at: int | None = None) -> None:
        """A character outside strings, comments and quoted names that is none of the above:
        a look-alike of Cypher punctuation (fullwidth forms, a non-breaking space, a curly
        quote) or a non-ASCII letter, which only a quoted name may hold."""
        pos = self.pos if at is None else at
        folded = unicodedata.normalize("NFKC", ch)
        hint = (
            f" (it looks like {folded!r}: write that instead)"
            if folded != ch and folded.isascii() and folded.strip()
            else " (quote names with backticks, `like this`, and text with 'quotes')"
        )
        raise QueryRefused(
            f"refused: the character {_describe(ch)} at {_where(self.text, pos)} is not "
            f"allowed outside a string or a quoted name{hint}"
        )
