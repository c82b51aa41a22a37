"""The SSDA903 measures (DESIGN §10.2-10.3), each rule on a hand-built case at its boundary."""

from __future__ import annotations

from datetime import date

import pytest

from kpis.returns.calendar import age_at, birthday, year_to
from tests.returns_helpers import cases, computed, episode, figures, result, year903


def ep(child, decom, dec="", rne="P", place="U1", ls="C2"):
    return episode(child, decom, dec=dec, rne=rne, place=place, ls=ls)


def test_the_year_to_d_and_29_february():
    assert year_to(date(2025, 3, 31)) == (date(2024, 4, 1), date(2025, 3, 31))
    assert year_to(date(2025, 2, 28)) == (date(2024, 2, 29), date(2025, 2, 28))
    assert year_to(date(2024, 2, 29)) == (date(2023, 3, 1), date(2024, 2, 29))
    import pandas as pd

    leapling = pd.Series(pd.to_datetime(["2008-02-29"]))
    assert age_at(leapling, date(2024, 2, 28)).tolist() == [15]
    assert age_at(leapling, date(2024, 2, 29)).tolist() == [16]
    assert age_at(leapling, date(2025, 2, 28)).tolist() == [17]
    assert birthday(leapling, 17).tolist() == [pd.Timestamp("2025-02-28")]


def test_an_episode_ending_on_d_does_not_cover_d():
    done = computed(year903(2025, ep("A", "01/04/2024", "31/05/2024", rne="S")))
    counts = figures(done, "cla_count")
    assert counts["2024-04"] == 1 and counts["2024-05"] == 0 and counts["2025-03"] == 0
    assert len(counts) == 12  # a count of 0 is a figure


def test_placements_in_the_year_continuations_temporary_zero_length_and_a_move_on_1_april():
    done = computed(
        year903(
            2025,
            # One placement: L, T and U continue it, and a temporary stay does not end it.
            ep("A", "01/01/2024", "01/05/2024", rne="S"),
            ep("A", "01/05/2024", "01/06/2024", rne="L"),
            ep("A", "01/06/2024", "01/07/2024", rne="T"),
            ep("A", "01/07/2024", "01/08/2024", rne="U"),
            ep("A", "01/08/2024", "10/08/2024", rne="P", place="T2"),
            ep("A", "10/08/2024", rne="L"),
            # Three: a zero-length episode is no placement.
            ep("B", "01/01/2024", "01/05/2024", rne="S"),
            ep("B", "01/05/2024", "01/06/2024", rne="P", place="U2"),
            ep("B", "01/06/2024", "01/06/2024", rne="P", place="U3"),
            ep("B", "01/06/2024", rne="P", place="U4"),
            # A move on 1 April counts once: two placements.
            ep("C", "01/01/2024", "01/04/2024", rne="S"),
            ep("C", "01/04/2024", "01/10/2024", rne="P", place="U2"),
            ep("C", "01/10/2024", rne="P", place="U3"),
        )
    )
    assert figures(done, "placement_stability_3plus")["2025-03"] == (1, 3)
    assert cases(done, "placement_stability_3plus", "2025-03") == {
        "B": "3 placements in the year to 31/03/2025"
    }


# Chained without the short break: a new period of care begins on 5 June.
F_EPISODES = (
    ep("F", "01/01/2024", "01/06/2024", rne="S"),
    ep("F", "01/06/2024", "05/06/2024", rne="P", ls="V3"),
    ep("F", "05/06/2024", rne="P"),
)


def test_short_breaks_are_set_apart_before_anything_else():
    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", rne="S"),
            ep("B", "01/01/2024", rne="S"),
            ep("B", "02/02/2025", "05/02/2025", rne="S", ls="V3"),
            ep("E", "01/01/2024", rne="S", ls="V4"),
            *F_EPISODES,
        )
    )
    assert figures(done, "cla_count")["2025-03"] == 3  # A, B and F; E only has short breaks
    assert figures(done, "placement_stability_3plus")["2025-03"] == (0, 1)  # A only
    assert result(done, "placement_stability_3plus").left_out == {
        "children with a short break (V3/V4) in the year": 2
    }
    from kpis.returns.prepared import prepare
    from kpis.store.return_tables import combine, empty_tables

    data, _ = prepare(combine(empty_tables(), year903(2025, *F_EPISODES)))
    assert data.care[["decom", "period_start"]].astype(str).values.tolist() == [
        ["2024-01-01", "2024-01-01"],
        ["2024-06-05", "2024-06-05"],
    ]


