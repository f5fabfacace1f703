"""Plain-text tables for the metrics, what-if and explain documents."""

from __future__ import annotations

from typing import Any

import click

__all__ = ["print_explain", "print_kappa", "print_kappa_series", "print_metrics", "print_whatif"]


def _num(value: float | None, fmt: str = ",.0f") -> str:
    return "—" if value is None else format(value, fmt)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def print_metrics(doc: dict[str, Any]) -> None:
    click.echo(f"as of {doc['as_of'] or 'all dates'}; markets by {doc['market']}")
    click.echo("\nreach (companies held by the vendor's JV partners)")
    for vendor, r in doc["reach"].items():
        click.echo(
            f"  {vendor:<20} {r['companies']:>8,} companies  "
            f"${r['revenue_usd']:>18,.0f} revenue  in {len(r['by_sector'])} sectors"
        )
    click.echo("\nconcentration per market, by HHI (2023 U.S. Merger Guidelines)")
    click.echo(f"  {'market':<28} {'HHI':>7} {'CR4':>7} {'any vendor':>11}  label")
    rows = sorted(doc["concentration"].items(), key=lambda kv: -(kv[1]["hhi"] or -1))
    for market, c in rows:
        label = c["classification"]["label"] if c["classification"] else "not reached"
        click.echo(
            f"  {market[:28]:<28} {_num(c['hhi']):>7} {_pct(c['cr4']):>7} "
            f"{_pct(c['foreclosure']['_any']):>11}  {label}"
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
            f"  {pair['a']} & {pair['b']}: {pair['shared']:,} shared, "
            f"Jaccard {pair['jaccard']:.3f}, overlap coefficient "
            f"{pair['overlap_coefficient']:.3f}"
        )
    if "betweenness" in doc:
        click.echo("\nowners by betweenness centrality (top 10)")
        for owner, score in list(doc["betweenness"].items())[:10]:
            click.echo(f"  {owner:<28} {score:.4f}")
    click.echo(
        f"  owner pairs sharing a company: {len(doc['overlap']['managers']):,} (--json lists them)"
    )


def print_whatif(doc: dict[str, Any]) -> None:
    click.echo(f"scenario {doc['scenario']} (as of {doc['as_of'] or 'all dates'})")
    click.echo("\nreach")
    for vendor, r in doc["reach"].items():
        c = r["companies"]
        click.echo(f"  {vendor:<20} {c['before']:>8,} → {c['after']:>8,} ({c['change']:+,})")
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


def print_explain(doc: dict[str, Any]) -> None:
    click.echo(f"{doc['topic']} {' '.join(doc['args'])} = {doc['value']}")
    for row in doc["contributions"]:
        click.echo("  " + ", ".join(f"{k}={_short(v)}" for k, v in row.items()))


def _short(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(" ".join(f"{v}" for v in item.values()) for item in value)
    if isinstance(value, float):
        return f"{value:,.6g}"
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
        click.echo(f"  {o['mean_kappa_part']:>9.4f}  {o['name']} ({o['id']})")


def print_kappa_series(doc: dict[str, Any]) -> None:
    click.echo(f"κ in {doc['name']} ({doc['market']}) by quarter, {doc['control']} control")
    pairs = list(doc["series"][0]["kappa"]) if doc["series"] else []
    click.echo(
        f"  {'as of':<10} {'firms':>5} {'median':>8} {'mean':>8}" + "".join(f"  {p}" for p in pairs)
    )
    for row in doc["series"]:
        cells = "".join(f"  {_k(row['kappa'][p]):>{len(p)}}" for p in pairs)
        click.echo(
            f"  {row['as_of']:<10} {row['firms']:>5} {_k(row['median']):>8} {_k(row['mean']):>8}{cells}"
        )
