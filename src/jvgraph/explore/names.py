"""Names in, names out: what a user types resolved to node ids, and ids shown as names.

Wherever a command or a route takes an id, it takes a node's id, its name or one of its
``aliases`` too, in any case, limited to the kinds of node that fit (a vendor for
``explain reach``, a joint venture and a manager for ``remove-partner``). A name several
such nodes have is refused with :class:`~jvgraph.errors.AmbiguousName` listing them; one
that none has with :class:`~jvgraph.errors.UnknownName` listing the nearest names
(rapidfuzz's WRatio, suggestions only: nothing fuzzy is ever chosen). The adapters resolve
before they call the library, so the library works on ids only; :meth:`Resolver.names`
gives the names to print.

>>> from jvgraph.config import bundled_dataset
>>> from jvgraph.load import read_dataset
>>> r = Resolver(data=read_dataset(bundled_dataset("jv-2026")))
>>> r.node("the deployment company", JV)
'jv-deployco'
>>> r.scenario('remove-partner:"The Deployment Company",TPG')
'remove-partner:jv-deployco,am-tpg'
>>> r.explain_args("reach", ("OpenAI",))
('v-openai',)
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from jvgraph.errors import AmbiguousName, NotFound, UnknownName, UsageError
from jvgraph.model import LABELS, NODE_TABLES, Dataset
from jvgraph.store import GraphStore

__all__ = [
    "ANY",
    "COMPANY",
    "JV",
    "MANAGER",
    "OWNER",
    "SCENARIO_ARGS",
    "TOPIC_ARGS",
    "VENDOR",
    "Directory",
    "Resolver",
]

Labels = tuple[str, ...]
VENDOR: Labels = ("Vendor",)
JV: Labels = ("JointVenture",)
MANAGER: Labels = ("AssetManager",)
COMPANY: Labels = ("PortfolioCompany",)
OWNER: Labels = ("AssetManager", "PortfolioCompany")
ANY: Labels = ()
#: a market name (a value of the market column), not a node
MARKET = "market"

#: what each argument of an ``explain`` topic names
TOPIC_ARGS: dict[str, tuple[Labels | str, ...]] = {
    "reach": (VENDOR,),
    "foreclosure": (VENDOR, MARKET),
    "access": (MARKET,),
    "company-hhi": (MARKET,),
    "mhhi": (MARKET,),
    "vendor-hhi": (MARKET,),
    "overlap": (VENDOR, VENDOR),
}
#: what each argument of a what-if scenario names (``None``: a number, left as it is)
SCENARIO_ARGS: dict[str, tuple[Labels | None, ...]] = {
    "merge": (VENDOR, VENDOR),
    "add-partner": (JV, MANAGER),
    "remove-partner": (JV, MANAGER),
    "add-holding": (OWNER, COMPANY, None),
    "remove-holding": (OWNER, COMPANY),
}
_WORDS = {
    "Vendor": "vendor",
    "JointVenture": "joint venture",
    "AssetManager": "asset manager",
    "PortfolioCompany": "company",
}


def _a(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _what(labels: Labels) -> str:
    return " or ".join(_WORDS[lab] for lab in labels) if labels else "node"


@dataclass
class Directory:
    """Every node's name and label by id, and the ids of each name and alias (case folded)."""

    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (name, label)
    keys: dict[str, list[str]] = field(default_factory=dict)  # folded name -> ids
    data: Dataset | None = None

    @classmethod
    def of(cls, data: Dataset) -> Directory:
        found = cls(data=data)
        for table in NODE_TABLES:
            t = data.tables[table]
            aliases = (
                t.column("aliases").to_pylist() if "aliases" in t.column_names else [None] * len(t)
            )
            rows = zip(
                t.column("id").to_pylist(), t.column("name").to_pylist(), aliases, strict=True
            )
            for node_id, name, more in rows:
                found.names[node_id] = (name, LABELS[table])
                for text in (name, *(more or "").split("|")):
                    if text and text.strip():
                        ids = found.keys.setdefault(text.strip().casefold(), [])
                        if node_id not in ids:
                            ids.append(node_id)
        return found

    def candidates(self, ids: Iterable[str]) -> list[dict[str, str]]:
        return [{"id": i, "name": self.names[i][0], "label": self.names[i][1]} for i in ids]

    def resolve(self, text: str, labels: Labels = ANY) -> str:
        """The id ``text`` names among nodes of ``labels`` (any label when empty)."""
        wanted = text.strip()

        def fits(node_id: str) -> bool:
            return not labels or self.names[node_id][1] in labels

        if wanted in self.names and fits(wanted):
            return wanted
        found = [i for i in self.keys.get(wanted.casefold(), []) if fits(i)]
        if len(found) == 1:
            return found[0]
        if found:
            listed = "; ".join(f"{c['name']} ({_WORDS[c['label']]}, id {c['id']})"
                               for c in self.candidates(found))  # fmt: skip
            raise AmbiguousName(
                f"'{wanted}' names {len(found)} nodes: {listed}; give one's id",
                self.candidates(found),
            )
        raise self._unknown(wanted, labels, fits)

    def _unknown(self, wanted: str, labels: Labels, fits: Callable[[str], bool]) -> UnknownName:
        from rapidfuzz import process

        choices = {i: n for i, (n, _) in self.names.items() if fits(i) and n}
        near = process.extract(wanted, choices, limit=5, score_cutoff=75)
        found = self.candidates(i for _, _, i in near)
        hint = (
            "; did you mean " + ", ".join(f"{c['name']} ({c['id']})" for c in found)
            if found
            else ""
        )
        if wanted in self.names:
            label = _WORDS[self.names[wanted][1]]
            message = f"'{wanted}' is {_a(label)}, not {_a(_what(labels))}"
        else:
            message = f"no {_what(labels)} with the id, name or alias '{wanted}'"
        return UnknownName(message + hint, found)

    def market(self, column: str, text: str) -> str:
        """A market name as written in the data, matched in any case (else as given)."""
        if self.data is None or column not in self.data.tables["companies"].column_names:
            return text
        values = {v for v in self.data.tables["companies"].column(column).to_pylist() if v}
        if text in values:
            return text
        same = [v for v in values if str(v).casefold() == text.strip().casefold()]
        return str(same[0]) if len(same) == 1 else text


