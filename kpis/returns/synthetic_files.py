"""Writing the synthetic returns as an authority sends them: 903 CSVs or XML, CIN census XML."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from kpis.returns.synthetic import SEED, YEARS, care_leavers, looked_after, tables_903
from kpis.returns.synthetic_cin import census_xml, children_in_need
from kpis.returns.tables import COLUMNS

# One year's 903 is written as XML, the others as one CSV per table: both shapes show.
XML_YEARS = (2024,)


@dataclass(frozen=True)
class Written:
    """One return written: its kind, collection year and files."""

    kind: str
    year: int
    files: tuple[Path, ...]


def csv_bytes(table: str, rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS[table])
    writer.writerows([row.get(c, "") for c in COLUMNS[table]] for row in rows)
    return buffer.getvalue().encode()


_OC2 = ("HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT")
_EPISODE = ("DECOM", "RNE", "LS", "PLACE", "DEC")


def _items(
    row: dict[str, str], names: tuple[str, ...], rename: dict[str, str] | None = None
) -> str:
    rename = rename or {}
    return "".join(
        f"<{rename.get(n, n)}>{escape(row.get(n, ''))}</{rename.get(n, n)}>" for n in names
    )


def xml_903(tables: dict[str, list[dict[str, str]]]) -> bytes:
    """The same tables as an EXPSSDA903 file (CHILDID for CHILD, PL for PLACE)."""
    rows: dict[str, dict[str, list[dict[str, str]]]] = {}
    for table, records in tables.items():
        for record in records:
            rows.setdefault(record["CHILD"], {}).setdefault(table, []).append(record)
    parts = ["<?xml version='1.0' encoding='utf-8'?><EXPSSDA903>"]
    for mine in rows.values():
        header = _items(mine["Header"][0], ("CHILD", "SEX", "DOB", "ETHNIC"), {"CHILD": "CHILDID"})
        header += "".join(f"<UASC>1</UASC><DUC>{u['DUC']}</DUC>" for u in mine.get("UASC", []))
        header += "".join(_items(o, ("IN_TOUCH", "ACTIV", "ACCOM")) for o in mine.get("OC3", []))
        header += "".join(f"<AREVIEW>{_items(r, ('REVIEW', 'REVIEW_CODE'))}</AREVIEW>"
                          for r in mine.get("Reviews", []))  # fmt: skip
        header += "".join(f"<AMISSING>{_items(m, ('MISSING', 'MIS_START', 'MIS_END'))}</AMISSING>"
                          for m in mine.get("Missing", []))  # fmt: skip
        header += "".join(
            f"<OC2>{_items(o, _OC2)}</OC2>"
            for o in mine.get("OC2", [])
        )  # fmt: skip
        episodes = "".join(
            f"<EPISODE>{_items(e, _EPISODE, {'PLACE': 'PL'})}</EPISODE>"
            for e in mine.get("Episodes", [])
        )  # fmt: skip
        parts.append(f"<CHILD><HEADER>{header}</HEADER>{episodes}</CHILD>")
    parts.append("</EXPSSDA903>")
    return "".join(parts).encode()


def write_returns(
    out: Path,
    *,
    seed: int = SEED,
    children: int = 900,
    leavers: int = 300,
    referrals_a_year: int = 3500,
    years: tuple[int, ...] = YEARS,
    zipped: bool = False,
) -> list[Written]:
    """Write the 903 and CIN census returns of each collection year into `out`; `zipped`: each
    year's files in one zip (`2022-23.zip`), as the demo ships them."""
    rng = np.random.default_rng(seed)
    last = date(years[-1], 3, 31)
    cared = looked_after(rng, children, last)
    left = care_leavers(rng, leavers)
    # A stream of its own, so tuning the children looked after leaves the children in need be.
    needing = children_in_need(np.random.default_rng([seed, 1]), referrals_a_year, last)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        tables = tables_903(cared, left, year)
        if year in XML_YEARS:
            path = out / f"ssda903_{year}.xml"
            path.write_bytes(xml_903(tables))
            files: tuple[Path, ...] = (path,)
        else:
            folder = out / f"ssda903_{year}"
            folder.mkdir(exist_ok=True)
            files = tuple(folder / f"{t.lower()}.csv" for t in tables)
            for table, path in zip(tables, files, strict=True):
                path.write_bytes(csv_bytes(table, tables[table]))
        written.append(Written("903", year, files))
        census = out / f"cin_census_{year}.xml"
        census.write_bytes(census_xml(needing, year))
        written.append(Written("cin", year, (census,)))
    return _zip_years(out, written) if zipped else written


def year_zip_name(year: int) -> str:
    return f"{year - 1}-{year % 100:02d}.zip"


def _zip_years(out: Path, written: list[Written]) -> list[Written]:
    """Each year's files moved into one zip with fixed times, so a rerun is byte for byte equal."""
    zipped = []
    for year in dict.fromkeys(w.year for w in written):
        path = out / year_zip_name(year)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for item in (w for w in written if w.year == year):
                for file in item.files:
                    info = zipfile.ZipInfo(str(file.relative_to(out)), (2025, 4, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, file.read_bytes())
                    file.unlink()
        for folder in {f.parent for w in written if w.year == year for f in w.files}:
            if folder != out and not any(folder.iterdir()):
                folder.rmdir()
        zipped += [Written(w.kind, year, (path,)) for w in written if w.year == year]
    return zipped
