"""The month's exception list with every reason, gathered from the store and DfE's figures."""

from __future__ import annotations

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.month.signals import exceptions
from kpis.published import authority, comparators_for, neighbours_better, published_data, quartiles
from kpis.store import Store


def month_exceptions(
    store: Store, catalogue: Catalogue, period: str, figures: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Ranked exceptions for `period`: RAG, SPC, assurance, quartile D and neighbour standing."""
    who = authority(store)
    bands = quartiles(comparators_for(store, catalogue, who))
    standing = neighbours_better(published_data(store), catalogue, who)
    return exceptions(
        store.figures() if figures is None else figures,
        catalogue,
        period,
        quartiles=bands,
        rebases=store.rebases(),
        neighbours=standing,
    )