def test_looked_after_12_months_from_the_first_day_and_an_unknown_period_start():
    done = computed(
        year903(
            2025,
            ep("A", "01/04/2024", rne="S"),  # from the year's first day: CLA12
            ep("B", "02/04/2024", rne="S"),  # a day later: not
            ep("G", "01/03/2024", rne="P"),  # began before 1 March 2024: long enough anyway
            ep("H", "01/05/2024", rne="P"),  # began before 1 May 2024: unknown
            OC2=[
                {"CHILD": c, "HEALTH_ASSESSMENT": "1", "IMMUNISATIONS": "0", "TEETH_CHECK": t}
                for c, t in (("A", "1"), ("B", "1"), ("G", "X"), ("H", "1"))
            ],
        )
    )
    assert figures(done, "health_assessments") == {"2025-03": (2, 2)}
    assert figures(done, "immunisations") == {"2025-03": (0, 2)}
    assert figures(done, "dental_checks") == {"2025-03": (1, 1)}  # G's code leaves it out
    assert result(done, "health_assessments").left_out == {
        "children whose length of care is unknown (earlier years not loaded)": 1
    }
    assert (
        result(done, "dental_checks").left_out["children whose OC2 TEETH_CHECK is not 0 or 1"] == 1
    )


def test_a_cla12_child_without_an_oc2_record_counts_as_not_had_with_a_warning():
    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", rne="S"),
            ep("B", "01/01/2024", rne="S"),
            OC2=[
                {"CHILD": "A", "HEALTH_ASSESSMENT": "1", "IMMUNISATIONS": "1", "TEETH_CHECK": "1"}
            ],
        )
    )
    assert figures(done, "health_assessments") == {"2025-03": (1, 2)}
    assert cases(done, "dental_checks", "2025-03") == {"B": "no dental check (no OC2 record)"}
    (warning,) = [str(w) for w in done.warnings]
    assert warning.startswith("SSDA903 2024/25, child B, element OC2: looked after for 12 months")


def test_long_term_stability_with_adoption_and_the_30_month_boundary():
    dobs = {c: "01/01/2015" for c in "JKLMZ"} | {"N": "01/03/2009"}
    done = computed(
        year903(
            2025,
            # Placed for adoption on 1 June 2024 after a placement since 2022: stable.
            ep("J", "01/01/2022", "01/06/2024", rne="S"),
            ep("J", "01/06/2024", rne="P", place="A4"),
            # A new placement on 1 June 2024: not stable.
            ep("K", "01/01/2022", "01/06/2024", rne="S"),
            ep("K", "01/06/2024", rne="P", place="U2"),
            # Since 2022 in one placement (a change of legal status continues it).
            ep("L", "01/01/2022", "01/01/2024", rne="S"),
            ep("L", "01/01/2024", rne="L"),
            # In care exactly 30 months before D (30 September 2022): in the denominator.
            ep("Z", "30/09/2022", rne="S"),
            # Not 30 months in care; and 16 at D.
            ep("M", "01/10/2022", rne="S"),
            ep("N", "01/01/2022", rne="S"),
            dobs=dobs,
        )
    )
    assert figures(done, "placement_stability_long_term")["2025-03"] == (3, 4)
    assert cases(done, "placement_stability_long_term", "2025-03") == {
        "K": "current placement began 01/06/2024, under 2 years before 31/03/2025"
    }


def test_the_16th_birthday_on_29_february():
    done = computed(
        year903(2024, ep("A", "01/01/2020", rne="S"), dobs={"A": "29/02/2008"}),
    )
    stable = figures(done, "placement_stability_long_term")
    assert stable["2024-01"] == (1, 1) and "2024-02" not in stable


def test_the_year_to_28_february_begins_on_29_february():
    both = [
        ep("P", "28/02/2024", "29/02/2024", rne="S"),
        ep("P", "29/02/2024", "01/06/2024", rne="P", place="U2"),
        ep("P", "01/06/2024", rne="P", place="U3"),
    ]
    done = computed(year903(2024, *both[:2]), year903(2025, *both))
    stable = figures(done, "placement_stability_3plus")
    assert stable["2025-01"] == (1, 1)  # U1, U2 and U3 in the year from 1 February 2024
    assert stable["2025-02"] == (0, 1)  # from 29 February 2024: U2 (begun that day) and U3


def test_reviews_across_years_and_the_20_working_day_boundary():
    done = computed(
        year903(
            2024,
            ep("Q", "01/01/2023", rne="S"),
            Reviews=[
                {"CHILD": "Q", "REVIEW": "15/09/2023"},
                {"CHILD": "Q", "REVIEW": "10/03/2024"},
            ],
        ),
        year903(
            2025,
            ep("Q", "01/01/2023", rne="S"),
            # 19 working days from 3 June to 30 June 2024: not yet in the denominator.
            ep("R", "03/06/2024", rne="S"),
            Reviews=[{"CHILD": "R", "REVIEW": "20/06/2024"}],
        ),
    )
    reviews = figures(done, "lac_reviews_timely")
    # Q's latest review, 10 March 2024, is from the earlier year: in time until 10 September.
    assert cases(done, "lac_reviews_timely", "2024-07") == {}
    assert reviews["2024-06"] == (1, 1)
    assert reviews["2024-07"] == (2, 2)
    assert cases(done, "lac_reviews_timely", "2024-09") == {
        "Q": "last review 10/03/2024, more than 6 months before 30/09/2024"
    }


