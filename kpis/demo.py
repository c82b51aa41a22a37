"""The illustrative demo authority: loaded into an empty store when the app starts."""

from __future__ import annotations

from kpis import ingest
from kpis.catalogue import Catalogue
from kpis.paths import DATA_DIR
from kpis.store import Store

DEMO_FILE = DATA_DIR / "demo" / "scorecard.csv"
# Made by scripts/make_demo_plan.py: an invented plan whose updates fit the demo figures.
DEMO_PLAN = DATA_DIR / "demo" / "plan.xlsx"
# Made by scripts/make_demo_audits.py: a year of synthetic case audits for the demo's teams.
DEMO_AUDITS = DATA_DIR / "demo" / "audits.csv"
DEMO_USER = "demo (illustrative data)"
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
    _load_demo_plan(store, catalogue)
    _load_demo_audits(store)
    return True


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
