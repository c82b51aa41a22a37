"""The SSDA903 tables as DfE specifies them, told apart by their sets of column names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Every 903 table DfE specifies, by its columns in DfE's order.
COLUMNS: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
    "Episodes": (
        "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
        "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
    ),
    "Reviews": ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
    "UASC": ("CHILD", "SEX", "DOB", "DUC"),
    "OC2": (
        "CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS",
        "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "Missing": ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
    "AD1": (
        "CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR",
        "LS_ADOPTR",
    ),
    "PlacedAdoption": ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
    "PrevPerm": ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
    "SWEpisodes": ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
    "DoLo": ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
}  # fmt: skip

# The columns each used table keeps (personal data is kept only where a measure needs it).
USED: dict[str, tuple[str, ...]] = {
    "Header": ("CHILD", "SEX", "DOB", "ETHNIC"),
    "Episodes": ("CHILD", "DECOM", "RNE", "LS", "PLACE", "DEC"),
    "Reviews": ("CHILD", "REVIEW"),
    "UASC": ("CHILD", "DUC"),
    "OC2": ("CHILD", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT"),
    "OC3": ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
    "Missing": ("CHILD", "MISSING", "MIS_START", "MIS_END"),
}
REQUIRED = ("Header", "Episodes")
# Where the held tables give the returns themselves: kind, period_end, and the tables each held.
HELD = "_returns"

# The CIN census tables kept: each one's columns (besides child, element, row and file) and
# the XML item each comes from.
CIN_ITEMS: dict[str, dict[str, str]] = {
    "children": {
        "dob": "PersonBirthDate",
        "sex": "Sex",
        "gender": "GenderCurrent",
        "ethnicity": "Ethnicity",
    },
    "referrals": {"referral": "CINreferralDate"},
    "assessments": {
        "start": "AssessmentActualStartDate",
        "authorised": "AssessmentAuthorisationDate",
    },
    "section47": {
        "s47_start": "S47ActualStartDate",
        "icpc": "DateOfInitialCPC",
        "not_required": "ICPCnotRequired",
    },
    "plans": {"start": "CPPstartDate", "end": "CPPendDate", "previous": "NumberOfPreviousCPP"},
    "plan_reviews": {"review": "CPPreviewDate"},
}
# Keys tying events to their referral (`detail`) and reviews to their plan (`plan`), numbered
# within the file.
CIN_KEYS: dict[str, tuple[str, ...]] = {
    "children": (),
    "referrals": ("detail",),
    "assessments": ("detail",),
    "section47": ("detail",),
    "plans": ("detail", "plan"),
    "plan_reviews": ("detail", "plan"),
}


def field(column: str) -> str:
    """The frame column a 903 column is kept in: DECOM -> decom."""
    return column.lower()


def normalise(header: Sequence[str]) -> frozenset[str]:
    return frozenset(h.strip().upper() for h in header)


def recognise(header: Sequence[str]) -> str | None:
    """The 903 table whose column set this header is (case, spaces and order ignored)."""
    names = normalise(header)
    for table, columns in COLUMNS.items():
        if names == frozenset(columns):
            return table
    return None


@dataclass(frozen=True)
class Nearest:
    """The table a header comes closest to, with the columns it lacks and those it adds."""

    table: str
    missing: tuple[str, ...]
    extra: tuple[str, ...]

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"missing {', '.join(self.missing)}")
        if self.extra:
            parts.append(f"extra {', '.join(self.extra)}")
        return f"the closest is {self.table} ({'; '.join(parts)})"


def nearest(header: Sequence[str]) -> Nearest:
    """The table sharing the most columns with the header (the fewest differences on a tie)."""
    names = normalise(header) - {""}

    def score(table: str) -> tuple[int, int]:
        columns = frozenset(COLUMNS[table])
        return (len(names & columns), -len(names ^ columns))

    table = max(COLUMNS, key=score)
    columns = COLUMNS[table]
    missing = tuple(c for c in columns if c not in names)
    extra = tuple(sorted(names - frozenset(columns)))
    return Nearest(table, missing, extra)
