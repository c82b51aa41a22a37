"""The pack's figures as an Excel workbook: one sheet per judgement area, formulas neutralised."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd

from kpis.benchmarks.charts import SOURCE
from kpis.demo import DEMO_LABEL
from kpis.month.scorecard import SUPPRESSED
from kpis.pack.content import PackContent
from kpis.pack.figures import area_figures, definitions, published_rows

ABOUT = "About"
PUBLISHED = "Published benchmarks"
DEFINITIONS = "Definitions"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
# Excel refuses these in sheet names; an analyst may use them in an area's name.
_BAD_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


def sheet_name(area: str) -> str:
    return area.translate(_BAD_SHEET_CHARS)[:31]


def pack_workbook(content: PackContent) -> bytes:
    """About, then one sheet per area (every figure the pack charts), then the published
    benchmarks and the definitions. Deterministic bytes (kpis.tables.to_xlsx_bytes)."""
    from kpis.tables import to_xlsx_bytes

    sheets: dict[str, pd.DataFrame] = {ABOUT: _about(content)}
    for area, frame in area_figures(content).items():
        sheets[sheet_name(area)] = frame
    sheets[PUBLISHED] = published_rows(content)
    sheets[DEFINITIONS] = definitions(content)
    return _steady(to_xlsx_bytes(sheets))


def _steady(data: bytes) -> bytes:
    """The workbook with its 'modified' property fixed: openpyxl stamps the time of saving,
    which would make the same pack a different file every second."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", body)
            fixed = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, body)
    return out.getvalue()


def _about(content: PackContent) -> pd.DataFrame:
    rows = [
        ("Pack", content.title()),
        ("Authority", f"{content.authority} (DfE code {content.la_code})"),
        ("Month", content.month),
        ("Data as at", f"{content.data_as_at} (last load of figures)"),
        ("Figures", content.completeness),
        ("Contents", "One sheet per judgement area: every figure charted in the pack, for the "
                     "whole authority and for teams that are exceptions."),
        ("Small numbers", f"Figures computed from case-level records with a numerator or "
                          f"denominator of 1 to 4 are written '{SUPPRESSED}'."),
        ("Published benchmarks", SOURCE),
    ]  # fmt: skip
    if content.demo:
        rows.insert(0, ("Demo", DEMO_LABEL))
    return pd.DataFrame(rows, columns=["Item", "Detail"])
