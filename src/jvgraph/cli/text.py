"""Plain-text tables for the metrics, what-if and explain documents.

Text speaks in names: each printer takes ``names`` (id → name, from
:meth:`jvgraph.explore.names.Resolver.names`) and shows an id only where no name is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

__all__ = [
    "explain_ids",
    "metrics_ids",
    "print_coverage",
    "print_explain",
    "print_kappa",
    "print_kappa_series",
    "print_metrics",
    "print_whatif",
    "whatif_ids",
]

Names = Mapping[str, str]


def _num(value: float | None, fmt: str = ",.0f") -> str:
    return "—" if value is None else format(value, fmt)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _reach_line(name: str, r: dict[str, Any], cover: dict[str, Any] | None) -> str:
    if cover is not None and cover["reach"]["companies"] is None:
        return f"  {name[:20]:<20} {'unknown':>8}            ({cover['label']})"
    at_least = "at least " if cover is not None and cover["reach"]["lower_bound"] else ""
    revenue = f"${r['revenue_usd']:,.0f} revenue  " if r["revenue_usd"] else ""
    line = (
        f"  {name[:20]:<20} {at_least}{r['companies']:,} companies  "
        f"{revenue}in {len(r['by_sector'])} sectors"
    )
    return line + (f"  ({cover['label']})" if cover is not None else "")


def print_coverage(doc: dict[str, Any], names: Names) -> None:
    """Whose portfolios the data lacks, per vendor, and the partners vendors share."""
    vendors = doc.get("coverage", {}).get("vendors", {})
    lacking = {v: c for v, c in vendors.items() if c["missing"] or c["not_stated"]}
    if lacking:
        click.echo("\npartners whose portfolios are not in the data (their reach is unknown)")
    for v, c in lacking.items():
        missing = ", ".join(p["name"] for p in c["missing"] + c["not_stated"])
        more = f"; and {c['partners_unnamed']} unnamed" if c["partners_unnamed"] else ""
        click.echo(f"  {names.get(v, v)}: {missing}{more}")
    for p in doc.get("coverage", {}).get("shared_partners", []):
        both = " and ".join(names.get(v, v) for v in p["vendors"])
        known = {True: "its portfolio is in the data", False: "its portfolio is not in the data",
                 None: "the data does not say whether its portfolio is in it"}[p["portfolio_known"]]  # fmt: skip
        click.echo(f"\n{p['name']} is a partner of {both}: {known}")


def print_metrics(doc: dict[str, Any], names: Names | None = None) -> None:
    names = names or {}
    vendors = doc.get("coverage", {}).get("vendors", {})
    click.echo(f"as of {doc['as_of'] or 'all dates'}; markets by {doc['market']}")
    click.echo("\nreach (companies held by the vendor's JV partners, of the portfolios known)")
    for vendor, r in doc["reach"].items():
        click.echo(_reach_line(names.get(vendor, vendor), r, vendors.get(vendor)))
    print_coverage(doc, names)
    click.echo("\nconcentration per market, by HHI (2023 U.S. Merger Guidelines)")
    click.echo(f"  {'market':<28} {'HHI':>7} {'CR4':>7} {'any vendor':>11}  label")
    rows = sorted(doc["concentration"].items(), key=lambda kv: -(kv[1]["hhi"] or -1))
    reached = {m for r in doc["reach"].values() for m in r.get(f"by_{doc['market']}", {})}
    for market, c in rows:
        label = c["classification"]["label"] if c["classification"] else "not reached"
        share = _pct(c["foreclosure"]["_any"])
        if c["hhi"] is None and market in reached:  # reached, but no revenue to share
            label, share = "no revenue in the data", "—"
        click.echo(
            f"  {market[:28]:<28} {_num(c['hhi']):>7} {_pct(c['cr4']):>7} {share:>11}  {label}"
        )
    click.echo("\ncommon ownership per market")
    click.echo(f"  {'market':<28} {'HHI':>7} {'ΔMHHI':>7} {'MHHI':>7}")
    for market, c in sorted(doc["common_ownership"].items()):
        click.echo(
            f"  {market[:28]:<28} {_num(c['hhi']):>7} {_num(c['delta_mhhi']):>7} "
            f"{_num(c['mhhi']):>7}"
        )
    click.echo("\nvendor overlap (of reach)")
    for pair in doc["overlap"]["vendors"]:
        click.echo(
            f"  {names.get(pair['a'], pair['a'])} & {names.get(pair['b'], pair['b'])}: "
            f"{pair['shared']:,} shared, Jaccard {pair['jaccard']:.3f}, overlap coefficient "
            f"{pair['overlap_coefficient']:.3f}"
        )
    if "betweenness" in doc:
        click.echo("\nowners by betweenness centrality (top 10)")
        for owner, score in list(doc["betweenness"].items())[:10]:
            click.echo(f"  {names.get(owner, owner)[:28]:<28} {score:.4f}")
    click.echo(
        f"  owner pairs sharing a company: {len(doc['overlap']['managers']):,} (--json lists them)"
    )


def metrics_ids(doc: dict[str, Any]) -> list[str]:
    """The ids the metrics text names: vendors and the owners it lists."""
    return [*doc["reach"], *list(doc.get("betweenness", {}))[:10]]


def whatif_ids(doc: dict[str, Any]) -> list[str]:
    """The ids the what-if text names: the scenario's arguments and the vendors."""
    _, _, args = doc["scenario"].partition(":")
    return [*args.split(","), *doc["reach"]]


