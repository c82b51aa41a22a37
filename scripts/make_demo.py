"""Generate the synthetic, illustrative Haringey demo scorecard in data/demo/."""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# Run as `python scripts/make_demo.py`, Python puts scripts/ (not the checkout) on the path.
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kpis.catalogue import Frequency, Kpi, Unit, load_catalogue  # noqa: E402
from kpis.demo import DEMO_PUBLIC, load_demo_returns  # noqa: E402
from kpis.store import Store  # noqa: E402

SEED = 309
LA_CODE = 309
FIRST_PERIOD = "2015-04"
LAST_PERIOD = "2025-03"
DEMO_DIR = ROOT / "data" / "demo"
CSV_NAME = "scorecard.csv"
README_NAME = "README.md"
COLUMNS = ("kpi_id", "period", "value", "numerator", "denominator", "target", "team", "commentary")
# Measures whose demo figures another demo file gives (the case audits publish theirs), so a
# KPI and month never has two disagreeing demo figures.
ELSEWHERE = frozenset({"audits_good_or_better"})

# Haringey (309) as published in DfE LAIT (bds_long_0.parquet, LAIT release with 2025 CIN and CLA
# data). Copied here so the demo regenerates byte for byte without the reference files;
# tests/test_demo_data.py checks every figure against the parquet. Year 2025 means the year
# ending March 2025, placed at 2025-03. FirstYJS is published by calendar year and the workforce
# rates at 30 September, but the demo puts every published year at its March, as the scorecard
# compares a March figure with the published year of the same number.
LAIT_309: dict[str, dict[int, float]] = {
    "Continue_Assess_Comp": {
        2016: 78.6, 2017: 82.0, 2018: 89.6, 2019: 93.6, 2020: 92.0,
        2021: 94.4, 2022: 93.5, 2023: 97.9, 2024: 85.3, 2025: 86.0,
    },
    "CP_conf_15days": {
        2016: 81.3, 2017: 79.4, 2018: 69.6, 2019: 76.0, 2020: 57.1,
        2021: 53.0, 2022: 86.6, 2023: 81.7, 2024: 82.4, 2025: 76.4,
    },
    "ReReferral": {
        2016: 15.4, 2017: 15.9, 2018: 15.1, 2019: 21.1, 2020: 17.8,
        2021: 16.6, 2022: 16.7, 2023: 17.9, 2024: 18.4, 2025: 18.7,
    },
    "PrevRegCPR": {
        2016: 14.2, 2017: 13.8, 2018: 15.0, 2019: 10.2, 2020: 14.9,
        2021: 23.4, 2022: 16.9, 2023: 18.3, 2024: 23.6, 2025: 24.9,
    },
    "RevCP": {
        2016: 99.2, 2017: 94.0, 2018: 91.4, 2019: 88.3, 2020: 77.5,
        2021: 94.7, 2022: 93.3, 2023: 94.4, 2024: 97.7, 2025: 97.8,
    },
    "LACHealth%": {
        2018: 94.0, 2019: 98.0, 2020: 96.0, 2021: 99.0,
        2022: 96.0, 2023: 95.0, 2024: 97.0, 2025: 93.0,
    },
    "LACDental%": {
        2018: 85.0, 2019: 86.0, 2020: 84.0, 2021: 51.0,
        2022: 78.0, 2023: 86.0, 2024: 84.0, 2025: 87.0,
    },
    "LACVaccinations%": {
        2018: 100.0, 2019: 93.0, 2020: 77.0, 2021: 78.0,
        2022: 73.0, 2023: 65.0, 2024: 51.0, 2025: 43.0,
    },
    "LACStable_2016on": {
        2016: 8.0, 2017: 8.0, 2018: 8.0, 2019: 9.0, 2020: 9.0,
        2021: 9.0, 2022: 12.0, 2023: 10.0, 2024: 10.0, 2025: 7.0,
    },
    "LAC_LongStable%": {
        2018: 72.0, 2019: 76.0, 2020: 76.0, 2021: 81.0,
        2022: 74.0, 2023: 67.0, 2024: 70.0, 2025: 74.0,
    },
    "Children_missing": {
        2016: 6.0, 2017: 16.0, 2018: 16.0, 2019: 11.0, 2020: 13.0,
        2021: 10.0, 2022: 9.0, 2023: 10.0, 2024: 11.0, 2025: 13.0,
    },
    "CareLeaverEET": {
        2016: 47.0, 2017: 47.0, 2018: 53.0, 2019: 54.0, 2020: 55.0,
        2021: 57.0, 2022: 65.0, 2023: 63.0, 2024: 55.0, 2025: 54.0,
    },
    "CareLeaverAcc": {
        2016: 74.0, 2017: 74.0, 2018: 83.0, 2019: 92.0, 2020: 89.0,
        2021: 87.0, 2022: 87.0, 2023: 91.0, 2024: 89.0, 2025: 90.0,
    },
    "FirstYJS": {
        2016: 414.0, 2017: 454.0, 2018: 328.0, 2019: 329.0, 2020: 272.0,
        2021: 175.0, 2022: 236.0, 2023: 193.0, 2024: 207.0,
    },
    "Work_Force_Vac_Rate": {
        2016: 27.0, 2017: 28.3, 2018: 35.4, 2019: 28.1, 2020: 31.8,
        2021: 21.9, 2022: 26.3, 2023: 24.0, 2024: 20.8, 2025: 12.6,
    },
    "Work_Force_Agecy_Rate": {
        2016: 22.2, 2017: 28.8, 2018: 30.8, 2019: 29.5, 2020: 31.8,
        2021: 24.1, 2022: 26.3, 2023: 24.0, 2024: 20.8, 2025: 12.9,
    },
    "CIN": {
        2016: 305.7, 2017: 373.2, 2018: 392.5, 2019: 358.2, 2020: 399.8,
        2021: 401.9, 2022: 395.7, 2023: 412.4, 2024: 408.7, 2025: 368.9,
    },
    "CPP_rate": {
        2016: 30.7, 2017: 40.2, 2018: 58.0, 2019: 32.3, 2020: 26.8,
        2021: 47.3, 2022: 32.7, 2023: 43.2, 2024: 33.5, 2025: 36.3,
    },
    "LAC": {
        2016: 67.0, 2017: 73.0, 2018: 71.0, 2019: 74.0, 2020: 71.0,
        2021: 70.0, 2022: 71.0, 2023: 69.0, 2024: 62.0, 2025: 61.0,
    },
}  # fmt: skip

