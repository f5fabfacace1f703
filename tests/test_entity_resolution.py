"""Entity resolution: each pair of names that must be one firm is, each that must not is not."""

from __future__ import annotations

import pandas as pd
import pytest

from jvgraph.errors import UsageError
from jvgraph.importers.entity_resolution import (
    DISTINCT,
    FIRMS,
    JOINT_VENTURES,
    find_firm,
    firm,
    match_companies,
    name_key,
    near_misses,
    website_host,
)

SAME_FIRM = [
    ("Bain Capital", "Bain Capital Private Equity"),  # the JV reports vs the portfolio page
    ("Goldman Sachs", "Goldman"),  # a partner of both JVs, and the seed article's short name
    ("Brookfield Asset Management", "Brookfield"),
    ("Welsh Carson Anderson & Stowe (WCAS)", "WCAS"),
    ("Welsh Carson Anderson & Stowe (WCAS)", "Welsh Carson Anderson & Stowe"),
    ("Apollo Global Management", "Apollo"),
    ("Leonard Green & Partners", "Leonard Green"),
    ("Blackstone", "blackstone"),  # the partner and the firm of the credit vehicle's file
    ("SoftBank Corp.", "Softbank Corp"),
]


@pytest.mark.parametrize(("a", "b"), SAME_FIRM)
def test_names_of_one_firm_resolve_to_one_id(a: str, b: str) -> None:
    assert firm(a).id == firm(b).id


@pytest.mark.parametrize(("a", "b", "why"), DISTINCT)
def test_names_of_different_firms_stay_apart(a: str, b: str, why: str) -> None:
    assert name_key(a) != name_key(b), why
    found = find_firm(a), find_firm(b)
    assert found[0] is None or found[1] is None or found[0].id != found[1].id


def test_bain_capital_and_bain_and_company_are_different_nodes() -> None:
    assert firm("Bain Capital").id == "am-bain-capital"
    assert firm("Bain & Company").id == "am-bain-company"
    assert firm("B Capital").id == "am-b-capital"
    assert find_firm("SoftBank Group Corp.") is None  # the parent is not a partner


def test_an_unknown_firm_is_refused_not_guessed() -> None:
    with pytest.raises(UsageError, match="no firm named 'Bain Capitol'"):
        firm("Bain Capitol")


def test_no_two_firms_share_a_key_and_ids_are_unique() -> None:
    entries = [*FIRMS, *JOINT_VENTURES.values()]
    assert len({f.id for f in entries}) == len(entries)
    owners: dict[str, set[str]] = {}
    for f in FIRMS:
        for n in (f.name, *f.alias_names):
            owners.setdefault(name_key(n), set()).add(f.id)
    assert all(len(ids) == 1 for ids in owners.values()), owners
    for f in FIRMS:  # every alias says where it appears
        assert all(where for _, where in f.aliases), f.id


def test_the_deployment_company_goes_by_its_reported_names() -> None:
    deployco = JOINT_VENTURES["openai-deployco"]
    assert deployco.name == "The OpenAI Deployment Company"
    assert set(deployco.alias_names) == {
        "The Deployment Company",
        "DeployCo",
        "The Development Company",
    }


def test_name_keys_drop_legal_forms_notes_and_case() -> None:
    assert name_key("ATI Physical Therapy Holdings, LLC") == "ati physical therapy holdings"
    assert name_key("SkillSoft") == name_key("Skillsoft")
    assert name_key("Certinia (formerly FinancialForce)") == "certinia"
    assert name_key("Bain & Company") != name_key("Bain Capital")
    assert website_host("http://www.skillsoft.com/") == "skillsoft.com"
    assert website_host("") is None and website_host(None) is None


def _listings(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["list", "name", "website"])


def test_companies_merge_across_lists_by_name_or_website() -> None:
    rows = _listings(
        [
            ("advent", "Skillsoft", "http://www.skillsoft.com/"),
            ("bain", "SkillSoft", ""),
            ("advent", "Aimbridge Hospitality", "http://www.aimbridgehospitality.com/"),
            ("ga", "Aimbridgehospitality", "http://www.aimbridgehospitality.com/"),
            ("bain", "Genpact", ""),
            ("ga", "Genpact", "http://www.genpact.com/"),
            ("advent", "Unit4", ""),
        ]
    )
    entity = match_companies(rows).tolist()
    assert entity[0] == entity[1] and entity[2] == entity[3] and entity[4] == entity[5]
    assert len(set(entity)) == 4


def test_companies_one_firm_lists_separately_stay_apart() -> None:
    """Advent lists ABC Supply and Bradco Supply with one website: two companies."""
    rows = _listings(
        [
            ("advent", "ABC Supply", "http://www.abcsupply.com/"),
            ("advent", "Bradco Supply", "http://www.abcsupply.com/"),
            ("ga", "Abcsupply", "http://www.abcsupply.com/"),
        ]
    )
    entity = match_companies(rows).tolist()
    assert entity[0] != entity[1]
    assert entity[2] == entity[0]  # the first listing of another list joins the first


def test_empty_and_investor_websites_never_join_companies() -> None:
    rows = _listings(
        [
            ("advent", "Shift Technology", "https://www.accel.com/relationships/shift-technology"),
            ("bain", "Zenoti", "https://www.accel.com/relationships/zenoti"),
            ("advent", "3i – Implant Innovations Inc.", ""),
            ("bain", "111 Capital", ""),
        ]
    )
    assert len(set(match_companies(rows))) == 4


def test_a_portfolio_company_named_like_a_vendor_or_partner_is_that_firm() -> None:
    assert find_firm("Anthropic").id == "v-anthropic"  # type: ignore[union-attr]
    assert find_firm("Capgemini").id == "am-capgemini"  # type: ignore[union-attr]
    assert find_firm("Apollo 24/7") is None  # an Advent company, not Apollo


def test_near_misses_are_listed_not_merged() -> None:
    names = [("advent", "Definitive Healthcare"), ("bain", "Definity Healthcare"), ("bain", "X")]
    found = near_misses(names, [0, 1, 2])
    assert found[["name_a", "name_b"]].values.tolist() == [
        ["Definitive Healthcare", "Definity Healthcare"]
    ]
    assert near_misses(names, [0, 0, 2]).empty  # one entity already: nothing to review
