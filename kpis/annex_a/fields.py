"""The Annex A columns our KPIs use: our name, the template's header and known variants."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    ID = "id"
    TEXT = "text"
    DATE = "date"
    YES_NO = "yes_no"
    ANSWER = "answer"
    COUNT = "count"


@dataclass(frozen=True)
class Field:
    """One column a KPI needs: our name for it, the Annex A header, and known variants."""

    name: str
    header: str
    kind: Kind
    used_by: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    required: bool = True
    # False where a blank cell is itself dirt (every assessment has a start date).
    blank_ok: bool = True


LIST_TITLES = {
    4: "List 4 (assessments)",
    5: "List 5 (section 47 enquiries and ICPCs)",
    8: "List 8 (children looked after)",
    9: "List 9 (care leavers)",
}

_L4 = ("assessments_45_days",)
_L5 = ("icpc_15_days", "icpc_to_cp_plan")
_L8 = (
    "health_assessments",
    "dental_checks",
    "lac_reviews_timely",
    "placement_stability_3plus",
)
_L9 = ("care_leavers_ete", "care_leavers_suitable_accommodation", "care_leavers_in_touch")

_CHILD = ("Child ID", "Child Unique Identifier", "Unique Child ID", "Child Identifier")
_DOB = ("DOB", "D.O.B.", "Birth Date", "Date of Birth (DOB)", "Child's Date of Birth")
_TEAM = (
    "Team",
    "Team Name",
    "Allocated Team Name",
    "Responsible Team",
    "Team Allocated",
    "Allocated Team (Current)",
    "Current Team",
)
_WORKER = (
    "Worker",
    "Allocated Social Worker",
    "Social Worker",
    "Allocated Worker Name",
    "Worker Name",
    "Allocated Worker (Current)",
    "Current Worker",
    "Case Worker",
    "Key Worker",
)
_PERSONAL_ADVISER = (
    "Allocated Personal Advisor",
    "Allocated Personal Adviser",
    "Personal Advisor",
    "Personal Adviser",
)


def _common(kpis: tuple[str, ...], *, worker_extra: tuple[str, ...] = ()) -> tuple[Field, ...]:
    return (
        Field("child_id", "Child Unique ID", Kind.ID, kpis, _CHILD, blank_ok=False),
        Field("team", "Allocated Team", Kind.TEXT, kpis, _TEAM, required=False),
        Field("worker", "Allocated Worker", Kind.TEXT, kpis, _WORKER + worker_extra, False),
    )


FIELDS: dict[int, tuple[Field, ...]] = {
    4: (
        *_common(_L4),
        Field(
            "start",
            "Continuous Assessment Start Date",
            Kind.DATE,
            _L4,
            ("Assessment Start Date", "Date Assessment Started", "CA Start Date", "Start Date"),
            blank_ok=False,
        ),
        Field(
            "authorised",
            "Continuous Assessment Date of Authorisation",
            Kind.DATE,
            _L4,
            (
                "Date of Authorisation",
                "Assessment Date of Authorisation",
                "Assessment Authorisation Date",
                "Date Assessment Authorised",
                "Continuous Assessment Authorisation Date",
                "Authorisation Date",
                "Assessment Completion Date",
                "Continuous Assessment Completion Date",
            ),
        ),
    ),
    5: (
        *_common(_L5),
        Field(
            "strategy",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            Kind.DATE,
            ("icpc_15_days",),
            (
                "Strategy discussion initiating S47 Enquiry Start Date",
                "Strategy Discussion Date",
                "Date of Strategy Discussion",
                "Section 47 Enquiry Start Date",
                "S47 Enquiry Start Date",
                "S47 Start Date",
                "Strategy discussion initiating Section 47 Enquiry",
            ),
            blank_ok=False,
        ),
        Field(
            "unnecessary",
            "Was an Initial Child Protection Conference deemed unnecessary?",
            Kind.YES_NO,
            _L5,
            (
                "ICPC deemed unnecessary",
                "Was an ICPC deemed unnecessary",
                "Initial Child Protection Conference deemed unnecessary",
                "Was the Initial Child Protection Conference deemed unnecessary",
            ),
        ),
        Field(
            "icpc",
            "Date of Initial Child Protection Conference",
            Kind.DATE,
            _L5,
            ("Date of ICPC", "ICPC Date", "Initial Child Protection Conference Date"),
        ),
        Field(
            "cp_plan",
            "Did the Initial Child Protection Conference Result in a Child Protection Plan",
            Kind.YES_NO,
            ("icpc_to_cp_plan",),
            (
                "Did the ICPC result in a Child Protection Plan",
                "ICPC resulted in a Child Protection Plan",
                "ICPC resulted in CP Plan",
                "Did the ICPC result in a CP Plan",
                "Did the Initial Child Protection Conference result in a CP Plan",
            ),
        ),
    ),
    8: (
        *_common(_L8),
        Field("dob", "Date of Birth", Kind.DATE, ("health_assessments",), _DOB, blank_ok=False),
        Field(
            "started",
            "Date Started to be Looked After",
            Kind.DATE,
            _L8,
            (
                "Date Started to be LAC",
                "Date Started to be Looked After (current episode)",
                "Date Became Looked After",
                "Date Started Care",
                "Date Entered Care",
                "Date Started Looked After",
            ),
            blank_ok=False,
        ),
        Field(
            "review",
            "Date of Latest Statutory Review",
            Kind.DATE,
            ("lac_reviews_timely",),
            (
                "Date of Last Statutory Review",
                "Latest Statutory Review Date",
                "Date of Latest Review",
                "Date of Last Review",
                "Date of Latest LAC Review",
                "Date of Latest CLA Review",
                "Date of Last LAC Review",
                "Date of Last CLA Review",
            ),
        ),
        Field(
            "health",
            "Date of Last Health Assessment",
            Kind.DATE,
            ("health_assessments",),
            (
                "Date of Latest Health Assessment",
                "Last Health Assessment Date",
                "Latest Health Assessment Date",
                "Health Assessment Date",
            ),
        ),
        Field(
            "dental",
            "Date of Last Dental Check",
            Kind.DATE,
            ("dental_checks",),
            (
                "Date of Latest Dental Check",
                "Last Dental Check Date",
                "Latest Dental Check Date",
                "Dental Check Date",
                "Date of Last Dental Check-up",
            ),
        ),
        Field(
            "placements",
            "Number of Placements in the Last 12 months",
            Kind.COUNT,
            ("placement_stability_3plus",),
            (
                "Number of Placements in Last 12 Months",
                "No. of Placements in the Last 12 Months",
                "No of Placements in Last 12 Months",
                "Placements in the Last 12 Months",
                "Number of Placements (Last 12 Months)",
            ),
            blank_ok=False,
        ),
        Field(
            "ceased",
            "Date Ceased to be Looked After",
            Kind.DATE,
            _L8,
            (
                "Date Ceased to be LAC",
                "Date Ceased Looked After",
                "Date Ceased Care",
                "Date Care Ceased",
                "Date Ceased",
            ),
        ),
    ),
    9: (
        *_common(_L9, worker_extra=_PERSONAL_ADVISER),
        Field("dob", "Date of Birth", Kind.DATE, _L9, _DOB, blank_ok=False),
        Field(
            "in_touch",
            "LA in Touch",
            Kind.ANSWER,
            ("care_leavers_in_touch",),
            (
                "LA in Touch?",
                "Local Authority in Touch",
                "Is the LA in Touch",
                "In Touch",
                "In Touch with LA",
                "LA in Touch with Care Leaver",
            ),
        ),
        Field(
            "suitability",
            "Suitability of Accommodation",
            Kind.ANSWER,
            ("care_leavers_suitable_accommodation",),
            (
                "Accommodation Suitability",
                "Accommodation Suitable",
                "Is the Accommodation Suitable?",
                "Suitable Accommodation",
                "Is the Accommodation Suitable",
                "Suitability of Current Accommodation",
            ),
        ),
        Field(
            "activity",
            "Activity Status",
            Kind.ANSWER,
            ("care_leavers_ete",),
            (
                "Activity",
                "Main Activity",
                "Activity Code",
                "Current Activity",
                "Education Employment or Training Status",
                "EET Status",
            ),
        ),
    ),
}