# Care leavers aged 19 to 21 in touch: 100 minus DfE's "Total information not known" share for
# Haringey (EES la_care_leavers_activity.csv), by year ending March; checked by the tests too.
EES_IN_TOUCH_309: dict[int, float] = {2021: 95.0, 2022: 97.0, 2023: 99.0, 2024: 99.0, 2025: 99.0}

# Figures quoted in Haringey's 2016 performance report; held for October to December 2016.
REPORT_2016: dict[str, float] = {
    "icpc_15_days": 98.0,
    "lac_reviews_timely": 92.0,
    "care_plans_up_to_date": 90.0,
    "pathway_plans_6_months": 89.0,
    "pep_up_to_date": 80.0,
    "health_assessments": 94.0,
    "dental_checks": 84.0,
    "care_leavers_ete": 34.0,
    "care_leavers_suitable_accommodation": 52.0,
    "health_histories": 83.0,
    "yj_reoffending": 43.3,
}
REPORT_2016_PERIODS = ("2016-10", "2016-11", "2016-12")

# Referrals and conferences dip over the summer and Christmas holidays.
SEASONAL = {1: 1.05, 4: 0.95, 8: 0.85, 12: 0.9}

# The validator warns about denominators under 5; the demo keeps clear of that where it can.
MIN_DENOMINATOR = 5

# Child populations change once a year, with the mid-year estimates.
YEARLY_DENOMINATOR = {"yj_first_time_entrants", "cin_rate", "cp_plan_rate", "lac_rate"}
UNDER_18 = {"2015-04": 58_200, "2019-04": 57_400, "2025-03": 54_000}

# Looked-after children at month end, sized to match Haringey's published LAC rate; the cohorts
# for health checks (looked after 12 months or more) and PEPs (school age) are shares of it.
LAC = {"2015-04": 385, "2019-03": 425, "2022-03": 400, "2025-03": 330}
LAC_12_MONTHS = {p: round(v * 0.66) for p, v in LAC.items()}
# Under 16 and in care two and a half years (long-term stability); every child looked after at
# some time in the year (missing from care).
LAC_LONG_TERM = {p: round(v * 0.3) for p, v in LAC.items()}
LAC_IN_YEAR = {p: round(v * 1.4) for p, v in LAC.items()}
# Children on a plan at month end, sized to Haringey's published rate per 10,000.
CP_PLANS = {"2015-04": 175, "2018-03": 330, "2019-03": 185, "2021-03": 255, "2022-03": 180,
            "2023-03": 235, "2025-03": 195}  # fmt: skip
LAC_SCHOOL_AGE = {p: round(v * 0.6) for p, v in LAC.items()}

CP_NORTH = "Child Protection North"
CP_SOUTH = "Child Protection South"
ASSESSMENT = "Assessment Team"
IN_CARE = "Children in Care"
YOUNG_ADULTS = "Young Adults Service"
DISABLED = "Disabled Children's Team"


@dataclass(frozen=True)
class Spec:
    """How one KPI's synthetic series is shaped."""

    level: dict[str, float]
    size: dict[str, float] = field(default_factory=dict)
    size_from: str | None = None
    mode: str | None = None
    wobble: float = 1.0
    persistence: float = 0.75
    decimals: int = 0
    teams: dict[str, tuple[float, float]] = field(default_factory=dict)
    team_offsets: dict[str, float] = field(default_factory=dict)
    team_dips: dict[tuple[str, str], int] = field(default_factory=dict)
    outliers: dict[str, float] = field(default_factory=dict)
    # (first month, last month, first value, last value or None to keep the pinned last month)
    decline: tuple[str, str, float, float | None] | None = None


