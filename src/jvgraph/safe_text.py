"""Text from users made harmless where it goes next: spreadsheet cells, JSON inside HTML,
deeply nested JSON and control characters.

>>> spreadsheet_cell("=HYPERLINK(\\"http://x\\")")
'\\'=HYPERLINK("http://x")'
>>> spreadsheet_cell("-1"), spreadsheet_cell(-1), spreadsheet_cell("Bain Capital")
("'-1", -1, 'Bain Capital')
>>> json_for_html({"name": "</script><!--<script>&"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u003cscript\\\\u003e\\\\u0026"}'
>>> json_depth(b'{"a": [1, {"b": "[[[["}]}')
3
>>> control_character("Blackstone\\x00 Inc")
10
"""

from __future__ import annotations

import json
import re
from typing import Any

import numpy as np

__all__ = [
    "FORMULA_PREFIXES",
    "control_character",
    "json_depth",
    "json_for_html",
    "spreadsheet_cell",
]

#: a cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV
#: Injection"): ``=``, ``+``, ``-``, ``@``, tab and carriage return
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)


def spreadsheet_cell(value: Any) -> Any:
    """``value`` with a ``'`` in front when it is text a spreadsheet would run as a
    formula; anything else unchanged (numbers stay numbers).

    For CSV files people open, never for datasets the loader reads back (ids must
    round-trip)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def json_for_html(value: Any) -> str:
    """``value`` as JSON that is safe inside an HTML ``<script>`` element: ``<``, ``>`` and
    ``&`` are written as ``\\u`` escapes, so no ``</script>``, ``<!--`` or entity can end or
    change the element. The same JavaScript value results."""
    text = json.dumps(value, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def json_depth(data: bytes | str) -> int:
    """How deeply ``data``'s arrays and objects nest (brackets inside strings do not count),
    computed without parsing, so that it is safe on input that would exhaust a parser's
    recursion."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    bare = np.frombuffer(_JSON_STRING.sub(b'""', raw), np.uint8)
    step = np.zeros(bare.shape, np.int64)
    step[(bare == ord("[")) | (bare == ord("{"))] = 1
    step[(bare == ord("]")) | (bare == ord("}"))] = -1
    return int(np.cumsum(step).max(initial=0))


def control_character(text: str) -> int | None:
    """The index of the first control character (U+0000 to U+001F, U+007F) in ``text``, or
    ``None``."""
    found = _CONTROL.search(text)
    return None if found is None else found.start()
