"""Plain-text tables for the metrics, what-if and explain documents.

Vendors are named from the document's ``vendor_names``; the other ids a table shows
(owners, companies, the arguments of a scenario) from a ``names`` lookup the adapter
builds with :class:`jvgraph.explore.names.Resolver` (ids appear only in ``--json``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import click

from jvgraph.metrics.measures import DENOMINATORS, MEASURES, denominator_text

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


def _name(doc: dict[str, Any], vendor: str) -> str:
    return str(doc.get("vendor_names", {}).get(vendor, vendor))


M = MEASURES

#: what every access table says about reach
POTENTIAL = (
    "reach is potential access through ownership, not evidence that a company buys from the "
    "vendor, of exclusivity, or of an ability or incentive to foreclose rivals (2023 Merger "
    "Guidelines, Guideline 5)"
)


def _reach_line(name: str, r: dict[str, Any], cover: dict[str, Any] | None) -> str:
    if cover is not None and cover["reach"]["companies"] is None:
        return f"  {name[:20]:<20} {'unknown':>8}            ({cover['summary']})"
    at_least = "at least " if cover is not None and cover["reach"]["lower_bound"] else ""
    revenue = f"${r['revenue_usd']:,.0f} revenue  " if r.get("revenue_usd") else ""
    unknown = r.get("companies_without_revenue", 0)
    lacking = f"({unknown:,} without revenue)  " if unknown and revenue else ""
    line = (
        f"  {name[:20]:<20} {at_least}{r['companies']:,} companies  "
        f"{revenue}{lacking}in {len(r['by_sector'])} sectors"
    )
    return line + (f"  ({cover['summary']})" if cover is not None else "")


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
        click.echo(_reach_line(_name(doc, vendor), r, vendors.get(vendor)))
    print_coverage(doc, names)
    _print_access(doc)
    _print_company_concentration(doc)
    _print_vendor_market(doc)
    _print_common_ownership(doc)
    click.echo("\nvendor overlap (of reach)")
    for pair in doc["overlap"]["vendors"]:
        click.echo(
            f"  {_name(doc, pair['a'])} & {_name(doc, pair['b'])}: {pair['shared']:,} shared, "
            f"Jaccard {pair['jaccard']:.3f}, overlap coefficient "
            f"{pair['overlap_coefficient']:.3f}"
        )
    if "betweenness" in doc:
        click.echo("\nowners by betweenness centrality (top 10)")
        for owner, score in list(doc["betweenness"].items())[:10]:
            click.echo(f"  {names.get(owner, owner):<40} {score:.4f}")
    _print_owner_pairs(doc, names)


def _print_owner_pairs(doc: dict[str, Any], names: Names) -> None:
    ov = doc["overlap"]
    total = ov.get("managers_total", len(ov["managers"]))
    listed = f"the {len(ov['managers']):,} sharing most" if total > len(ov["managers"]) else "all"
    click.echo(
        f"\nowner pairs sharing a company: {total:,} ({listed} in --json; "
        "every one with --all-pairs FILE)"
    )
    for p in best_owner_pairs(doc):
        click.echo(
            f"  {names.get(p['a'], p['a'])} & {names.get(p['b'], p['b'])}: "
            f"{p['shared']:,} shared, Jaccard {p['jaccard']:.3f}"
        )


def best_owner_pairs(doc: dict[str, Any], n: int = 5) -> list[dict[str, Any]]:
    """The ``n`` owner pairs sharing most companies (the capped list is in that order)."""
    from jvgraph.metrics.overlap import PairRecords

    pairs = doc["overlap"]["managers"]
    return pairs.top(n) if isinstance(pairs, PairRecords) else list(pairs[:n])


def metrics_ids(doc: dict[str, Any]) -> list[str]:
    """The ids the metrics text names: vendors and the owners it lists."""
    owners = [i for p in best_owner_pairs(doc) for i in (p["a"], p["b"])]
    return [*doc["reach"], *list(doc.get("betweenness", {}))[:10], *owners]


def whatif_ids(doc: dict[str, Any]) -> list[str]:
    """The ids the what-if text names: the scenario's arguments and the vendors."""
    _, _, args = doc["scenario"].partition(":")
    return [*args.split(","), *doc["reach"]]


def _width(markets: Any) -> int:
    """The width of the market column: the longest market name, never cut."""
    return max([len("market"), *(len(str(m)) for m in markets)])


