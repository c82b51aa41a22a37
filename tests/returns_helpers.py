"""Building small SSDA903 and CIN census files for tests: CSV tables, 903 XML, CIN XML, zips."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import pandas as pd

from kpis.returns.tables import COLUMNS


def table(name: str, *rows: dict[str, str], header: list[str] | None = None) -> bytes:
    """A 903 table as CSV: DfE's columns in DfE's order, each row's missing cells blank."""
    columns = header or list(COLUMNS[name])
    lines = [",".join(columns)]
    for row in rows:
        lines.append(",".join(row.get(c.strip().upper(), "") for c in columns))
    return ("\n".join(lines) + "\n").encode()


def header_row(child: str, dob: str = "01/01/2012", sex: str = "1", ethnic: str = "WBRI"):
    return {"CHILD": child, "SEX": sex, "DOB": dob, "ETHNIC": ethnic}


def episode(
    child: str, decom: str, dec: str = "", rne: str = "P", place: str = "U1", ls: str = "C2"
):
    return {"CHILD": child, "DECOM": decom, "RNE": rne, "LS": ls, "PLACE": place, "DEC": dec}


def minimal_903(
    *episodes: dict[str, str], children: tuple[str, ...] = ()
) -> list[tuple[str, bytes]]:
    """Header and Episodes files for the children of the episodes (and any others named)."""
    ids = list(dict.fromkeys([*(e["CHILD"] for e in episodes), *children]))
    return [
        ("header.csv", table("Header", *(header_row(c) for c in ids))),
        ("episodes.csv", table("Episodes", *episodes)),
    ]


def _items(values: dict[str, str]) -> str:
    return "".join(f"<{k}>{escape(v)}</{k}>" if v else f"<{k} />" for k, v in values.items())


def xml903(children: list[dict]) -> bytes:
    """An EXPSSDA903 file: each child a dict with `header` items, `episodes`, `reviews`,
    `missing` (dicts of items) and `oc2` (a dict of items)."""
    parts = ["<?xml version='1.0' encoding='utf-8'?><EXPSSDA903>"]
    for child in children:
        header = _items(child["header"])
        header += "".join(f"<AREVIEW>{_items(r)}</AREVIEW>" for r in child.get("reviews", []))
        header += "".join(f"<AMISSING>{_items(m)}</AMISSING>" for m in child.get("missing", []))
        if "oc2" in child:
            header += f"<OC2>{_items(child['oc2'])}</OC2>"
        episodes = "".join(f"<EPISODE>{_items(e)}</EPISODE>" for e in child.get("episodes", []))
        parts.append(f"<CHILD><HEADER>{header}</HEADER>{episodes}</CHILD>")
    parts.append("</EXPSSDA903>")
    return "".join(parts).encode()


def cin_xml(reference_date: str, children: list[dict]) -> bytes:
    """A CIN census: each child a dict with `id`, optional `identifiers` and `characteristics`
    items, and `details`, a list of dicts with `referral`, `assessments`, `section47` and
    `plans` (each plan a dict of items with an optional `reviews` list of dates)."""
    parts = [
        "<Message><Header><CollectionDetails><Collection>CIN</Collection>"
        f"<ReferenceDate>{reference_date}</ReferenceDate></CollectionDetails></Header><Children>"
    ]
    for child in children:
        ids = {"LAchildID": child["id"], **child.get("identifiers", {})}
        parts.append(f"<Child><ChildIdentifiers>{_items(ids)}</ChildIdentifiers>")
        parts.append(
            f"<ChildCharacteristics>{_items(child.get('characteristics', {}))}"
            "</ChildCharacteristics>"
        )
        for detail in child.get("details", []):
            parts.append(f"<CINdetails><CINreferralDate>{detail['referral']}</CINreferralDate>")
            for extra in detail.get("items", {}).items():
                parts.append(_items(dict([extra])))
            for a in detail.get("assessments", []):
                parts.append(f"<Assessments>{_items(a)}</Assessments>")
            for s in detail.get("section47", []):
                parts.append(f"<Section47>{_items(s)}</Section47>")
            for plan in detail.get("plans", []):
                items = {k: v for k, v in plan.items() if k != "reviews"}
                reviews = "".join(
                    f"<CPPreviewDate>{r}</CPPreviewDate>" for r in plan.get("reviews", [])
                )
                parts.append(
                    f"<ChildProtectionPlans>{_items(items)}<Reviews>{reviews}</Reviews>"
                    "</ChildProtectionPlans>"
                )
            parts.append("</CINdetails>")
        parts.append("</Child>")
    parts.append("</Children></Message>")
    return "".join(parts).encode()


def zipped(*files: tuple[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


def read(files, year=None):
    """The returns in the files."""
    from kpis.returns.reader import read_returns

    return list(read_returns(files, year).returns)


def computed(*returns):
    """Every measure over the returns given (each a list from `read`), as if all were held."""
    from kpis.returns.compute import compute
    from kpis.store.return_tables import combine, empty_tables

    return compute(combine(empty_tables(), [r for group in returns for r in group]))


def figures(done, kpi_id: str) -> dict[str, tuple]:
    """One KPI's figures by period: (numerator, denominator), or the value for a count."""
    rows = done.figures[done.figures["kpi_id"] == kpi_id]
    return {
        p: (v if pd.isna(n) else (int(n), int(d)))
        for p, v, n, d in zip(rows["period"], rows["value"], rows["numerator"], rows["denominator"],
                              strict=True)
    }  # fmt: skip


def result(done, kpi_id: str):
    return next(r for r in done.results if r.kpi_id == kpi_id)


def cases(done, kpi_id: str, period: str) -> dict[str, str]:
    """The cases behind one figure: child id -> reason."""
    c = done.cases
    mine = c[(c["kpi_id"] == kpi_id) & (c["period"] == period)]
    return dict(zip(mine["child_id"], mine["reason"], strict=True))


def year903(year: int, *episodes: dict[str, str], **tables) -> list:
    """The 903 return of a collection year: Header for every child (dates of birth by
    `dobs`), the episodes, and any other tables given as lists of row dicts by name."""
    dobs = tables.pop("dobs", {})
    ids = list(dict.fromkeys(e["CHILD"] for e in episodes))
    files = [
        ("header.csv", table("Header", *(header_row(c, dobs.get(c, "01/01/2012")) for c in ids))),
        ("episodes.csv", table("Episodes", *episodes)),
    ]
    for name, rows in tables.items():
        files.append((f"{name}.csv", table(name, *rows)))
    return read(files, year)
