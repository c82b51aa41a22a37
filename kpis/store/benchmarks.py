"""Keeping imported DfE benchmark tables in the store, replaced whole by each import."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import delete, insert, select

from kpis.access import Permission
from kpis.clock import now, stamp
from kpis.store.schema import BENCHMARK_TABLES, benchmark_imports
from kpis.store.session import Session


class Benchmarks(Session):
    """Mixed into Store: the imported benchmark frames and the history of imports."""

    def benchmark_frames(self) -> dict[str, pd.DataFrame]:
        """The imported frames by name (values, neighbours, areas, measures); empty if none."""
        with self.engine.connect() as conn:
            return {
                name: pd.DataFrame(
                    conn.execute(select(table)).all(), columns=[c.name for c in table.columns]
                )
                for name, table in BENCHMARK_TABLES.items()
            }

    def replace_benchmarks(
        self, frames: dict[str, pd.DataFrame], *, files: str, user: str | None = None
    ) -> None:
        """Swap in a new set of imported frames, atomically, and record the import."""
        with self._write(Permission.IMPORT_BENCHMARKS) as conn:
            for name, table in BENCHMARK_TABLES.items():
                conn.execute(delete(table))
                frame = frames[name][[c.name for c in table.columns]].astype(object)
                records = frame.where(pd.notna(frame), None).to_dict("records")
                if records:
                    conn.execute(insert(table), records)
            conn.execute(
                insert(benchmark_imports).values(
                    files=files,
                    user=user or self.actor.name,
                    imported_at=stamp(now()),
                    rows=sum(len(f) for f in frames.values()),
                )
            )
            self._audit(conn, "benchmark import", files)

    def benchmark_imports(self) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(select(benchmark_imports).order_by(benchmark_imports.c.id), conn)
