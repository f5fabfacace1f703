"""Importers: public ownership data turned into datasets in jvgraph's contract.

- :func:`import_13f`: SEC 13F holdings (the column layout of Backus, Conlon
  & Sinkinson's replication data) for one or more quarters;
- :func:`import_crunchbase`: Crunchbase investor → company links, with the
  company file's ``category_code`` as the sector;
- :func:`import_jv2026`: the 2026 AI joint ventures as reported, and the portfolios
  their partners publish (``graph/jv-2026``), with firms resolved across sources
  (:mod:`jvgraph.importers.entity_resolution`).

Each writes a dataset folder ready for ``jvgraph load`` and returns an
:class:`ImportSummary` that says what was kept, dropped and merged.
"""

from __future__ import annotations

from jvgraph.importers.crunchbase import import_crunchbase
from jvgraph.importers.jv2026 import import_jv2026
from jvgraph.importers.thirteenf import import_13f, parse_quarter, parse_quarters, quarter_ends
from jvgraph.importers.write import ImportSummary

__all__ = [
    "ImportSummary",
    "import_13f",
    "import_crunchbase",
    "import_jv2026",
    "parse_quarter",
    "parse_quarters",
    "quarter_ends",
]