def _print_common_ownership(doc: dict[str, Any]) -> None:
    click.echo(f"\ncommon ownership per {doc['market']} (MHHI = company HHI + ΔMHHI)")
    rows = doc["common_ownership"]
    if all(c["company_hhi"] is None for c in rows.values()):
        click.echo("  not computed: no company in the data states its revenue")
        return
    if all(c["denominator"] == "companies_in_data" for c in rows.values()):
        click.echo("  shares of the companies in the data, not of the whole market")
    width = _width(rows)
    click.echo(f"  {'market':<{width}} {M['company_hhi'].name:>11} {'ΔMHHI':>7} {'MHHI':>7}")
    for market, c in sorted(rows.items()):
        bound = "  (lower bounds)" if c.get("lower_bounds") else ""
        click.echo(
            f"  {market:<{width}} {_num(c['company_hhi']):>11} {_num(c['delta_mhhi']):>7} "
            f"{_num(c['mhhi']):>7}{bound}"
        )
    _print_stake_bands(doc)


_POINT = {"low": "low end", "mid": "midpoint", "high": "high end"}


def _print_stake_bands(doc: dict[str, Any]) -> None:
    """Which point of their bands banded stakes were taken at, and ΔMHHI at both ends."""
    if "stakes" not in doc:
        return
    n = doc["stakes"]["banded_holdings"]
    holdings = "1 holding states" if n == 1 else f"{n:,} holdings state"
    click.echo(
        f"  {holdings} only a stake band: taken at the band's "
        f"{_POINT[doc['stakes']['point']]} (--stake low|mid|high)"
    )
    for market, c in sorted(doc["common_ownership"].items()):
        if c.get("delta_mhhi_range"):
            low, high = c["delta_mhhi_range"]
            click.echo(
                f"  {market}: ΔMHHI {_num(low)}–{_num(high)} as banded stakes range over their "
                "bands (the index at the bands' low and high ends)"
            )


def _print_access(doc: dict[str, Any]) -> None:
    click.echo(
        f"\ncustomer access per {doc['market']}: {M['any_vendor_share'].name}, and each "
        f"vendor's {M['foreclosure_share'].name} ({M['exclusive_share'].name} in brackets)"
    )
    click.echo(f"  {POTENTIAL}")
    bases = {denominator_text(a) for a in doc["access"].values()}
    if len(bases) == 1:
        click.echo(f"  every share is {next(iter(bases))}")
    if any(a["any_vendor_share"] is None for a in doc["access"].values()):
        click.echo(
            "  where no company of a market states its revenue, the shares are by number of "
            "companies (marked 'of companies')"
        )
    if doc["access"] and all(
        a["companies_reached"] == a["companies"] for a in doc["access"].values()
    ):
        click.echo(
            "  every company of these markets in the data is held by a partner: the data holds "
            "the partners' portfolios, not the markets, so a share of 100% says nothing about "
            "the whole market (markets.csv gives a market's size)"
        )
    width = _width(doc["access"])
    rows = sorted(doc["access"].items(), key=lambda kv: (-(kv[1]["any_vendor_share"] or -1), kv[0]))
    for market, a in rows:
        count = a["any_vendor_share"] is None  # no revenue known: shares by count
        key = "_by_count" if count else ""
        unit = " of companies" if count else ""
        vendors = "; ".join(
            f"{_name(doc, v)} {_pct(x['foreclosure_share' + key])}{unit} "
            f"({_pct(x['exclusive_share' + key])})"
            for v, x in a["vendors"].items()
        )
        unknown = a["companies_without_revenue"]
        lacking = f", {unknown:,} without revenue" if unknown else ""
        click.echo(
            f"  {market:<{width}} any vendor {_pct(a['any_vendor_share' + key]):>6}{unit} "
            f"({a['companies_reached']:,} of {a['companies']:,} companies{lacking})"
            f"{'  ' + vendors if vendors else ''}"
        )
        if len(bases) > 1:
            click.echo(f"  {'':<{width}} shares {denominator_text(a)}")


