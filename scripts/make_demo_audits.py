"""Write the demo authority's synthetic case audits (data/demo/audits.csv).

A year of monthly audits (April 2024 to March 2025) for the demo scorecard's six teams, graded
overall and in four practice domains, some moderated, a few inadequate with their follow-ups
(one overdue), and a quarterly theme. Invented from start to finish: the child ids, workers,
auditors and learning are made up, and no real child's data is in it. The grades are drawn at
random (fixed seed, so the file is the same byte for byte on every run), then placed so the
triangulation with the demo figures flags a team in June 2024 (all measures on target, an
inadequate audit) and in February 2025 (half the measures red, every audit good or better), and
nowhere else.
Run: python scripts/make_demo_audits.py
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kpis.audits.grades import Grade
from kpis.audits.model import AUDIT_COLUMNS
from kpis.audits.triangulation import team_ratings, window
from kpis.catalogue import load_catalogue
from kpis.paths import DATA_DIR
from kpis.periods import shift
from kpis.rag import Rag

OUT = DATA_DIR / "demo" / "audits.csv"
SCORECARD = DATA_DIR / "demo" / "scorecard.csv"
SEED = 309
FIRST, LAST = "2024-04", "2025-03"
# Audits a month, and how much better (or worse) than the authority each team tends to grade.
TEAMS = {
    "Assessment Team": (7, -0.04),
    "Child Protection North": (6, 0.02),
    "Child Protection South": (6, 0.04),
    "Children in Care": (6, 0.06),
    "Disabled Children's Team": (5, 0.00),
    "Young Adults Service": (5, -0.06),
}
DOMAINS = ("Voice of the child", "Assessment", "Planning", "Management oversight")
# One theme a quarter for the thematic audits (one a team each month).
THEMES = {"04": "Assessment", "07": "Exploitation", "10": "Transitions", "01": "Neglect"}
AUDITORS = ("Service manager A", "Service manager B", "QA officer C", "QA officer D")
MODERATORS = ("Principal social worker", "Head of quality assurance")
LEARNING = {
    Grade.OUTSTANDING: "The child's own words shape the plan; strong, reflective supervision.",
    Grade.GOOD: "Clear analysis and a plan the family understands; visits on time.",
    Grade.REQUIRES_IMPROVEMENT: "The plan lacks timescales; the child's voice is thin.",
    Grade.INADEQUATE: "Drift after the assessment; no management oversight for two months.",
}
# Where the triangulation should flag a team: (team, month).
FLAGGED = {("Children in Care", "2024-06"), ("Child Protection North", "2025-02")}
ORDER = [Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE]


def months() -> list[str]:
    out, month = [], FIRST
    while month <= LAST:
        out.append(month)
        month = shift(month, 1)
    return out


def _grade(rng: random.Random, good_share: float) -> Grade:
    draw = rng.random()
    if draw < good_share * 0.15:
        return Grade.OUTSTANDING
    if draw < good_share:
        return Grade.GOOD
    return Grade.INADEQUATE if draw > 0.95 else Grade.REQUIRES_IMPROVEMENT


def _near(rng: random.Random, grade: Grade) -> Grade:
    """A practice domain's grade: mostly the audit's, sometimes one either side."""
    step = rng.choice((-1, 0, 0, 0, 1))
    return ORDER[min(max(ORDER.index(grade) + step, 0), 3)]


def _working_day(rng: random.Random, month: str) -> date:
    day = date(int(month[:4]), int(month[5:]), rng.randint(1, 26))
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def draw_audits(rng: random.Random) -> list[dict]:
    """Each month's audits: an overall grade, a date, a type and theme, a moderation."""
    audits = []
    for index, month in enumerate(months()):
        theme = THEMES[f"{(int(month[5:]) - 1) // 3 * 3 + 1:02d}"]
        for team, (count, lean) in TEAMS.items():
            for n in range(count):
                share = 0.60 + 0.012 * index + lean
                audits.append({
                    "team": team, "month": month, "date": _working_day(rng, month),
                    "grade": _grade(rng, share), "thematic": n == 0, "theme": theme,
                    "auditor": rng.choice(AUDITORS), "moderated": rng.random() < 0.2,
                    "moved": rng.choice((-1, 0, 0, 1)),
                })  # fmt: skip
    return audits


