"""Settings: choosing the measures the public site shows (audited) and downloading the site."""

from __future__ import annotations

import streamlit as st

from kpis.access import Permission
from kpis.site import gather_site, site_zip
from kpis.site.flags import mark_public
from kpis.store import Store
from ui import auth, state
from ui.widgets import month_label


@st.cache_data(show_spinner=False, max_entries=4)
def _zip(_store: Store, url: str, version: str, public: tuple[str, ...], period: str) -> bytes:
    # Keyed on the data version and what is public: either changing makes a new site.
    return site_zip(gather_site(_store, state.catalogue(), period))


def public_section() -> None:
    store = auth.store()
    if not store.actor.can(Permission.PUBLISH_PUBLIC):
        return
    st.header("Public site")
    st.write(
        "Choose the measures residents and members may see. The public site shows each one's "
        "latest figure, target, rating, trend and DfE comparisons; never commentary, team "
        "figures or case records, and figures from fewer than 5 children read 'fewer than 5'."
    )
    catalogue = state.catalogue()
    # A measure since removed from the catalogue stays out of the choice (and off the site).
    public = [k for k in store.public_keys("kpi") if k in catalogue.by_id()]
    with st.form("public_form"):
        chosen = st.multiselect(
            "Measures on the public site",
            [k.id for k in catalogue.kpis],
            default=[k for k in public if k in catalogue.by_id()],
            format_func=lambda i: catalogue.get(i).name,
            key="public_kpis",
        )
        if st.form_submit_button("Save public measures"):
            changes = [(k, True) for k in chosen if k not in public]
            changes += [(k, False) for k in public if k not in chosen]
            for kpi_id, flag in changes:
                mark_public(store, catalogue, kpi_id, flag)
            count = "1 measure is" if len(chosen) == 1 else f"{len(chosen)} measures are"
            st.success(
                f"{count} public ({len(changes)} changed)." if changes else "Nothing changed."
            )
            public = [k for k in store.public_keys("kpi") if k in catalogue.by_id()]
    shown_refs = _recommendations(store, catalogue)
    months = state.months()
    if not months:
        return
    period = st.selectbox("Month the site shows", months, index=months.index(state.board_month()),
                          format_func=month_label, key="site_month")  # fmt: skip
    key = (state.db_url(), store.version(), (*public, *shown_refs), period)
    st.download_button(
        "Download the public site (zip)",
        # Made when pressed, on Streamlit's download thread, not on every rerun.
        data=lambda: _zip(store, *key),
        on_click="ignore",
        file_name=f"public-site-{period}.zip",
        mime="application/zip",
        key="site_zip",
        icon=":material/download:",
    )
    st.caption(
        "Unzip and open public-site/index.html, or copy the folder to any web server. "
        "`python -m kpis site --out DIR` writes the same files."
    )


def _recommendations(store: Store, catalogue) -> list[str]:
    """The plan's recommendations the public may read (with their status, never narratives)."""
    from kpis.plans.service import current_plan
    from kpis.site.recommendations import public_refs

    plan = current_plan(store)
    if not plan.recommendations:
        return []
    public = public_refs(store, plan)
    with st.form("public_recs_form"):
        chosen = st.multiselect(
            "Recommendations on the public site",
            [r.ref for r in plan.recommendations],
            default=public,
            format_func=lambda ref: f"{ref}: {plan.recommendation(ref).recommendation[:80]}",
            key="public_recs",
        )
        if st.form_submit_button("Save public recommendations"):
            changes = [(r, True) for r in chosen if r not in public]
            changes += [(r, False) for r in public if r not in chosen]
            for ref, flag in changes:
                mark_public(store, catalogue, ref, flag)
            st.success(f"{len(chosen)} public ({len(changes)} changed).")
            public = public_refs(store, plan)
    return public
