"""Tests for the synthetic, illustrative Haringey demo scorecard under data/demo/."""

from __future__ import annotations

import csv
import importlib.util
import os
import sys
from collections import Counter, defaultdict
from functools import cache
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

from kpis.catalogue import Frequency, Unit, load_catalogue

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "make_demo.py"
DEMO_DIR = ROOT / "data" / "demo"
DEMO_CSV = DEMO_DIR / "scorecard.csv"
REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
LAIT_FILE = REFERENCE / "lait" / "bds_long_0.parquet"
EES_CARE_LEAVERS = REFERENCE / "ees" / "la_care_leavers_activity.csv"
REGENERATE = "run `python scripts/make_demo.py` and commit data/demo/"


@cache
def make_demo() -> ModuleType:
    # scripts/ is not a package; the module must be in sys.modules before its dataclasses build.
    spec = importlib.util.spec_from_file_location("make_demo", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo"] = module
    spec.loader.exec_module(module)
    return module


@cache
def rows() -> tuple[dict[str, str], ...]:
    with DEMO_CSV.open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


@cache
def from_returns() -> dict[tuple[str, str], dict[str, str]]:
    """The authority figures the demo's returns (data/demo/returns) publish when it loads."""
    return {
        (kpi_id, period): {
            "kpi_id": kpi_id,
            "period": period,
            "value": repr(value),
            "numerator": "" if num < 0 else str(num),
            "denominator": "" if den < 0 else str(den),
        }
        for kpi_id, by_month in make_demo().returns_figures().items()
        for period, (value, num, den) in by_month.items()
    }


def authority() -> dict[tuple[str, str], dict[str, str]]:
    """Every demo authority figure: scorecard.csv's and, for the months they cover, the returns'."""
    mine = {(r["kpi_id"], r["period"]): r for r in rows() if r["team"] == ""}
    return {**mine, **from_returns()}


def value(row: dict[str, str]) -> float:
    return float(row["value"])


def months(first: str, last: str) -> list[str]:
    out, (year, month) = [], (int(first[:4]), int(first[5:]))
    while f"{year}-{month:02d}" <= last:
        out.append(f"{year}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def reference_or_skip(path: Path) -> Path:
    if path.exists():
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing; CI must have the shared reference data")
    pytest.skip(f"{path} is not beside this checkout")


def test_committed_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    first = make_demo().generate(tmp_path / "a")
    second = make_demo().generate(tmp_path / "b")
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == DEMO_CSV.read_bytes(), REGENERATE
    readme = (tmp_path / "a" / "README.md").read_bytes()
    assert readme == (DEMO_DIR / "README.md").read_bytes(), REGENERATE


def test_csv_is_a_plain_long_upload() -> None:
    first_line = DEMO_CSV.read_bytes().split(b"\n", 1)[0]
    assert first_line == b"kpi_id,period,value,numerator,denominator,target,team,commentary"
    assert not DEMO_CSV.read_bytes().startswith(b"\xef\xbb\xbf")
    known = {k.id for k in load_catalogue().kpis}
    assert all(r["kpi_id"] in known for r in rows()), "every row is a figure, no notes or footers"
    assert all(r["target"] == "" for r in rows())


def test_readme_says_the_data_is_illustrative() -> None:
    text = (DEMO_DIR / "README.md").read_text(encoding="utf-8").lower()
    assert "synthetic" in text and "illustrative" in text and "not" in text
    assert "illustrative" not in DEMO_CSV.read_text(encoding="utf-8").lower()


def test_every_catalogue_kpi_has_every_period() -> None:
    by_kpi = defaultdict(set)
    for kpi_id, period in authority():
        by_kpi[kpi_id].add(period)
    every_month = months("2015-04", "2025-03")
    for kpi in load_catalogue().kpis:
        if kpi.id in make_demo().ELSEWHERE:
            assert kpi.id not in by_kpi, "its demo figures come from another demo file"
            continue
        if kpi.frequency is Frequency.QUARTERLY:
            expected = [p for p in every_month if p[5:] in ("03", "06", "09", "12")]
        elif kpi.frequency is Frequency.ANNUAL:
            expected = [p for p in every_month if p.endswith("-03")]
        else:
            expected = every_month
        assert sorted(by_kpi[kpi.id]) == expected, kpi.id
    assert min(r["period"] for r in rows()) == "2015-04"
    assert max(r["period"] for r in rows()) == "2025-03"


def test_quarterly_kpis_only_at_quarter_ends() -> None:
    quarterly = {k.id for k in load_catalogue().kpis if k.frequency is Frequency.QUARTERLY}
    assert quarterly
    for r in rows():
        if r["kpi_id"] in quarterly:
            assert r["period"][5:] in ("03", "06", "09", "12"), r


def test_no_duplicate_figures() -> None:
    counts = Counter((r["kpi_id"], r["period"], r["team"]) for r in rows())
    assert [key for key, n in counts.items() if n > 1] == []


def test_a_month_the_returns_publish_is_left_to_them() -> None:
    returned = from_returns()
    assert len(returned) >= 400 and {k for k, _ in returned} >= {"icpc_15_days", "cla_count"}
    both = [(r["kpi_id"], r["period"]) for r in rows() if r["team"] == ""
            and (r["kpi_id"], r["period"]) in returned]  # fmt: skip
    assert both == [], "a KPI and month never has two demo figures"


@pytest.mark.parametrize(
    ("kpi_id", "expected"),
    [
        ("icpc_15_days", 98.0),
        ("lac_reviews_timely", 92.0),
        ("care_plans_up_to_date", 90.0),
        ("pathway_plans_6_months", 89.0),
        ("pep_up_to_date", 80.0),
        ("health_assessments", 94.0),
        ("dental_checks", 84.0),
        ("care_leavers_ete", 34.0),
        ("care_leavers_suitable_accommodation", 52.0),
        ("health_histories", 83.0),
        ("yj_reoffending", 43.3),
    ],
)
def test_late_2016_close_to_the_2016_report(kpi_id: str, expected: float) -> None:
    figures = authority()
    late_2016 = [
        figures[kpi_id, p] for p in ("2016-10", "2016-11", "2016-12") if (kpi_id, p) in figures
    ]
    assert late_2016, kpi_id
    for row in late_2016:
        assert abs(value(row) - expected) <= 2.0, row


def test_dental_checks_are_below_their_90_target_in_late_2016() -> None:
    assert load_catalogue().get("dental_checks").target_for("2016-11") == 90
    assert value(authority()["dental_checks", "2016-11"]) < 90


def _published_years(code: str) -> dict[int, float]:
    import pandas as pd

    frame = pd.read_parquet(LAIT_FILE, columns=["Short Desc", "Years", "LA Number", "Values"])
    mine = frame[(frame["Short Desc"] == code) & (frame["LA Number"] == 309.0)]
    out: dict[int, float] = {}
    for years, text in zip(mine["Years"], mine["Values"], strict=True):
        number = pd.to_numeric(pd.Series([text]), errors="coerce").iloc[0]
        if pd.notna(number):
            # '2025' and '2024/25' both mean the year ending March 2025.
            year = int(years[:4]) + 1 if "/" in years else int(years)
            out[year] = round(float(number), 6)
    return out


def test_march_figures_are_near_haringeys_published_lait_values() -> None:
    reference_or_skip(LAIT_FILE)
    demo = make_demo()
    figures = authority()
    compared = 0
    for kpi in load_catalogue().kpis:
        code = demo.lait_code(kpi)
        if not code:
            continue
        published = _published_years(code)
        assert demo.LAIT_309.get(code, {}) == published, (
            f"{code}: update LAIT_309 in scripts/make_demo.py"
        )
        for year, expected in published.items():
            row = figures.get((kpi.id, f"{year}-03"))
            if row is None or (kpi.id, f"{year}-03") in from_returns():
                # The returns' own year-end figure: the app sets it beside DfE's, and a
                # difference there is the return's question, not the demo's.
                continue
            allowed = 3.0 if kpi.unit is Unit.PERCENT else 0.05 * expected
            assert abs(value(row) - expected) <= allowed, (kpi.id, year, row["value"], expected)
            compared += 1
    assert compared >= 140


def test_care_leavers_in_touch_near_the_published_share() -> None:
    import pandas as pd

    frame = pd.read_csv(reference_or_skip(EES_CARE_LEAVERS), dtype=str, encoding="utf-8-sig")
    mine = frame[
        (frame["old_la_code"] == "309")
        & (frame["care_leaver_age"] == "19 to 21 years")
        & (frame["breakdown"] == "Total information not known")
    ]
    shares = zip(mine["time_period"], mine["care_leaver_percent"], strict=True)
    published = {int(year): 100.0 - float(share) for year, share in shares}
    assert published == make_demo().EES_IN_TOUCH_309
    for year, expected in published.items():
        if ("care_leavers_in_touch", f"{year}-03") in from_returns():
            continue  # the returns' own OC3 count (DfE publishes no in-touch figure to match)
        assert abs(value(authority()["care_leavers_in_touch", f"{year}-03"]) - expected) <= 3.0


def test_values_agree_with_units_and_numerators() -> None:
    demo = make_demo()
    catalogue = load_catalogue()
    for r in rows():
        kpi = catalogue.get(r["kpi_id"])
        v = value(r)
        assert v >= 0, r
        if kpi.unit is Unit.PERCENT:
            n, d = int(r["numerator"]), int(r["denominator"])
            assert 0 <= n <= d and d > 0, r
            assert 0 <= v <= 100, r
            assert abs(v - 100 * n / d) <= 0.1, r
        elif kpi.is_rate:
            if r["numerator"] or r["denominator"]:
                n, d = int(r["numerator"]), int(r["denominator"])
                expected = n / d * kpi.unit.rate_base
                assert abs(v - expected) <= 0.001 * max(expected, 1e-9), r
        else:
            assert r["numerator"] == "" and r["denominator"] == "", r
            decimals = demo.SPECS[kpi.id].decimals if kpi.id in demo.SPECS else 0
            if decimals == 0:
                assert v == int(v), r


def test_teams_add_up_to_the_authority() -> None:
    catalogue = load_catalogue()
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    team_kpis = set()
    for r in rows():
        if r["team"] and catalogue.get(r["kpi_id"]).unit is Unit.PERCENT:
            team_kpis.add(r["kpi_id"])
            total = sums[r["kpi_id"], r["period"]]
            total[0] += int(r["numerator"])
            total[1] += int(r["denominator"])
    assert len(team_kpis) >= 5
    figures = authority()
    for key, (n, d) in sums.items():
        assert (n, d) == (int(figures[key]["numerator"]), int(figures[key]["denominator"])), key


def test_team_names_and_commentary_are_clean_text() -> None:
    teams = {r["team"] for r in rows() if r["team"]}
    assert 3 <= len(teams) <= 8
    assert "Child Protection North" in teams  # stored with its case
    notes = [r["commentary"] for r in rows() if r["commentary"]]
    assert 12 <= len(notes) <= 40
    for text in teams | set(notes):
        assert text == text.strip()
        assert not text.startswith(("=", "+", "-", "@", "\t", "\r")), text
    assert any(r["team"] and r["commentary"] for r in rows()), "a team-level note"


def _series(kpi_id: str) -> list[float]:
    figures = authority()
    return [value(figures[k]) for k in sorted(figures) if k[0] == kpi_id]


def test_spc_signals_are_there_to_find() -> None:
    occupancy = _series("foster_carer_occupancy")[-10:]
    assert all(b < a for a, b in pairwise(occupancy)), "falling run"
    immunisations = _series("immunisations")[-10:]
    assert all(b < a for a, b in pairwise(immunisations))

    attendance = _series("strategy_partner_attendance")
    before, after = attendance[:52], attendance[53:]  # the step is at 2019-09
    assert sum(after) / len(after) - sum(before) / len(before) > 6


def test_the_projects_validator_accepts_the_file() -> None:
    validate = pytest.importorskip("kpis.upload.validate")
    result = validate.validate_upload(DEMO_CSV.read_bytes(), DEMO_CSV.name, load_catalogue())
    assert result.errors == []
    assert result.warnings == []
    assert len(result.rows) == len(rows())