def final(audit: dict) -> Grade:
    """The grade after moderation."""
    if not audit["moderated"] or not audit["moved"]:
        return audit["grade"]
    return ORDER[min(max(ORDER.index(audit["grade"]) - audit["moved"], 0), 3)]


def place_flags(audits: list[dict]) -> None:
    """Make the triangulation flag exactly FLAGGED: force the designed teams' grades, and break
    any other flag the draw made (a red month's run of good audits gets one that is not)."""
    figures = pd.read_csv(SCORECARD, dtype={"team": str}, keep_default_na=False, na_values=[""])
    figures["team"] = figures["team"].fillna("")
    catalogue = load_catalogue()
    for month in months():
        ratings = team_ratings(figures, catalogue, month)
        for team in TEAMS:
            rated = ratings[ratings["team"] == team]["rag"]
            mine = [a for a in audits if a["team"] == team and a["month"] in window(month)]
            all_green = len(rated) >= 1 and (rated == Rag.GREEN.value).all()
            half_red = len(rated) >= 1 and 2 * (rated == Rag.RED.value).sum() >= len(rated)
            designed = (team, month) in FLAGGED
            if all_green and designed:
                this_month = [a for a in mine if a["month"] == month]
                this_month[-1].update(grade=Grade.INADEQUATE, moderated=False)
            elif all_green:
                for audit in mine:
                    if final(audit) is Grade.INADEQUATE:
                        audit.update(grade=Grade.REQUIRES_IMPROVEMENT, moderated=False)
            elif half_red and designed:
                for audit in mine:
                    if not final(audit).good_or_better:
                        audit.update(grade=Grade.GOOD, moderated=False)
            elif half_red and all(final(a).good_or_better for a in mine):
                mine[-1].update(grade=Grade.REQUIRES_IMPROVEMENT, moderated=False)


def rows(audits: list[dict], rng: random.Random) -> list[dict]:
    """The file's rows: each audit's Overall row, then one per practice domain."""
    audits = sorted(audits, key=lambda a: (a["date"], a["team"]))
    inadequate = [a for a in audits if final(a) is Grade.INADEQUATE]
    # The follow-up left undone: Child Protection North's last inadequate audit due before the
    # year's end (one team's manager then has an overdue follow-up to see).
    undone = [a for a in inadequate if a["team"] == "Child Protection North"
              and a["date"] + timedelta(days=21) < date(2025, 3, 31)][-1]  # fmt: skip
    out = []
    for number, audit in enumerate(audits, start=1):
        grade, after = audit["grade"], final(audit)
        overall = {
            "audit_id": f"QA-{number:04d}",
            "child_id": f"DEMO-{rng.randint(10000, 99999)}",
            "team": audit["team"],
            "worker": f"Social worker {rng.randint(1, 40):02d}",
            "auditor": audit["auditor"],
            "date": audit["date"].isoformat(),
            "type": "thematic" if audit["thematic"] else "monthly",
            "theme": audit["theme"] if audit["thematic"] else "",
            "domain": "Overall",
            "grade": grade.value,
            "moderated_grade": after.value if audit["moderated"] else "",
            "moderator": rng.choice(MODERATORS) if audit["moderated"] else "",
            "learning": LEARNING[after],
            "follow_up_due": "",
            "follow_up_done": "",
        }
        if after is Grade.INADEQUATE:
            due = audit["date"] + timedelta(days=21)
            done = "" if audit is undone else (due - timedelta(days=rng.randint(0, 7)))
            overall["follow_up_due"] = due.isoformat()
            overall["follow_up_done"] = done.isoformat() if done else ""
        out.append(overall)
        for domain in DOMAINS:
            out.append(
                overall
                | {"domain": domain, "grade": _near(rng, after).value, "moderated_grade": "",
                   "moderator": "", "learning": "", "follow_up_due": "", "follow_up_done": ""}
            )  # fmt: skip
    return out


def audit_file() -> bytes:
    """The demo audit file as CSV bytes (the same on every run)."""
    from kpis.tables import to_csv_bytes

    rng = random.Random(SEED)
    audits = draw_audits(rng)
    place_flags(audits)
    return to_csv_bytes(pd.DataFrame(rows(audits, rng), columns=AUDIT_COLUMNS))


if __name__ == "__main__":
    OUT.write_bytes(audit_file())
    print(f"wrote {OUT}")
