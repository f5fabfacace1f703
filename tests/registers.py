"""Small files in the registers' exact published formats, for the importer tests.

Every filer, company and person here is made up (the CUSIPs and LEIs are
built with valid check digits so the identifier checks pass); only the
layouts are the registers' own: the SEC's Form 13F data set tables with
every column of its readme, Companies House's PSC snapshot lines, and GLEIF's
golden-copy relationship and LEI records.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

# -- SEC Form 13F data sets ----------------------------------------------------------------

COLUMNS_13F: dict[str, tuple[str, ...]] = {
    "SUBMISSION": ("ACCESSION_NUMBER", "FILING_DATE", "SUBMISSIONTYPE", "CIK", "PERIODOFREPORT"),
    "COVERPAGE": (
        "ACCESSION_NUMBER",
        "REPORTCALENDARORQUARTER",
        "ISAMENDMENT",
        "AMENDMENTNO",
        "AMENDMENTTYPE",
        "CONFDENIEDEXPIRED",
        "DATEDENIEDEXPIRED",
        "DATEREPORTED",
        "REASONFORNONCONFIDENTIALITY",
        "FILINGMANAGER_NAME",
        "FILINGMANAGER_STREET1",
        "FILINGMANAGER_STREET2",
        "FILINGMANAGER_CITY",
        "FILINGMANAGER_STATEORCOUNTRY",
        "FILINGMANAGER_ZIPCODE",
        "REPORTTYPE",
        "FORM13FFILENUMBER",
        "CRDNUMBER",
        "SECFILENUMBER",
        "PROVIDEINFOFORINSTRUCTION5",
        "ADDITIONALINFORMATION",
    ),
    "OTHERMANAGER": (
        "ACCESSION_NUMBER",
        "OTHERMANAGER_SK",
        "CIK",
        "FORM13FFILENUMBER",
        "CRDNUMBER",
        "SECFILENUMBER",
        "NAME",
    ),
    "SIGNATURE": (
        "ACCESSION_NUMBER",
        "NAME",
        "TITLE",
        "PHONE",
        "SIGNATURE",
        "CITY",
        "STATEORCOUNTRY",
        "SIGNATUREDATE",
    ),
    "SUMMARYPAGE": (
        "ACCESSION_NUMBER",
        "OTHERINCLUDEDMANAGERSCOUNT",
        "TABLEENTRYTOTAL",
        "TABLEVALUETOTAL",
        "ISCONFIDENTIALOMITTED",
    ),
    "OTHERMANAGER2": (
        "ACCESSION_NUMBER",
        "SEQUENCENUMBER",
        "CIK",
        "FORM13FFILENUMBER",
        "CRDNUMBER",
        "SECFILENUMBER",
        "NAME",
    ),
    "INFOTABLE": (
        "ACCESSION_NUMBER",
        "INFOTABLE_SK",
        "NAMEOFISSUER",
        "TITLEOFCLASS",
        "CUSIP",
        "FIGI",
        "VALUE",
        "SSHPRNAMT",
        "SSHPRNAMTTYPE",
        "PUTCALL",
        "INVESTMENTDISCRETION",
        "OTHERMANAGER",
        "VOTING_AUTH_SOLE",
        "VOTING_AUTH_SHARED",
        "VOTING_AUTH_NONE",
    ),
}


def cusip(base: str) -> str:
    """``base`` (8 characters) with its CUSIP check digit."""
    total = 0
    for i, char in enumerate(base):
        value = int(char) if char.isdigit() else ord(char) - 55
        value *= 2 if i % 2 else 1
        total += value // 10 + value % 10
    return base + str((10 - total % 10) % 10)


X, Y, Z, W = cusip("99999X10"), cusip("99999Y10"), cusip("99999Z20"), cusip("99998W10")


def _tsv(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    lines = ["\t".join(columns)]
    lines += ["\t".join(str(row.get(c, "")) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def filing(
    acc: str,
    cik: str,
    filed: str,
    period: str,
    name: str,
    *,
    kind: str = "13F-HR",
    amendment: tuple[int, str] | None = None,
    report: str = "13F HOLDINGS REPORT",
) -> dict[str, dict[str, object]]:
    """One filing's SUBMISSION, COVERPAGE, SUMMARYPAGE and SIGNATURE rows."""
    cover: dict[str, object] = {
        "ACCESSION_NUMBER": acc,
        "REPORTCALENDARORQUARTER": period,
        "FILINGMANAGER_NAME": name,
        "FILINGMANAGER_STREET1": "1 Example Street",
        "FILINGMANAGER_CITY": "NEW YORK",
        "FILINGMANAGER_STATEORCOUNTRY": "NY",
        "FILINGMANAGER_ZIPCODE": "10001",
        "REPORTTYPE": report,
        "FORM13FFILENUMBER": f"028-{cik[-5:]}",
        "PROVIDEINFOFORINSTRUCTION5": "N",
    }
    if amendment:
        cover |= {"ISAMENDMENT": "Y", "AMENDMENTNO": amendment[0], "AMENDMENTTYPE": amendment[1]}
    return {
        "SUBMISSION": {
            "ACCESSION_NUMBER": acc,
            "FILING_DATE": filed,
            "SUBMISSIONTYPE": kind,
            "CIK": cik,
            "PERIODOFREPORT": period,
        },
        "COVERPAGE": cover,
        "SUMMARYPAGE": {
            "ACCESSION_NUMBER": acc,
            "OTHERINCLUDEDMANAGERSCOUNT": 0,
            "ISCONFIDENTIALOMITTED": "N",
        },
        "SIGNATURE": {
            "ACCESSION_NUMBER": acc,
            "NAME": "Made Up Signer",
            "TITLE": "CCO",
            "PHONE": "212-555-0100",
            "SIGNATURE": "/s/ Made Up Signer",
            "CITY": "New York",
            "STATEORCOUNTRY": "NY",
            "SIGNATUREDATE": filed,
        },
    }


