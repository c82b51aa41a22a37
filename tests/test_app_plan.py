"""The Improvement plan page and the Upload page's plan tab, as Streamlit runs them (AppTest)."""

from __future__ import annotations

from test_app import app_env, no_failure, run_page  # noqa: F401  (app_env is a fixture)

from kpis.plans.service import current_plan
from kpis.store import Store
from tests.plans_helpers import rec, update, workbook


def html_of(app) -> str:
    return " ".join(h.proto.body for h in app.get("html"))


def test_the_demo_plan_is_shown_with_tiles_cards_and_checks(app_env):  # noqa: F811
    app = run_page("plan", date="2025-03-31")
    page = html_of(app)
    assert page.count('class="plan-card"') == 16
    assert '<span aria-hidden="true" style="color:#1d70b8">★</span> Complete</span>' \
           '<span class="n">3</span>' in page  # fmt: skip
    assert "Rated On track, but 1 of 1 evidence measures are off target." in page
    assert [b.label for b in app.get("download_button")][:2] == [
        "Progress report (Word)", "Progress report (HTML)",
    ]  # fmt: skip


def test_prepare_the_pdf_offers_the_pdf_and_the_page_stays_up(app_env):  # noqa: F811
    from datetime import date

    # The printed file was once stored under the download button's own key: the page crashed.
    app = run_page("plan", date="2025-03-31")
    app.button(key="report_pdf_make").click().run()
    no_failure(app)
    assert [b.label for b in app.get("download_button")] == [
        "Progress report (Word)", "Progress report (HTML)", "Progress report (PDF)",
    ]  # fmt: skip
    app.selectbox(key="plan_date").set_value(date(2024, 6, 30)).run()
    no_failure(app)  # another date: the PDF of the first is not offered as this date's
    assert "Progress report (PDF)" not in [b.label for b in app.get("download_button")]


def test_filters_narrow_the_cards(app_env):  # noqa: F811
    app = run_page("plan", date="2025-03-31")
    app.multiselect[2].select("Off track").run()
    no_failure(app)
    assert html_of(app).count('class="plan-card"') == 3


def test_an_earlier_review_date_changes_the_statuses(app_env):  # noqa: F811
    app = run_page("plan", date="2024-06-30")
    page = html_of(app)
    assert "Rated At risk, while all 2 evidence measures are on target." in page
    assert "Status: At risk (was" not in page.split("R6")[1][:400]  # first update: no "was"


def test_the_review_date_is_chosen_from_the_plans_reviews_and_today(app_env):  # noqa: F811
    from datetime import date

    from kpis.plans.service import today

    app = run_page("plan")
    chooser = app.selectbox(key="plan_date")
    reviews = sorted({u.date for u in current_plan(Store(app_env)).updates}, reverse=True)
    assert chooser.options[0].startswith("Today, ") and len(chooser.options) == len(reviews) + 1
    assert chooser.value == reviews[0]  # what the board last discussed
    chooser.set_value(date(2024, 6, 30)).run()
    no_failure(app)
    assert app.query_params["date"] == "2024-06-30"
    assert "Rated At risk, while all 2 evidence measures are on target." in html_of(app)
    assert date(2024, 6, 30) in reviews and reviews[0] <= today()


def test_a_recommendation_detail_and_a_progress_update(app_env):  # noqa: F811
    app = run_page("plan", ref="LSCB2", date="2025-03-31")
    assert [h.value for h in app.header][:2] == ["Status over time", "Actions"]
    app.text_area[0].input("Audit tool agreed with partners")
    app.button[0].click().run()  # the form's "Add update"
    no_failure(app)
    assert any("Saved: the progress update of" in s.value for s in app.success)
    assert "Audit tool agreed with partners" in html_of(app)  # shown at once, at its date
    updates = current_plan(Store(app_env)).updates_for("LSCB2")
    assert [u.narrative for u in updates] == ["Audit tool agreed with partners"]


def test_measure_detail_links_back_to_the_recommendations(app_env):  # noqa: F811
    app = run_page("kpi", kpi="dental_checks")
    assert any('<h2 class="kpis-h2">Improvement plan</h2>' in h.proto.body
               for h in app.get("html"))  # fmt: skip
    assert any('href="plan?ref=R7' in h.proto.body and "R7: Improve" in h.proto.body
               for h in app.get("html"))  # fmt: skip


def test_plan_upload_previews_then_imports(app_env):  # noqa: F811
    app = run_page("upload")
    bad = workbook([rec("X1", kpis="nope")], None, None)
    app.file_uploader(key="plan_upload").upload("bad.xlsx", bad, "application/octet-stream").run()
    assert any("cannot be imported" in e.value for e in app.error)
    before = Store(app_env).plan_version()
    good = workbook([rec("X1")], None, [update("X1")])
    app.file_uploader(key="plan_upload").upload("plan.xlsx", good, "application/octet-stream")
    app.run()
    assert Store(app_env).plan_version() == before
    app.button(key="plan_publish").click().run()
    no_failure(app)
    assert current_plan(Store(app_env)).recommendation("X1") is not None


def test_settings_choose_public_recommendations(app_env):  # noqa: F811
    from kpis.site.recommendations import public_refs

    app = run_page("settings")
    box = app.multiselect(key="public_recs")
    assert box.value[:2] == ["R1", "R2"]  # the demo plan file's public column
    box.unselect("R1").select("LSCB2")
    next(b for b in app.button if b.label == "Save public recommendations").click().run()
    no_failure(app)
    store = Store(app_env)
    assert public_refs(store, current_plan(store)) == ["R2", "R6", "R7", "R11", "R14", "LSCB2"]


def test_the_command_line_reports_at_the_date_the_page_opens_on(app_env, capsys, tmp_path):  # noqa: F811
    from docx import Document

    from kpis.cli import main
    from kpis.plans.report.content import long_date
    from kpis.plans.service import today

    opened_on = run_page("plan").selectbox(key="plan_date").value
    assert opened_on < today()  # the demo plan's last review, not today
    out = tmp_path / "report.docx"
    assert main(["plan", "report", "--out", str(out), "--db", app_env]) == 0
    assert f"progress report at {opened_on.isoformat()} " in capsys.readouterr().out
    assert Document(str(out)).paragraphs[0].text.endswith(f"at {long_date(opened_on)}")


def test_a_recommendation_shows_its_audit_themes(app_env):  # noqa: F811
    app = run_page("plan", date="2025-03-31")
    page = html_of(app)
    assert (
        '<p class="plan-audits">Audits on Neglect, 3 months to Mar 2025: 11 of 18 good or '
        "better, 0 inadequate</p>"
    ) in page.split(">R3</a>:")[1].split('class="plan-card"')[0]