class Resolver:
    """Resolves what a user typed against a store (or exported ``data``). Ids are checked
    in the store one by one; the :class:`Directory` of every name is built only when a name
    is typed, by ``build`` when given (the API passes its per-version cache)."""

    def __init__(
        self,
        store: GraphStore | None = None,
        *,
        data: Dataset | None = None,
        build: Callable[[], Directory] | None = None,
    ) -> None:
        self._store = store
        self._directory = Directory.of(data) if data is not None else None
        self._build = build

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            if self._build is not None:
                self._directory = self._build()
            elif self._store is not None:
                self._directory = Directory.of(self._store.export())
            else:
                raise UsageError("nothing to resolve names against")
        return self._directory

    def _label(self, node_id: str) -> str | None:
        if self._directory is not None or self._store is None:
            entry = self.directory.names.get(node_id)
            return entry[1] if entry else None
        try:
            return self._store.get_node(node_id).label
        except NotFound:
            return None

    def node(self, text: str, labels: Labels = ANY) -> str:
        """The id of the node of ``labels`` that ``text`` is the id, name or alias of."""
        label = self._label(text.strip())
        if label is not None and (not labels or label in labels):
            return text.strip()
        return self.directory.resolve(text, labels)

    def explain_args(
        self, topic: str, args: Sequence[str], market: str = "sector"
    ) -> tuple[str, ...]:
        """``explain``'s arguments with vendors as ids and markets as the data writes them
        (a topic it does not know is passed on as it is)."""
        kinds = TOPIC_ARGS.get(topic)
        if kinds is None or len(kinds) != len(args):
            return tuple(args)
        return tuple(
            self.directory.market(market, a) if k == MARKET else self.node(a, k)  # type: ignore[arg-type]
            for k, a in zip(kinds, args, strict=True)
        )

    def scenario(self, text: str) -> str:
        """A scenario with its names resolved to ids: ``KIND:ARG,ARG``; an argument with a
        comma in it is quoted (``remove-holding:"Bain Capital","Nets, Inc."``)."""
        kind, sep, rest = text.partition(":")
        kinds = SCENARIO_ARGS.get(kind.strip())
        args = next(csv.reader([rest], skipinitialspace=True)) if rest else []
        if not sep or kinds is None or len(kinds) != len(args):
            return text  # the library says what is wrong with it
        ids = [a if k is None else self.node(a, k) for k, a in zip(kinds, args, strict=True)]
        return f"{kind.strip()}:{','.join(ids)}"

    def pairs(self, pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """Firm pairs (``kappa --pair``) with each company's name resolved to its id."""
        return [(self.node(f, COMPANY), self.node(g, COMPANY)) for f, g in pairs]

    def names(self, ids: Iterable[str]) -> dict[str, str]:
        """The name of each of ``ids`` that is a node (ids of no node are left out)."""
        out = {}
        for node_id in dict.fromkeys(ids):
            if self._directory is not None or self._store is None:
                entry = self.directory.names.get(node_id)
                name = entry[0] if entry else None
            else:
                try:
                    name = self._store.get_node(node_id).properties.get("name")
                except NotFound:
                    name = None
            if name:
                out[node_id] = str(name)
        return out
