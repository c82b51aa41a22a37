"""The public site (DESIGN §9): static pages of the public measures and recommendations."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from kpis.catalogue import Catalogue
from kpis.site.content import PublicKpi, SiteContent, SiteError, gather_site
from kpis.site.folder import MANIFEST, manifest_bytes, write_folder
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
    "MANIFEST",
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
    """Every file of the site by its path inside the site's folder, sorted; the manifest listing
    the others is one of them, so an unzipped site can be rebuilt in place by the command."""
    files = {
        STYLESHEET: CSS.encode("utf-8"),
        INDEX: index_page(content).encode("utf-8"),
        PLAN: plan_page(content).encode("utf-8"),
    }
    for item in content.kpis:
        files[measure_page(item.kpi.id)] = measure_html(content, item).encode("utf-8")
        files[measure_csv(item.kpi.id)] = to_csv_bytes(measure_table(item))
    files[MANIFEST] = manifest_bytes(files)
    return dict(sorted(files.items()))


def write_site(
    store: Store, catalogue: Catalogue, out: Path, period: str | None = None
) -> SiteContent:
    """Write the site into `out` (made if missing); a rebuild removes only the files the earlier
    build listed in its manifest, and a folder holding anything else is refused (SiteError)."""
    content = gather_site(store, catalogue, period)
    write_folder(Path(out), site_files(content))
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
