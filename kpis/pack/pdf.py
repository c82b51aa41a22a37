"""The pack as a PDF: the system's headless Chromium prints the HTML pack on A4 landscape."""

from __future__ import annotations

import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

from kpis.pack.content import PackContent

CHROMIUM_ENV = "KPIS_CHROMIUM"
_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# A4 landscape less the page margins, in CSS pixels: charts are drawn at the width they print.
_VIEWPORT = {"width": 1047, "height": 740}
_MARGIN = {"top": "10mm", "right": "10mm", "bottom": "13mm", "left": "10mm"}
_TIMEOUT_MS = 120_000
_READY = "document.documentElement.getAttribute('data-charts-ready') === 'yes'"


class ChromiumMissing(RuntimeError):
    """No Chromium to print with: the PDF pack needs Debian's `chromium` package."""


def find_chromium() -> str | None:
    """The Chromium to print with: $KPIS_CHROMIUM, else the usual system paths, else PATH."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in _CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def footer(content: PackContent) -> str:
    """Every page's footer: the pack, the demo label when demo, and 'Page n of N'."""
    return page_footer(content.title(), content.demo)


def page_footer(title: str, demo: bool) -> str:
    """A printed document's footer: its title, the demo label when demo, and 'Page n of N'."""
    label = "Illustrative demo data, not real figures" if demo else ""
    return (
        "<div style=\"font-family:Arial,'Liberation Sans',sans-serif;font-size:8px;"
        "color:#505a5f;width:100%;margin:0 10mm;display:flex;justify-content:space-between;"
        '-webkit-print-color-adjust:exact">'
        f"<span>{escape(title)}</span><span><b>{escape(label)}</b></span>"
        '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span>'
        "</div>"
    )


def html_to_pdf(html: str, footer_html: str) -> bytes:
    """Print an HTML document (charts drawn first) to A4 landscape PDF with a page footer."""
    chromium = find_chromium()
    if chromium is None:
        raise ChromiumMissing(
            "the PDF pack needs Chromium: install Debian's package (apt-get install chromium) "
            f"or set {CHROMIUM_ENV} to its path"
        )
    # Playwright's sync API refuses to run where an asyncio loop is running (as a web app's
    # thread may have); a thread of its own never has one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, chromium, html, footer_html).result()


def _print(chromium: str, html: str, footer_html: str) -> bytes:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="kpis-pack-") as folder:
        page_file = Path(folder) / "pack.html"
        page_file.write_text(html, encoding="utf-8")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, args=_ARGS, headless=True
            )
            try:
                page = browser.new_page(viewport=_VIEWPORT)
                # The pack is self-contained: anything it tried to fetch would be a fault.
                page.route("**/*", _local_only)
                page.emulate_media(media="print")
                page.goto(page_file.as_uri(), wait_until="load", timeout=_TIMEOUT_MS)
                page.wait_for_function(_READY, timeout=_TIMEOUT_MS)
                return page.pdf(
                    format="A4",
                    landscape=True,
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=footer_html,
                    margin=_MARGIN,
                    prefer_css_page_size=True,
                )
            finally:
                browser.close()


def _local_only(route) -> None:
    if route.request.url.startswith(("file:", "data:")):
        route.continue_()
    else:
        route.abort()