def print_whatif(doc: dict[str, Any], names: Names | None = None) -> None:
    names = names or {}
    kind, _, args = doc["scenario"].partition(":")
    shown = ", ".join(names.get(a, a) for a in args.split(","))
    click.echo(f"scenario {kind}: {shown} (as of {doc['as_of'] or 'all dates'})")
    click.echo("\nreach")
    for vendor, r in doc["reach"].items():
        c = r["companies"]
        click.echo(
            f"  {names.get(vendor, vendor)[:20]:<20} {c['before']:>8,} → {c['after']:>8,} "
            f"({c['change']:+,})"
        )
    click.echo(
        f"\n  {'market':<28} {'HHI before':>10} {'after':>8} {'change':>8} "
        f"{'MHHI change':>11}  presumption"
    )
    for market, m in doc["markets"].items():
        merger = m.get("merger")
        presumed = (merger or m)["presumption"]["presumed"]
        delta = merger["delta_hhi"] if merger else m["hhi"]["change"]
        click.echo(
            f"  {market[:28]:<28} {_num(m['hhi']['before']):>10} "
            f"{_num(m['hhi']['after']):>8} {_num(delta, '+,.0f'):>8} "
            f"{_num(m['mhhi']['change'], '+,.0f'):>11}  {'yes' if presumed else 'no'}"
        )
    click.echo("\n  for a merger the change is the guidelines' 2·s_a·s_b·10,000")
    for manager, known in doc.get("portfolio_known", {}).items():
        if not known:
            click.echo(
                f"  {names.get(manager, manager)}'s portfolio is not in the data: what the change "
                "does to reach is unknown, not 0"
            )


#: keys of explain rows that hold an id whose name is shown instead
_ID_KEYS = ("company", "owner", "vendor")


def explain_ids(doc: dict[str, Any]) -> list[str]:
    """The ids the explain text names: its arguments, partners, owners and vendors."""
    found = [*doc["args"], *doc.get("partners", [])]
    for row in doc["contributions"]:
        found += [str(row[k]) for k in _ID_KEYS if k in row]
        for held in row.get("holdings", []):
            found.append(str(held.get("owner")))
    return found


