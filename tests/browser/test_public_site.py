"""The public site opened from a folder (file://) in Chromium: axe-clean, links work, no
horizontal scrolling at tablet and phone sizes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kpis import clock
from kpis.annex_a.synthetic import make_annex_a, write_annex_a
from kpis.cases import import_workbook
from kpis.catalogue import load_catalogue
from kpis.demo import load_demo_if_empty
from kpis.site import write_site
from kpis.store import Store

from .harness import SCREENSHOTS, axe_findings, require_axe

pytestmark = pytest.mark.browser
PUBLIC = ["assessments_45_days", "icpc_15_days", "dental_checks", "lado_referrals"]
SIZES = [(1400, 900), (1024, 768), (768, 1024), (390, 844)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("public-site")
    clock.set_clock(lambda: datetime(2025, 4, 8, 9, 30, tzinfo=UTC))
    try:
        store, catalogue = Store(f"sqlite:///{folder / 'store.sqlite'}"), load_catalogue()
        load_demo_if_empty(store, catalogue)
        # Case-level figures give small numbers, so "fewer than 5" is on the pages checked.
        workbook = write_annex_a(folder / "annex_a.xlsx", make_annex_a(children=300))
        import_workbook(store, workbook.read_bytes(), workbook.name)
        for kpi_id in PUBLIC:
            store.set_public("kpi", kpi_id, True)
    finally:
        clock.set_clock(None)
    write_site(store, catalogue, folder / "site", "2025-03")
    return folder / "site"


def no_axe_violations(page, where: str) -> None:
    found = axe_findings(page, where)
    assert not found, "axe-core violations on the public site:\n" + "\n".join(
        f.line() for f in found
    )


def styled(page) -> None:
    """The stylesheet loaded from the folder (a relative link): the header bar is dark."""
    page.wait_for_load_state()
    colour = "getComputedStyle(document.querySelector('header.site')).backgroundColor"
    assert page.evaluate(colour) == "rgb(11, 12, 12)", page.url


def test_the_site_opens_from_a_folder_and_every_page_is_axe_clean(browser, site):
    require_axe()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((site / "index.html").as_uri())
        assert page.get_by_role("heading", level=1).inner_text().startswith("Haringey")
        # The stylesheet loaded from the folder: the header bar is dark.
        assert (
            page.evaluate("getComputedStyle(document.querySelector('header.site')).backgroundColor")
            == "rgb(11, 12, 12)"
        )
        no_axe_violations(page, "public site: index")
        name = load_catalogue().get("icpc_15_days").name
        page.get_by_role("link", name=name, exact=True).click()
        page.wait_for_url("**/measure-icpc_15_days.html")
        assert page.get_by_role("heading", level=1).inner_text() == name
        assert page.get_by_role("img", name=f"{name}: recent figures").is_visible()
        assert "fewer than 5" in page.locator("main").inner_text()
        styled(page)
        no_axe_violations(page, "public site: measure")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download every figure for this measure (CSV)").click()
        assert download.value.suggested_filename == "icpc_15_days.csv"
        page.get_by_role("link", name="Improvement plan").click()
        page.wait_for_url("**/recommendations.html")
        styled(page)
        no_axe_violations(page, "public site: improvement plan")
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.parametrize("width, height", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_page_scrolls_sideways(browser, site, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for name in ("index.html", "measure-assessments_45_days.html"):
            page.goto((site / name).as_uri())
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{name} is {wide}px wide at {width}px"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shot = SCREENSHOTS / f"public-{name.removesuffix('.html')}-{width}x{height}.png"
            page.screenshot(path=shot, full_page=True)
    finally:
        context.close()
