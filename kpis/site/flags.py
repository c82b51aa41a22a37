"""Marking a KPI (by id) or a recommendation (by ref) public, checked against what exists."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.plans.records import plan_from_frames
from kpis.problems import InputRejected, Problem
from kpis.site.recommendations import public_refs, recommendation_refs
from kpis.store import Store


@dataclass(frozen=True)
class Marked:
    kind: str  # "kpi" or "recommendation"
    key: str
    public: bool
    changed: bool

    def __str__(self) -> str:
        what = "KPI" if self.kind == "kpi" else "recommendation"
        state = "public" if self.public else "not public"
        return f"{what} {self.key} is {'now' if self.changed else 'already'} {state}"


def mark_public(store: Store, catalogue: Catalogue, item: str, public: bool) -> Marked:
    """A catalogue KPI id, else a recommendation ref in the stored plan; anything else is
    rejected with the closest ids and refs. Needs Permission.PUBLISH_PUBLIC; audited."""
    text = item.strip()
    kpi_id = text.lower()
    if kpi_id in catalogue.by_id():
        return Marked("kpi", kpi_id, public, store.set_public("kpi", kpi_id, public))
    refs = recommendation_refs(store)
    if text in refs:
        changed = store.set_public("recommendation", text, public)
        return Marked("recommendation", text, public, changed)
    close = difflib.get_close_matches(kpi_id, list(catalogue.by_id()), n=3)
    close += difflib.get_close_matches(text, sorted(refs), n=2)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputRejected(
        [
            Problem(
                None,
                None,
                f"'{text}' is neither a KPI id nor a recommendation in the plan{hint} "
                "(see `python -m kpis catalogue`)",
            )
        ]
    )


COLUMNS = ["kind", "key", "name", "public", "source", "set_by", "set_at"]
# Where a recommendation's state comes from: its own flag, else the plan file's `public` column.
FLAG, PLAN_FILE = "flag", "plan file"


def public_table(store: Store, catalogue: Catalogue) -> pd.DataFrame:
    """What the public site shows: every public KPI (kind `kpi`), then every recommendation of
    the plan in plan order, public or not (kind `recommendation`; a KPI's name, a
    recommendation's text). `source` says what decided it: a `flag` an analyst set (`set_by`,
    `set_at`), or for a recommendation never flagged, the `plan file` that imported it (who
    imported that version, and when)."""
    flags = store.public_flags()
    kpis = flags[(flags["kind"] == "kpi") & flags["public"]] if not flags.empty else flags
    names = {k.id: k.name for k in catalogue.kpis}
    order = {kpi_id: n for n, kpi_id in enumerate(names)}
    rows = [
        ["kpi", f.key, names.get(f.key, ""), "yes", FLAG, f.set_by, f.set_at]
        # Catalogue order (as the site lists them); a KPI since removed from it, last.
        for f in sorted(kpis.itertuples(), key=lambda f: (order.get(f.key, len(order)), f.key))
    ]
    frames = store.plan_frames()
    plan = plan_from_frames(frames)
    public = set(public_refs(store, plan))
    flagged = (
        flags[flags["kind"] == "recommendation"].set_index("key") if not flags.empty else flags
    )
    for r in frames["recommendations"].itertuples():
        yes = "yes" if r.ref in public else "no"
        if r.ref in flagged.index:
            flag = flagged.loc[r.ref]
            rows.append(["recommendation", r.ref, r.recommendation, yes, FLAG, flag["set_by"],
                         flag["set_at"]])  # fmt: skip
        else:
            rows.append(["recommendation", r.ref, r.recommendation, yes, PLAN_FILE,
                         r.recorded_by, r.recorded_at])  # fmt: skip
    return pd.DataFrame(rows, columns=COLUMNS)