def _print_company_concentration(doc: dict[str, Any]) -> None:
    name = M["company_hhi"].name
    click.echo(
        f"\ncompany-level concentration per {doc['market']} ({name}, {M['company_cr4'].name}: "
        "the portfolio companies as the competing firms)"
    )
    in_data = all(c["denominator"] == "companies_in_data" for c in doc["concentration"].values())
    if in_data:
        click.echo(
            "  no 2023 Guidelines label: every market's shares are of the companies in the data, "
            "not of the whole market (markets.csv gives a market's total revenue)"
        )
    if all(c["company_hhi"] is None for c in doc["concentration"].values()):
        click.echo("  not computed: no company in the data states its revenue")
        return
    width = _width(doc["concentration"])
    click.echo(f"  {'market':<{width}} {name:>11} {'CR4':>7}  2023 label of the {name}")
    for market, c in sorted(doc["concentration"].items()):
        label = c["guidelines_2023"]
        text = "—" if in_data else (label["label"] or f"no label: {label['reason']}")
        high = c.get("company_hhi_max")
        bound = f" (at most {_num(high)})" if high is not None and label["label"] else ""
        click.echo(
            f"  {market:<{width}} {_num(c['company_hhi']):>11} {_pct(c['company_cr4']):>7}  "
            f"{text}{bound}"
        )


def _print_vendor_market(doc: dict[str, Any]) -> None:
    if not doc.get("vendor_market"):
        click.echo(
            "\nvendor market: no vendor_shares.csv, so no vendor-market HHI: the graph shows "
            "which customers a vendor can reach, not the AI vendors' shares of any market"
        )
        return
    click.echo(f"\nvendor market per {doc['market']} (from vendor_shares.csv)")
    for market, v in doc["vendor_market"].items():
        label = v["guidelines_2023"]
        bound = (
            f" (at most {_num(v['hhi_max'])}; {_pct(v['unlisted_share'])} unlisted)"
            if v["hhi_is_lower_bound"]
            else ""
        )
        click.echo(
            f"  {market}: {M['hhi'].name} {_num(v['hhi'])}{bound}, CR4 {_pct(v['cr4'])}: "
            f"{label['label'] or 'no label: ' + label['reason']}"
        )


def _change_pct(c: dict[str, Any]) -> str:
    delta = c["change"]
    step = "—" if delta is None else f"{100 * delta:+.1f} pt"
    return f"{_pct(c['before'])} → {_pct(c['after'])} ({step})"


def print_whatif(doc: dict[str, Any], names: Names | None = None) -> None:
    names = names or {}
    kind, _, args = doc["scenario"].partition(":")
    shown = ", ".join(names.get(a, a) for a in args.split(","))
    click.echo(f"scenario {kind}: {shown} (as of {doc['as_of'] or 'all dates'})")
    click.echo("\nreach")
    for vendor, r in doc["reach"].items():
        c = r["companies"]
        click.echo(
            f"  {_name(doc, vendor):<20} {c['before']:>8,} → {c['after']:>8,} ({c['change']:+,})"
        )
    click.echo(f"\ncustomer access per {doc['market']}: before → after (change)")
    bases = {denominator_text(m["access"]) for m in doc["markets"].values()}
    if len(bases) == 1:
        click.echo(f"  every share is {next(iter(bases))}")
    width = _width(doc["markets"])
    for market, m in doc["markets"].items():
        a = m["access"]
        count = a["any_vendor_share"]["before"] is None and a["any_vendor_share"]["after"] is None
        key, unit = ("_by_count", " of companies") if count else ("", "")
        basis = f", shares {denominator_text(a)}" if len(bases) > 1 else ""
        click.echo(
            f"  {market:<{width}} any vendor{unit} "
            f"{_change_pct(a['any_vendor_share' + key])}{basis}"
        )
        for vendor, x in a["vendors"].items():
            click.echo(
                f"  {'':<{width}} {_name(doc, vendor)}: {M['foreclosure_share'].name}{unit} "
                f"{_change_pct(x['foreclosure_share' + key])}, {M['exclusive_share'].name} "
                f"{_change_pct(x['exclusive_share' + key])}"
            )
    _print_whatif_vendor_market(doc)
    for manager, known in doc.get("portfolio_known", {}).items():
        if not known:
            click.echo(
                f"\n{names.get(manager, manager)}'s portfolio is not in the data: what the change "
                "does to reach and access is unknown, not 0"
            )


