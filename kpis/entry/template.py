"""The month's template (DESIGN §3.4): the KPIs due, ready to fill, long or wide, CSV or XLSX."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpis.catalogue import Catalogue, Unit
from kpis.entry.reference import authority_figures, reference_rows
from kpis.periods import shift
from kpis.rag import display_decimal
from kpis.tables import to_csv_bytes, to_xlsx_bytes

LAYOUTS = ("long", "wide")
FORMATS = (".csv", ".xlsx")
DEFAULT_MONTHS = 12
# Ten years of months is as much history as any scorecard sheet holds.
MAX_MONTHS = 120
SHEET = "Scorecard"
LONG_COLUMNS = [
    "kpi_id",
    "period",
    "value",
    "numerator",
    "denominator",
    "commentary",
    "target",
    "name",
    "unit",
    "previous",
]


class TemplateError(ValueError):
    """A template that cannot be made as asked (layout, months or file type)."""


def long_template(catalogue: Catalogue, figures: pd.DataFrame, period: str) -> pd.DataFrame:
    """One row per KPI due: blank figures to fill, the month's target, name, unit and the
    latest authority value before the month."""
    ref = reference_rows(catalogue, figures, period)
    blank = pd.Series([None] * len(ref), dtype=object)
    return pd.DataFrame(
        {
            "kpi_id": ref["kpi_id"],
            "period": period,
            "value": blank,
            "numerator": blank,
            "denominator": blank,
            "commentary": blank,
            "target": ref["target"],
            "name": ref["name"],
            "unit": ref["unit"],
            # For reading only (ignored on upload): as the scorecard shows it, 84.7 not 84.6938….
            "previous": [
                None if pd.isna(v) else float(display_decimal(v, unit))
                for v, unit in zip(ref["previous"], ref["unit"], strict=True)
            ],
        },
        columns=LONG_COLUMNS,
    )


def wide_template(
    catalogue: Catalogue, figures: pd.DataFrame, period: str, months: int = DEFAULT_MONTHS
) -> pd.DataFrame:
    """One row per KPI due: its id and name, the published authority values of the `months`
    months before `period` (oldest first), and `period` blank."""
    if not 0 <= months <= MAX_MONTHS:
        raise TemplateError(f"--months must be between 0 and {MAX_MONTHS}, not {months}")
    ref = reference_rows(catalogue, figures, period)
    history = [shift(period, -n) for n in range(months, 0, -1)]
    mine = authority_figures(figures)
    mine = mine[mine["period"].isin(history)]
    values = mine.pivot(index="kpi_id", columns="period", values="value")
    frame = pd.DataFrame({"kpi_id": ref["kpi_id"], "name": ref["name"]})
    for month in history:
        column = values[month] if month in values.columns else pd.Series(dtype="float64")
        frame[month] = frame["kpi_id"].map(column).astype("float64")
    frame[period] = pd.Series([None] * len(frame), dtype=object)
    return frame


def template_frame(
    catalogue: Catalogue,
    figures: pd.DataFrame,
    period: str,
    layout: str = "long",
    months: int = DEFAULT_MONTHS,
) -> pd.DataFrame:
    if layout not in LAYOUTS:
        raise TemplateError(f"the layout is long or wide, not '{layout}'")
    if layout == "wide":
        return wide_template(catalogue, figures, period, months)
    return long_template(catalogue, figures, period)


def template_bytes(frame: pd.DataFrame, catalogue: Catalogue, suffix: str) -> bytes:
    """The template as CSV, or as XLSX with a frozen header, readable widths and Excel data
    validation by unit on the cells to fill."""
    suffix = suffix.lower()
    if suffix not in FORMATS:
        raise TemplateError(f"a template is written as .csv or .xlsx, not '{suffix or 'none'}'")
    if suffix == ".csv":
        return to_csv_bytes(frame)
    from kpis.entry.workbook import dress

    units = units_of(frame, catalogue)
    return to_xlsx_bytes({SHEET: frame}, finish=lambda sheet, f: dress(sheet, f, units))


def write_template(frame: pd.DataFrame, catalogue: Catalogue, out: Path) -> Path:
    """Write the template to `out`, CSV or XLSX by its suffix; nothing is written on error."""
    out = Path(out)
    data = template_bytes(frame, catalogue, out.suffix)
    out.write_bytes(data)
    return out


def units_of(frame: pd.DataFrame, catalogue: Catalogue) -> list[Unit]:
    return [catalogue.get(k).unit for k in frame["kpi_id"]]