def holding(
    acc: str, sk: int, cusip_: str, shares: int, value: int, **more: object
) -> dict[str, object]:
    """An INFOTABLE row; ``more`` overrides any column (lower case names)."""
    row: dict[str, object] = {
        "ACCESSION_NUMBER": acc,
        "INFOTABLE_SK": sk,
        "NAMEOFISSUER": f"ISSUER {cusip_[:6]}",
        "TITLEOFCLASS": "COM",
        "CUSIP": cusip_,
        "VALUE": value,
        "SSHPRNAMT": shares,
        "SSHPRNAMTTYPE": "SH",
        "INVESTMENTDISCRETION": "SOLE",
        "VOTING_AUTH_SOLE": shares,
        "VOTING_AUTH_SHARED": 0,
        "VOTING_AUTH_NONE": 0,
    }
    row |= {k.upper(): v for k, v in more.items()}
    return row


def write_13f_zip(
    path: Path,
    filings: Sequence[dict[str, dict[str, object]]],
    infotable: Sequence[Mapping[str, object]],
    *,
    drop: Sequence[str] = (),
    columns: Mapping[str, Sequence[str]] | None = None,
) -> Path:
    """A data set ZIP with every table of the readme (``drop`` leaves tables out)."""
    rows: dict[str, list[Mapping[str, object]]] = {t: [] for t in COLUMNS_13F}
    for f in filings:
        for table, row in f.items():
            rows[table].append(row)
    rows["INFOTABLE"] = list(infotable)
    layout = {**COLUMNS_13F, **(columns or {})}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, cols in layout.items():
            if table not in drop:
                archive.writestr(f"{table}.tsv", _tsv(cols, rows[table]))
        archive.writestr("FORM13F_metadata.json", json.dumps({"tables": list(layout)}))
        archive.writestr("FORM13F_readme.htm", "<html><body>Form 13F Data Sets</body></html>")
    return path


