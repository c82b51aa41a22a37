"""The illustrative demo authority: loaded into an empty store when the app starts."""

from __future__ import annotations

from kpis import ingest
from kpis.catalogue import Catalogue
from kpis.paths import DATA_DIR
from kpis.store import Store

DEMO_FILE = DATA_DIR / "demo" / "scorecard.csv"
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
    return True


def is_demo(store: Store) -> bool:
    """True while any demo load is still in effect, so every view can label it."""
    loads = store.loads()
    active = loads[loads["rolled_back_at"].isna()]
    return bool((active["user"] == DEMO_USER).any())
