"""The monthly board pack: cover, summary, exceptions, areas and appendix as HTML, PDF or XLSX."""

from __future__ import annotations

from pathlib import Path

from kpis.catalogue import Catalogue
from kpis.pack.content import PackContent, PackError, gather
from kpis.pack.html import pack_html
from kpis.pack.pdf import ChromiumMissing, footer, html_to_pdf
from kpis.pack.workbook import pack_workbook
from kpis.store import Store

FORMATS = (".html", ".pdf", ".xlsx")

__all__ = [
    "FORMATS",
    "ChromiumMissing",
    "PackContent",
    "PackError",
    "gather",
    "pack_bytes",
    "pack_html",
    "pack_pdf",
    "pack_workbook",
    "write_pack",
]


def pack_pdf(content: PackContent) -> bytes:
    """The HTML pack printed by headless Chromium: A4 landscape, numbered pages, vector charts."""
    return html_to_pdf(pack_html(content), footer(content))


def pack_bytes(content: PackContent, suffix: str) -> bytes:
    """The pack in the format a file suffix names: '.html', '.pdf' or '.xlsx'."""
    makers = {
        ".html": lambda: pack_html(content).encode("utf-8"),
        ".pdf": lambda: pack_pdf(content),
        ".xlsx": lambda: pack_workbook(content),
    }
    suffix = suffix.lower()
    if suffix not in makers:
        raise PackError(f"a pack is written as {', '.join(FORMATS)}, not '{suffix or 'no suffix'}'")
    return makers[suffix]()


def write_pack(store: Store, catalogue: Catalogue, period: str, out: Path) -> Path:
    """Write the pack for `period` ('YYYY-MM') to `out`, its format chosen by the suffix.

    Raises PackError for a bad month, a month with no figures or an unknown suffix, and
    ChromiumMissing for a PDF on a machine without Chromium; nothing is written then.
    """
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        wrong = out.suffix or out.name
        raise PackError(f"a pack is written as {', '.join(FORMATS)}, not '{wrong}'")
    data = pack_bytes(gather(store, catalogue, period), out.suffix)
    out.write_bytes(data)
    return out