def scenario_13f(folder: Path) -> tuple[list[Path], Path]:
    """Two data sets (two periods, a value in thousands and one in dollars), every amendment
    type, an option row, a bond row, a notice filing and split rows; and a shares file."""
    a, b, d = "0000100001", "0000200002", "0000400004"
    old = [
        filing(
            "0000100001-22-000007", a, "14-NOV-2022", "30-SEP-2022", "ALPHA CAPITAL MANAGEMENT LLC"
        ),
    ]
    old_rows = [
        holding(
            "0000100001-22-000007", 1, X, 1000, 50, voting_auth_sole=800, voting_auth_shared=200
        ),
        holding(
            "0000100001-22-000007",
            2,
            X,
            500,
            25,
            investmentdiscretion="DFND",
            othermanager="1",
            voting_auth_sole=0,
            voting_auth_none=500,
        ),
        holding("0000100001-22-000007", 3, Y, 100, 9, putcall="Call"),
        holding(
            "0000100001-22-000007",
            4,
            Z,
            100000,
            98,
            sshprnamttype="PRN",
            titleofclass="NOTE 2.5% 2030",
        ),
    ]
    new = [
        filing(
            "0000100001-24-000002", a, "14-FEB-2024", "31-DEC-2023", "ALPHA CAPITAL MANAGEMENT LLC"
        ),
        filing(
            "0000100001-24-000005",
            a,
            "21-FEB-2024",
            "31-DEC-2023",
            "ALPHA CAPITAL MGMT LLC",
            kind="13F-HR/A",
            amendment=(1, "RESTATEMENT"),
        ),
        filing("0000200002-24-000001", b, "12-FEB-2024", "31-DEC-2023", "BETA PARTNERS LP"),
        filing(
            "0000200002-24-000003",
            b,
            "23-FEB-2024",
            "31-DEC-2023",
            "BETA PARTNERS LP",
            kind="13F-HR/A",
            amendment=(1, "NEW HOLDINGS"),
        ),
        filing(
            "0000300003-24-000001",
            "0000300003",
            "09-FEB-2024",
            "31-DEC-2023",
            "GAMMA ADVISORS INC",
            kind="13F-NT",
            report="13F NOTICE",
        ),
        filing("0000400004-24-000001", d, "13-FEB-2024", "31-DEC-2023", "DELTA TRUST CO"),
    ]
    new_rows = [
        holding("0000100001-24-000002", 10, X, 2000, 100000),  # replaced by the restatement
        holding(
            "0000100001-24-000005",
            11,
            X,
            2000,
            104000,
            voting_auth_sole=1500,
            voting_auth_shared=500,
        ),
        holding(
            "0000100001-24-000005",
            12,
            X,
            500,
            26000,
            investmentdiscretion="DFND",
            voting_auth_sole=0,
            voting_auth_shared=0,
            voting_auth_none=500,
        ),
        holding("0000100001-24-000005", 13, Y, 300, 15000),
        holding("0000200002-24-000001", 20, X, 1000, 52000),
        holding("0000200002-24-000003", 21, Y, 700, 35000),
        holding("0000400004-24-000001", 40, W, 100, 900),
    ]
    zips = [
        write_13f_zip(folder / "2022q4_form13f.zip", old, old_rows),
        write_13f_zip(folder / "01dec2023-29feb2024_form13f.zip", new, new_rows),
    ]
    shares = folder / "shares_outstanding.csv"
    shares.write_text(
        "cusip,shares_outstanding,name,sector\n"
        f"{X},10000,Example Air Corp,Airlines\n{Y},5000,Example Rail Inc,Railroads\n"
        f"{Z},1000000,,\n",
        encoding="utf-8",
    )
    return zips, shares


# -- Companies House PSC snapshot ----------------------------------------------------------


def psc_line(company: str, data: Mapping[str, Any]) -> str:
    """One snapshot line: ``{"company_number": ..., "data": {...}}``."""
    return json.dumps({"company_number": company, "data": dict(data)}, separators=(",", ":"))


