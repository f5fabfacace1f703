"""The data contract: files, columns, graph labels and the in-memory dataset.

A dataset is a folder of UTF-8 CSV files (or one JSON file with the same
records under the same names). This module says which files and columns
exist, what type each column has, and how they map onto the graph.

Six files describe the graph and must be present; two optional files
(:data:`MARKET_TABLES`) describe markets from outside sources: ``markets.csv``
the whole size of a market, ``vendor_shares.csv`` the AI vendors' shares of it.

>>> TABLES["holdings"].required
('owner_id', 'company_id', 'stake')
>>> TABLES["companies"].label
'PortfolioCompany'
>>> TABLES["markets"].optional, TABLES["vendor_shares"].key
(True, ('grouping', 'market', 'vendor'))
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pyarrow as pa

__all__ = [
    "ARROW_TYPES",
    "DEFAULT_GROUPING",
    "LABELS",
    "MARKET_COLUMNS",
    "MARKET_TABLES",
    "NODE_TABLES",
    "PRECISIONS",
    "REL_TABLES",
    "ROW_KEYS",
    "STORED_LABELS",
    "TABLES",
    "Column",
    "Dataset",
    "Kind",
    "TableSpec",
]


class Kind(StrEnum):
    """The type of a column, as read from CSV."""

    ID = "id"  # a unique id, string
    REF = "ref"  # a reference to an id elsewhere in the dataset
    TEXT = "text"
    USD = "usd"  # a non-negative amount, float
    COUNT = "count"  # a non-negative integer
    STAKE = "stake"  # a fraction in (0, 1]
    SHARE = "share"  # a fraction in [0, 1]
    DATE = "date"  # YYYY-MM-DD
    BOOL = "bool"  # true / false


@dataclass(frozen=True)
class Column:
    """A column of a contract file. A ``required`` column must be in the header; its
    values must not be empty unless it is ``nullable`` (empty then means unknown)."""

    name: str
    kind: Kind
    required: bool = False
    nullable: bool = False
    #: the values a text column may hold (empty: any)
    choices: tuple[str, ...] = ()
    #: written by :func:`jvgraph.importers.write.write_dataset` even when a source has none
    #: (the contract's first columns); the later, descriptive ones only when present
    basic: bool = True


@dataclass(frozen=True)
class TableSpec:
    """One file of the contract and the graph element it becomes."""

    name: str  # the file is NAME.csv and the JSON key is NAME
    columns: tuple[Column, ...]
    label: str  # node label or relationship type
    #: a dataset may leave the file out (it then has no rows)
    optional: bool = False
    #: the columns that identify a row of a market table (a later load replaces a stored
    #: row with the same key)
    key: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def basic_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.basic)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _c(name: str, kind: Kind, required: bool = False, nullable: bool = False) -> Column:
    return Column(name, kind, required, nullable)


def _more(name: str, kind: Kind, choices: tuple[str, ...] = ()) -> Column:
    """A descriptive column added to the contract later: optional, written when present."""
    return Column(name, kind, choices=choices, basic=False)


_SOURCE = _c("source", Kind.TEXT)
#: other names of a node (as sources write them), separated by ``|``
_ALIASES = _more("aliases", Kind.TEXT)
_WEBSITE = _more("website", Kind.TEXT)
#: how precise a date is: the day, or only its month or year (the date is then the first day
#: of it), or ``before`` (the event happened on or before the date, day unknown)
PRECISIONS = ("day", "month", "year", "before")

TABLES: dict[str, TableSpec] = {
    t.name: t
    for t in (
        TableSpec(
            "vendors",
            (
                _c("id", Kind.ID, True),
                _c("name", Kind.TEXT, True),
                _c("valuation_usd", Kind.USD),
                _c("country", Kind.TEXT),
                _SOURCE,
                _ALIASES,
                _WEBSITE,
            ),
            "Vendor",
        ),
        TableSpec(
            "asset_managers",
            (
                _c("id", Kind.ID, True),
                _c("name", Kind.TEXT, True),
                _c("aum_usd", Kind.USD),
                _c("kind", Kind.TEXT),
                _c("country", Kind.TEXT),
                _SOURCE,
                _ALIASES,
                _WEBSITE,
                # true: the dataset holds the manager's portfolio (as its source lists it);
                # false: it does not; empty: the dataset does not say
                _more("portfolio_known", Kind.BOOL),
                _more("portfolio_as_of", Kind.DATE),
            ),
            "AssetManager",
        ),
        TableSpec(
            "joint_ventures",
            (
                _c("id", Kind.ID, True),
                _c("name", Kind.TEXT, True),
                _c("vendor_id", Kind.REF, True),
                _c("size_usd", Kind.USD),
                _c("announced", Kind.DATE),
                _c("ended", Kind.DATE),
                _SOURCE,
                _ALIASES,
                _more("launched", Kind.DATE),
                _more("valuation_usd", Kind.USD),
                _more("vendor_commitment_usd", Kind.USD),
                # partners reported, named or not (more than jv_partners lists: some unnamed)
                _more("partners_reported", Kind.COUNT),
            ),
            "JointVenture",
        ),
        TableSpec(
            "jv_partners",
            (
                _c("jv_id", Kind.REF, True),
                _c("manager_id", Kind.REF, True),
                _c("commitment_usd", Kind.USD),
                _SOURCE,
                _more("role", Kind.TEXT),
            ),
            "PARTNER_IN",
        ),
        TableSpec(
            "companies",
            (
                _c("id", Kind.ID, True),
                _c("name", Kind.TEXT, True),
                # an empty sector is unknown (many firms publish none for their companies)
                _c("sector", Kind.TEXT, True, nullable=True),
                _c("revenue_usd", Kind.USD),
                _c("employees", Kind.COUNT),
                _c("country", Kind.TEXT),
                _SOURCE,
                _ALIASES,
                _WEBSITE,
                # the vendor or asset manager that is the same firm (one node per role)
                _more("same_as", Kind.REF),
                # an industry label a third party assigned: a hint, never a market
                _more("industry_third_party", Kind.TEXT),
            ),
            "PortfolioCompany",
        ),
        TableSpec(
            "holdings",
            (
                _c("owner_id", Kind.REF, True),
                _c("company_id", Kind.REF, True),
                # an empty stake is unknown (sources such as Crunchbase do not state one)
                _c("stake", Kind.STAKE, True, nullable=True),
                _c("control", Kind.BOOL),
                _c("since", Kind.DATE),
                _c("until", Kind.DATE),
                _SOURCE,
                # a band the stake lies in, as registers state it (PSC: more than 25% but
                # not more than 50% is 0.25, 0.5); both empty when the source gives none
                _more("stake_low", Kind.STAKE),
                _more("stake_high", Kind.STAKE),
                _more("since_precision", Kind.TEXT, PRECISIONS),
                _more("until_precision", Kind.TEXT, PRECISIONS),
            ),
            "HOLDS",
        ),
        # the size of a market from an outside source: shares of it are shares of the
        # whole market, not of the companies that happen to be in the data
        TableSpec(
            "markets",
            (
                _c("grouping", Kind.TEXT),  # the company column the market is a value of
                _c("market", Kind.TEXT, True),
                _c("total_revenue_usd", Kind.USD, True),
                _SOURCE,
            ),
            "Market",
            optional=True,
            key=("grouping", "market"),
        ),
        # the AI vendors' shares of a market, as a source states them; ``vendor`` is an
        # id of vendors.csv or the name of a vendor outside the graph
        TableSpec(
            "vendor_shares",
            (
                _c("grouping", Kind.TEXT),
                _c("market", Kind.TEXT, True),
                _c("vendor", Kind.TEXT, True),
                _c("share", Kind.SHARE, True),
                _SOURCE,
            ),
            "VendorShare",
            optional=True,
            key=("grouping", "market", "vendor"),
        ),
    )
}

#: the Arrow type each kind of column is read into
ARROW_TYPES: dict[Kind, pa.DataType] = {
    Kind.ID: pa.string(),
    Kind.REF: pa.string(),
    Kind.TEXT: pa.string(),
    Kind.USD: pa.float64(),
    Kind.COUNT: pa.int64(),
    Kind.STAKE: pa.float64(),
    Kind.SHARE: pa.float64(),
    Kind.DATE: pa.date32(),
    Kind.BOOL: pa.bool_(),
}

NODE_TABLES = ("vendors", "asset_managers", "joint_ventures", "companies")
REL_TABLES = ("jv_partners", "holdings")
#: the optional tables about markets; each row is a node of its own, linked to nothing
MARKET_TABLES = ("markets", "vendor_shares")
#: the columns that identify a row of each file (what an edit matches stored rows by)
ROW_KEYS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(NODE_TABLES, ("id",)),
    "jv_partners": ("jv_id", "manager_id"),
    "holdings": ("owner_id", "company_id", "since"),
    **{name: TABLES[name].key for name in MARKET_TABLES},
}
#: node label of each node table
LABELS = {name: TABLES[name].label for name in NODE_TABLES}
#: node label of every table stored as nodes: the graph's and the market tables'
STORED_LABELS = {name: TABLES[name].label for name in (*NODE_TABLES, *MARKET_TABLES)}

#: company columns that define a market besides the dataset's extra company columns
MARKET_COLUMNS = ("sector", "country")
#: the grouping of a market-table row whose ``grouping`` is empty
DEFAULT_GROUPING = "sector"


@dataclass
class Dataset:
    """A validated dataset in memory: one typed Arrow table per contract file.

    ``extras`` names, per table, the columns beyond the contract (kept as
    text properties). ``origin`` is where it was read from, for messages.
    """

    tables: dict[str, pa.Table]
    extras: dict[str, tuple[str, ...]] = field(default_factory=dict)
    origin: str = ""

    def rows(self, name: str) -> int:
        return int(self.tables[name].num_rows)

    def counts(self) -> dict[str, int]:
        return {name: self.rows(name) for name in TABLES}
