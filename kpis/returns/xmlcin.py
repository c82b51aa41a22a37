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
    number = counter["detail"]
    rows["referrals"].append((child_id, number, *_items(detail, "referrals"), where))
    counts: dict[str, int] = defaultdict(int)
    for event in detail:
        tag = local(event.tag)
        if tag not in _EVENTS:
            continue
        counts[tag] += 1
        path = f"{where}/{tag}[{counts[tag]}]"
        if tag == "Assessments":
            rows["assessments"].append((child_id, number, *_items(event, "assessments"), path))
        elif tag == "Section47":
            rows["section47"].append((child_id, number, *_items(event, "section47"), path))
        else:
            counter["plan"] += 1
            plan = counter["plan"]
            rows["plans"].append((child_id, number, plan, *_items(event, "plans"), path))
            reviews = (r for r in event.iter() if local(r.tag) == "CPPreviewDate")
            for index, review in enumerate(reviews, start=1):
                at = f"{path}/Reviews/CPPreviewDate[{index}]"
                rows["plan_reviews"].append((child_id, number, plan, text(review), at))


def _record(
    table: str,
    values: dict[str, str],
    child_id: str,
    element: str,
    keys: dict[str, int] | None = None,
) -> tuple:
    """The record in _frame's column order (tuples: pandas makes a frame of them far faster)."""
    got = keys or {}
    return (
        child_id,
        *[got.get(key) for key in KEYS[table]],
        *[values.get(item, "") for item in ITEMS[table].values()],
        element,
    )


def _items(element: etree._Element, table: str) -> list[str]:
    """The table's items from the element, as leaves() gives them ('' for one not there),
    picked straight into _frame's column order: this runs for every event of a census."""
    wanted = _WANTED[table]
    out = [""] * len(wanted)
    seen = set()
    for sub in element:
        if len(sub):
            continue
        name = local(sub.tag)
        at = wanted.get(name)
        if at is None or name in seen:
            continue
        seen.add(name)
        value = sub.text
        out[at] = value.strip() if value is not None else ""
    return out


# Per table, where each of its XML items goes among its columns.
_WANTED = {table: {item: i for i, item in enumerate(ITEMS[table].values())} for table in ITEMS}


def _frame(table: str, records: list[tuple], name: str) -> pd.DataFrame:
    columns = ["child", *KEYS[table], *ITEMS[table], "element"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    for key in KEYS[table]:
        frame[key] = frame[key].astype("int64")
    frame["row"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["file"] = name
    return frame