def corporate(
    name: str, natures: Sequence[str], *, number: str | None = None, **more: Any
) -> dict[str, Any]:
    ident: dict[str, Any] = {
        "country_registered": "England",
        "legal_authority": "Companies Act 2006",
        "legal_form": "Private Limited Company",
        "place_registered": "Companies House",
    }
    if number is not None:
        ident["registration_number"] = number
    data: dict[str, Any] = {
        "address": {
            "address_line_1": "1 Example Road",
            "locality": "London",
            "postal_code": "EC1A 1AA",
        },
        "etag": "0" * 40,
        "identification": ident,
        "kind": "corporate-entity-person-with-significant-control",
        "links": {"self": "/company/00000000/persons-with-significant-control/corporate-entity/x"},
        "name": name,
        "natures_of_control": list(natures),
        "notified_on": "2016-04-06",
    }
    data |= more
    return data


def individual(name: str, natures: Sequence[str], **more: Any) -> dict[str, Any]:
    """An individual's entry, with the personal details the snapshot carries (made up)."""
    data: dict[str, Any] = {
        "address": {
            "address_line_1": "2 Made Up Lane",
            "locality": "Leeds",
            "postal_code": "LS1 1AA",
        },
        "country_of_residence": "England",
        "date_of_birth": {"month": 2, "year": 1970},
        "etag": "1" * 40,
        "kind": "individual-person-with-significant-control",
        "links": {"self": "/company/00000000/persons-with-significant-control/individual/y"},
        "name": name,
        "name_elements": {"forename": "Made", "surname": "Person", "title": "Mr"},
        "nationality": "British",
        "natures_of_control": list(natures),
        "notified_on": "2016-04-06",
    }
    data |= more
    return data


