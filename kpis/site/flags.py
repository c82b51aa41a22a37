"""Marking a KPI (by id) or a recommendation (by ref) public, checked against what exists."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.problems import InputRejected, Problem
from kpis.site.recommendations import recommendation_refs
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


def public_table(store: Store, catalogue: Catalogue) -> pd.DataFrame:
    """What is public now: kind, key, name (a KPI's name), who set it and when."""
    flags = store.public_flags()
    flags = flags[flags["public"]] if not flags.empty else flags
    names = {k.id: k.name for k in catalogue.kpis}
    return pd.DataFrame(
        {
            "kind": flags["kind"].tolist(),
            "key": flags["key"].tolist(),
            "name": [
                names.get(k, "") if kind == "kpi" else ""
                for kind, k in zip(flags["kind"], flags["key"], strict=True)
            ],
            "set_by": flags["set_by"].tolist(),
            "set_at": flags["set_at"].tolist(),
        }
    )
