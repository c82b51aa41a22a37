"""The Quality assurance page and the Upload page's audit tab, as Streamlit runs them (AppTest):
the board's month for everyone, the audits behind it only for managers and analysts."""

from __future__ import annotations

import pytest
from audits_helpers import csv_bytes, row
from test_app import ROOT, app_env, no_failure, run_page, sign_in  # noqa: F401

from kpis.access import Actor, Role
from kpis.audits import importing
from kpis.store import Store
from kpis.users import add_account

FLAG = "Child Protection North: all 18 audits good or better, while 2 of 4 measures are red"


def page_text(app) -> str:
    """Everything the page drew: its HTML, markdown, tables and captions."""
    parts = [h.proto.body for h in app.get("html")]
    parts += [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [d.value.to_csv() for d in app.dataframe]
    return "\n".join(parts)


def table_of(app, caption: str) -> str:
    """The HTML element holding the table with this caption."""
    return next(h.proto.body for h in app.get("html") if f">{caption}</caption>" in h.proto.body)


def test_the_month_shows_grades_trend_domains_teams_and_triangulation(app_env):  # noqa: F811
    app = run_page("quality")
    assert app.selectbox(key="qa_period").value == "2025-03"
    text = page_text(app)
    for heading in ("Grades of the month", "By practice domain", "By team",
                    "Triangulation: audits beside the measures"):  # fmt: skip
        assert f'<h2 class="kpis-h2">{heading}</h2>' in text
    assert "## Good or better over time" in text
    # Counts with words and symbols beside each colour, and the bar said in words.
    assert '<span class="w">Audits completed</span><span class="n">35</span>' in text
    assert "✖</span> Inadequate</span>" in text
    assert 'role="img" aria-label="Grades of the 35 audits completed in Mar 2025: ' in text
    assert "were moderated;" in text
    assert f"<b>Feb 2025</b>: {FLAG}" in text
    assert "DEMO-" not in text.split("The audits behind the figures")[0]


def test_an_earlier_month_puts_its_flag_in_the_table(app_env):  # noqa: F811
    app = run_page("quality", period="2025-02")
    assert app.selectbox(key="qa_period").value == "2025-02"
    text = page_text(app)
    assert f'<div class="v">{FLAG}</div>' in text


def test_analysts_see_the_audits_behind_a_team_only_when_asked_and_audited(app_env):  # noqa: F811
    app = run_page("quality")
    assert [h.value for h in app.header] == ["The audits behind the figures"]
    assert "DEMO-" not in page_text(app)  # nothing personal until asked for
    app.selectbox(key="qa_team").set_value("Children in Care").run()
    app.toggle(key="show_audits").set_value(True).run()
    no_failure(app)
    listed = table_of(app, "Children in Care: audits in Mar 2025")
    assert listed.count('<th scope="row">DEMO-') == 6
    for column in ("Date", "Auditor", "Grade", "Domain grades", "Learning", "Follow-up due"):
        assert f'data-label="{column}"' in listed
    overdue = table_of(app, "Follow-ups overdue at 31 Mar 2025")
    assert overdue.count('<th scope="row">DEMO-') == 1
    log = Store(app_env, actor=Actor("ada", Role.ADMIN)).audit_log()
    assert "audit list view" in set(log["event"])


@pytest.fixture
def with_accounts(app_env):  # noqa: F811
    admin = Store(app_env, actor=Actor("ada", Role.ADMIN))
    add_account(admin, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(admin, "vera", Role.VIEWER, "viewer passphrase 1")
    add_account(admin, "max", Role.MANAGER, "manager passphrase 1",
                teams=["Child Protection North"])  # fmt: skip
    return app_env


def test_viewers_see_the_board_month_and_nothing_case_level(with_accounts):
    app = sign_in("vera", "viewer passphrase 1")
    app.switch_page("pages/quality.py").run()
    no_failure(app)
    text = page_text(app)
    assert "Grades of the month" in text and FLAG in text
    assert "DEMO-" not in text and "Social worker" not in text
    assert not app.header and not app.get("toggle")


def test_managers_see_only_their_own_teams_audits(with_accounts):
    app = sign_in("max", "manager passphrase 1")
    app.switch_page("pages/quality.py").run()
    no_failure(app)
    assert app.selectbox(key="qa_team").options == ["Child Protection North"]
    app.toggle(key="show_audits").set_value(True).run()
    no_failure(app)
    assert table_of(app, "Child Protection North: audits in Mar 2025").count("DEMO-") == 6
    overdue = table_of(app, "Follow-ups overdue at 31 Mar 2025")
    assert overdue.count('<th scope="row">DEMO-') == 1
    assert "Child Protection North" in overdue  # the demo's one overdue follow-up is theirs


def test_groups_of_fewer_than_5_audits_are_hidden(app_env):  # noqa: F811
    store = Store(app_env)
    run_page("scorecard")  # the demo, loaded on first start
    small = [row(f"S{i}", "good", team="Small Team", date="2025-03-20") for i in range(3)]
    importing.publish(store, importing.check(store, csv_bytes(small), "small.csv"))
    app = run_page("quality")
    text = page_text(app)
    team_row = text.split('<th scope="row">Small Team</th>')[1].split("</tr>")[0]
    # Audits, good or better, requires improvement, inadequate; and no percentage.
    assert team_row.count("fewer than 5") == 4
    assert 'data-label="% good or better"><div class="v">–</div>' in team_row
