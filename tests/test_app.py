"""The app as Streamlit runs it (AppTest): demo on first start, upload a bad then a good file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import csv
from streamlit.testing.v1 import AppTest

from kpis.store import Store

ROOT = Path(__file__).resolve().parents[1]
HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


@pytest.fixture
def app_env(monkeypatch, db_url):
    monkeypatch.setenv("KPIS_DATABASE_URL", db_url)
    # No background warming of other months: each test has its own store, so it would only
    # compete with the test for the two cores.
    monkeypatch.setenv("KPIS_WARM_MONTHS", "0")
    yield db_url


def areas_shown(app: AppTest) -> list[str]:
    """The judgement-area headings of the scorecard, in order."""
    page = " ".join(h.proto.body for h in app.get("html"))
    return re.findall(r'<h2 class="kpi-area">([^<]+)</h2>', page)


def title_of(app: AppTest) -> str:
    """The page's title as its header draws it (ui/widgets.page_header); the sign-in page's
    is Streamlit's own."""
    import html

    for element in app.get("html"):
        found = re.search(r'<h1 class="kpis-h1">(.*?)</h1>', element.proto.body)
        if found:
            return html.unescape(found.group(1))
    return app.title[0].value if app.title else ""


def no_failure(app: AppTest) -> None:
    assert not app.exception, app.exception
    assert not [e for e in app.error if "Something went wrong" in e.value]


