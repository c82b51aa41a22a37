"""The year-end figure from the returns (DESIGN §10.4), as Streamlit runs it (AppTest) and as
kpis.returns.yearshown words it: each year beside DfE's published figure or provisional and
placed among the latest published year, and who is behind it, small groups hidden for the
board."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest
from test_app import no_failure, page_text, run_page, sign_in

from kpis.catalogue import load_catalogue
from kpis.month.scorecard import SUPPRESSED
from kpis.returns.yearshown import breakdown_chart, breakdown_table, year_line, year_rows
from kpis.store import Store

KPI = "placement_stability_3plus"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A store holding the synthetic returns of 2024/25 (published by DfE) and 2025/26 (not
    yet): imported once, copied for each test."""
    from kpis.returns.importing import import_returns
    from kpis.returns.synthetic_files import write_returns

    folder = tmp_path_factory.mktemp("year_end")
    written = write_returns(
        folder / "files", children=150, leavers=60, referrals_a_year=250, years=(2025, 2026)
    )
    path = folder / "store.sqlite"
    store = Store(f"sqlite:///{path}")
    for year in (2025, 2026):
        files = [p for w in written if w.year == year for p in w.files]
        import_returns(store, [(p.name, p.read_bytes()) for p in files], year=year)
    store.engine.dispose()
    return path


