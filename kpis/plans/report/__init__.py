"""The scrutiny progress report (DESIGN §8.3) as Word, self-contained HTML or PDF."""

from __future__ import annotations

from pathlib import Path

from kpis.plans.report.content import ReportContent, gather_report
from kpis.plans.report.docx import report_docx
from kpis.plans.report.html import report_html

SUFFIXES = (".docx", ".html", ".pdf")


def report_pdf(content: ReportContent) -> bytes:
    from kpis.pack.pdf import html_to_pdf, page_footer

    return html_to_pdf(report_html(content), page_footer(content.title, content.demo))


def report_bytes(content: ReportContent, suffix: str) -> bytes:
    """The report in the format its file name asks for."""
    suffix = suffix.lower()
    if suffix == ".docx":
        return report_docx(content)
    if suffix == ".html":
        return report_html(content).encode("utf-8")
    if suffix == ".pdf":
        return report_pdf(content)
    raise ValueError(f"a progress report is written as {', '.join(SUFFIXES)}, not '{suffix}'")


def write_report(content: ReportContent, out: Path) -> Path:
    out.write_bytes(report_bytes(content, out.suffix))
    return out


__all__ = ["SUFFIXES", "ReportContent", "gather_report", "report_bytes", "write_report"]
