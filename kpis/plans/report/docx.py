"""The progress report as a Word document: real heading styles and tables, for pasting into a
council's committee template."""

from __future__ import annotations

import io
from datetime import datetime

from kpis.plans.report.content import ATTRIBUTION, ReportContent, long_date
from kpis.plans.report.html import (
    ACTION_HEADERS,
    EVIDENCE_HEADERS,
    OVERVIEW_HEADERS,
    action_rows,
    details_line,
    evidence_rows,
    overview_rows,
    summary_rows,
    update_line,
)
from kpis.plans.report.layout import (
    BODY_PT,
    FONT,
    MARGIN,
    TABLE_PT,
    Page,
    Table,
    column_widths,
    page_for,
)
from kpis.tables import fix_zip_times

# Word stamps the save time; a fixed one keeps two reports of the same state identical.
_FIXED = datetime(2000, 1, 1)


def _tables(content: ReportContent) -> list[Table]:
    """Every table the report holds, in order (the page is chosen to fit the widest)."""
    review = content.review
    found: list[Table] = [(_summary_headers(content), summary_rows(content))]
    if review.recommendations:
        found.append((OVERVIEW_HEADERS, overview_rows(review)))
    for rec in review.recommendations:
        if rec.evidence:
            found.append((EVIDENCE_HEADERS, evidence_rows(rec)))
        if rec.actions:
            found.append((ACTION_HEADERS, action_rows(rec)))
    return found


def _summary_headers(content: ReportContent) -> list[str]:
    return ["Judgement area", *content.summary.columns[1:]]


def _table(document, table: Table, page: Page) -> None:
    """A table whose columns are sized to their content, fixed so Word keeps the sizes, its
    header row repeated on every page it runs onto."""
    from docx.shared import Pt, Twips

    headers, rows = table
    widths = column_widths(table, page.text_width)
    made = document.add_table(rows=1, cols=len(headers))
    made.style = "Table Grid"
    # Fixed layout: Word otherwise re-fits columns to the window and breaks words.
    made.autofit = False
    _table_width(made, sum(widths))
    for column, width in zip(made.columns, widths, strict=True):
        column.width = Twips(width)
    # A new cell holds one empty paragraph: each text is its one run, at the table's size.
    for cell, text in zip(made.rows[0].cells, headers, strict=True):
        run = cell.paragraphs[0].add_run(str(text))
        run.bold, run.font.size = True, Pt(TABLE_PT)
    _repeat_header(made.rows[0])
    for row in rows:
        for cell, text in zip(made.add_row().cells, row, strict=True):
            cell.paragraphs[0].add_run(str(text)).font.size = Pt(TABLE_PT)
    # Each cell's width as well as the grid's: Word reads one, LibreOffice the other.
    for row in made.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)


def _table_width(table, twips: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), str(twips))


def _repeat_header(row) -> None:
    """Mark the first row as a header row (repeats across pages; read as headers by screen
    readers)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _set_up(document, page: Page) -> None:
    """A4 in the orientation chosen, 20 mm margins, and Arial (the font the widths measure)."""
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Pt, Twips

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if page.landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Twips(page.width), Twips(page.height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Twips(MARGIN))
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(BODY_PT)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)


def report_docx(content: ReportContent) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = content.title
    document.core_properties.created = _FIXED
    document.core_properties.modified = _FIXED
    document.core_properties.last_modified_by = ""
    document.core_properties.author = ""
    tables = _tables(content)
    page = page_for(tables)
    _set_up(document, page)
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
    _table(document, (_summary_headers(content), summary_rows(content)), page)
    if review.recommendations:
        document.add_heading("Recommendations at a glance", level=1)
        _table(document, (OVERVIEW_HEADERS, overview_rows(review)), page)
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
                _table(document, (EVIDENCE_HEADERS, evidence_rows(rec)), page)
            for line in rec.audits:
                document.add_paragraph(line)
            if rec.check:
                document.add_paragraph().add_run(rec.check).bold = True
            if rec.actions:
                document.add_paragraph(f"Actions for {r.ref}", style="Caption")
                _table(document, (ACTION_HEADERS, action_rows(rec)), page)
    document.add_paragraph(ATTRIBUTION)
    out = io.BytesIO()
    document.save(out)
    return fix_zip_times(out.getvalue())
