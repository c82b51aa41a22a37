"""The code lists the measures read: what each code means, and which codes are known at all."""

from __future__ import annotations

# Reason for new episode: S starts a period of care; S, P and B a new placement; L, T and U
# continue the placement before (a change of legal status, or of placement with the same carer).
RNE = frozenset({"S", "P", "B", "L", "T", "U"})
NEW_PLACEMENT = frozenset({"S", "P", "B"})
# Legal status; V3 and V4 are short breaks, removed before anything else is worked out.
LS = frozenset({"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4"})
SHORT_BREAK = frozenset({"V3", "V4"})
# Placement type (DfE's list since 2014); T0-T4 are temporary and A3-A6 placed for adoption.
TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
ADOPTION = frozenset({"A3", "A4", "A5", "A6"})
PLACE = TEMPORARY | ADOPTION | frozenset(
    {"H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5", "S1", "U1", "U2", "U3", "U4",
     "U5", "U6", "Z1"}
)  # fmt: skip
# OC2 health items: 1 had, 0 not.
YES_NO = frozenset({"0", "1"})
# OC3: in touch; DIED and RHOM (returned home for good) leave the denominators.
IN_TOUCH = frozenset({"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"})
NOT_COUNTED = frozenset({"DIED", "RHOM"})
# OC3 activity: F (full time) and P (part time) are in education, employment or training.
ACTIV = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6"})
# OC3 accommodation: a type letter and 1 (suitable) or 2 (not); G abroad, H deported and R
# residence not known leave the accommodation denominator.
ACCOM_TYPES = frozenset("BCDEGHKRSTUVWXYZ")
ACCOM_LEFT_OUT = frozenset("GHR")
# With no activity or accommodation (not in touch, say) the return holds 0 or nothing.
NONE_RECORDED = frozenset({"", "0"})
# Missing: M missing, A away from placement without authorisation.
MISSING = frozenset({"M", "A"})
# CIN census booleans.
TRUE = frozenset({"true", "1"})
FALSE = frozenset({"false", "0", ""})


def known_accom(code: str) -> bool:
    return code in NONE_RECORDED or (len(code) == 2 and code[0] in ACCOM_TYPES and code[1] in "12")


def known_activ(code: str) -> bool:
    return code in NONE_RECORDED or code in ACTIV
