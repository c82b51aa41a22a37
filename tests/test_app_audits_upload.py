"""The Upload page's Case audits tab, as Streamlit runs it (AppTest): the report of problems by
row and column, nothing imported on any error, then an import that publishes the measure."""

from __future__ import annotations

from audits_helpers import csv_bytes, row
from test_app import app_env, no_failure, run_page  # noqa: F401  (app_env is a fixture)
from test_loads_page import read

from kpis.store import Store


def test_the_audit_tab_reports_problems_by_row_and_column_then_imports(app_env):  # noqa: F811
    app = run_page("upload")
    before = Store(app_env).version()
    bad = csv_bytes([row("N1", "good", date="2025-03-03"), row("N2", "great", date="2025-03-04"),
                     row("N3", "good", date="2025-03-05", domain="Planning")])  # fmt: skip
    app.file_uploader(key="audits").upload("bad.csv", bad, "text/csv").run()
    no_failure(app)
    assert "bad.csv cannot be imported" in read(app.error[0].value)
    # The report by kind of problem, then every problem with its row and column.
    every = next(d.value for d in app.dataframe if "Row" in d.value.columns)
    assert list(zip(every["Row"], every["Column"], strict=True)) == [
        ("3", "grade"), ("4", "domain"),
    ]  # fmt: skip
    assert not app.get("button") or all(b.key != "audits_publish" for b in app.button)
    assert Store(app_env).version() == before
    good = csv_bytes([row("N1", "good", date="2025-03-03", team="Children in Care")])
    app.file_uploader(key="audits").upload("good.csv", good, "text/csv").run()
    assert "good.csv: valid: 1 audits (1 new, 0 replaced)" in read(app.success[-1].value)
    app.button(key="audits_publish").click().run()
    no_failure(app)
    assert read(app.success[-1].value).startswith("good.csv: imported 1 audits (1 new, 0 replaced)")
    assert "N1" in Store(app_env).audit_ids()


def test_a_file_name_is_shown_as_text_never_as_markdown(app_env):  # noqa: F811
    app = run_page("upload")
    bad = csv_bytes([row("N2", "great", date="2025-03-04")])
    app.file_uploader(key="audits").upload("[x](javascript:alert(1)).csv", bad, "text/csv").run()
    no_failure(app)
    shown = app.error[0].value
    assert "\\[x\\]\\(" in shown, "the name's brackets must be escaped, not a link"
    assert read(shown).startswith("**[x](javascript:alert(1)).csv cannot be imported**")
