"""The Word progress report read back as Word reads it: A4, columns sized to their content and
kept (fixed layout, grid and cell widths), header rows that repeat, and no word broken."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from kpis.catalogue import load_catalogue
from kpis.demo import load_demo_if_empty
from kpis.plans.report import gather_report, report_bytes
from kpis.plans.report.layout import CELL_PADDING, longest_word, text_width
from kpis.store import Store
from tests.plans_helpers import action, rec, update, workbook

LIBERATION = Path("/usr/share/fonts/truetype/liberation")


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory) -> Document:
    """The demo plan's report at its last review, as the plan page's Word download makes it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('word') / 'store.sqlite'}"
    store = Store(url)
    load_demo_if_empty(store, load_catalogue())
    content = gather_report(store, load_catalogue(), date(2025, 3, 31))
    return Document(io.BytesIO(report_bytes(content, ".docx")))


def grid(table) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def text_width_of(document) -> int:
    section = document.sections[0]
    return section.page_width.twips - section.left_margin.twips - section.right_margin.twips


def headers(table) -> list[str]:
    return [c.text for c in table.rows[0].cells]


def column(table, name: str) -> int:
    return grid(table)[headers(table).index(name)]


def table_headed(document, first: str, second: str):
    return next(t for t in document.tables if headers(t)[:2] == [first, second])


def test_the_page_is_a4_portrait(demo_report):
    section = demo_report.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert len(demo_report.sections) == 1


def test_every_table_fills_the_text_width_in_columns_word_keeps(demo_report):
    width = text_width_of(demo_report)
    assert len(demo_report.tables) > 20
    for table in demo_report.tables:
        widths = grid(table)
        assert sum(widths) == width, headers(table)
        assert len(set(widths)) > 1, f"equal columns: {headers(table)}"
        layout = table._tbl.tblPr.find(qn("w:tblLayout"))
        assert layout is not None and layout.get(qn("w:type")) == "fixed"  # no autofit
        for row in table.rows:
            assert [c.width.twips for c in row.cells] == widths


def test_header_rows_repeat_on_a_new_page(demo_report):
    for table in demo_report.tables:
        header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
        assert header is not None and header.get(qn("w:val")) in ("true", "1")
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None
                   for r in table.rows[1:])  # fmt: skip


def test_long_text_gets_the_room_and_dates_and_statuses_little(demo_report):
    glance = table_headed(demo_report, "Ref", "Recommendation")
    assert column(glance, "Recommendation") > 1.5 * column(glance, "Status")
    assert column(glance, "Recommendation") > column(glance, "Due")
    actions = table_headed(demo_report, "Ref", "Action")
    assert column(actions, "Action") > column(actions, "Status")
    evidence = table_headed(demo_report, "Measure", "Month")
    assert column(evidence, "Measure") > column(evidence, "Month")
    summary = table_headed(demo_report, "Judgement area", "Complete")
    assert column(summary, "Judgement area") > column(summary, "Complete")


def test_no_word_is_wider_than_its_column(demo_report):
    """The nine equal columns broke "Judge/ment": every word now fits, at the size it is set."""
    summary = table_headed(demo_report, "Judgement area", "Complete")
    run = summary.rows[0].cells[0].paragraphs[0].runs[0]
    size = run.font.size.pt
    assert column(summary, "Judgement area") >= text_width("Judgement", size, bold=True)
    for table in demo_report.tables:
        for row in table.rows:
            for cell, width in zip(row.cells, grid(table), strict=True):
                for run in (r for p in cell.paragraphs for r in p.runs):
                    needed = longest_word(run.text, run.font.size.pt, bold=bool(run.bold))
                    assert needed + CELL_PADDING <= width, (run.text, width)


def test_the_body_is_set_in_the_font_the_widths_measure(demo_report):
    assert demo_report.styles["Normal"].font.name == "Arial"


@pytest.mark.skipif(not LIBERATION.exists(), reason="Liberation fonts not installed")
def test_the_widths_are_arials():
    from PIL import ImageFont

    for bold, name in ((False, "Regular"), (True, "Bold")):
        font = ImageFont.truetype(str(LIBERATION / f"LiberationSans-{name}.ttf"), 1000)
        for word in ("Judgement", "neighbours", "Safeguarding", "2024/25)", "WWW"):
            measured = font.getlength(word) * 9 * 20 / 1000
            assert abs(text_width(word, 9, bold=bold) - measured) <= 1, word


def test_a_table_too_wide_for_portrait_turns_the_page(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.sqlite'}")
    link = "https://intranet.example.gov.uk/children/improvement/plan/evidence/R1-action-1"
    plan = workbook([rec("R1")], [action("R1", "1", action=f"See {link}")],
                    [update("R1", "2024-09-30")])  # fmt: skip
    from kpis.plans import importing

    checked = importing.check(store, plan, "plan.xlsx", load_catalogue())
    importing.publish(store, checked, user="test")
    content = gather_report(store, load_catalogue(), date(2024, 9, 30))
    document = Document(io.BytesIO(report_bytes(content, ".docx")))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert round(section.page_width.mm) == 297 and round(section.page_height.mm) == 210
    actions = table_headed(document, "Ref", "Action")
    assert sum(grid(actions)) == text_width_of(document)
    assert column(actions, "Action") >= longest_word(link, 9) + CELL_PADDING