# `teams` maps a team to (share of the denominator, relative rate of misses); `team_offsets` to
# how far a team's average sits from the authority's.
SPECS: dict[str, Spec] = {
    "early_help_families": Spec(
        level={"2015-04": 520, "2018-03": 610, "2021-03": 700, "2025-03": 860}, wobble=0.03
    ),
    "assessments_45_days": Spec(
        level={"2015-04": 74},
        size={"2015-04": 230, "2025-03": 265},
        wobble=2.0,
        teams={
            ASSESSMENT: (0.74, 1.0),
            CP_NORTH: (0.09, 1.2),
            CP_SOUTH: (0.09, 1.1),
            DISABLED: (0.08, 1.6),
        },
    ),
    "strategy_partner_attendance": Spec(
        level={"2015-04": 78, "2019-08": 80, "2019-09": 88, "2025-03": 90},
        size={"2015-04": 85, "2025-03": 110},
        wobble=1.5,
    ),
    "icpc_15_days": Spec(
        level={"2015-04": 78},
        size={"2015-04": 27, "2020-06": 32, "2025-03": 30},
        wobble=2.0,
        teams={ASSESSMENT: (0.3, 1.0), CP_NORTH: (0.35, 1.0), CP_SOUTH: (0.35, 0.9)},
        team_dips={("2023-08", CP_NORTH): 6},
    ),
    "icpc_to_cp_plan": Spec(
        level={"2015-04": 78, "2019-03": 82, "2025-03": 85}, size_from="icpc_15_days", wobble=2.0
    ),
    "re_referrals_12m": Spec(
        level={"2015-04": 16}, size={"2015-04": 3300, "2025-03": 3700}, wobble=0.4, persistence=0.9
    ),
    "cp_second_plan": Spec(
        level={"2015-04": 14.5}, size={"2015-04": 280, "2025-03": 320}, wobble=0.8, persistence=0.9
    ),
    "cp_reviews_timely": Spec(
        level={"2015-04": 98.5},
        size={"2015-04": 620, "2025-03": 560},
        wobble=0.6,
        persistence=0.9,
        teams={CP_NORTH: (0.45, 1.0), CP_SOUTH: (0.45, 0.9), DISABLED: (0.10, 1.6)},
    ),
    "cin_rate": Spec(level={}, size=UNDER_18),
    "cp_plan_rate": Spec(level={}, size=UNDER_18),
    "lac_rate": Spec(level={}, size=UNDER_18),
    "lado_referrals": Spec(
        level={"2015-04": 11, "2019-03": 15, "2020-06": 10, "2021-09": 16, "2025-03": 18}
    ),
    "private_fostering_notifications": Spec(level={"2015-04": 1.5, "2025-03": 2.0}),
    "lac_reviews_timely": Spec(
        level={"2015-04": 89, "2018-03": 94, "2020-06": 90, "2022-03": 95, "2025-03": 96},
        size=LAC,
        teams={IN_CARE: (0.68, 1.0), YOUNG_ADULTS: (0.22, 1.2), DISABLED: (0.10, 0.8)},
    ),
    "care_plans_up_to_date": Spec(
        level={"2015-04": 87, "2018-03": 93, "2021-03": 95, "2025-03": 96},
        size=LAC,
    ),
    "pep_up_to_date": Spec(
        level={"2015-04": 76, "2018-03": 86, "2021-03": 90, "2025-03": 93},
        size=LAC_SCHOOL_AGE,
        wobble=1.5,
        teams={IN_CARE: (0.78, 1.0), YOUNG_ADULTS: (0.12, 1.4), DISABLED: (0.10, 0.9)},
    ),
    "health_assessments": Spec(level={"2015-04": 91}, size=LAC_12_MONTHS),
    "dental_checks": Spec(
        level={"2015-04": 82, "2020-09": 60}, size_from="health_assessments", wobble=1.5
    ),
    "immunisations": Spec(
        level={"2015-04": 88, "2017-03": 94},
        size_from="health_assessments",
        decline=("2024-06", "2025-03", 51.8, None),
    ),
    "placement_stability_3plus": Spec(
        level={"2015-04": 8.5}, size=LAC, wobble=0.4, persistence=0.9
    ),
    "placement_stability_long_term": Spec(
        level={"2015-04": 72}, size=LAC_LONG_TERM, wobble=1.0, persistence=0.9
    ),
    "cla_missing": Spec(level={"2015-04": 8}, size=LAC_IN_YEAR, wobble=0.5, persistence=0.9),
    "cla_count": Spec(level=LAC, wobble=0.01),
    "cp_plan_count": Spec(level=CP_PLANS, wobble=0.03),
    "missing_incidents": Spec(
        level={"2015-04": 42, "2019-03": 68, "2020-05": 45, "2021-06": 62, "2025-03": 66},
    ),
    "life_story_work": Spec(
        level={"2015-04": 52, "2017-03": 60, "2020-03": 74, "2025-03": 86},
        size={"2015-04": 60, "2025-03": 80},
        wobble=2.0,
    ),
    "foster_carer_occupancy": Spec(
        level={"2015-04": 85, "2018-03": 87, "2021-03": 85, "2024-05": 86},
        size={"2015-04": 175, "2025-03": 140},
        mode="binomial",
        wobble=0.5,
        decline=("2024-06", "2025-03", 88.0, 79.5),
    ),
    "pathway_plans_6_months": Spec(
        level={"2015-04": 84, "2018-03": 92, "2021-03": 93, "2025-03": 95},
        size={"2015-04": 420, "2025-03": 450},
        teams={YOUNG_ADULTS: (0.72, 1.0), IN_CARE: (0.20, 0.8), DISABLED: (0.08, 1.3)},
    ),
    "care_leavers_ete": Spec(level={"2015-04": 46}, size={"2015-04": 290, "2025-03": 330}),
    "care_leavers_suitable_accommodation": Spec(
        level={"2015-04": 73}, size_from="care_leavers_ete"
    ),
    "care_leavers_in_touch": Spec(
        level={"2015-04": 88, "2018-03": 93}, size_from="care_leavers_ete", wobble=0.8
    ),
    "health_histories": Spec(
        level={"2015-04": 76, "2019-03": 90, "2022-03": 94, "2025-03": 96},
        size={"2015-04": 5.0, "2025-03": 5.5},
        wobble=3.0,
        persistence=0.5,
    ),
    "yj_first_time_entrants": Spec(
        level={"2015-04": 430, "2025-03": 200},
        size={"2015-04": 22_300, "2025-03": 24_100},
        wobble=8.0,
        persistence=0.5,
    ),
    "yj_custody_rate": Spec(
        level={"2015-06": 0.55, "2019-03": 0.4, "2021-03": 0.2, "2025-03": 0.22},
        size_from="yj_first_time_entrants",
        wobble=0.03,
        persistence=0.5,
    ),
    "yj_reoffending": Spec(
        level={"2015-06": 41, "2019-03": 38, "2022-03": 35, "2025-03": 33},
        size={"2015-06": 95, "2025-03": 60},
        wobble=2.5,
        persistence=0.5,
    ),
    "sw_vacancy_rate": Spec(
        level={"2015-04": 26}, size={"2015-04": 235, "2025-03": 260}, mode="smooth"
    ),
    "sw_agency_rate": Spec(level={"2015-04": 21}, size_from="sw_vacancy_rate", mode="smooth"),
    "sw_average_caseload": Spec(
        level={"2015-04": 19.5, "2018-03": 17, "2020-03": 16, "2023-03": 17.8, "2025-03": 15.6},
        wobble=0.5,
        decimals=1,
        team_offsets={ASSESSMENT: 2.8, CP_NORTH: 0.4, CP_SOUTH: 1.0, IN_CARE: -2.0},
    ),
}

