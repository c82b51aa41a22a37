"""The illustrative demo authority: loaded into an empty store when the app starts."""

from __future__ import annotations

from kpis import ingest
from kpis.access import Actor, Role
from kpis.catalogue import Catalogue
from kpis.paths import DATA_DIR
from kpis.store import Store

DEMO_FILE = DATA_DIR / "demo" / "scorecard.csv"
# Made by scripts/make_demo_plan.py: an invented plan whose updates fit the demo figures.
DEMO_PLAN = DATA_DIR / "demo" / "plan.xlsx"
# Made by scripts/make_demo_audits.py: a year of synthetic case audits for the demo's teams.
DEMO_AUDITS = DATA_DIR / "demo" / "audits.csv"
# Made by scripts/make_returns.py: three collection years of synthetic SSDA903 and CIN census
# returns, one zip a year; their measures' figures are the demo's for the months they cover.
DEMO_RETURNS = DATA_DIR / "demo" / "returns"
DEMO_USER = "demo (illustrative data)"
# Marked public when the demo loads, so its public site shows measures out of the box: a few
# from each judgement area, most of them evidence for the plan's public recommendations.
DEMO_PUBLIC = (
    "icpc_15_days",
    "assessments_45_days",
    "re_referrals_12m",
    "lac_reviews_timely",
    "health_assessments",
    "placement_stability_3plus",
    "care_leavers_ete",
    "yj_reoffending",
    "sw_vacancy_rate",
)
DEMO_LABEL = (
    "Illustrative demo data: a synthetic scorecard for Haringey (DfE code 309), "
    "not the authority's real figures."
)


def load_demo_if_empty(store: Store, catalogue: Catalogue) -> bool:
    """Publish the demo scorecard into a store that has never had a load; True if it did."""
    if not store.is_empty():
        return False
    checked = ingest.check(store, DEMO_FILE.read_bytes(), DEMO_FILE.name, catalogue)
    if not checked.ok:
        raise ValueError("the demo scorecard does not validate: " + str(checked.errors[0]))
    ingest.publish(store, checked, user=DEMO_USER)
    load_demo_returns(store)
    _load_demo_plan(store, catalogue)
    _load_demo_audits(store)
    _mark_demo_public(store, catalogue)
    return True


def _mark_demo_public(store: Store, catalogue: Catalogue) -> None:
    # As the demo's own user, so `public list` and the audit log say where the flags came from.
    demo = store.as_actor(Actor(DEMO_USER, Role.ANALYST))
    for kpi_id in DEMO_PUBLIC:
        if kpi_id in catalogue.by_id():
            demo.set_public("kpi", kpi_id, True)


def demo_returns_files() -> list[tuple[list[tuple[str, bytes]], int]]:
    """Each collection year's zip and its year (903 files carry none): `2022-23.zip` is 2023."""
    found = []
    for path in sorted(DEMO_RETURNS.glob("*.zip")):
        found.append(([(path.name, path.read_bytes())], int(path.stem[:4]) + 1))
    return found


def load_demo_returns(store: Store) -> None:
    """Store the demo's returns and publish their measures as one load, as an analyst would."""
    from kpis.returns.importing import import_years

    import_years(store, demo_returns_files(), user=DEMO_USER)


def _load_demo_plan(store: Store, catalogue: Catalogue) -> None:
    from kpis.plans import importing

    found = importing.check(store, DEMO_PLAN.read_bytes(), DEMO_PLAN.name, catalogue)
    if not found.ok:
        raise ValueError("the demo plan does not validate: " + str(found.errors[0]))
    importing.publish(store, found, user=DEMO_USER)


def _load_demo_audits(store: Store) -> None:
    from kpis.audits import importing

    found = importing.check(store, DEMO_AUDITS.read_bytes(), DEMO_AUDITS.name)
    if not found.ok:
        raise ValueError("the demo audits do not validate: " + str(found.errors[0]))
    importing.publish(store, found, user=DEMO_USER)


def is_demo(store: Store) -> bool:
    """True while any demo load is still in effect, so every view can label it."""
    loads = store.loads()
    active = loads[loads["rolled_back_at"].isna()]
    return bool((active["user"] == DEMO_USER).any())
