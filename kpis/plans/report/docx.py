"""The progress report as a Word document: real heading styles and tables, for pasting into a
council's committee template."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

from kpis.plans.report.content import ATTRIBUTION, ReportContent, long_date
from kpis.plans.report.html import (
    ACTION_HEADERS,
    EVIDENCE_HEADERS,
    action_rows,
    details_line,
    evidence_rows,
    summary_rows,
    update_line,
)
from kpis.tables import fix_zip_times

# Word stamps the save time; a fixed one keeps two reports of the same state identical.
_FIXED = datetime(2000, 1, 1)


def _table(document, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    _repeat_header(table.rows[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def _repeat_header(row) -> None:
    """Mark the first row as a header row (repeats across pages; read as headers by screen
    readers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def report_docx(content: ReportContent) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = content.title
    document.core_properties.created = _FIXED
    document.core_properties.modified = _FIXED
    document.core_properties.last_modified_by = ""
    document.core_properties.author = ""
    document.add_heading(content.title, level=0)
    review = content.review
    document.add_paragraph(
        f"Review date {long_date(review.review)}. Statuses are the latest progress update on or "
        f"before that date; evidence is each measure's latest month ended by then, from "
        f"{content.figures_as_of}."
    )
    if content.demo:
        document.add_paragraph().add_run(content.demo_label).bold = True
    document.add_heading("Summary", level=1)
    _table(document, ["Judgement area", *content.summary.columns[1:]], summary_rows(content))
    for area in review.areas:
        document.add_heading(area, level=1)
        for rec in review.in_area(area):
            r = rec.recommendation
            document.add_heading(f"{r.ref}: {r.recommendation}", level=2)
            document.add_paragraph(details_line(rec))
            status = document.add_paragraph()
            status.add_run(f"{rec.status.symbol} Status: {rec.status_text()}").bold = True
            document.add_paragraph(update_line(rec))
            if rec.evidence:
                document.add_paragraph(f"Evidence for {r.ref}", style="Caption")
                _table(document, EVIDENCE_HEADERS, evidence_rows(rec))
            for line in rec.audits:
                document.add_paragraph(line)
            if rec.check:
                document.add_paragraph().add_run(rec.check).bold = True
            if rec.actions:
                document.add_paragraph(f"Actions for {r.ref}", style="Caption")
                _table(document, ACTION_HEADERS, action_rows(rec))
    document.add_paragraph(ATTRIBUTION)
    out = io.BytesIO()
    document.save(out)
    return fix_zip_times(out.getvalue())