# (kpi_id, period, team) -> note; team "" is the whole authority.
COMMENTARY: dict[tuple[str, str, str], str] = {
    ("icpc_15_days", "2016-11", ""): (
        "98% of ICPCs held within 15 working days; the dedicated conference chair rota is working."
    ),
    ("lac_reviews_timely", "2016-11", ""): (
        "92% of reviews on time; the late reviews were moved at parents' request, reasons recorded."
    ),
    ("care_plans_up_to_date", "2016-11", ""): (
        "90% of care plans up to date; team managers are signing off the rest after the audit."
    ),
    ("pathway_plans_6_months", "2016-11", ""): (
        "89% of pathway plans reviewed in the last 6 months; Young Adults Service catch-up plan "
        "in place."
    ),
    ("pep_up_to_date", "2016-11", ""): (
        "PEPs at 80%: the autumn-term round is late for Year 11 pupils; the Virtual School is "
        "chasing schools."
    ),
    ("dental_checks", "2016-12", ""): (
        "84% against the 90% target; the designated nurse is booking overdue checks with "
        "local practices."
    ),
    ("care_leavers_ete", "2016-11", ""): (
        "Only 34% in education, employment or training after the summer; NEET care leavers "
        "referred to the new EET worker."
    ),
    ("care_leavers_suitable_accommodation", "2016-11", ""): (
        "52% in suitable accommodation: several 18-year-olds in B&B while supported housing is "
        "found; escalated to the housing partnership."
    ),
    ("health_histories", "2016-12", ""): (
        "83% of 18-year-olds given their health history so far this year; the LAC nurse now hands "
        "it over at the final review."
    ),
    ("yj_reoffending", "2016-12", ""): (
        "Re-offending at 43.3% for the latest cohort, above the 35% target; deep dive to the "
        "Youth Justice Partnership Board."
    ),
    ("care_leavers_ete", "2017-03", ""): (
        "ETE back to 47% as the apprenticeship scheme took on its first care leavers."
    ),
    ("care_leavers_suitable_accommodation", "2017-03", ""): (
        "Back to 74% after moves out of B&B into the new supported lodgings scheme."
    ),
    ("sw_vacancy_rate", "2018-03", ""): (
        "Vacancy rate peaked at 35%; the recruitment and retention package was agreed in February."
    ),
    ("strategy_partner_attendance", "2019-09", ""): (
        "New MASH protocol from September: police, health and education invited to every "
        "strategy discussion."
    ),
    ("icpc_15_days", "2020-05", ""): (
        "Conferences moved online during lockdown; some were delayed while partner attendance "
        "was arranged."
    ),
    ("health_assessments", "2020-05", ""): (
        "Health assessments held by video during lockdown, with face-to-face follow-ups booked."
    ),
    ("dental_checks", "2020-09", ""): (
        "Routine dentistry suspended during COVID-19; checks will be caught up as practices reopen."
    ),
    ("icpc_15_days", "2023-08", CP_NORTH): (
        "Dip reflects staff sickness in the CP North team; recovery plan agreed."
    ),
    ("assessments_45_days", "2024-03", ASSESSMENT): (
        "The team absorbed a rise in contacts this year; two fixed-term social workers approved."
    ),
    ("foster_carer_occupancy", "2025-03", ""): (
        "Occupancy has fallen every month since June as long-standing carers retire; the "
        "recruitment campaign is being relaunched."
    ),
    ("sw_agency_rate", "2025-03", ""): (
        "Agency use down to 13% as permanent recruits from the international campaign start."
    ),
}


def month_index(period: str) -> int:
    """Months since FIRST_PERIOD ('2015-04' is 0)."""
    year, month = int(period[:4]), int(period[5:7])
    return (year - 2015) * 12 + (month - 4)


def period_of(index: int) -> str:
    """The 'YYYY-MM' period of a month index."""
    year, month0 = divmod(index + 3, 12)
    return f"{2015 + year}-{month0 + 1:02d}"


def periods_for(kpi: Kpi) -> list[int]:
    """Month indices at which a KPI reports: every month, or quarter ends for quarterly KPIs."""
    months = range(month_index(FIRST_PERIOD), month_index(LAST_PERIOD) + 1)
    if kpi.frequency is Frequency.QUARTERLY:
        return [i for i in months if int(period_of(i)[5:]) % 3 == 0]
    if kpi.frequency is Frequency.ANNUAL:
        return [i for i in months if period_of(i).endswith("-03")]
    return list(months)


def lait_code(kpi: Kpi) -> str | None:
    """The KPI's LAIT measure code, whether the catalogue gives a plain code or a mapping."""
    benchmark = kpi.benchmark
    if benchmark is None or isinstance(benchmark, str):
        return benchmark or None
    return getattr(benchmark, "lait", None) or None


def pins_for(kpi: Kpi) -> dict[str, float]:
    """Published and reported figures the series must pass close to, by period."""
    published = LAIT_309.get(lait_code(kpi) or "", {})
    if kpi.id == "care_leavers_in_touch":
        published = EES_IN_TOUCH_309
    pins = {f"{year}-03": value for year, value in published.items()}
    if kpi.id in REPORT_2016:
        pins.update(dict.fromkeys(REPORT_2016_PERIODS, REPORT_2016[kpi.id]))
    return pins


