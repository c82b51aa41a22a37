"""The year-end figure beside DfE's, provisional placings, and who is behind it (DESIGN §10.4)."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from kpis.benchmarks import load_shipped
from kpis.benchmarks.comparators import national_rank, quartile_band
from kpis.catalogue import load_catalogue
from kpis.cli import main
from kpis.returns.yearview import rounded, year_table
from tests.returns_helpers import computed, episode, year903


def ends(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["kpi_id", "year", "numerator", "denominator", "value"])


def test_rounding_is_half_away_from_zero():
    assert rounded(84.15, 1) == 84.2 and rounded(84.25, 1) == 84.3
    assert rounded(-0.05, 1) == -0.1 and rounded(12.5, 0) == 13


def haringey_2025(kpi_id: str) -> pd.Series:
    v = load_shipped().values
    return v[(v["kpi_id"] == kpi_id) & (v["year"] == 2025)]


def test_a_published_year_is_compared_with_dfes_figure_and_its_placing():
    table = year_table(
        ends(("placement_stability_3plus", 2025, 33, 470, 100 * 33 / 470)),
        2025, load_shipped(), load_catalogue(), 309, 2025,
    )  # fmt: skip
    (row,) = table.to_dict("records")
    published = haringey_2025("placement_stability_3plus")
    england = published.loc[published["level"] == "england", "value"].iloc[0]
    assert row["published"] == 7.0 and row["difference"] == pytest.approx(0.0)
    assert row["england"] == england
    las = published[published["level"] == "la"]["value"].dropna()
    # DfE's own placing for DfE's own figure: lower is better.
    assert row["rank"] == 1 + int((las < 7.0).sum())
    assert row["neighbour_mean"] is not None


def test_an_unpublished_year_is_provisional_among_the_latest_published_one():
    ours = 12.34
    table = year_table(
        ends(("placement_stability_3plus", 2026, 1234, 10000, ours)),
        2026, load_shipped(), load_catalogue(), 309, 2025,
    )  # fmt: skip
    (row,) = table.to_dict("records")
    assert pd.isna(row["published"]) and pd.isna(row["difference"])
    published = haringey_2025("placement_stability_3plus")
    others = published[(published["level"] == "la") & (published["area_code"] != 309)]
    population = np.append(others["value"].dropna().to_numpy(), ours)
    polarity = load_catalogue().get("placement_stability_3plus").polarity
    assert row["rank"] == national_rank(ours, population, polarity)
    assert row["quartile"] == quartile_band(ours, population, polarity)
    assert row["england"] == published.loc[published["level"] == "england", "value"].iloc[0]


def test_who_is_behind_a_year_end_figure():
    done = computed(
        year903(
            2025,
            episode("A", "01/01/2024", rne="S"),
            episode("B", "01/01/2024", "01/06/2024", rne="S"),
            episode("B", "01/06/2024", "01/09/2024", rne="P", place="U2"),
            episode("B", "01/09/2024", rne="P", place="U3"),
            dobs={"A": "01/04/2024", "B": "31/03/2009"},
            UASC=[{"CHILD": "B", "DUC": "01/04/2025"}, {"CHILD": "A", "DUC": "31/03/2025"}],
        )
    )
    behind = done.breakdowns.set_index(["kpi_id", "dimension", "group"])
    mine = behind.loc["placement_stability_3plus"]
    assert mine.loc[("age band", "Under 1"), ["numerator", "denominator"]].tolist() == [0, 1]
    assert mine.loc[("age band", "16 and over"), ["numerator", "denominator"]].tolist() == [1, 1]
    assert mine.loc[("UASC status", "UASC"), "numerator"] == 1  # B: DUC after 31 March
    assert mine.loc[("UASC status", "Not UASC"), "denominator"] == 1  # A: DUC on 31 March
    assert mine.loc[("sex", "Male"), "denominator"] == 2
    assert mine.loc[("ethnic group", "White"), "value"] == 50.0
    assert done.year_ends[["kpi_id", "year", "numerator", "denominator"]].values.tolist() == [
        ["placement_stability_3plus", 2025, 1.0, 2.0]
    ]


def test_returns_year_and_breakdown_write_their_csv(tmp_path, db_url, capsys):
    files = [
        ("header.csv", b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA,2,01/01/2015,CHNE,,,\n"),
        ("episodes.csv", b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,"
                         b"REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\nA,01/01/2020,S,C2,,U1,,,,,,,\n"),
    ]  # fmt: skip
    paths = []
    for name, data in files:
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    assert main(["returns", "import", *paths, "--year", "2025", "--db", db_url]) == 0
    capsys.readouterr()
    assert main(["returns", "year", "--year", "2025", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == (
        "kpi_id,year,value,numerator,denominator,published,difference,england,"
        "neighbour_mean,quartile,rank"
    )
    year = pd.read_csv(io.StringIO(out)).set_index("kpi_id")
    assert year.loc["placement_stability_long_term", "value"] == 100.0
    assert year.loc["placement_stability_long_term", "published"] == 74.0
    assert year.loc["placement_stability_long_term", "difference"] == 26.0
    assert main(["returns", "breakdown", "--year", "2025", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "kpi_id,dimension,group,numerator,denominator,value"
    assert "placement_stability_long_term,ethnic group,Asian,1,1,100" in out
    assert main(["returns", "year", "--year", "2024", "--db", db_url]) == 0
    assert "no year-end figures for 2024" in capsys.readouterr().err