def _held(item: dict[str, Any], names: Names) -> str:
    stake = "stake unknown" if item.get("stake") is None else f"stake {item['stake']:.2%}"
    owner = str(item.get("owner"))
    return f"{names.get(owner, owner)} ({stake}; source: {item.get('source') or 'none stated'})"


def print_explain(doc: dict[str, Any], names: Names | None = None) -> None:
    names = names or {}
    args = ", ".join(names.get(a, a) for a in doc["args"])
    click.echo(f"{doc['topic']} {args} = {_short(doc['value'], names)}")
    for row in doc["contributions"]:
        shown = {
            k: v
            for k, v in row.items()
            if not (k == "company" and "name" in row) and k != "holdings"
            and not (k.endswith("_usd") and not v)  # revenue the data does not have
        }  # fmt: skip
        line = ", ".join(f"{k}={_short(v, names, k)}" for k, v in shown.items())
        held = "; ".join(_held(h, names) for h in row.get("holdings", []))
        click.echo(f"  {line}" + (f"; held by {held}" if held else ""))


def _short(value: Any, names: Names | None = None, key: str = "") -> str:
    names = names or {}
    if isinstance(value, list):
        return "; ".join(
            " ".join(_short(v, names, k) for k, v in item.items()) if isinstance(item, dict)
            else _short(item, names)
            for item in value
        )  # fmt: skip
    if isinstance(value, float):
        return f"{value:,.6g}"
    if value is None:
        return "unknown" if key == "stake" else "—"
    if isinstance(value, str) and (key in _ID_KEYS or key == ""):
        return names.get(value, value)
    return str(value)


def _k(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"


def print_kappa(doc: dict[str, Any], limit: int) -> None:
    names = {f["id"]: f["name"] for f in doc["firms"]}
    s = doc["summary"]
    click.echo(
        f"profit weights κ in {doc['name']} ({doc['market']}) as of {doc['as_of'] or 'all dates'}, "
        f"{doc['control']} control: {len(doc['firms'])} firms, {s['pairs']} ordered pairs"
    )
    click.echo(
        f"  median {_k(s['median'])}  mean {_k(s['mean'])}  min {_k(s['min'])}  max {_k(s['max'])}"
    )
    if doc["mhhi"] is not None:
        click.echo(
            f"  HHI {doc['hhi']:,.0f}  ΔMHHI {doc['delta_mhhi']:,.0f}  MHHI {doc['mhhi']:,.0f}"
        )
    else:
        click.echo("  MHHI: not computed (the firms' revenue is not in the data)")
    click.echo(f"\n  {'κ(f → g)':>9}  f → g")
    for p in doc["pairs"][:limit]:
        click.echo(f"  {p['kappa']:>9.4f}  {names[p['f']]} → {names[p['g']]}")
    if len(doc["pairs"]) > limit:
        click.echo(f"  ... {len(doc['pairs']) - limit} more (--limit, --json)")
    click.echo("\n  owners adding most to the mean κ")
    for o in doc["owners"][:limit]:
        click.echo(f"  {o['mean_kappa_part']:>9.4f}  {o['name']}")


def print_kappa_series(doc: dict[str, Any]) -> None:
    click.echo(f"κ in {doc['name']} ({doc['market']}) by quarter, {doc['control']} control")
    pairs = list(doc["series"][0]["kappa"]) if doc["series"] else []
    names = doc.get("names", {})
    heads = [" → ".join(names.get(f, f) for f in p.split(">")) for p in pairs]
    click.echo(
        f"  {'as of':<10} {'firms':>5} {'median':>8} {'mean':>8}" + "".join(f"  {h}" for h in heads)
    )
    for row in doc["series"]:
        cells = "".join(
            f"  {_k(row['kappa'][p]):>{len(h)}}" for p, h in zip(pairs, heads, strict=True)
        )
        click.echo(
            f"  {row['as_of']:<10} {row['firms']:>5} {_k(row['median']):>8} {_k(row['mean']):>8}{cells}"
        )