def _pchip(xs: np.ndarray, ys: np.ndarray, at: np.ndarray) -> np.ndarray:
    """Monotone cubic (Fritsch-Carlson) through the anchors, flat beyond them, so no overshoot."""
    if len(xs) == 1:
        return np.full(len(at), ys[0], dtype=float)
    h = np.diff(xs)
    delta = np.diff(ys) / h
    slopes = np.zeros(len(xs))
    slopes[0], slopes[-1] = delta[0], delta[-1]
    for k in range(1, len(xs) - 1):
        if delta[k - 1] * delta[k] > 0:
            w1, w2 = 2 * h[k] + h[k - 1], h[k] + 2 * h[k - 1]
            slopes[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])
    x = np.clip(at.astype(float), xs[0], xs[-1])
    seg = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, len(xs) - 2)
    t = (x - xs[seg]) / h[seg]
    h00, h10 = 2 * t**3 - 3 * t**2 + 1, t**3 - 2 * t**2 + t
    h01, h11 = -2 * t**3 + 3 * t**2, t**3 - t**2
    return (
        h00 * ys[seg]
        + h10 * h[seg] * slopes[seg]
        + h01 * ys[seg + 1]
        + h11 * h[seg] * slopes[seg + 1]
    )


def _curve(anchors: dict[str, float], at: Iterable[int]) -> np.ndarray:
    items = sorted((month_index(p), v) for p, v in anchors.items())
    xs = np.array([i for i, _ in items], dtype=float)
    ys = np.array([v for _, v in items], dtype=float)
    return _pchip(xs, ys, np.asarray(list(at)))


def _linear(anchors: dict[str, float], at: Iterable[int]) -> np.ndarray:
    items = sorted((month_index(p), v) for p, v in anchors.items())
    return np.interp(list(at), [i for i, _ in items], [v for _, v in items])


def _ar1(rng: np.random.Generator, n: int, sd: float, phi: float) -> np.ndarray:
    """Autocorrelated noise with stationary standard deviation sd."""
    out = np.empty(n)
    prev = rng.normal(0, sd)
    for i in range(n):
        prev = phi * prev + np.sqrt(1 - phi**2) * rng.normal(0, sd)
        out[i] = prev
    return out


def _seasonal(idx: list[int]) -> np.ndarray:
    return np.array([SEASONAL.get(int(period_of(i)[5:]), 1.0) for i in idx])


def _mode(kpi: Kpi, spec: Spec) -> str:
    if spec.mode:
        return spec.mode
    if kpi.basis == "in month":
        return "binomial"
    if kpi.basis == "year to date":
        return "ytd"
    return "smooth"


def _fit_pin(target: float, d0: int, base: float, top: float | None) -> tuple[int, int]:
    """The (n, d) nearest d0 whose ratio is within 0.3 of target, else the closest ratio."""
    best: tuple[float, int, int, int] | None = None
    for d in sorted(range(max(1, round(0.8 * d0)), round(1.2 * d0) + 2), key=lambda x: abs(x - d0)):
        n = round(target * d / base)
        n = max(0, min(n, d) if top is not None else n)
        err = abs(n / d * base - target)
        if err <= 0.3:
            return n, d
        if best is None or err < best[0]:
            best = (err, abs(d - d0), n, d)
    assert best is not None
    return best[2], best[3]


@dataclass
class Series:
    """One KPI's authority figures plus any team rows."""

    idx: list[int]
    value: np.ndarray
    num: np.ndarray | None = None
    den: np.ndarray | None = None
    teams: dict[str, Series] = field(default_factory=dict)
    # Positions whose authority figure the demo's returns publish (scorecard.csv leaves it out).
    returned: frozenset[int] = frozenset()


def _denominators(
    kpi: Kpi, spec: Spec, idx: list[int], rng: np.random.Generator, done: dict[str, Series]
) -> np.ndarray:
    if spec.size_from:
        source = done[spec.size_from]
        assert source.den is not None
        by_month = dict(zip(source.idx, source.den, strict=True))
        return np.array([by_month[i] for i in idx], dtype=np.int64)
    size = _linear(spec.size or {FIRST_PERIOD: 200}, idx)
    if kpi.id in YEARLY_DENOMINATOR:
        size = _linear(spec.size, [i - (i % 12) for i in idx])
        return np.round(size).astype(np.int64)
    if _mode(kpi, spec) == "ytd":
        # At least 5 in April, so no year opens with a small-number warning from the validator.
        floor = np.array([MIN_DENOMINATOR if i % 12 == 0 else 1 for i in idx])
        return np.maximum(floor, rng.poisson(size * _seasonal(idx)))
    if _mode(kpi, spec) == "binomial":
        return np.maximum(1, rng.poisson(size * _seasonal(idx)))
    return np.maximum(1, np.round(size * (1 + _ar1(rng, len(idx), 0.015, 0.9)))).astype(np.int64)


def _ratio(
    kpi: Kpi,
    spec: Spec,
    rng: np.random.Generator,
    done: dict[str, Series],
    returned: dict[str, tuple[int, int]],
) -> Series:
    base = kpi.unit.rate_base or 100.0
    top = 100.0 if kpi.unit is Unit.PERCENT else None
    idx = periods_for(kpi)
    pins = pins_for(kpi)
    level = _curve({**spec.level, **pins}, idx) + _ar1(rng, len(idx), spec.wobble, spec.persistence)
    level = np.clip(level, 0.0, top if top is not None else np.inf)
    den = _denominators(kpi, spec, idx, rng, done)
    mode = _mode(kpi, spec)
    if mode == "ytd":
        num = _year_to_date(idx, level, den, pins)
        den = _cumulative_by_year(idx, den)
        return Series(idx, 100.0 * num / den, num, den)
    if mode == "binomial" and top is not None:
        num = rng.binomial(den, level / 100.0)
    else:
        num = np.round(level * den / base).astype(np.int64)
    if top is not None:
        num = np.clip(num, 0, den)
    for pos, i in enumerate(idx):
        if period_of(i) in pins:
            # Published figures are held close, but not so exactly that every March looks forced.
            target = pins[period_of(i)] + rng.uniform(-0.4, 0.4)
            target = min(target, top) if top is not None else target
            if top is None:
                num[pos] = round(target * den[pos] / base)
            else:
                num[pos], den[pos] = _fit_pin(target, int(den[pos]), base, top)
    at = _take_returned(idx, num, den, returned)
    if spec.decline:
        _decline(idx, num, den, spec.decline)
        if any((num[p], den[p]) != returned[period_of(idx[p])] for p in at):
            raise ValueError(f"{kpi.id}: the decline would change a figure the returns publish")
    return Series(idx, num / den * base, num, den, returned=frozenset(at))


