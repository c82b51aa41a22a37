"""A CIN census XML (root Message): its ReferenceDate and its children's events as tables."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pandas as pd
from lxml import etree

from kpis.returns.dates import parse_date
from kpis.returns.problems import refuse
from kpis.returns.tables import CIN_ITEMS as ITEMS
from kpis.returns.tables import CIN_KEYS as KEYS
from kpis.returns.xmlsafe import leaves, local, text

ROOT = "Message"
# The events of a CINdetails read, each numbered among its own kind.
_EVENTS = frozenset({"Assessments", "Section47", "ChildProtectionPlans"})


def _first(element: etree._Element, *path: str) -> etree._Element | None:
    for name in path:
        element = next((e for e in element if local(e.tag) == name), None)
        if element is None:
            return None
    return element


def reference_date(name: str, root: etree._Element) -> date:
    """The census's ReferenceDate; a file without a readable one is refused."""
    item = _first(root, "Header", "CollectionDetails", "ReferenceDate")
    value = text(item)
    day = parse_date(value) if value else None
    if day is None:
        shown = f"'{value}' is not a date" if value else "there is none"
        raise refuse(
            name,
            f"the CIN census needs Header/CollectionDetails/ReferenceDate: {shown}",
            element="Header/CollectionDetails/ReferenceDate",
            kind="no ReferenceDate",
        )
    return day.date()


def read_cin(name: str, root: etree._Element) -> dict[str, pd.DataFrame]:
    """The children, referrals, assessments, section 47 enquiries, plans and plan reviews."""
    rows: dict[str, list[tuple]] = defaultdict(list)
    children = _first(root, "Children")
    counter = {"detail": 0, "plan": 0}
    for child in children if children is not None else ():
        if local(child.tag) != "Child":
            continue
        # One pass over the child's parts: the first identifiers and characteristics, and
        # every CINdetails in order.
        ids = about = None
        details = []
        for part in child:
            tag = local(part.tag)
            if tag == "CINdetails":
                details.append(part)
            elif tag == "ChildIdentifiers" and ids is None:
                ids = part
            elif tag == "ChildCharacteristics" and about is None:
                about = part
        values = {**(leaves(about) if about is not None else {})}
        values.update(leaves(ids) if ids is not None else {})
        child_id = values.get("LAchildID", "")
        rows["children"].append(_record("children", values, child_id, "ChildIdentifiers"))
        for index, detail in enumerate(details, start=1):
            counter["detail"] += 1
            _detail(detail, child_id, f"CINdetails[{index}]", counter, rows)
    return {table: _frame(table, rows[table], name) for table in ITEMS}


def _detail(
    detail: etree._Element,
    child_id: str,
    where: str,
    counter: dict[str, int],
    rows: dict[str, list[tuple]],
) -> None:
    keys = {"detail": counter["detail"]}
    rows["referrals"].append(_record("referrals", leaves(detail), child_id, where, keys))
    counts: dict[str, int] = defaultdict(int)
    for event in detail:
        tag = local(event.tag)
        if tag not in _EVENTS:
            continue
        counts[tag] += 1
        path = f"{where}/{tag}[{counts[tag]}]"
        if tag == "Assessments":
            rows["assessments"].append(_record("assessments", leaves(event), child_id, path, keys))
        elif tag == "Section47":
            rows["section47"].append(_record("section47", leaves(event), child_id, path, keys))
        else:
            counter["plan"] += 1
            plan = {**keys, "plan": counter["plan"]}
            rows["plans"].append(_record("plans", leaves(event), child_id, path, plan))
            reviews = (r for r in event.iter() if local(r.tag) == "CPPreviewDate")
            for number, review in enumerate(reviews, start=1):
                at = f"{path}/Reviews/CPPreviewDate[{number}]"
                rows["plan_reviews"].append(
                    _record("plan_reviews", {"CPPreviewDate": text(review)}, child_id, at, plan)
                )


def _record(
    table: str,
    values: dict[str, str],
    child_id: str,
    element: str,
    keys: dict[str, int] | None = None,
) -> tuple:
    """The record in _frame's column order (tuples: pandas makes a frame of them far faster)."""
    got = keys or {}
    names, items = _FIELDS[table]
    return (
        child_id,
        *[got.get(key) for key in names],
        *[values.get(item, "") for item in items],
        element,
    )


# Per table, its keys and the XML items of its columns, in _frame's order.
_FIELDS = {table: (KEYS[table], tuple(ITEMS[table].values())) for table in ITEMS}


def _frame(table: str, records: list[tuple], name: str) -> pd.DataFrame:
    columns = ["child", *KEYS[table], *ITEMS[table], "element"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for key in KEYS[table]:
        frame[key] = frame[key].astype("int64")
    frame["row"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["file"] = name
    return frame
