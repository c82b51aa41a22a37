"""The analyst's load: validate a file whole, show what would change, publish it as one load."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.problems import Problem, Severity
from kpis.store import PublishResult, Store
from kpis.upload import Validation, validate_upload


@dataclass
class Ingest:
    """A validation, what it would change, and (once published) the publish result."""

    validation: Validation
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    result: PublishResult | None = None

    @property
    def ok(self) -> bool:
        return self.validation.ok

    @property
    def errors(self) -> list[Problem]:
        return self.validation.errors

    @property
    def warnings(self) -> list[Problem]:
        return self.validation.warnings + revision_warnings(self.changes)

    def counts(self) -> dict[str, int]:
        status = self.changes["status"] if "status" in self.changes else pd.Series(dtype=str)
        return {s: int((status == s).sum()) for s in ("new", "revised", "unchanged")}

    def summary(self, name: str | None = None) -> str:
        """What happened, in one line, beginning with the file's name (or `name`)."""
        v, r = self.validation, self.result
        name = name or v.file_name
        if not v.ok:
            return f"{name}: rejected with {len(v.errors)} problem(s); nothing was published"
        c = self.counts()
        if r is not None and r.published:
            c = {"new": r.new, "revised": r.revised, "unchanged": r.unchanged}
        figures = f"{len(v.rows)} figures ({c['new']} new, {c['revised']} revised, "
        figures += f"{c['unchanged']} unchanged)"
        if r is None:
            return f"{name}: valid, {figures}; dry run, nothing was published"
        if r.matched_load is not None:
            return (
                f"{name}: identical to load {r.matched_load}, which is still in effect; "
                "nothing changed (to undo later changes, roll those loads back)"
            )
        if not r.published:
            n = len(v.rows)
            return f"{name}: all {n} figures match the published ones; nothing changed"
        return f"{name}: published as load {r.load_id}: {figures}"


def revision_warnings(changes: pd.DataFrame) -> list[Problem]:
    if changes.empty or "status" not in changes:
        return []
    revised = changes[(changes["status"] == "revised") & (changes["value"] != changes["value_old"])]
    return [
        Problem(
            int(row.row),
            str(row.value_column),
            f"revises the published {row.kpi_id} for {row.period}"
            f"{' (' + row.team + ')' if row.team else ''}: {row.value_old:g} -> {row.value:g}",
            Severity.WARNING,
        )
        for row in revised.itertuples()
    ]


def check(store: Store, data: bytes, file_name: str, catalogue: Catalogue) -> Ingest:
    """Validate a file and work out what publishing it would change; writes nothing."""
    validation = validate_upload(data, file_name, catalogue, held=store.figures)
    if not validation.ok:
        return Ingest(validation)
    return Ingest(validation, store.diff(validation.rows))


def publish(
    store: Store, ingest: Ingest, *, user: str | None = None, kind: str = "scorecard"
) -> Ingest:
    """Publish a checked, clean file as one load."""
    v = ingest.validation
    if not v.ok:
        raise ValueError("a file with errors cannot be published")
    result = store.publish(v.rows, file_name=v.file_name, sha256=v.sha256, user=user, kind=kind)
    return Ingest(v, ingest.changes, result)
