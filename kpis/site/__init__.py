"""The public site (DESIGN §9): static pages of the public measures and recommendations."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kpis.catalogue import Catalogue
from kpis.site.content import PublicKpi, SiteContent, SiteError, gather_site
from kpis.site.pages import (
    INDEX,
    PLAN,
    STYLESHEET,
    index_page,
    measure_csv,
    measure_html,
    measure_page,
    measure_table,
    plan_page,
)
from kpis.site.recommendations import PublicRecommendation, public_recommendations
from kpis.site.style import CSS
from kpis.store import Store
from kpis.tables import to_csv_bytes

__all__ = [
    "PublicKpi",
    "PublicRecommendation",
    "SiteContent",
    "SiteError",
    "gather_site",
    "public_recommendations",
    "site_files",
    "site_zip",
    "write_site",
]
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)


def site_files(content: SiteContent) -> dict[str, bytes]:
    """Every file of the site by its path inside the site's folder, sorted."""
    files = {
        STYLESHEET: CSS.encode("utf-8"),
        INDEX: index_page(content).encode("utf-8"),
        PLAN: plan_page(content).encode("utf-8"),
    }
    for item in content.kpis:
        files[measure_page(item.kpi.id)] = measure_html(content, item).encode("utf-8")
        files[measure_csv(item.kpi.id)] = to_csv_bytes(measure_table(item))
    return dict(sorted(files.items()))


def write_site(
    store: Store, catalogue: Catalogue, out: Path, period: str | None = None
) -> SiteContent:
    """Write the site into `out` (made if missing; files a previous build left are replaced)."""
    content = gather_site(store, catalogue, period)
    files = site_files(content)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / INDEX).exists():
        raise SiteError(f"{out} is not empty and holds no earlier site: choose an empty folder")
    out.mkdir(parents=True, exist_ok=True)
    # A rebuild replaces the earlier site's own files (a measure taken off public goes too).
    earlier = [out / INDEX, out / PLAN, out / STYLESHEET, *out.glob("measure-*.html")]
    for old in [*earlier, *out.glob("data/*.csv")]:
        old.unlink(missing_ok=True)
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return content


def site_zip(content: SiteContent) -> bytes:
    """The site as one zip (a `public-site/` folder), the same bytes for the same content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in site_files(content).items():
            info = zipfile.ZipInfo(f"public-site/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
