"""The Ofsted grades audits are given, and every way an audit file may spell them."""

from __future__ import annotations

import re
from enum import StrEnum


class Grade(StrEnum):
    """An audit's (or a practice domain's) grade, best first."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def rank(self) -> int:
        """1 for outstanding to 4 for inadequate, as audit files number them."""
        return GRADES.index(self) + 1

    @property
    def word(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def good_or_better(self) -> bool:
        return self in (Grade.OUTSTANDING, Grade.GOOD)

    @property
    def symbol(self) -> str:
        """Shown with the word wherever the grade's colour is (never colour alone)."""
        return _SYMBOLS[self]

    @property
    def colour(self) -> str:
        """GOV.UK palette, dark enough for white text on it."""
        return _COLOURS[self]


GRADES = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
_SYMBOLS = {
    Grade.OUTSTANDING: "★",
    Grade.GOOD: "✔",
    Grade.REQUIRES_IMPROVEMENT: "▲",
    Grade.INADEQUATE: "✖",
}
_COLOURS = {
    Grade.OUTSTANDING: "#005a30",
    Grade.GOOD: "#00703c",
    Grade.REQUIRES_IMPROVEMENT: "#a44b00",
    Grade.INADEQUATE: "#aa2a16",
}
_NAMES = {
    **{g.value.replace("_", " "): g for g in GRADES},
    **{str(g.rank): g for g in GRADES},
    "ri": Grade.REQUIRES_IMPROVEMENT,
    # Ofsted's own wording of the grade.
    "requires improvement to be good": Grade.REQUIRES_IMPROVEMENT,
}
# A whole number read from a number cell ("2.0") is the grade it numbers.
_WHOLE = re.compile(r"^([1-4])\.0*$")


def read_grade(text: str) -> Grade | None:
    """`good`, `Requires improvement`, `REQUIRES_IMPROVEMENT`, `RI` or `1`–`4` (1 outstanding);
    None when the text is none of them (blank included)."""
    key = " ".join(text.strip().lower().replace("_", " ").split())
    if match := _WHOLE.match(key):
        key = match[1]
    return _NAMES.get(key)


ACCEPTED = "outstanding, good, requires improvement (or RI), inadequate, or 1 to 4"
