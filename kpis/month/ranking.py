"""The exception list: which KPIs need the board's attention, why, and in what order."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kpis.icons import changed_words
from kpis.rag import Rag, display_value, format_target, format_value

REQUIRED = ("kpi_id", "name", "value", "target", "rag", "point_type", "assurance", "quartile")
ADDED = ("reasons", "n_reasons", "relative_miss", "rank", "note")

_RAG_ORDER = {Rag.RED.value: 0, Rag.AMBER.value: 1}
_RULE_WORDS = {
    "outside_limits": "the latest point is outside the process limits",
    "trend": "the latest points are a trend in the wrong direction",
    "two_of_three": "two of the last three points are close to the process limit",
    "shift": "the latest points are a run on the wrong side of the average",
}


def rank_exceptions(rows: pd.DataFrame) -> pd.DataFrame:
    """Keep the KPIs that are exceptions, say why in words, and rank them (DESIGN §4).

    ``rows`` has one row per KPI (or KPI and team) with the columns in ``REQUIRED``: ``rag`` a
    ``Rag`` value, ``point_type`` the latest SPC point type, ``assurance`` the SPC assurance,
    ``quartile`` the latest published band 'A'-'D'; missing ones may be None or NaN. Optional
    columns refine the words: ``unit`` (formats figures), ``rule`` (the SPC rule behind the
    latest point), ``months_off_target`` (how long it has been red), ``team`` and
    ``changed_since`` (``kpis.spc.changed_since``: the process has moved on from its limits).

    An exception is red, or its latest point is a special cause of concern, or its assurance is
    consistent fail (unless the process changed since its limits were set), or it is in
    quartile D. The result keeps the input columns and adds ``reasons`` (a list of sentences),
    ``n_reasons``, ``relative_miss`` (how far from target, as a share of it, when amber or red;
    else 0), ``rank`` (1 first) and ``note``: what the board reads instead of the assurance
    verdict when the process has changed ('' otherwise; never a reason). Order: most reasons,
    then red before amber before the rest, then the larger relative miss, then ``kpi_id`` (and
    ``team``).
    """
    missing = [column for column in REQUIRED if column not in rows.columns]
    if missing:
        raise ValueError(f"rank_exceptions needs the columns {', '.join(missing)}")
    records = rows.to_dict("records")
    reasons = [_reasons(record) for record in records]
    keep = [i for i, found in enumerate(reasons) if found]
    out = rows.iloc[keep].reset_index(drop=True)
    out["reasons"] = pd.Series([reasons[i] for i in keep], dtype=object)
    out["n_reasons"] = out["reasons"].map(len).astype(int)
    out["relative_miss"] = [_relative_miss(records[i]) for i in keep]
    out["note"] = [_changed_note(records[i]) for i in keep]
    order = out.assign(
        _rag=[_RAG_ORDER.get(_text(records[i].get("rag")), 2) for i in keep],
        _team=out["team"].fillna("") if "team" in out.columns else "",
    ).sort_values(
        ["n_reasons", "_rag", "relative_miss", "kpi_id", "_team"],
        ascending=[False, True, False, True, True],
        kind="stable",
    )
    out = out.loc[order.index].reset_index(drop=True)
    out["rank"] = range(1, len(out) + 1)
    return out


def _reasons(record: dict) -> list[str]:
    unit = _text(record.get("unit")) or None
    found = []
    if _text(record.get("rag")) == Rag.RED.value:
        found.append(_off_target(record, unit))
    if _text(record.get("point_type")) == "special_cause_concern":
        detail = _RULE_WORDS.get(_text(record.get("rule")), "the latest point is unusual")
        found.append(f"Special cause of concern: {detail}")
    # Limits from before a change cannot judge the target: no reason (DESIGN §4).
    if _text(record.get("assurance")) == "consistent_fail" and not _changed_note(record):
        found.append("Will consistently fail the target unless the process changes")
    if _text(record.get("quartile")).upper() == "D":
        standing = _text(record.get("neighbours"))
        found.append(
            "In the worst quarter of English authorities (quartile D)"
            + (f"; {standing}" if standing else "")
        )
    return found


def _changed_note(record: dict) -> str:
    since = _text(record.get("changed_since"))
    return changed_words(since) if since and _text(record.get("assurance")) else ""


def _off_target(record: dict, unit: str | None) -> str:
    value, target = record.get("value"), record.get("target")
    text = f"Off target: {_figure(value, unit, format_value)} against a target of "
    text += _figure(target, unit, format_target)
    months = record.get("months_off_target")
    if not _absent(months) and int(months) > 1:  # type: ignore[call-overload]
        text += f", for {int(months)} months"  # type: ignore[call-overload]
    return text


def _figure(number: object, unit: str | None, formatter: Callable[[float, str], str]) -> str:
    if _absent(number):
        return "no figure"
    if unit:
        return formatter(float(number), unit)  # type: ignore[arg-type]
    return f"{float(number):,g}"  # type: ignore[arg-type]


def _relative_miss(record: dict) -> float:
    if _text(record.get("rag")) not in _RAG_ORDER:
        return 0.0
    value, target = record.get("value"), record.get("target")
    if _absent(value) or _absent(target):
        return 0.0
    unit = _text(record.get("unit")) or None
    shown = display_value(float(value), unit) if unit else float(value)
    gap = abs(shown - float(target))
    # A zero target has no scale; the gap itself still orders the misses.
    return gap / abs(float(target)) if target else gap


def _absent(value: object) -> bool:
    """None, NaN, pd.NA or NaT: how a missing cell arrives from a frame."""
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def _text(value: object) -> str:
    return "" if _absent(value) else str(value)
