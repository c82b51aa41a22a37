"""Which measures and recommendations analysts approved for the public site, kept by (kind, key)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Boolean, Column, String, Table, Text, delete, insert, select

from kpis.access import Permission
from kpis.clock import now, stamp
from kpis.store.schema import metadata
from kpis.store.session import Session

# "kpi" keys are catalogue ids; "recommendation" keys are improvement-plan refs (DESIGN §8).
KINDS = ("kpi", "recommendation")

# One row per item ever flagged: its current state (the audit log keeps every change).
public_flags = Table(
    "public_flags",
    metadata,
    Column("kind", String(20), primary_key=True),
    Column("key", String(64), primary_key=True),
    Column("public", Boolean, nullable=False),
    Column("set_by", Text, nullable=False),
    Column("set_at", String(32), nullable=False),
)


class PublicFlags(Session):
    """Mixed into Store: the public flag of each KPI and recommendation."""

    def set_public(self, kind: str, key: str, public: bool) -> bool:
        """Mark one item public or not; True when that changed anything (then audited)."""
        if kind not in KINDS:
            raise ValueError(f"a public flag is for one of {', '.join(KINDS)}, not {kind!r}")
        where = (public_flags.c.kind == kind) & (public_flags.c.key == key)
        with self._write(Permission.PUBLISH_PUBLIC) as conn:
            before = conn.execute(select(public_flags.c.public).where(where)).scalar()
            # An unset KPI is simply not public; an unset recommendation follows its plan file's
            # `public` column, so an explicit "no" must be recorded to override a "yes" there.
            unset_means_no = kind == "kpi" or before is not None
            if unset_means_no and bool(before) == public:
                return False
            conn.execute(delete(public_flags).where(where))
            conn.execute(
                insert(public_flags).values(
                    kind=kind, key=key, public=public, set_by=self.actor.name, set_at=stamp(now())
                )
            )
            state = "public" if public else "not public"
            self._audit(conn, "public flag", f"{kind} {key}: {state}")
            return True

    def public_flags(self) -> pd.DataFrame:
        """Every flag set (public or taken off), by kind and key."""
        query = select(public_flags).order_by(public_flags.c.kind, public_flags.c.key)
        with self.engine.connect() as conn:
            frame = pd.DataFrame(
                conn.execute(query).all(), columns=[c.name for c in public_flags.columns]
            )
        return frame.astype({"public": bool})

    def public_keys(self, kind: str) -> list[str]:
        """The keys of one kind that are public now, sorted."""
        query = (
            select(public_flags.c.key)
            .where(public_flags.c.kind == kind, public_flags.c.public.is_(True))
            .order_by(public_flags.c.key)
        )
        with self.engine.connect() as conn:
            return list(conn.execute(query).scalars())