def _print_whatif_vendor_market(doc: dict[str, Any]) -> None:
    merging = doc["scenario"].startswith("merge:")
    click.echo("\nvendor market (from vendor_shares.csv)")
    shown = False
    for market, m in doc["markets"].items():
        deal, hhi = m.get("merger"), m.get("vendor_market", {}).get("hhi")
        if hhi is None:
            continue
        shown = True
        line = f"  {market}: {M['hhi'].name} {_num(hhi['before'])} → {_num(hhi['after'])}"
        if deal and deal.get("presumption_2023"):
            p = deal["presumption_2023"]
            verdict = {True: "yes", False: "no", None: "undetermined"}[p["presumed"]]
            line += (
                f", ΔHHI {_num(deal['delta_hhi'], '+,.0f')} = 2·s_A·s_B·10,000, merged share "
                f"{_pct(deal['merged_share'])}; 2023 presumption: {verdict} ({'; '.join(p['reasons'])})"
            )
        elif deal:
            line += f"; no presumption: needs {deal['needs']}"
        click.echo(line)
    if not shown:
        needs = " for a merger's 2023 presumption" if merging else ""
        click.echo(
            f"  none given: vendor_shares.csv would be needed{needs} (the AI vendors' "
            "shares of each market; the graph does not describe them)"
        )


def _value(key: str, value: Any) -> str | None:
    """One named value of an explanation, in words (``None``: nothing worth printing)."""
    if key == "denominator":
        return f"shares {DENOMINATORS[value]}"
    if key == "lower_bounds":
        return "all three are lower bounds (part of the market is not listed)" if value else None
    if key == "market_revenue_source":
        return None
    if key == "companies":
        return f"{value:,} companies"
    if key.endswith("_usd"):
        return f"{_label(key[: -len('_usd')])} ${value:,.0f}"
    shown = _pct(value) if key.endswith("_share") else _short(value)
    return f"{_label(key)} {shown}"


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
    parts = [_value(k, v) for k, v in doc.get("values", {}).items() if v is not None]
    values = ", ".join(p for p in parts if p)
    args = ", ".join(names.get(a, a) for a in doc["args"])
    click.echo(f"{doc['topic']} {args}: {values}")
    if "guidelines_2023" in doc:
        label = doc["guidelines_2023"]
        click.echo(f"  2023 label: {label['label'] or 'none'} ({label['reason']})")
    if "contributions_sum_to" in doc:
        click.echo(f"  the contributions below sum to the {_label(doc['contributions_sum_to'])}")
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


def _label(key: str) -> str:
    """A measure's printed name (a key that names no measure as it is)."""
    if key == "hhi":
        return M["hhi"].name
    return M[key].name if key in M else key.replace("_", " ")


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
            f"  company HHI {doc['company_hhi']:,.0f}  ΔMHHI {doc['delta_mhhi']:,.0f}  "
            f"MHHI {doc['mhhi']:,.0f}"
        )
    else:
        click.echo("  MHHI: not computed (the firms' revenue is not in the data)")
    _print_kappa_bands(doc)
    click.echo(f"\n  {'κ(f → g)':>9}  f → g")
    for p in doc["pairs"][:limit]:
        click.echo(f"  {p['kappa']:>9.4f}  {names[p['f']]} → {names[p['g']]}")
    if len(doc["pairs"]) > limit:
        click.echo(f"  ... {len(doc['pairs']) - limit} more (--limit, --json)")
    click.echo("\n  owners adding most to the mean κ")
    for o in doc["owners"][:limit]:
        click.echo(f"  {o['mean_kappa_part']:>9.4f}  {o['name']} ({o['id']})")


def _print_kappa_bands(doc: dict[str, Any]) -> None:
    """The point banded stakes were taken at, and κ and ΔMHHI at the bands' two ends."""
    if "stakes" not in doc:
        return
    n = doc["stakes"]["banded_holdings"]
    holdings = "1 holding states" if n == 1 else f"{n:,} holdings state"
    click.echo(
        f"  {holdings} only a stake band: taken at the band's "
        f"{_POINT[doc['stakes']['point']]} (--stake low|mid|high)"
    )
    low, high = doc["at_band_ends"]["low"], doc["at_band_ends"]["high"]
    click.echo(
        f"  at the bands' low and high ends: median κ {_k(low['summary']['median'])}–"
        f"{_k(high['summary']['median'])}, mean κ {_k(low['summary']['mean'])}–"
        f"{_k(high['summary']['mean'])}, ΔMHHI {_num(low['delta_mhhi'])}–{_num(high['delta_mhhi'])}"
    )


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