def scenario_psc(path: Path) -> Path:
    """A snapshot with each kind of entry, a ceased one, a statement and the totals line."""
    lines = [
        psc_line(
            "00000001",
            corporate(
                "PARENT HOLDINGS LIMITED",
                [
                    "ownership-of-shares-75-to-100-percent",
                    "voting-rights-75-to-100-percent",
                    "right-to-appoint-and-remove-directors",
                ],
                number="2",
            ),
        ),
        psc_line("00000001", individual("Mr Made Person", ["significant-influence-or-control"])),
        psc_line(
            "00000003",
            corporate(
                "EXAMPLE FOREIGN GMBH",
                ["ownership-of-shares-25-to-50-percent", "voting-rights-25-to-50-percent"],
                number="HRB 12345",
                identification={
                    "country_registered": "Germany",
                    "legal_authority": "German Law",
                    "legal_form": "GmbH",
                    "place_registered": "Amtsgericht Munchen",
                    "registration_number": "HRB 12345",
                },
                notified_on="2017-01-01",
                ceased_on="2020-06-30",
            ),
        ),
        psc_line(
            "00000003",
            corporate(
                "Example Foreign GmbH",
                [
                    "ownership-of-shares-50-to-75-percent-as-firm",
                    "voting-rights-50-to-75-percent-as-firm",
                ],
                identification={
                    "country_registered": "Germany",
                    "legal_authority": "German Law",
                    "legal_form": "GmbH",
                    "place_registered": "Amtsgericht Munchen",
                    "registration_number": "HRB 12345",
                },
                notified_on="2020-07-01",
            ),
        ),
        psc_line(
            "00000003",
            {
                "address": {"address_line_1": "1 Made Up Street", "locality": "London"},
                "etag": "2" * 40,
                "identification": {
                    "legal_authority": "Made Up Act 2000",
                    "legal_form": "Government",
                },
                "kind": "legal-person-person-with-significant-control",
                "links": {
                    "self": "/company/00000003/persons-with-significant-control/legal-person/z"
                },
                "name": "The Secretary of State for Made Up Affairs",
                "natures_of_control": ["significant-influence-or-control"],
                "notified_on": "2018-05-01",
            },
        ),
        psc_line(
            "OE012345",
            corporate(
                "EXAMPLE OWNER S.A.",
                ["ownership-of-shares-more-than-25-percent-registered-overseas-entity"],
                kind="corporate-entity-beneficial-owner",
                identification={
                    "country_registered": "Luxembourg",
                    "legal_authority": "Luxembourg Law",
                    "legal_form": "Societe Anonyme",
                    "place_registered": "RCS Luxembourg",
                    "registration_number": "B123456",
                },
                notified_on="2022-08-01",
            ),
        ),
        psc_line(
            "OC300001",
            corporate(
                "EXAMPLE SCOTTISH PARTNER LIMITED",
                [
                    "right-to-share-surplus-assets-50-to-75-percent-limited-liability-partnership",
                    "right-to-appoint-and-remove-members-limited-liability-partnership",
                ],
                identification={
                    "country_registered": "Scotland",
                    "legal_authority": "Companies Act 2006",
                    "legal_form": "Private Limited Company",
                    "place_registered": "Registrar Of Companies For Scotland",
                    "registration_number": "SC123456",
                },
                notified_on="2019-03-15",
            ),
        ),
        psc_line(
            "00000004",
            {
                "etag": "3" * 40,
                "kind": "persons-with-significant-control-statement",
                "links": {
                    "self": "/company/00000004/persons-with-significant-control-statements/s"
                },
                "notified_on": "2016-04-06",
                "statement": "no-individual-or-entity-with-signficant-control",
            },
        ),
        psc_line(
            "00000001",
            {
                "ceased": False,
                "description": "super-secure-persons-with-significant-control",
                "etag": "4" * 40,
                "kind": "super-secure-person-with-significant-control",
                "links": {
                    "self": "/company/00000001/persons-with-significant-control/super-secure/q"
                },
            },
        ),
        json.dumps(
            {
                "data": {
                    "exemptions_count": 0,
                    "generated_at": "2024-05-01T03:00:00Z",
                    "kind": "totals#persons-of-significant-control-snapshot",
                    "persons_of_significant_control_count": 7,
                    "statements_count": 1,
                }
            }
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- GLEIF golden copy ---------------------------------------------------------------------


def lei(base: str) -> str:
    """``base`` (18 characters) with its ISO 7064 MOD 97-10 check digits."""
    number = int("".join(str(int(c, 36)) for c in base + "00"))
    return f"{base}{98 - number % 97:02d}"


_R = "Relationship."
RR_HEADER = (
    f"{_R}StartNode.NodeID",
    f"{_R}StartNode.NodeIDType",
    f"{_R}EndNode.NodeID",
    f"{_R}EndNode.NodeIDType",
    f"{_R}RelationshipType",
    f"{_R}RelationshipStatus",
    *(f"{_R}Period.{n}.{p}" for n in range(1, 6) for p in ("startDate", "endDate", "periodType")),
    *(
        f"{_R}Qualifiers.{n}.{p}"
        for n in range(1, 6)
        for p in ("QualifierDimension", "QualifierCategory")
    ),
    *(
        f"{_R}Quantifiers.{n}.{p}"
        for n in range(1, 6)
        for p in ("MeasurementMethod", "QuantifierAmount", "QuantifierUnits")
    ),
    "Registration.InitialRegistrationDate",
    "Registration.LastUpdateDate",
    "Registration.RegistrationStatus",
    "Registration.NextRenewalDate",
    "Registration.ManagingLOU",
    "Registration.ValidationSources",
    "Registration.ValidationDocuments",
    "Registration.ValidationReference",
)
#: the level-1 columns the importer reads, among others of the published file
LEVEL1_HEADER = (
    "LEI",
    "Entity.LegalName",
    "Entity.LegalName.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1",
    "Entity.OtherEntityNames.OtherEntityName.1.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1.type",
    "Entity.LegalAddress.xmllang",
    "Entity.LegalAddress.FirstAddressLine",
    "Entity.LegalAddress.City",
    "Entity.LegalAddress.Region",
    "Entity.LegalAddress.Country",
    "Entity.LegalAddress.PostalCode",
    "Entity.RegistrationAuthority.RegistrationAuthorityID",
    "Entity.RegistrationAuthority.OtherRegistrationAuthorityID",
    "Entity.RegistrationAuthority.RegistrationAuthorityEntityID",
    "Entity.LegalJurisdiction",
    "Entity.EntityCategory",
    "Entity.EntitySubCategory",
    "Entity.LegalForm.EntityLegalFormCode",
    "Entity.LegalForm.OtherLegalForm",
    "Entity.EntityStatus",
    "Entity.EntityCreationDate",
    "Registration.InitialRegistrationDate",
    "Registration.LastUpdateDate",
    "Registration.RegistrationStatus",
    "Registration.NextRenewalDate",
    "Registration.ManagingLOU",
    "Registration.ValidationSources",
)


def _quoted(columns: Sequence[str], rows: Sequence[Mapping[str, object]]) -> str:
    def cell(value: object) -> str:
        return '"' + str(value).replace('"', '""') + '"'

    lines = [",".join(cell(c) for c in columns)]
    lines += [",".join(cell(r.get(c, "")) for c in columns) for r in rows]
    return "\n".join(lines) + "\n"


def relation(
    start: str,
    end: str,
    kind: str,
    *,
    status: str = "ACTIVE",
    period: tuple[str, str] | None = ("2018-01-01T00:00:00Z", ""),
    percent: str = "",
    registration: str = "PUBLISHED",
    updated: str = "2024-03-01T08:00:00.000Z",
) -> dict[str, object]:
    row: dict[str, object] = {
        f"{_R}StartNode.NodeID": start,
        f"{_R}StartNode.NodeIDType": "LEI",
        f"{_R}EndNode.NodeID": end,
        f"{_R}EndNode.NodeIDType": "LEI",
        f"{_R}RelationshipType": kind,
        f"{_R}RelationshipStatus": status,
        f"{_R}Period.1.startDate": "2023-01-01T00:00:00Z",
        f"{_R}Period.1.endDate": "2023-12-31T00:00:00Z",
        f"{_R}Period.1.periodType": "ACCOUNTING_PERIOD",
        "Registration.InitialRegistrationDate": "2018-02-01T10:00:00.000Z",
        "Registration.LastUpdateDate": updated,
        "Registration.RegistrationStatus": registration,
        "Registration.NextRenewalDate": "2025-02-01T10:00:00.000Z",
        "Registration.ManagingLOU": lei("EXAMPLELOU00000000"),
        "Registration.ValidationSources": "FULLY_CORROBORATED",
        "Registration.ValidationDocuments": "ACCOUNTS_FILING",
    }
    if period is not None:
        row |= {
            f"{_R}Period.2.startDate": period[0],
            f"{_R}Period.2.endDate": period[1],
            f"{_R}Period.2.periodType": "RELATIONSHIP_PERIOD",
        }
    if kind.endswith("CONSOLIDATED_BY"):
        row |= {
            f"{_R}Qualifiers.1.QualifierDimension": "ACCOUNTING_STANDARD",
            f"{_R}Qualifiers.1.QualifierCategory": "IFRS",
        }
    if percent:
        row |= {
            f"{_R}Quantifiers.1.MeasurementMethod": "ACCOUNTING_CONSOLIDATION",
            f"{_R}Quantifiers.1.QuantifierAmount": percent,
            f"{_R}Quantifiers.1.QuantifierUnits": "PERCENTAGE",
        }
    return row


def entity(
    code: str, name: str, country: str, *, ra: tuple[str, str] = ("RA888888", "")
) -> dict[str, object]:
    return {
        "LEI": code,
        "Entity.LegalName": name,
        "Entity.LegalName.xmllang": "en",
        "Entity.LegalAddress.xmllang": "en",
        "Entity.LegalAddress.FirstAddressLine": "1 Example Street",
        "Entity.LegalAddress.City": "Example City",
        "Entity.LegalAddress.Country": country,
        "Entity.RegistrationAuthority.RegistrationAuthorityID": ra[0],
        "Entity.RegistrationAuthority.RegistrationAuthorityEntityID": ra[1],
        "Entity.LegalJurisdiction": country,
        "Entity.EntityCategory": "FUND" if "FUND" in name else "GENERAL",
        "Entity.EntityStatus": "ACTIVE",
        "Registration.RegistrationStatus": "ISSUED",
    }


GLEIF = {
    k: lei(f"EXAMPLE{k:<9}00".replace(" ", "0")[:18])
    for k in (
        "PARENT",
        "CHILD1",
        "ULTIMATE",
        "CHILD2",
        "CEASED",
        "LAPSED",
        "FUND",
        "MANAGER",
        "SUBFUND",
        "FEEDER",
        "MASTER",
        "BRANCH",
        "WRONG",
    )
}


def scenario_gleif(folder: Path) -> tuple[Path, Path]:
    """A relationship file with each kind of record and a ceased one; a level-1 file."""
    g = GLEIF
    records = [
        relation(g["CHILD1"], g["PARENT"], "IS_DIRECTLY_CONSOLIDATED_BY", percent="100"),
        relation(g["CHILD1"], g["ULTIMATE"], "IS_ULTIMATELY_CONSOLIDATED_BY"),
        relation(g["PARENT"], g["ULTIMATE"], "IS_DIRECTLY_CONSOLIDATED_BY", percent="60.5"),
        relation(g["PARENT"], g["ULTIMATE"], "IS_ULTIMATELY_CONSOLIDATED_BY"),
        relation(g["CHILD2"], g["ULTIMATE"], "IS_ULTIMATELY_CONSOLIDATED_BY", period=None),
        relation(
            g["CEASED"],
            g["PARENT"],
            "IS_DIRECTLY_CONSOLIDATED_BY",
            status="INACTIVE",
            period=("2015-03-01T00:00:00+01:00", "2019-12-31T00:00:00Z"),
        ),
        relation(
            g["LAPSED"],
            g["PARENT"],
            "IS_DIRECTLY_CONSOLIDATED_BY",
            status="INACTIVE",
            registration="LAPSED",
            updated="2021-05-04T10:00:00Z",
        ),
        relation(g["FUND"], g["MANAGER"], "IS_FUND-MANAGED_BY"),
        relation(g["SUBFUND"], g["FUND"], "IS_SUBFUND_OF"),
        relation(g["FEEDER"], g["MASTER"], "IS_FEEDER_TO"),
        relation(g["BRANCH"], g["PARENT"], "IS_INTERNATIONAL_BRANCH_OF"),
        relation(g["WRONG"], g["PARENT"], "IS_DIRECTLY_CONSOLIDATED_BY", registration="ANNULLED"),
    ]
    rr = folder / "20240301-0800-gleif-goldencopy-rr-golden-copy.csv"
    rr.write_text(_quoted(RR_HEADER, records), encoding="utf-8")
    entities = [
        entity(g["PARENT"], "EXAMPLE PARENT PLC", "GB", ra=("RA000585", "1234567")),
        entity(g["CHILD1"], "EXAMPLE CHILD ONE LIMITED", "GB", ra=("RA000585", "SC000111")),
        entity(g["ULTIMATE"], "EXAMPLE ULTIMATE AG", "DE"),
        entity(g["CEASED"], "EXAMPLE FORMER SUBSIDIARY SARL", "FR"),
        entity(g["FUND"], "EXAMPLE GROWTH FUND", "LU"),
        entity(g["MANAGER"], "EXAMPLE FUND MANAGER S.A.", "LU"),
        entity(g["SUBFUND"], "EXAMPLE GROWTH FUND - EUROPE", "LU"),
        entity(g["FEEDER"], "EXAMPLE FEEDER FUND", "KY"),
        entity(g["MASTER"], "EXAMPLE MASTER FUND", "KY"),
    ]
    level1 = folder / "20240301-0800-gleif-goldencopy-lei2-golden-copy.csv"
    level1.write_text(_quoted(LEVEL1_HEADER, entities), encoding="utf-8")
    return rr, level1
