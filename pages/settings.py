"""Settings: the authority, the board's month, DfE data, targets and the public site."""

import tempfile
from pathlib import Path

import streamlit as st

from kpis.benchmarks import BenchmarkFileError
from kpis.markup import markdown_text
from kpis.published import import_files, set_authority
from ui import auth, published
from ui.public_site import public_section
from ui.ready_form import ready_section
from ui.targets_form import targets_section
from ui.widgets import page_header

page_header("Settings")
data = published.data()
me = published.who()

st.header("Authority")
st.write("The dashboard compares this authority with its DfE statistical neighbours.")
authorities = data.authorities(me.model_year)
codes = authorities["area_code"].astype(int).tolist()
names = dict(zip(codes, authorities["area_name"], strict=True))
with st.form("authority_form"):
    la = st.selectbox(
        "Local authority",
        codes,
        index=codes.index(me.la_code),
        format_func=lambda c: f"{names[c]} ({c})",
    )
    years = data.model_years[::-1]
    model = st.selectbox("Statistical neighbour model", years, index=years.index(me.model_year))
    if st.form_submit_button("Save"):
        chosen = set_authority(auth.store(), data, int(la), int(model))
        st.cache_data.clear()
        st.success(
            f"Now comparing {markdown_text(names[chosen.la_code])} with its "
            f"{chosen.model_year} neighbours."
        )

ready_section()

st.header("DfE published data")
imports = auth.store().benchmark_imports()
if imports.empty:
    st.caption("Using the DfE figures shipped with the app. Import newer files when DfE publishes.")
else:
    last = imports.iloc[-1]
    st.caption(
        markdown_text(f"Last import: {last['files']} by {last['user']} at {last['imported_at']}.")
    )
files = st.file_uploader(
    "LAIT long file (parquet) with its data dictionary, EES tidy CSVs, or neighbour models",
    type=["parquet", "csv", "xlsx"],
    accept_multiple_files=True,
    key="bench_files",
)
if files and st.button("Import these files", key="bench_import"):
    with tempfile.TemporaryDirectory() as folder, st.spinner("Importing…"):
        paths = []
        for upload in files:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            paths.append(path)
        try:
            count, warnings = import_files(auth.store(), paths, user=auth.user())
        except BenchmarkFileError as bad:
            listed = "\n".join(f"- {markdown_text(p)}" for p in bad.problems)
            st.error("Nothing was imported:\n\n" + listed)
        else:
            st.cache_data.clear()
            st.success(f"Imported {count} published figures.")
            for warning in warnings:
                st.warning(markdown_text(warning))

targets_section()
public_section()