def test_a_missing_year_splits_coverage():
    both = ep("A", "01/01/2022", rne="S")
    done = computed(year903(2023, both), year903(2025, both))
    counts = figures(done, "cla_count")
    assert "2023-03" in counts and "2024-04" in counts
    assert not any("2023-04" <= p <= "2024-03" for p in counts)
    assert set(figures(done, "placement_stability_3plus")) == {"2023-03", "2025-03"}


def test_missing_from_care_in_month_and_in_the_year():
    def incident(child, start, end="", kind="M"):
        return {"CHILD": child, "MISSING": kind, "MIS_START": start, "MIS_END": end}

    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", rne="S"),
            ep("B", "01/01/2024", rne="S"),
            ep("C", "01/01/2024", rne="S"),
            ep("D", "01/01/2024", "01/04/2024", rne="S"),  # ended on the year's first day
            ep("E", "01/01/2024", rne="S"),
            Missing=[
                incident("A", "30/03/2024", "01/04/2024"),  # not ended before the first day
                incident("E", "30/03/2024", "31/03/2024"),  # ended before it
                incident("C", "05/05/2024", kind="A"),  # away, not missing
                incident("D", "15/03/2024"),
                incident("A", "10/05/2024"),
                incident("B", "31/05/2024"),
            ],
        )
    )
    assert figures(done, "cla_missing")["2025-03"] == (2, 4)
    assert cases(done, "cla_missing", "2025-03") == {
        "A": "missing from 30/03/2024",
        "B": "missing from 31/05/2024",
    }
    incidents = figures(done, "missing_incidents")
    assert incidents["2024-05"] == 2 and incidents["2024-04"] == 0


def test_care_leavers_on_their_19th_to_21st_birthdays():
    def leaver(child, dob, touch="YES", activ="F1", accom="U1"):
        return {"CHILD": child, "DOB": dob, "IN_TOUCH": touch, "ACTIV": activ, "ACCOM": accom}

    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", rne="S"),
            OC3=[
                leaver("L1", "29/02/2004"),  # 21 on 28 February 2025
                leaver("L2", "01/04/2003", activ="G5", accom="U2"),  # 21 on the first day
                leaver("L3", "31/03/2003"),  # 21 the day before the year
                leaver("L4", "01/06/2005", touch="DIED", activ="0", accom="0"),
                leaver("L5", "01/06/2005", touch="NO", activ="", accom="R2"),
                leaver("L6", "01/06/2005", activ="F9"),
            ],
        )
    )
    assert figures(done, "care_leavers_in_touch") == {"2025-03": (3, 4)}
    assert figures(done, "care_leavers_ete") == {"2025-03": (1, 3)}  # L6's code leaves it out
    assert figures(done, "care_leavers_suitable_accommodation") == {"2025-03": (2, 3)}
    assert cases(done, "care_leavers_ete", "2025-03") == {
        "L2": "not in education, employment or training (G5)",
        "L5": "not in education, employment or training (none recorded)",
    }


@pytest.mark.parametrize("temporary", ["T0", "T1", "T2", "T3", "T4"])
def test_a_temporary_placement_is_no_placement_and_does_not_end_the_one_before(temporary):
    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", "01/05/2024", rne="S"),
            ep("A", "01/05/2024", "10/05/2024", rne="P", place=temporary),
            ep("A", "10/05/2024", "01/08/2024", rne="T"),  # back with the same carer
            ep("A", "01/08/2024", rne="P", place="U2"),
        )
    )
    assert figures(done, "placement_stability_3plus")["2025-03"] == (0, 1)  # two placements
    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", "01/05/2024", rne="S"),
            ep("A", "01/05/2024", "10/05/2024", rne="P", place=temporary),
            ep("A", "10/05/2024", "01/08/2024", rne="P", place="U3"),
            ep("A", "01/08/2024", rne="P", place="U2"),
        )
    )
    assert figures(done, "placement_stability_3plus")["2025-03"] == (1, 1)  # U1, U3 and U2


def test_overlapping_episodes_are_both_kept_and_the_child_counted_once():
    done = computed(
        year903(
            2025,
            ep("A", "01/01/2024", rne="S"),
            ep("A", "01/06/2024", rne="P", place="U2"),  # overlaps the open one before
        )
    )
    assert figures(done, "cla_count")["2025-03"] == 1
    assert figures(done, "placement_stability_3plus")["2025-03"] == (0, 1)  # two placements
