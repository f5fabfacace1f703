"""Importers: public ownership data turned into datasets in jvgraph's contract.

- :func:`import_13f`: SEC 13F holdings (the column layout of Backus, Conlon
  & Sinkinson's replication data) for one or more quarters;
- :func:`import_crunchbase`: Crunchbase investor → company links, with the
  company file's ``category_code`` as the sector.

Each writes a dataset folder ready for ``jvgraph load`` and returns an
:class:`ImportSummary` that says what was kept, dropped and merged.
"""

from __future__ import annotations

from jvgraph.importers.crunchbase import import_crunchbase
from jvgraph.importers.psc import import_uk_psc
from jvgraph.importers.sec13f import import_sec_13f
from jvgraph.importers.thirteenf import import_13f, parse_quarter, parse_quarters, quarter_ends
from jvgraph.importers.write import ImportSummary

__all__ = [
    "ImportSummary",
    "import_13f",
    "import_crunchbase",
    "import_sec_13f",
    "import_uk_psc",
    "parse_quarter",
    "parse_quarters",
    "quarter_ends",
]
