"""The board's view of a month: scorecard lines with benchmarks, trends and SPC signals."""

from __future__ import annotations

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.month.scorecard import scorecard, with_benchmarks, with_trends
from kpis.month.signals import IMPROVEMENT, exception_inputs
from kpis.periods import label


def board_card(
    figures: pd.DataFrame,
    catalogue: Catalogue,
    period: str,
    latest: pd.DataFrame,
    rebases: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every KPI for the whole authority in `period`, with everything the scorecard shows."""
    card = scorecard(figures, catalogue, period)
    card = with_trends(with_benchmarks(card, latest), figures, period)
    signals = exception_inputs(figures[figures["team"] == ""], catalogue, period, rebases=rebases)
    columns = ["point_type", "assurance", "changed_since"]
    spc = (
        signals.set_index("kpi_id")[columns] if not signals.empty else pd.DataFrame(columns=columns)
    )
    card["variation"] = [_text(spc["point_type"].get(k)) for k in card["kpi_id"]]
    card["assurance"] = [_text(spc["assurance"].get(k)) for k in card["kpi_id"]]
    card["changed_since"] = [_text(spc["changed_since"].get(k)) for k in card["kpi_id"]]
    card["improvement"] = [IMPROVEMENT[catalogue.get(k).polarity] for k in card["kpi_id"]]
    card["shown_label"] = [
        f"figure for {label(p)}" if isinstance(p, str) and p != period else ""
        for p in card["period_shown"]
    ]
    return card


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def headline(card: pd.DataFrame) -> dict[str, int]:
    """The counts at the top of the scorecard."""
    return {
        "red": int((card["rag"] == "red").sum()),
        "amber": int((card["rag"] == "amber").sum()),
        "green": int((card["rag"] == "green").sum()),
        "concern": int((card["variation"] == "special_cause_concern").sum()),
        "with_figure": int(card["value"].notna().sum()),
    }
