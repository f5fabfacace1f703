"""Importers: public ownership data turned into datasets in jvgraph's contract.

- :func:`import_13f`: SEC 13F holdings (the column layout of Backus, Conlon
  & Sinkinson's replication data) for one or more quarters;
- :func:`import_crunchbase`: Crunchbase investor → company links, with the
  company file's ``category_code`` as the sector;
- :func:`import_sec_13f`: the SEC's quarterly Form 13F data sets (filers by
  CIK holding securities by CUSIP);
- :func:`import_uk_psc`: Companies House's register of persons with
  significant control (corporate owners, with stake bands);
- :func:`import_gleif_rr`: GLEIF's level-2 relationship records (parents and
  funds by LEI), with level-1 names;
- :func:`import_jv2026`: the 2026 AI joint ventures as reported, and the portfolios
  their partners publish (``graph/jv-2026``), with firms resolved across sources
  (:mod:`jvgraph.importers.entity_resolution`).

Each writes a dataset folder ready for ``jvgraph load`` and returns an
:class:`ImportSummary` that says what was kept, dropped and merged.
"""

from __future__ import annotations

from jvgraph.importers.crunchbase import import_crunchbase
from jvgraph.importers.gleif import import_gleif_rr
from jvgraph.importers.jv2026 import import_jv2026
from jvgraph.importers.psc import import_uk_psc
from jvgraph.importers.sec13f import import_sec_13f
from jvgraph.importers.thirteenf import import_13f, parse_quarter, parse_quarters, quarter_ends
from jvgraph.importers.write import ImportSummary

__all__ = [
    "ImportSummary",
    "import_13f",
    "import_crunchbase",
    "import_gleif_rr",
    "import_jv2026",
    "import_sec_13f",
    "import_uk_psc",
    "parse_quarter",
    "parse_quarters",
    "quarter_ends",
]
