"""Write the demo authority's illustrative improvement plan (data/demo/plan.xlsx).

The plan is invented, in our own words: it is modelled on the shape of a 2014 single inspection
of help and protection, looked-after children, care leavers and leadership, with a safeguarding
board review beside it, and its quarterly updates (June 2024 to March 2025) are written to agree
or, on purpose, disagree with the synthetic demo figures so the evidence check has work to do.
Run: python scripts/make_demo_plan.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kpis.paths import DATA_DIR
from kpis.tables import to_xlsx_bytes

OUT = DATA_DIR / "demo" / "plan.xlsx"
SIF = "Ofsted single inspection, 2014 (illustrative)"
LSCB = "Safeguarding board review, 2014 (illustrative)"
HP, LAC, CL = "Help and protection", "Looked after children and permanence", "Care leavers"
LEAD = "Leadership, management and governance"
BOARD = "Safeguarding partnership"

# ref, source, area, recommendation, lead, kpis, due, framework, public
RECOMMENDATIONS = [
    (
        "R1",
        SIF,
        HP,
        "Make sure initial child protection conferences are held within 15 working "
        "days of the strategy discussion, with every agency that should attend invited.",
        "Head of Safeguarding",
        "icpc_15_days; strategy_partner_attendance",
        "2025-03-31",
        "sif_2014",
        "yes",
    ),
    (
        "R2",
        SIF,
        HP,
        "Complete assessments within 45 working days and record the child's views in every one.",
        "Head of Assessment",
        "assessments_45_days",
        "2025-03-31",
        "sif_2014",
        "yes",
    ),
    (
        "R3",
        SIF,
        HP,
        "Reduce repeat referrals and second child protection plans by checking that "
        "plans end only when change has lasted.",
        "Head of Safeguarding",
        "re_referrals_12m; cp_second_plan",
        "2025-09-30",
        "sif_2014",
        "no",
    ),
    (
        "R4",
        SIF,
        HP,
        "Hold every child protection review on time and send minutes to families "
        "within ten working days.",
        "Head of Quality Assurance",
        "cp_reviews_timely",
        "2024-12-31",
        "sif_2014",
        "no",
    ),
    (
        "R5",
        SIF,
        HP,
        "Raise awareness of private fostering and of how to refer concerns about "
        "adults who work with children.",
        "Safeguarding Lead",
        "private_fostering_notifications; lado_referrals",
        "2025-03-31",
        "sif_2014",
        "no",
    ),
    (
        "R6",
        SIF,
        LAC,
        "Make sure looked-after children's reviews happen on time and that every "
        "child has a care plan that is up to date.",
        "Head of Children in Care",
        "lac_reviews_timely; care_plans_up_to_date",
        "2024-12-31",
        "sif_2014",
        "yes",
    ),
    (
        "R7",
        SIF,
        LAC,
        "Improve the health of children in care: annual health assessments, dental "
        "checks and immunisations up to date.",
        "Designated Nurse",
        "health_assessments; dental_checks; immunisations",
        "2025-03-31",
        "sif_2014",
        "yes",
    ),
    (
        "R8",
        SIF,
        LAC,
        "Keep personal education plans current and use them to raise attainment.",
        "Virtual School Head",
        "pep_up_to_date",
        "2025-03-31",
        "sif_2014",
        "no",
    ),
    (
        "R9",
        SIF,
        LAC,
        "Reduce the number of children who move placement three or more times in a year.",
        "Head of Placements",
        "placement_stability_3plus",
        "2025-03-31",
        "sif_2014",
        "no",
    ),
    (
        "R10",
        SIF,
        LAC,
        "Complete life story work for every child with a permanence plan and "
        "increase in-house foster placements.",
        "Head of Permanence",
        "life_story_work; foster_carer_occupancy",
        "2025-06-30",
        "sif_2014",
        "no",
    ),
    (
        "R11",
        SIF,
        CL,
        "Increase the proportion of care leavers in education, employment or training.",
        "Head of Young Adults Service",
        "care_leavers_ete",
        "2025-09-30",
        "sif_2014",
        "yes",
    ),
    (
        "R12",
        SIF,
        CL,
        "Make sure care leavers live in suitable accommodation and stay in touch "
        "with their personal adviser.",
        "Head of Young Adults Service",
        "care_leavers_suitable_accommodation; care_leavers_in_touch",
        "2025-03-31",
        "sif_2014",
        "no",
    ),
    (
        "R13",
        SIF,
        CL,
        "Review pathway plans at least every six months and give every 18-year-old "
        "their health history.",
        "Head of Young Adults Service",
        "pathway_plans_6_months; health_histories",
        "2025-03-31",
        "sif_2014",
        "no",
    ),
    (
        "R14",
        SIF,
        LEAD,
        "Build a stable, permanent social work workforce with manageable caseloads.",
        "Director of Children's Services",
        "sw_vacancy_rate; sw_agency_rate; sw_average_caseload",
        "2025-03-31",
        "sif_2014",
        "yes",
    ),
    (
        "LSCB1",
        LSCB,
        BOARD,
        "The board should check how well early help reaches families before "
        "problems escalate, and report it to partners.",
        "Board Chair",
        "early_help_families",
        "2025-06-30",
        "other",
        "no",
    ),
    (
        "LSCB2",
        LSCB,
        BOARD,
        "Audit the quality of multi-agency strategy discussions twice a year.",
        "Board Business Manager",
        "audits_good_or_better",
        "2025-03-31",
        "other",
        "no",
    ),
]

# The case audits' themes (data/demo/audits.csv) that evidence a recommendation.
AUDIT_THEMES = {"R3": "Neglect", "R2": "Assessment"}

# ref, action_ref, action, owner, due, revised_due, status, completed
ACTIONS = [
    (
        "R1",
        "1.1",
        "Daily conference booking meeting with the police and health",
        "CP Chair Manager",
        "2024-06-30",
        "",
        "complete",
        "2024-06-14",
    ),
    (
        "R1",
        "1.2",
        "Escalation when a conference cannot be booked in 10 days",
        "Head of Safeguarding",
        "2024-09-30",
        "2025-01-31",
        "in_progress",
        "",
    ),
    (
        "R2",
        "2.1",
        "Weekly tracker of assessments due in the next ten days",
        "Assessment Manager",
        "2024-07-31",
        "",
        "complete",
        "2024-07-20",
    ),
    (
        "R2",
        "2.2",
        "Recruit two permanent assessment social workers",
        "Head of Assessment",
        "2024-12-31",
        "2025-06-30",
        "in_progress",
        "",
    ),
    (
        "R3",
        "3.1",
        "Audit of plans ended in the last year",
        "Quality Assurance Lead",
        "2024-09-30",
        "",
        "complete",
        "2024-10-04",
    ),
    (
        "R3",
        "3.2",
        "Step-down protocol with early help",
        "Head of Early Help",
        "2025-01-31",
        "",
        "in_progress",
        "",
    ),
    (
        "R4",
        "4.1",
        "Minutes template and ten-day tracker",
        "Head of Quality Assurance",
        "2024-08-31",
        "",
        "complete",
        "2024-08-15",
    ),
    (
        "R5",
        "5.1",
        "Private fostering campaign in schools and GP surgeries",
        "Safeguarding Lead",
        "2024-10-31",
        "",
        "complete",
        "2024-11-12",
    ),
    (
        "R5",
        "5.2",
        "LADO briefing for every school's designated lead",
        "LADO",
        "2025-02-28",
        "",
        "not_started",
        "",
    ),
    (
        "R6",
        "6.1",
        "Review booking system for independent reviewing officers",
        "IRO Manager",
        "2024-07-31",
        "",
        "complete",
        "2024-07-31",
    ),
    (
        "R6",
        "6.2",
        "Care plan audit every quarter",
        "Head of Children in Care",
        "2024-12-31",
        "",
        "complete",
        "2024-12-20",
    ),
    (
        "R7",
        "7.1",
        "Dental access agreement with community dental service",
        "Designated Nurse",
        "2024-09-30",
        "2025-03-31",
        "in_progress",
        "",
    ),
    (
        "R7",
        "7.2",
        "Immunisation catch-up clinics",
        "Looked After Children's Nurse",
        "2024-12-31",
        "",
        "not_started",
        "",
    ),
    (
        "R8",
        "8.1",
        "PEP quality framework for designated teachers",
        "Virtual School Head",
        "2024-11-30",
        "",
        "complete",
        "2024-11-29",
    ),
    (
        "R8",
        "8.2",
        "Termly PEP completion report to heads",
        "Virtual School Head",
        "2025-02-28",
        "2025-05-31",
        "in_progress",
        "",
    ),
    (
        "R9",
        "9.1",
        "Placement stability meetings after a second move",
        "Head of Placements",
        "2024-08-31",
        "",
        "complete",
        "2024-09-02",
    ),
    (
        "R10",
        "10.1",
        "Life story work training for all social workers",
        "Head of Permanence",
        "2024-10-31",
        "2025-01-31",
        "complete",
        "2025-01-24",
    ),
    (
        "R10",
        "10.2",
        "Foster carer recruitment campaign",
        "Fostering Manager",
        "2025-01-31",
        "",
        "in_progress",
        "",
    ),
    (
        "R11",
        "11.1",
        "Apprenticeships with council contractors ring-fenced for care leavers",
        "Head of Young Adults Service",
        "2024-12-31",
        "2025-06-30",
        "in_progress",
        "",
    ),
    (
        "R11",
        "11.2",
        "Education, employment and training adviser in the leaving care team",
        "Head of Young Adults Service",
        "2024-09-30",
        "",
        "complete",
        "2024-09-16",
    ),
    (
        "R12",
        "12.1",
        "Supported lodgings scheme",
        "Housing Partnership Manager",
        "2025-03-31",
        "",
        "in_progress",
        "",
    ),
    (
        "R13",
        "13.1",
        "Pathway plan reminders in the case system",
        "Systems Manager",
        "2024-07-31",
        "",
        "complete",
        "2024-07-12",
    ),
    (
        "R14",
        "14.1",
        "Market supplement and career progression scheme",
        "Director of Children's Services",
        "2024-09-30",
        "",
        "complete",
        "2024-09-30",
    ),
    (
        "R14",
        "14.2",
        "Convert agency posts to permanent",
        "Workforce Lead",
        "2024-12-31",
        "2025-03-31",
        "in_progress",
        "",
    ),
    (
        "LSCB1",
        "B1.1",
        "Early help dashboard for the board",
        "Board Business Manager",
        "2024-12-31",
        "",
        "deferred",
        "",
    ),
    (
        "LSCB2",
        "B2.1",
        "Strategy discussion audit tool agreed by partners",
        "Board Business Manager",
        "2024-10-31",
        "",
        "not_started",
        "",
    ),
]

Q1, Q2, Q3, Q4 = "2024-06-30", "2024-09-30", "2024-12-31", "2025-03-31"
# ref -> the four quarterly ratings and what each update says (in our own words).
UPDATES = {
    "R1": [("on_track", "Booking meetings are in place and conferences are on time."),
           ("on_track", "Held steady this quarter; police attendance improved."),
           ("at_risk", "Timeliness fell while two conference chairs were absent."),
           ("at_risk", "Recovering slowly; escalation route still being agreed.")],
    "R2": [("on_track", "Tracker introduced; timeliness close to target."),
           ("at_risk", "Two vacancies in the assessment team slowed completions."),
           ("at_risk", "Recruitment under way; agency cover in place."),
           ("at_risk", "Still short of target; recruitment extended.")],
    "R3": [("at_risk", "Audit started; second plans remain above target."),
           ("at_risk", "Audit found plans ended too early in a few cases."),
           ("off_track", "Second plans have risen again."),
           ("off_track", "Step-down protocol not yet in use.")],
    "R4": [("on_track", "Minutes template agreed."),
           ("on_track", "Reviews on time; minutes tracker in use."),
           ("on_track", "Sustained."),
           ("complete", "Reviews have been on time all year; recommendation closed.")],
    "R5": [("on_track", "Campaign planned with schools."),
           ("on_track", "Campaign launched."),
           ("on_track", "Notifications rising as expected."),
           ("at_risk", "LADO briefings not yet started.")],
    "R6": [("at_risk", "New booking system still bedding in."),
           ("on_track", "Reviews and care plans on time."),
           ("on_track", "Care plan audit completed."),
           ("complete", "All actions complete and performance sustained.")],
    "R7": [("at_risk", "Dental access remains difficult."),
           ("at_risk", "Dental agreement delayed; health assessments good."),
           ("off_track", "Immunisations falling; clinics not started."),
           ("off_track", "Immunisation and dental checks still well below target.")],
    "R8": [("on_track", "PEP completion above target."),
           ("on_track", "Quality framework drafted."),
           ("at_risk", "Completion dipped after the autumn term."),
           ("at_risk", "Termly report delayed to the summer.")],
    "R9": [("on_track", "Stability meetings started."),
           ("on_track", "Fewer children moved three times."),
           ("on_track", "Improving."),
           ("complete", "Below target all year; recommendation closed.")],
    "R10": [("on_track", "Training booked."),
            ("on_track", "Training delayed to January."),
            ("at_risk", "Foster carer numbers falling."),
            ("at_risk", "Occupancy down; recruitment campaign running.")],
    "R11": [("at_risk", "Adviser being recruited."),
            ("at_risk", "Adviser in post."),
            ("at_risk", "Apprenticeship scheme delayed."),
            ("on_track", "Apprenticeship scheme agreed; expect more care leavers in work.")],
    "R12": [("on_track", "Most care leavers in suitable homes."),
            ("on_track", "In touch with nearly all care leavers."),
            ("on_track", "Supported lodgings scheme designed."),
            ("at_risk", "Supported lodgings scheme delayed by a provider.")],
    "R13": [("on_track", "Reminders live in the case system."),
            ("on_track", "Pathway plans improving."),
            ("on_track", "Health histories given at 18."),
            ("on_track", "Close to target on both measures.")],
    "R14": [("at_risk", "Vacancies high; market supplement agreed."),
            ("at_risk", "Supplement in place from September."),
            ("on_track", "Vacancies and agency use falling."),
            ("on_track", "Vacancy and agency rates now within target.")],
    "LSCB1": [("on_track", "Dashboard specified."),
              ("on_track", "Data sharing agreed."),
              ("off_track", "Dashboard deferred while the case system changes."),
              ("off_track", "Still deferred.")],
}  # fmt: skip
AUTHORS = {HP: "Head of Safeguarding", LAC: "Head of Children in Care",
           CL: "Head of Young Adults Service", LEAD: "Director of Children's Services",
           BOARD: "Board Business Manager"}  # fmt: skip


def sheets() -> dict[str, pd.DataFrame]:
    recs = pd.DataFrame(
        RECOMMENDATIONS,
        columns=["ref", "source", "area", "recommendation", "lead", "kpis", "due", "framework",
                 "public"],
    )  # fmt: skip
    recs.insert(6, "audit_themes", recs["ref"].map(AUDIT_THEMES).fillna(""))
    actions = pd.DataFrame(
        ACTIONS,
        columns=["ref", "action_ref", "action", "owner", "due", "revised_due", "status",
                 "completed"],
    )  # fmt: skip
    area = dict(zip(recs["ref"], recs["area"], strict=True))
    updates = pd.DataFrame(
        [
            (ref, day, status, text, AUTHORS[area[ref]])
            for ref, quarters in UPDATES.items()
            for day, (status, text) in zip((Q1, Q2, Q3, Q4), quarters, strict=True)
        ],
        columns=["ref", "date", "status", "narrative", "author"],
    )
    return {"Recommendations": recs, "Actions": actions, "Updates": updates}


if __name__ == "__main__":
    OUT.write_bytes(to_xlsx_bytes(sheets()))
    print(f"wrote {OUT}")
