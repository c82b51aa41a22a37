"""An SSDA903 XML return (root EXPSSDA903) as the same tables the CSV files give."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
from lxml import etree

from kpis.returns.problems import ReturnProblem, ReturnsRejected
from kpis.returns.tables import USED, field
from kpis.returns.xmlsafe import leaves, local

ROOT = "EXPSSDA903"
# The XML's own names for two columns.
XML_NAMES = {"CHILD": "CHILDID", "PLACE": "PL"}
# Groups nested in HEADER, one table each (OC3's items sit in HEADER itself, or in a group).
_GROUPS = {"AREVIEW": "Reviews", "AMISSING": "Missing", "OC2": "OC2"}


def xml_name(column: str) -> str:
    return XML_NAMES.get(column, column)


def _record(table: str, values: dict[str, str], child: str, element: str) -> dict[str, str]:
    record = {field(c): values.get(xml_name(c), "") for c in USED[table]}
    record["child"] = child
    record["element"] = element
    return record


def read_xml903(name: str, root: etree._Element) -> dict[str, pd.DataFrame]:
    """Header, Episodes, Reviews, UASC, OC2, OC3 and Missing from the CHILD elements; a
    CHILDID given twice is refused (every one listed)."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    seen: dict[str, int] = {}
    twice: list[ReturnProblem] = []
    for number, child in enumerate((c for c in root if local(c.tag) == "CHILD"), start=1):
        header = next((h for h in child if local(h.tag) == "HEADER"), None)
        values = leaves(header) if header is not None else {}
        child_id = values.get("CHILDID", "")
        if child_id and child_id in seen:
            twice.append(
                ReturnProblem(
                    name,
                    child=child_id,
                    element=f"CHILD[{number}]/HEADER/CHILDID",
                    message=f"the child is given twice (first as CHILD[{seen[child_id]}]); "
                    "each child's HEADER must be unique",
                    kind="child twice in Header",
                )
            )
        seen.setdefault(child_id, number)
        rows["Header"].append(_record("Header", values, child_id, "HEADER"))
        if values.get("UASC", "") in ("1", "true"):
            rows["UASC"].append(_record("UASC", values, child_id, "HEADER"))
        _groups(header, values, child_id, rows)
        episodes = (e for e in child if local(e.tag) == "EPISODE")
        for index, episode in enumerate(episodes, start=1):
            rows["Episodes"].append(
                _record("Episodes", leaves(episode), child_id, f"EPISODE[{index}]")
            )
    if twice:
        raise ReturnsRejected(twice)
    return {table: _frame(table, rows[table], name) for table in USED}


def _groups(
    header: etree._Element | None,
    values: dict[str, str],
    child_id: str,
    rows: dict[str, list[dict[str, str]]],
) -> None:
    if header is None:
        return
    counts: dict[str, int] = defaultdict(int)
    oc3 = values if values.get("IN_TOUCH", "") else {}
    for group in header:
        tag = local(group.tag)
        if tag == "OC3" and not oc3:
            oc3 = {**values, **leaves(group)}
        if tag not in _GROUPS:
            continue
        counts[tag] += 1
        where = f"HEADER/{tag}[{counts[tag]}]"
        table = _GROUPS[tag]
        rows[table].append(_record(table, {**values, **leaves(group)}, child_id, where))
    if oc3.get("IN_TOUCH", ""):
        rows["OC3"].append(_record("OC3", oc3, child_id, "HEADER"))


def _frame(table: str, records: list[dict[str, str]], name: str) -> pd.DataFrame:
    columns = [field(c) for c in USED[table]]
    frame = pd.DataFrame.from_records(records, columns=[*columns, "element"])
    frame = frame.astype(object)
    frame["row"] = pd.array([pd.NA] * len(frame), dtype="Int64")
    frame["file"] = name
    return frame
