"""Building audit files (DESIGN §11.1) for the case-audit tests."""

from __future__ import annotations

import io

HEADER = ["audit_id", "child_id", "team", "worker", "auditor", "date", "type", "theme",
          "domain", "grade", "moderated_grade", "moderator", "learning", "follow_up_due",
          "follow_up_done"]  # fmt: skip


def row(audit_id="A1", grade="good", *, team="CP North", date="2025-03-10", domain="Overall",
        **more) -> dict:  # fmt: skip
    """One row of an audit file; unnamed columns get plausible values."""
    base = {
        "audit_id": audit_id, "child_id": f"C{audit_id}", "team": team, "worker": "W. Smith",
        "auditor": "A. Jones", "date": date, "type": "monthly", "theme": "", "domain": domain,
        "grade": grade, "moderated_grade": "", "moderator": "", "learning": "",
        "follow_up_due": "2025-04-30" if grade in ("inadequate", "4") else "",
        "follow_up_done": "",
    }  # fmt: skip
    return base | more


def audit(audit_id="A1", grade="good", domains: dict | None = None, **more) -> list[dict]:
    """An audit's Overall row and a row per practice domain ({domain: grade})."""
    rows = [row(audit_id, grade, **more)]
    for domain, domain_grade in (domains or {}).items():
        extra = {k: v for k, v in more.items() if k not in ("moderated_grade", "follow_up_due")}
        rows.append(row(audit_id, domain_grade, domain=domain, **extra) | {"follow_up_due": ""})
    return rows


def csv_bytes(rows: list[dict], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    lines = [",".join(header)]
    lines += [",".join(_quoted(str(r.get(c, ""))) for c in header) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def _quoted(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def xlsx_bytes(rows: list[list], *, sheet: str = "Audits", before: tuple[str, ...] = ()) -> bytes:
    """A workbook whose sheet `sheet` holds `rows` (header first), after sheets `before`."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name in before:
        book.create_sheet(name).append(["notes"])
    target = book.create_sheet(sheet)
    for values in rows:
        target.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table(rows: list[dict], header: list[str] = HEADER) -> list[list]:
    return [header, *([r.get(c, "") for c in header] for r in rows)]