def _take_returned(
    idx: list[int], num: np.ndarray, den: np.ndarray, returned: dict[str, tuple[int, int]]
) -> list[int]:
    """Put the returns' numerators and denominators in place; their positions."""
    at = [pos for pos, i in enumerate(idx) if period_of(i) in returned]
    for pos in at:
        num[pos], den[pos] = returned[period_of(idx[pos])]
    return at


def returns_figures() -> dict[str, dict[str, tuple[float, int, int]]]:
    """The authority figures the demo's returns publish: kpi -> month -> (value, num, den)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'returns.sqlite'}")
        load_demo_returns(store)
        figures = store.figures()
        store.engine.dispose()
    out: dict[str, dict[str, tuple[float, int, int]]] = {}
    for row in figures[figures["team"].fillna("") == ""].itertuples():
        num = -1 if pd.isna(row.numerator) else int(row.numerator)
        den = -1 if pd.isna(row.denominator) else int(row.denominator)
        out.setdefault(row.kpi_id, {})[row.period] = (float(row.value), num, den)
    return out


def _cumulative_by_year(idx: list[int], flow: np.ndarray) -> np.ndarray:
    out = np.empty_like(flow)
    total = 0
    for pos, i in enumerate(idx):
        total = flow[pos] if i % 12 == 0 else total + flow[pos]
        out[pos] = total
    return out


def _year_to_date(
    idx: list[int], level: np.ndarray, flow: np.ndarray, pins: dict[str, float]
) -> np.ndarray:
    """Cumulative numerators that never fall within a financial year nor outgrow the flow."""
    cum = _cumulative_by_year(idx, flow)
    out = np.empty_like(flow)
    prev = 0
    for pos, i in enumerate(idx):
        if i % 12 == 0:
            prev = 0
        rate = pins.get(period_of(i), level[pos])
        want = round(rate / 100.0 * cum[pos])
        prev = min(max(want, prev), prev + int(flow[pos]))
        out[pos] = prev
    return out


def _decline(
    idx: list[int], num: np.ndarray, den: np.ndarray, rule: tuple[str, str, float, float | None]
) -> None:
    """Force a run of strictly falling values, ending on a given or the (pinned) last value."""
    start, end, first_value, last_value = rule
    lo, hi = idx.index(month_index(start)), idx.index(month_index(end))
    if last_value is None:
        last_value = 100.0 * num[hi] / den[hi]
    else:
        num[hi] = round(last_value * den[hi] / 100.0)
    steps = hi - lo
    for k in range(steps):
        pos = lo + k
        value = first_value + (last_value - first_value) * k / steps
        den[pos] = den[hi] + (steps - k) // 3
        num[pos] = round(value * den[pos] / 100.0)
    for pos in range(lo + 1, hi + 1):
        while num[pos] * den[pos - 1] >= num[pos - 1] * den[pos]:
            num[pos] -= 1


def _count(kpi: Kpi, spec: Spec, rng: np.random.Generator, returned: dict[str, float]) -> Series:
    idx = periods_for(kpi)
    level = _curve(spec.level, idx)
    if spec.decimals:
        noisy = level + _ar1(rng, len(idx), spec.wobble, spec.persistence)
        values = np.round(np.maximum(noisy, 0.0), spec.decimals)
        teams = {
            team: Series(
                idx,
                np.round(np.maximum(values + offset + rng.normal(0, 0.8, len(idx)), 0.0), 1),
            )
            for team, offset in spec.team_offsets.items()
        }
        return Series(idx, values, teams=teams)
    expected = level * _seasonal(idx)
    for period, factor in spec.outliers.items():
        expected[idx.index(month_index(period))] *= factor
    if float(level.mean()) >= 200:
        values = np.round(expected * (1 + rng.normal(0, spec.wobble, len(idx))))
    else:
        values = rng.poisson(expected * rng.lognormal(0, 0.08, len(idx)))
    values = np.maximum(values, 0).astype(float)
    at = [pos for pos, i in enumerate(idx) if period_of(i) in returned]
    for pos in at:
        values[pos] = returned[period_of(idx[pos])]
    return Series(idx, values, returned=frozenset(at))


def _split(spec: Spec, series: Series, rng: np.random.Generator) -> None:
    """Team rows whose numerators and denominators add up to the authority's."""
    assert series.num is not None and series.den is not None
    names = list(spec.teams)
    shares = np.array([spec.teams[t][0] for t in names])
    shares = shares / shares.sum()
    misses_weight = np.array([spec.teams[t][1] for t in names])
    team_num = {t: np.zeros(len(series.idx), dtype=np.int64) for t in names}
    team_den = {t: np.zeros(len(series.idx), dtype=np.int64) for t in names}
    for pos in range(len(series.idx)):
        dens = _at_least(rng.multinomial(int(series.den[pos]), shares), MIN_DENOMINATOR)
        misses = _allocate(int(series.den[pos] - series.num[pos]), dens, misses_weight, rng)
        for k, team in enumerate(names):
            team_den[team][pos] = dens[k]
            team_num[team][pos] = dens[k] - misses[k]
    for (period, team), extra in spec.team_dips.items():
        pos = series.idx.index(month_index(period))
        extra = min(extra, int(team_num[team][pos]))
        team_num[team][pos] -= extra
        if pos in series.returned:
            # The returns fix the authority's figure: the other teams did that much better.
            for other in (n for n in names if n != team):
                moved = min(int(team_den[other][pos] - team_num[other][pos]), extra)
                team_num[other][pos] += moved
                extra -= moved
            team_num[team][pos] += extra  # what no other team had room for
            continue
        series.num[pos] -= extra
    series.value = 100.0 * series.num / series.den
    for team in names:
        den = team_den[team]
        with np.errstate(invalid="ignore", divide="ignore"):
            value = 100.0 * team_num[team] / den
        series.teams[team] = Series(series.idx, value, team_num[team], den)