def run_page(page: str, **params: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    if page != "scorecard":
        app.switch_page(f"pages/{page}.py").run()
    no_failure(app)
    return app


def test_first_start_loads_the_demo_and_labels_it(app_env):
    app = run_page("scorecard")
    page = " ".join(h.proto.body for h in app.get("html"))
    assert '<div class="kpis-demo" role="note">' in page and "Illustrative demo data" in page
    assert title_of(app) == "Performance scorecard"
    assert areas_shown(app)[:2] == ["Help and protection", "Looked after and permanence"]
    assert len(Store(app_env).figures()) > 5000


def test_upload_bad_file_shows_report_and_publishes_nothing(app_env):
    app = run_page("upload")
    before = Store(app_env).version()
    body = HEADER + "icpc_15_days,2016-10,850,,,,,\nnope,2016-10,1,,,,,"
    app.file_uploader(key="upload").upload("bad.csv", csv(body), "text/csv").run()
    assert not app.exception
    assert "cannot be published" in app.error[0].value
    summary, report = app.dataframe[0].value, app.dataframe[1].value
    assert summary["Problem"].tolist() == ["the percentage … is outside 0–100", "unknown KPI id …"]
    assert report["Row"].tolist() == ["2", "3"]
    assert report["Column"].tolist() == ["value", "kpi_id"]
    # Each problem names its row's measure and shows what was typed.
    icpc = "ICPCs held within 15 working days of the strategy discussion"
    assert report["Measure"].tolist() == [icpc, "nope"]
    assert report["Value"].tolist() == ["850", "nope"]
    assert not [b for b in app.button if b.key == "publish"]
    assert Store(app_env).version() == before


def test_upload_good_file_previews_then_publishes(app_env):
    app = run_page("upload")
    body = HEADER + "icpc_15_days,2025-04,91.5,,,,,\nicpc_15_days,2025-03,12,,,,,"
    app.file_uploader(key="upload").upload("good.csv", csv(body), "text/csv").run()
    assert "is valid" in app.success[0].value and "1 new, 1 revised" in app.success[0].value
    assert any("revises the published" in str(v) for v in app.dataframe[1].value["Problem"])
    app.button(key="publish").click().run()
    assert not app.exception
    # The success survives the rerun that redraws the page's header and completeness panel.
    # The demo is three loads: its scorecard, its returns, and the measure its audits publish.
    assert any("published as load 4" in s.value for s in app.success)
    page = " ".join(h.proto.body for h in app.get("html"))
    assert "good.csv, load 4" in page
    figures = Store(app_env).figures()
    assert (
        figures.query("kpi_id == 'icpc_15_days' and period == '2025-04' and team == ''").value.iloc[
            0
        ]
        == 91.5
    )


def test_load_history_rolls_back(app_env):
    app = run_page("upload")
    app.file_uploader(key="upload").upload(
        "g.csv", csv(HEADER + "lado_referrals,2025-04,7,,,,,"), "text/csv"
    ).run()
    app.button(key="publish").click().run()
    app = run_page("loads")
    assert len(app.dataframe[0].value) == 4  # the demo's three loads, then this one
    app.selectbox(key="rollback_choice").set_value(4).run()
    app.button(key="rollback").click().run()
    app.button(key="rollback_confirm").click().run()
    assert not app.exception
    loads = Store(app_env).loads()
    assert loads.rolled_back_at.notna().tolist() == [False, False, False, True]


def test_scorecard_shows_every_area_with_benchmarks(app_env):
    app = run_page("scorecard")
    assert areas_shown(app)[:5] == [
        "Help and protection",
        "Looked after and permanence",
        "Care leavers",
        "Youth justice",
        "Leadership and workforce",
    ]
    tables = " ".join(h.proto.body for h in app.get("html"))
    assert "ICPCs held within 15 working days" in tables and "79.8%" in tables
    assert "kpi?kpi=icpc_15_days" in tables


def test_scorecard_counts_the_months_ratings_in_tiles_with_words(app_env):
    app = run_page("scorecard", period="2025-03")
    page = " ".join(h.proto.body for h in app.get("html"))
    tiles = dict(re.findall(r'</span> ([^<]+)</span><span class="n">(\d+)</span>', page))
    # Each rating's tile counts that rating's badges in the table below it.
    for word, symbol in [("Off target", "✖"), ("Near target", "▲"), ("On target", "✔")]:
        assert int(tiles[word]) == page.count(f">{symbol} {word}</span>") > 0
    assert re.search(r'Special causes of concern</span><span class="n">\d+</span>', page)
    assert 'aria-label="Measures for Mar 2025 by rating"' in page


def test_kpi_detail_from_url(app_env):
    app = run_page("kpi", kpi="dental_checks", period="2016-10")
    assert title_of(app).startswith("LAC (12+ months) with an up-to-date dental check")
    assert app.selectbox(key="kpi_period").value == "2016-10"
    page = " ".join(h.proto.body for h in app.get("html"))
    assert '<span class="w">Target</span><span class="n">90%</span>' in page


def test_exceptions_page_lists_ranked_reasons(app_env):
    app = run_page("exceptions", period="2025-03")
    page = " ".join(h.proto.body for h in app.get("html"))
    assert page.count("<tr>") > 10
    assert "Off target: 42.8% against a target of 90%" in page
    assert "kpi?kpi=immunisations&amp;period=2025-03&amp;team=" in page


def test_other_pages_render(app_env):
    for page in ("benchmarks", "definitions", "settings", "loads"):
        app = run_page(page)
        assert title_of(app), page


@pytest.fixture
def with_accounts(app_env):
    from kpis.access import Actor, Role
    from kpis.users import add_account

    admin = Store(app_env, actor=Actor("ada", Role.ADMIN))
    add_account(admin, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(admin, "vera", Role.VIEWER, "viewer passphrase 1")
    return app_env


def sign_in(name: str, password: str) -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    # AppTest's first run hashes widget ids against no page at all, so values typed into its
    # widgets are lost; from the second run on the ids are those a browser keeps.
    app.run().run()
    assert title_of(app) == "Sign in"
    app.text_input[0].set_value(name)
    app.text_input[1].set_value(password)
    app.button[0].click().run()
    no_failure(app)
    return app


def test_sign_in_required_and_wrong_password_refused(with_accounts):
    app = sign_in("vera", "not the password")
    assert "not right" in app.error[0].value
    assert title_of(app) == "Sign in"


def test_viewer_sees_board_pages_only(with_accounts):
    app = sign_in("vera", "viewer passphrase 1")
    assert title_of(app) == "Performance scorecard"
    assert any("Signed in as **vera** (viewer)" in c.value for c in app.sidebar.caption)
    with pytest.raises(Exception):  # noqa: B017 - the page is not registered for a viewer
        app.switch_page("pages/upload.py").run()


def test_admin_reads_the_audit_log(with_accounts):
    app = sign_in("ada", "admin passphrase 1")
    app.switch_page("pages/audit.py").run()
    no_failure(app)
    events = app.dataframe[0].value["What"].tolist()
    assert "sign-in" in events


def rerun(app: AppTest) -> AppTest:
    """The whole app run again for the same browser session (its session state carried over):
    AppTest's own run() of a multipage app reruns only the page, not app.py's sign-in."""
    again = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key in ("session_token", "actor"):
        if key in app.session_state:
            again.session_state[key] = app.session_state[key]
    again.run()
    no_failure(again)
    return again


def test_a_session_expires_after_idle_minutes_and_sign_out_ends_it(with_accounts, ticker):
    from datetime import timedelta

    app = sign_in("vera", "viewer passphrase 1")
    ticker.set(ticker.moment + timedelta(minutes=20))
    app = rerun(app)
    assert title_of(app) == "Performance scorecard"
    ticker.set(ticker.moment + timedelta(minutes=31))
    app = rerun(app)
    assert title_of(app) == "Sign in"
    assert any("Your session expired" in i.value for i in app.info)
    app = sign_in("vera", "viewer passphrase 1")
    app.sidebar.button(key="sign_out").click().run()
    assert "session_token" not in app.session_state
    assert title_of(rerun(app)) == "Sign in"


def test_demo_mode_ends_at_the_next_rerun_when_an_account_is_added(app_env):
    from kpis.access import Actor, Role
    from kpis.users import add_account

    app = run_page("scorecard")
    assert any("Demo mode" in c.value for c in app.sidebar.caption)
    # Added through another process (the command line): the database decides, not a file.
    add_account(Store(app_env, actor=Actor("ada", Role.ADMIN)), "ada", Role.ADMIN,
                "admin passphrase 1")  # fmt: skip
    app = rerun(app)
    assert title_of(app) == "Sign in"


def test_choosing_a_team_puts_it_in_the_url(app_env):
    app = run_page("kpi", kpi="icpc_15_days", period="2024-10")
    teams = app.selectbox(key="team").options
    assert teams[0] == "Whole authority" and len(teams) > 1
    app.selectbox(key="team").set_value(app.selectbox(key="team").options[1]).run()
    no_failure(app)
    assert app.query_params["team"] in (teams[1], [teams[1]])


def test_analyst_changes_a_target_and_the_board_sees_it(app_env):
    app = run_page("settings")
    form_boxes = [s for s in app.selectbox if s.label == "Measure"]
    form_boxes[0].set_value("icpc_15_days")
    next(s for s in app.selectbox if s.label == "Applies to").set_value("")
    next(n for n in app.number_input if n.label == "Target").set_value(70.0)
    next(b for b in app.button if b.label == "Save target").click().run()
    no_failure(app)
    assert any("target 70%" in s.value for s in app.success)
    board = run_page("scorecard", period="2025-03")
    tables = " ".join(h.proto.body for h in board.get("html"))
    row = tables.split("ICPCs held within 15 working days")[1].split("</tr>")[0]
    assert "70%" in row and "On target" in row


def test_a_load_published_elsewhere_shows_at_the_next_rerun(app_env):
    """Pages share cached views keyed by the store's version, read once per run: a load made by
    another process (here straight through the store) shows when the open session reruns."""
    from kpis import ingest
    from kpis.catalogue import load_catalogue
    from kpis.store.session import Session

    app = run_page("scorecard")
    assert app.selectbox(key="period").value == "2025-03"
    store = Store(app_env)
    body = csv(HEADER + "icpc_15_days,2025-04,12.5,,,,,")
    checked = ingest.check(store, body, "elsewhere.csv", load_catalogue())
    writes = Session.writes
    ingest.publish(store, checked, user="another server")
    Session.writes = writes  # as another process's write: this one cannot count it
    app.run()
    no_failure(app)
    # One April figure: offered, marked incomplete.
    assert app.selectbox(key="period").options[0] == "Apr 2025 (incomplete: 1 of 33 measures)"
    assert "Last load:" in " ".join(h.proto.body for h in app.get("html"))
    assert "by another server" in " ".join(h.proto.body for h in app.get("html"))


def test_commentary_is_shown_as_written_never_as_html(app_env):
    from kpis import ingest
    from kpis.catalogue import load_catalogue

    run_page("scorecard")
    store = Store(app_env)
    note = '"Two late ICPCs: <b>see</b> **audit**\nNext line"'
    body = csv(HEADER + f"icpc_15_days,2025-04,12.5,,,,,{note}")
    ingest.publish(store, ingest.check(store, body, "notes.csv", load_catalogue()), user="a")
    app = run_page("kpi", kpi="icpc_15_days", period="2025-04")
    no_failure(app)
    page = " ".join(h.proto.body for h in app.get("html"))
    assert "<dt" in page and "Apr 2025</dt>" in page
    # The line break kept, as a character reference (kpis.markup.html_text; white-space:pre-wrap).
    assert "Two late ICPCs: &lt;b&gt;see&lt;/b&gt; **audit**&#10;Next line" in page
    assert "<b>see</b>" not in page


# The demo's LAC reviews: 96.9% against 95% in Mar 2025 (from its returns), above the mean every
# month since Jun 2021, with limits from years before that.
LAC_CHANGED = (
    "The process changed in Jun 2021: limits from before the change cannot judge the target"
)


def page_text(app: AppTest) -> str:
    import html

    parts = [h.proto.body for h in app.get("html")] + [m.value for m in app.markdown]
    return html.unescape(" ".join(parts))


def test_board_views_say_the_process_changed_instead_of_will_fail(app_env):
    app = run_page("kpi", kpi="lac_reviews_timely", period="2025-03")
    shown = page_text(app)
    assert LAC_CHANGED in shown and "consistently fail" not in shown
    scorecard = page_text(run_page("scorecard", period="2025-03"))
    lac_row = scorecard.split("kpi=lac_reviews_timely")[1].split("</tr>")[0]
    assert LAC_CHANGED in lac_row and "consistently fail" not in lac_row
    exceptions = page_text(run_page("exceptions", period="2025-03"))
    assert "LAC reviews held within timescale" not in exceptions
    # Immunisations is an exception for other reasons: the change is said beside them.
    immunisations = exceptions.split("kpi=immunisations")[1].split("</tr>")[0]
    assert "The process changed in Jan 2021" in immunisations
    assert "consistently fail" not in immunisations


def test_the_scorecards_spc_icons_have_their_meaning_in_words_beside_them(app_env):
    scorecard = page_text(run_page("scorecard", period="2025-03"))
    rows = [r.split("</tr>")[0] for r in scorecard.split('<th scope="row">')[1:]]
    assert len(rows) > 25
    for row in rows:
        icons = row.split('data-label="Variation, assurance"')[1].split("</td>")[0]
        # Two icons, each followed by its words on the page (not only in a hover title).
        assert icons.count('<span class="spc">') == 2, icons
        words = re.findall(r"<img [^>]+><span[^>]*>([^<]+)</span>", icons)
        assert len(words) == 2 and all(w.strip() for w in words), icons
    shown = " ".join(rows)
    assert "Common cause" in shown and "Hit and miss" in shown and "Not assessed" in shown


def test_an_analyst_is_offered_to_re_base_where_the_run_began(app_env):
    app = run_page("kpi", kpi="lac_reviews_timely", period="2025-03")
    assert app.button(key="rebase").label == "Record a re-base at Jun 2021"
    assert any(
        c.value.startswith("The 46 figures since Jun 2021 are all above the mean")
        for c in app.caption
    )
    app.button(key="rebase").click().run()
    assert app.text_area(key="rebase_reason").label == "Why the process changed"
    # A process that has not moved on offers nothing.
    app = run_page("kpi", kpi="icpc_15_days", period="2025-03")
    assert not [b for b in app.button if b.key == "rebase"]


def test_a_board_member_sees_the_words_but_no_re_base(with_accounts):
    app = sign_in("vera", "viewer passphrase 1")
    app.query_params["kpi"] = "lac_reviews_timely"
    app.switch_page("pages/kpi.py").run()
    no_failure(app)
    assert LAC_CHANGED in page_text(app)
    assert not [b for b in app.button if b.key == "rebase"]


FTE_ENGLAND = (
    "England's published figure (1,258.0 per 100k) is outside the range of the regions' "
    "(98.0–181.0 per 100k) and is not used"
)


def test_englands_first_time_entrants_are_not_compared_with(app_env):
    # DfE publishes 1,258 for England beside regions of 98 to 181 per 100,000.
    compare = page_text(run_page("benchmarks", kpi="yj_first_time_entrants"))
    assert f"In 2024, {FTE_ENGLAND}." in compare
    assert "England 1258" not in compare  # no England line on the neighbours chart
    detail = page_text(run_page("kpi", kpi="yj_first_time_entrants"))
    assert FTE_ENGLAND in detail
    scorecard = page_text(run_page("scorecard", period="2025-03"))
    row = scorecard.split("kpi=yj_first_time_entrants")[1].split("</tr>")[0]
    assert "not used" in row and "1,258" not in row
