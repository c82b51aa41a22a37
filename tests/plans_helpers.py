"""Building plan workbooks and small stores for the improvement plan tests."""

from __future__ import annotations

import io

from openpyxl import Workbook

REC_HEADER = ["ref", "source", "area", "recommendation", "lead", "kpis", "due", "framework",
              "public"]  # fmt: skip
ACTION_HEADER = ["ref", "action_ref", "action", "owner", "due", "revised_due", "status",
                 "completed"]  # fmt: skip
UPDATE_HEADER = ["ref", "date", "status", "narrative", "author"]


def rec(ref="R1", area="Help and protection", kpis="icpc_15_days", **more) -> list:
    row = {"ref": ref, "source": "Ofsted inspection, July 2014", "area": area,
           "recommendation": f"Recommendation {ref}", "lead": "Head of Service", "kpis": kpis,
           "due": "2025-03-31", "framework": "sif_2014", "public": "no"} | more  # fmt: skip
    return [row[c] for c in REC_HEADER]


def action(ref="R1", action_ref="1", due="2024-09-30", **more) -> list:
    row = {"ref": ref, "action_ref": action_ref, "action": f"Action {action_ref}",
           "owner": "Manager", "due": due, "revised_due": "", "status": "in_progress",
           "completed": ""} | more  # fmt: skip
    return [row[c] for c in ACTION_HEADER]


def update(ref="R1", date="2024-06-30", status="on_track", **more) -> list:
    row = {"ref": ref, "date": date, "status": status, "narrative": f"Progress at {date}",
           "author": "Officer"} | more  # fmt: skip
    return [row[c] for c in UPDATE_HEADER]


def workbook(recs=(), actions=(), updates=(), *, headers=None, extra_sheets=()) -> bytes:
    """An XLSX with the three plan sheets (a sheet is left out when given None)."""
    headers = headers or {}
    book = Workbook()
    book.remove(book.active)
    for name, header, rows in (
        ("Recommendations", REC_HEADER, recs),
        ("Actions", ACTION_HEADER, actions),
        ("Updates", UPDATE_HEADER, updates),
    ):
        if rows is None:
            continue
        sheet = book.create_sheet(name)
        sheet.append(headers.get(name, header))
        for row in rows:
            sheet.append(row)
    for name in extra_sheets:
        book.create_sheet(name).append(["notes"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def figures_csv(rows: list[tuple]) -> bytes:
    """A long scorecard file from (kpi_id, period, value[, numerator, denominator])."""
    lines = ["kpi_id,period,value,numerator,denominator"]
    for row in rows:
        kpi, period, value, *nd = row
        n, d = [*nd, "", ""][:2]
        lines.append(f"{kpi},{period},{value},{n},{d}")
    return ("\n".join(lines) + "\n").encode()