def _at_least(counts: np.ndarray, floor: int) -> np.ndarray:
    """Move cases from the largest team to any below floor, where the total allows it."""
    counts = counts.copy()
    if counts.sum() < floor * len(counts):
        return counts
    while counts.min() < floor:
        counts[counts.argmax()] -= 1
        counts[counts.argmin()] += 1
    return counts


def _allocate(
    total: int, capacity: np.ndarray, weight: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Share `total` misses among teams by weight, never more than a team's cases."""
    out = np.zeros(len(capacity), dtype=np.int64)
    remaining = total
    for k in range(len(capacity) - 1):
        rest = int(capacity[k + 1 :].sum())
        w = weight[k] * capacity[k]
        w_all = float((weight[k:] * capacity[k:]).sum())
        p = w / w_all if w_all > 0 else 0.0
        draw = rng.binomial(remaining, p) if remaining > 0 else 0
        out[k] = min(max(draw, remaining - rest), int(capacity[k]), remaining)
        remaining -= int(out[k])
    out[-1] = remaining
    return out


def _generic(kpi: Kpi) -> Spec:
    """A plain series for a KPI added to the catalogue after this script was written."""
    if kpi.unit is Unit.PERCENT:
        start = kpi.target - 8 if kpi.target is not None else 75.0
        return Spec(level={FIRST_PERIOD: start, LAST_PERIOD: min(start + 6, 99.0)})
    if kpi.is_rate:
        return Spec(level={FIRST_PERIOD: 50.0, LAST_PERIOD: 45.0}, size={FIRST_PERIOD: 50_000})
    return Spec(level={FIRST_PERIOD: 40.0, LAST_PERIOD: 50.0})


def _rng(kpi_id: str) -> np.random.Generator:
    # One stream per KPI, so editing one KPI's spec, or adding a KPI, leaves the others unchanged.
    return np.random.default_rng([SEED, zlib.crc32(kpi_id.encode("utf-8"))])


def build() -> dict[str, tuple[Kpi, Spec, Series]]:
    """Every catalogue KPI's synthetic series, keyed by id; where the demo's returns publish a
    KPI's month, theirs is its figure (teams split from it)."""
    kpis = [k for k in load_catalogue().kpis if k.id not in ELSEWHERE]
    from_returns = returns_figures()
    done: dict[str, Series] = {}
    out: dict[str, tuple[Kpi, Spec, Series]] = {}
    pending = list(kpis)
    while pending:
        kpi = pending.pop(0)
        spec = SPECS.get(kpi.id) or _generic(kpi)
        if spec.size_from and spec.size_from not in done:
            pending.append(kpi)
            continue
        rng = _rng(kpi.id)
        returned = from_returns.get(kpi.id, {})
        if kpi.is_rate:
            series = _ratio(kpi, spec, rng, done, {p: v[1:] for p, v in returned.items()})
            if spec.teams:
                _split(spec, series, rng)
        else:
            series = _count(kpi, spec, rng, {p: v[0] for p, v in returned.items()})
        done[kpi.id] = series
        out[kpi.id] = (kpi, spec, series)
    return out


def _fmt(x: float, places: int) -> str:
    text = f"{x:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _rows(kpi: Kpi, spec: Spec, series: Series, team: str) -> list[tuple[str, ...]]:
    places = 4 if kpi.unit is Unit.PERCENT else 6 if kpi.is_rate else spec.decimals
    rows = []
    for pos, i in enumerate(series.idx):
        period = period_of(i)
        if series.den is not None and series.den[pos] == 0:
            continue  # a team with no cases that month has no figure, not zero
        if pos in series.returned:
            # The demo's returns publish this one, and a returns load carries no commentary.
            if COMMENTARY.get((kpi.id, period, team)):
                raise ValueError(f"{kpi.id} {period}: the returns' figure can have no commentary")
            continue
        num = "" if series.num is None else str(int(series.num[pos]))
        den = "" if series.den is None else str(int(series.den[pos]))
        note = COMMENTARY.get((kpi.id, period, team), "")
        rows.append(
            (kpi.id, period, _fmt(float(series.value[pos]), places), num, den, "", team, note)
        )
    return rows


def scorecard_rows() -> list[tuple[str, ...]]:
    """The demo scorecard in the long upload shape, sorted by kpi_id, period, team."""
    rows: list[tuple[str, ...]] = []
    for kpi, spec, series in build().values():
        rows += _rows(kpi, spec, series, "")
        for team, team_series in series.teams.items():
            rows += _rows(kpi, spec, team_series, team)
    rows.sort(key=lambda r: (r[0], r[1], r[6]))
    return rows


def readme_text(rows: list[tuple[str, ...]]) -> str:
    """The note that travels with the CSV, saying it is illustrative and how it was made."""
    anchors = "\n".join(
        f"  - `{kpi.id}` (LAIT `{lait_code(kpi)}`): {_years(LAIT_309[lait_code(kpi) or ''])}"
        for kpi in load_catalogue().kpis
        if lait_code(kpi) in LAIT_309
    )
    report = "\n".join(f"  - `{k}`: {_fmt(v, 1)}%" for k, v in REPORT_2016.items())
    teams = ", ".join(sorted({r[6] for r in rows if r[6]}))
    team_kpis = ", ".join(f"`{k}`" for k in sorted({r[0] for r in rows if r[6]}))
    public = ", ".join(f"`{k}`" for k in DEMO_PUBLIC)
    returned = sum(len(by_month) for by_month in returns_figures().values())
    return f"""# Demo authority: ILLUSTRATIVE, SYNTHETIC DATA

`scorecard.csv` is **synthetic, illustrative data for Haringey (DfE code {LA_CODE}). It is not
Haringey's real performance data** and must not be quoted as such. It exists so that a fresh
install shows a populated scorecard; everywhere the app shows it, it is labelled illustrative.

## What it holds
- {len(rows)} rows in the long upload format, columns `{",".join(COLUMNS)}`,
  for every catalogue KPI but {", ".join(f"`{k}`" for k in sorted(ELSEWHERE))}, monthly from
  {FIRST_PERIOD} to {LAST_PERIOD}; quarterly KPIs at quarter ends and annual ones at March only.
- Except the {returned} authority figures that the demo's returns publish: the measures DfE
  computes from the SSDA903 and CIN census returns, for the months from April 2022 that
  `returns/` covers (§10 of the design). Those months are left out here, so a KPI and month never
  has two demo figures; the returns' figures are close to, not pinned to, the published ones.
- Whole-authority rows (blank team), and team rows for {team_kpis}.
- Teams: {teams}.
- For percentages, the teams' numerators and denominators add up to the authority's (in the
  returns' months, to the returns' figure).
- A few commentary notes on notable months, and some signal for the SPC charts: a sustained
  shift in `strategy_partner_attendance` from 2019-09, and runs of strictly falling
  `foster_carer_occupancy` and `immunisations` from 2024-06 to 2025-03.
- Targets are left blank so the catalogue's targets apply.
- The public site is not empty out of the box: when the demo loads, `kpis/demo.py` marks
  {public} public (as the demo's user), and `plan.xlsx` (made by
  `scripts/make_demo_plan.py`) marks six of its recommendations public in its `public` column.

## How it was made
`python scripts/make_demo.py` rewrites this folder. It uses a fixed random seed ({SEED}), so the
output is the same byte for byte on every run. Each KPI follows a smooth curve through anchor
values, with random noise: binomial draws for in-month percentages, autocorrelated wobble for
month-end and rolling measures, Poisson noise for counts. Percentages carry whole-number
numerators and denominators of a plausible size for an authority like Haringey.

Anchors, held to within about half a point:
- Late 2016 (October to December): the figures in Haringey's 2016 performance report:
{report}
- Each March: Haringey's published figure in the DfE Local Authority Interactive Tool for the
  year ending that March (a LAIT year `2025` or `2024/25` is placed at 2025-03). First-time
  entrants are published by calendar year and the workforce rates at 30 September; the demo
  still places them at March.
{anchors}
- `care_leavers_in_touch`: 100 minus DfE's "information not known" share for care leavers aged
  19 to 21 (Explore Education Statistics): {_years(EES_IN_TOUCH_309)}

Where the 2016 report and the published year-end figures differ (ICPCs, care leavers), the
series moves between them over a few months; that movement is invented.

Published figures: Source: Department for Education, Local Authority Interactive Tool / Explore
Education Statistics, Open Government Licence v3.0. Everything else in the file is made up.

## Beside it
- `plan.xlsx` (`python scripts/make_demo_plan.py`): an invented improvement plan whose updates
  agree, or on purpose disagree, with these figures.
- `audits.csv` (`python scripts/make_demo_audits.py`): a year of invented case audits (April 2024
  to March 2025) for the six teams, graded overall and in four practice domains, some moderated,
  a few inadequate with their follow-ups (one overdue). Child ids, workers, auditors and learning
  are made up; no real child's data is in it. Importing it publishes
  `audits_good_or_better`, and its grades are placed so triangulation with these figures flags
  Children in Care in June 2024 and Child Protection North in February 2025.
- `returns/` (`python scripts/make_returns.py`): three collection years (2022-23 to 2024-25) of
  synthetic SSDA903 and CIN census returns, one zip a year, for about 1,550 made-up children
  coming into care since 2016 (about 410 looked after in April 2022, falling to 320) and 3,700
  referrals a year. The demo loads them on first start as one returns load; the app's year-end
  figures, "Who is behind the figure" and the children behind each figure come from them. Try the
  Upload page's DfE returns tab with one (the year of `2024-25.zip` is 2025).
"""


def _years(by_year: dict[int, float]) -> str:
    years = sorted(by_year)
    if years == list(range(years[0], years[-1] + 1)):
        return f"March {years[0]} to March {years[-1]}"
    return "March of " + ", ".join(map(str, years))


def generate(out_dir: Path = DEMO_DIR) -> Path:
    """Write scorecard.csv and README.md into out_dir and return the CSV's path."""
    rows = scorecard_rows()
    for row in rows:
        for text in (row[6], row[7]):
            # Text starting like a formula would run as one when the CSV is opened in Excel.
            if text.startswith(("=", "+", "-", "@", "\t", "\r")):
                raise ValueError(f"demo text must not start like a formula: {text!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / CSV_NAME
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    (out_dir / README_NAME).write_text(readme_text(rows), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help="folder to write (data/demo)")
    args = parser.parse_args(argv)
    path = generate(args.out)
    print(f"wrote {path} and {path.parent / README_NAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