@pytest.fixture
def returns_env(built, tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    shutil.copy(built, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("KPIS_DATABASE_URL", url)
    monkeypatch.setenv("KPIS_WARM_MONTHS", "0")
    return url


def rows_of(url: str) -> pd.DataFrame:
    from kpis.published import authority, published_data
    from kpis.targets import catalogue_for

    store = Store(url)
    me = authority(store)
    return year_rows(store.return_year_ends(), published_data(store), catalogue_for(store),
                     me.la_code, me.model_year)  # fmt: skip


def words(url: str, year: int, *, exact: bool = True) -> str:
    rows = rows_of(url)
    (row,) = rows[(rows["kpi_id"] == KPI) & (rows["year"] == year)].itertuples()
    return year_line(row, load_catalogue().get(KPI), exact=exact)


def ours(url: str, year: int) -> float:
    """Our year-end figure for KPI, to one decimal place as the page shows it."""
    years = Store(url).return_year_ends()
    (value,) = years[(years["kpi_id"] == KPI) & (years["year"] == year)]["value"]
    return round(float(value), 1)


def groups(url: str) -> pd.DataFrame:
    """The latest year's breakdown of KPI, with whether a board view hides each group."""
    parts = Store(url).return_breakdowns()
    parts = parts[(parts["kpi_id"] == KPI) & (parts["year"] == parts["year"].max())]
    small = parts[["numerator", "denominator"]].isin([1, 2, 3, 4]).any(axis=1)
    return parts.assign(hidden=small)


def test_the_measures_detail_shows_each_year_beside_dfe_or_provisional(returns_env):
    app = run_page("kpi", kpi=KPI)
    text = page_text(app)
    assert "Year-end figure from the returns" in text
    published, provisional = words(returns_env, 2025), words(returns_env, 2026)
    mine = ours(returns_env, 2025)
    assert published.startswith(f"2024/25: DfE published 7.0%; our returns give {mine:.1f}%.")
    assert mine - 7.0 > 0.1 and "a question for the return" in published
    # A difference of percentages is in points, after DfE's rounding.
    assert f"Ours is {mine - 7.0:.1f} percentage points above DfE's after DfE's rounding" in (
        published
    )
    assert provisional.startswith(
        f"2025/26 from our returns: {ours(returns_env, 2026):.1f}% (provisional) — on 2024/25's"
    )
    assert re.search(
        r"it would be in quartile [A-D] \(A is the best\), \d+(st|nd|rd|th) of 151 authorities "
        r"and \d+(st|nd|rd|th) of 11 with our neighbours \(England 10\.0%, our neighbours' mean "
        r"10\.8%\)\.",
        provisional,
    )
    assert published in text and provisional in text
    assert "Who is behind the figure" in text
    # An analyst (no accounts: the local analyst) sees every number of the breakdown.
    assert "By age band" in text and "By UASC status" in text
    behind = text.split(">By age band</h3>")[1].split("Who is behind the figure")[0]  # the tables
    small = groups(returns_env).query("hidden").iloc[0]
    assert f"{small.group}</th>" in behind and f">{small.value:.1f}%<" in behind
    assert f">{SUPPRESSED}<" not in behind


def test_how_we_compare_places_the_provisional_figure(returns_env):
    app = run_page("benchmarks", kpi=KPI)
    no_failure(app)
    text = page_text(app)
    assert "Year-end figure from our returns" in text
    assert words(returns_env, 2026) in text
    assert words(returns_env, 2025) not in text


def test_a_board_member_sees_small_groups_as_fewer_than_5(returns_env):
    from kpis.access import Actor, Role
    from kpis.users import add_account

    admin = Store(returns_env, actor=Actor("ada", Role.ADMIN))
    add_account(admin, "ada", Role.ADMIN, "admin passphrase 1")
    add_account(admin, "vera", Role.VIEWER, "viewer passphrase 1")
    app = sign_in("vera", "viewer passphrase 1")
    app.query_params["kpi"] = KPI
    app.switch_page("pages/kpi.py").run()
    no_failure(app)
    text = page_text(app)
    assert "Who is behind the figure" in text
    behind = text.split(">By age band</h3>")[1].split("Who is behind the figure")[0]  # the tables
    parts = groups(returns_env)
    small = parts.query("hidden").iloc[0]
    assert f">{SUPPRESSED}<" in behind and f">{small.value:.1f}%<" not in behind
    # A small group's bar is left out, its label saying why; a chart of none is not drawn.
    assert f"{small.group} (fewer than 5)" in text
    for dimension, mine in parts.groupby("dimension"):
        drawn = f", 2025/26: by {dimension}" in text
        assert drawn == (not mine["hidden"].all()), dimension
    assert parts.groupby("dimension")["hidden"].all().any(), "a dimension with no chart"


def test_small_groups_and_small_figures_are_hidden_unless_exact():
    parts = pd.DataFrame(
        {
            "group": ["10–15", "Under 1", "Not recorded", "1–4"],
            "numerator": [2.0, 0.0, 10.0, 0.0],
            "denominator": [13.0, 0.0 + 3, 20.0, 7.0],
            "value": [100 * 2 / 13, 0.0, 50.0, 0.0],
        }
    ).assign(dimension="age band")
    kpi = load_catalogue().get(KPI)
    board = breakdown_table(parts, kpi, "age band", exact=False)
    assert board["Group"].tolist() == ["Under 1", "1–4", "10–15", "Not recorded"]
    assert board.values.tolist() == [
        ["Under 1", "0", SUPPRESSED, SUPPRESSED],
        ["1–4", "0", "7", "0.0%"],
        ["10–15", SUPPRESSED, "13", SUPPRESSED],
        ["Not recorded", "10", "20", "50.0%"],
    ]
    exact = breakdown_table(parts, kpi, "age band", exact=True)
    assert exact["Value"].tolist() == ["0.0%", "0.0%", "15.4%", "50.0%"]
    chart = breakdown_chart(parts, kpi, "age band", 2025, exact=False)
    assert list(chart.data[0].x) == ["Under 1 (fewer than 5)", "1–4", "10–15 (fewer than 5)",
                                     "Not recorded"]  # fmt: skip
    assert list(chart.data[0].y) == [None, 0.0, None, 50.0]
    assert "10–15: fewer than 5" in chart.layout.meta["summary"]
    few = parts[parts["group"].isin(["Under 1", "10–15"])]
    assert breakdown_chart(few, kpi, "age band", 2025, exact=False) is None

    row = pd.Series({"year": 2026, "numerator": 3.0, "denominator": 40.0, "value": 7.5,
                     "published": None})  # fmt: skip
    assert year_line(row, kpi, exact=False) == (
        f"2025/26 from our returns: {SUPPRESSED} (a small number: not shown)."
    )


def test_a_figure_is_ranked_among_the_authorities_and_our_neighbours():
    from kpis.benchmarks import load_shipped

    data = load_shipped()
    ends = pd.DataFrame(
        [(KPI, 2025, 33.0, 470.0, 100 * 33 / 470), (KPI, 2026, 50.0, 500.0, 10.0)],
        columns=["kpi_id", "year", "numerator", "denominator", "value"],
    )
    rows = year_rows(ends, data, load_catalogue(), 309, 2025).set_index("year")
    v = data.values
    las = v[(v["kpi_id"] == KPI) & (v["year"] == 2025) & (v["level"] == "la")].dropna(
        subset=["value", "area_code"]
    )
    model = data.neighbours[(data.neighbours["model_year"] == 2025)
                            & (data.neighbours["la_code"] == 309)]  # fmt: skip
    near = las[las["area_code"].isin(model["neighbour_code"])]["value"]
    # 2024/25 is published (Haringey 7.0%): DfE's figure's places; lower is better.
    assert rows.loc[2025, "authorities"] == len(las)
    assert rows.loc[2025, "neighbour_rank"] == 1 + int((near < 7.0).sum())
    assert rows.loc[2025, "neighbours"] == len(near) + 1
    # 2025/26 is not: ours (10.0%) among 2024/25's others, our own published figure left out.
    assert rows.loc[2026, "base"] == 2025
    assert rows.loc[2026, "authorities"] == len(las)
    assert rows.loc[2026, "neighbour_rank"] == 1 + int((near < 10.0).sum())


def test_a_viewers_command_line_breakdown_has_no_small_number(returns_env, monkeypatch, capsys):
    import io

    from kpis.cli import main

    monkeypatch.setenv("KPIS_NEW_PASSWORD", "admin passphrase 1")
    assert main(["users", "add", "ada", "--role", "admin", "--db", returns_env]) == 0
    monkeypatch.setenv("KPIS_USER", "ada")
    monkeypatch.setenv("KPIS_PASSWORD", "admin passphrase 1")
    for name, role in (("vera", "viewer"), ("ana", "analyst")):
        monkeypatch.setenv("KPIS_NEW_PASSWORD", f"{name} passphrase 1")
        assert main(["users", "add", name, "--role", role, "--db", returns_env]) == 0
    capsys.readouterr()

    def run(user: str, *args: str) -> pd.DataFrame:
        monkeypatch.setenv("KPIS_PASSWORD", f"{user} passphrase 1")
        assert main([*args, "--db", returns_env, "--user", user]) == 0
        return pd.read_csv(io.StringIO(capsys.readouterr().out), dtype=str, keep_default_na=False)

    exact = run("ana", "returns", "breakdown", "--year", "2026")
    small = exact[[int(n) in range(1, 5) for n in exact["numerator"]]]
    assert not small.empty, "the synthetic returns have small groups"
    shown = run("vera", "returns", "breakdown", "--year", "2026").loc[small.index]
    assert (shown[["value", "numerator", "denominator"]] == "").all().all()
    others = exact.index.difference(small.index)
    kept = run("vera", "returns", "breakdown", "--year", "2026").loc[others]
    big = [int(d) not in range(1, 5) for d in exact.loc[others, "denominator"]]
    assert kept.loc[big, "numerator"].tolist() == exact.loc[others][big]["numerator"].tolist()


def test_only_those_who_may_read_the_returns_see_their_small_numbers():
    from kpis.access import Actor, Role
    from kpis.returns.yearshown import sees_returns_numbers

    seen = {role: sees_returns_numbers(Actor("x", role, frozenset({"CP North"}))) for role in Role}
    assert seen == {Role.VIEWER: False, Role.MANAGER: False, Role.ANALYST: True, Role.ADMIN: True}
