"""Entity resolution: which names in the sources are one legal firm, and which are not.

The same firm is written in several ways across sources ("Bain Capital" in the JV reports,
"Bain Capital Private Equity" on its portfolio page), and different firms are written alike
("Bain & Company" is a consultancy, not Bain Capital). Two rules, both deterministic:

- **Firms** (the vendors, the JV partners and the investment firms whose portfolios are
  read) are resolved by the curated table :data:`FIRMS`: one entry per legal firm, with
  its id, the name jvgraph shows, and the other names the sources use for it (each alias
  says where it appears). A name not in the table is refused, never guessed.
  :data:`DISTINCT` lists the names that look alike but are different firms; a test checks
  each pair that must and must not merge.
- **Portfolio companies** listed by several firms are one company when their
  :func:`name_key` is equal or their website host (:func:`website_host`) is, and they come
  from different firms' lists: a firm that lists two names separately means two companies
  (Advent lists ABC Supply and Bradco Supply, with one website). A company whose key is a
  firm's is that firm in another role (``same_as``): General Atlantic lists Anthropic, the
  vendor, and Capgemini, a partner of the Deployment Company.

Names are normalised with cleanco (a maintained library of the legal-form suffixes of many
countries: "Inc.", "LLC", "GmbH", "S.A." ...) after Unicode NFKC, a trailing parenthesis
("(formerly X)") removed, spaces collapsed and case folded. Nothing fuzzy decides a merge:
:func:`near_misses` lists, for review, names that rapidfuzz scores alike but the rules keep
apart. Record-linkage frameworks (splink, dedupe) fit large files without a curated list;
here a few hundred names per firm and a list a reader can check are the better evidence.

>>> name_key("Aevex Holdings, LLC")
'aevex holdings'
>>> name_key("Certinia (formerly FinancialForce)") == name_key("Certinia")
True
>>> firm("Bain Capital Private Equity").id
'am-bain-capital'
>>> firm("Bain & Company").id
'am-bain-company'
>>> website_host("https://www.Anthropic.com/")
'anthropic.com'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pandas as pd

from jvgraph.errors import UsageError

__all__ = [
    "DISTINCT",
    "FIRMS",
    "JOINT_VENTURES",
    "NOT_COMPANY_SITES",
    "Firm",
    "find_firm",
    "firm",
    "match_companies",
    "name_key",
    "near_misses",
    "website_host",
]

_REPORTS = "the JV reports (jv_2026_reported)"
_SEED = "the seed article"
_PORTFOLIOS = "pe_portfolios (the firm column of holdings.csv)"


@dataclass(frozen=True)
class Firm:
    """One legal firm: its node id, the name shown, and ``(alias, where it appears)``."""

    id: str
    name: str
    aliases: tuple[tuple[str, str], ...] = ()
    note: str = ""

    @property
    def alias_names(self) -> tuple[str, ...]:
        return tuple(a for a, _ in self.aliases)


#: every firm the jv-2026 sources name, one entry per legal firm
FIRMS: tuple[Firm, ...] = (
    Firm("v-anthropic", "Anthropic", note="a vendor; General Atlantic also lists it"),
    Firm("v-openai", "OpenAI", note="a vendor"),
    Firm("am-blackstone", "Blackstone", note="also the firm of the credit vehicle in pe_portfolios"),
    Firm("am-hellman-friedman", "Hellman & Friedman"),
    Firm("am-goldman-sachs", "Goldman Sachs", (("Goldman", f"{_REPORTS} notes, {_SEED}"),),
         note="a partner in both joint ventures: one node, two PARTNER_IN relationships"),
    Firm("am-apollo", "Apollo Global Management", (("Apollo", "PROVENANCE.md section 4"),)),
    Firm("am-general-atlantic", "General Atlantic"),
    Firm("am-leonard-green", "Leonard Green & Partners",
         (("Leonard Green", "PROVENANCE.md section 4"),)),
    Firm("am-gic", "GIC"),
    Firm("am-sequoia-capital", "Sequoia Capital"),
    Firm("am-tpg", "TPG"),
    Firm("am-advent-international", "Advent International"),
    Firm("am-bain-capital", "Bain Capital", (("Bain Capital Private Equity", _PORTFOLIOS),),
         note="the portfolio read is its private-equity business's (Bain Capital Private Equity)"),
    Firm("am-brookfield", "Brookfield Asset Management",
         (("Brookfield", f"{_SEED}, PROVENANCE.md section 4"),)),
    Firm("am-softbank-corp", "SoftBank Corp.",
         note="as reported; not SoftBank Group Corp., which is another legal entity"),
    Firm("am-warburg-pincus", "Warburg Pincus"),
    Firm("am-wcas", "Welsh Carson Anderson & Stowe",
         (("Welsh Carson Anderson & Stowe (WCAS)", _REPORTS), ("WCAS", _REPORTS))),
    Firm("am-b-capital", "B Capital", note="not Bain Capital"),
    Firm("am-bbva", "BBVA"),
    Firm("am-emergence-capital", "Emergence Capital"),
    Firm("am-bain-company", "Bain & Company", note="a consultancy, not Bain Capital"),
    Firm("am-mckinsey", "McKinsey & Company"),
    Firm("am-capgemini", "Capgemini", note="a partner; General Atlantic also lists it"),
)  # fmt: skip

#: the joint ventures, by their key in jv_2026_reported/jvs.csv
JOINT_VENTURES: dict[str, Firm] = {
    "anthropic-jv": Firm(
        "jv-anthropic", "Anthropic enterprise AI services firm",
        note="a descriptive name: the venture was unnamed at launch",
    ),
    "openai-deployco": Firm(
        "jv-deployco", "The OpenAI Deployment Company",
        (
            ("The Deployment Company", "the release's address (openai-launches-the-deployment-company)"),
            ("DeployCo", _REPORTS),
            ("The Development Company", f"{_SEED} and early reports"),
        ),
    ),
}  # fmt: skip

#: names that normalise alike or nearly alike but are different firms, and why
DISTINCT: tuple[tuple[str, str, str], ...] = (
    ("Bain Capital", "Bain & Company", "an investment firm and a consultancy (partners.csv's note)"),
    ("Bain Capital Private Equity", "Bain & Company", "Bain Capital's business, not the consultancy"),
    ("Bain Capital", "B Capital", "two investment firms"),
    ("B Capital", "Emergence Capital", "two venture capital firms"),
    ("Bain & Company", "McKinsey & Company", "two consultancies ('& Company' is no name)"),
    ("SoftBank Corp.", "SoftBank Group Corp.", "the partner is reported as SoftBank Corp."),
)  # fmt: skip

#: website hosts that belong to investors or social networks, never to a portfolio company
#: (the scraped companies table sometimes holds an investor's page as a company's website)
NOT_COMPANY_SITES = frozenset(
    {"accel.com", "adventinternational.com", "ta.com", "twitter.com", "x.com", "linkedin.com"}
)

_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")


def name_key(name: str) -> str:
    """The matching key of a firm's or company's name (see the module's rules)."""
    from cleanco import basename

    text = " ".join(unicodedata.normalize("NFKC", name).split())
    text = _TRAILING_NOTE.sub("", text) or text
    return " ".join(basename(text).split()).casefold()


def website_host(url: str | None) -> str | None:
    """The host of a website address, lower case, without ``www.`` (``None`` when empty)."""
    if not url or not url.strip():
        return None
    text = url.strip()
    host = urlsplit(text if "//" in text else "//" + text).hostname
    return host.removeprefix("www.") if host else None


@cache
def _by_key() -> dict[str, Firm]:
    """Each firm under the key of its name and of each alias; a key used twice is an error."""
    index: dict[str, Firm] = {}
    for f in FIRMS:
        for text in (f.name, *f.alias_names):
            key = name_key(text)
            if index.setdefault(key, f) is not f:
                raise AssertionError(f"{text!r} normalises like {index[key].name!r}")
    return index


def find_firm(name: str) -> Firm | None:
    """The firm of :data:`FIRMS` that ``name`` (or one of its aliases) normalises like."""
    return _by_key().get(name_key(name))


def firm(name: str) -> Firm:
    """The firm a source's name stands for; an unknown name is refused, never guessed."""
    found = find_firm(name)
    if found is None:
        raise UsageError(f"no firm named {name!r} in the entity list (FIRMS): add it there")
    return found


def match_companies(listings: pd.DataFrame) -> pd.Series:
    """One entity number per listing (rows with ``list``, ``name`` and ``website``).

    Listings of different lists with an equal name key or website host are one entity;
    two listings of one list never are. Lists earlier in the frame win a conflict.
    """
    keys = listings["name"].map(name_key).tolist()
    found = (website_host(str(w)) for w in listings["website"].fillna(""))
    hosts = [h if h not in NOT_COMPANY_SITES else None for h in found]
    lists = listings["list"].tolist()
    parent = list(range(len(keys)))
    members: dict[int, set[str]] = {i: {lists[i]} for i in range(len(keys))}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, str], int] = {}
    for i in range(len(keys)):
        for label in (("key", keys[i]), ("host", hosts[i])):
            if label[1] is None:
                continue
            j = seen.setdefault((label[0], label[1]), i)
            a, b = root(i), root(j)
            if a != b and not members[a] & members[b]:
                parent[b] = a
                members[a] |= members.pop(b)
    return pd.Series([root(i) for i in range(len(keys))], index=listings.index)


def near_misses(
    names: Sequence[tuple[str, str]], entities: Sequence[int], cutoff: float = 85.0
) -> pd.DataFrame:
    """Pairs of ``(list, name)`` from different lists, kept apart (different ``entities``),
    that rapidfuzz's token-sort ratio scores at ``cutoff`` or more: for a reader to review."""
    import numpy as np
    from rapidfuzz import fuzz, process

    keys = [name_key(n) for _, n in names]
    scores = process.cdist(keys, keys, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff)
    rows = []
    for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
        (la, na), (lb, nb) = names[i], names[j]
        if la != lb and entities[i] != entities[j]:
            rows.append({"list_a": la, "name_a": na, "list_b": lb, "name_b": nb,
                         "score": round(float(scores[i, j]), 1)})  # fmt: skip
    columns = ["list_a", "name_a", "list_b", "name_b", "score"]
    return pd.DataFrame(rows, columns=columns).sort_values(["name_a", "name_b"], kind="stable")
