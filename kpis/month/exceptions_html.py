"""The exception list as an accessible HTML table: every reason in full, each row a link."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kpis.markup import html_text
from kpis.month.scorecard_html import cell, rag_badge


def exceptions_html(
    ranked: pd.DataFrame, *, link: Callable[[pd.Series], str], actions: Callable[[str, str], str]
) -> str:
    """`ranked` is the exception engine's output (with `team_name`, `value_text`)."""
    head = (
        "<tr><th scope='col'>Rank</th><th scope='col' class='measure'>Measure</th>"
        "<th scope='col'>Team</th><th scope='col'>Figure</th>"
        "<th scope='col'>Why it is here</th><th scope='col'>Actions agreed</th></tr>"
    )
    rows = []
    for _, r in ranked.iterrows():
        reasons = "".join(f"<li>{html_text(text)}</li>" for text in r["reasons"])
        # What the board reads instead of an assurance verdict: beside the reasons, not one.
        note = r.get("note") or ""
        changed = f'<span class="changed">{html_text(note)}</span>' if note else ""
        agreed = actions(r["kpi_id"], r["team"])
        rows.append(
            "<tr>"
            + cell("Rank", str(int(r["rank"])), "num")
            + f'<th scope="row"><a href="{html_text(link(r))}">{html_text(r["name"])}</a></th>'
            + cell("Team", html_text(r["team_name"]))
            + cell("Figure", rag_badge(r["rag"], r["value_text"]))
            + cell("Why it is here", f'<ul class="reasons">{reasons}</ul>{changed}')
            + cell("Actions agreed", html_text(agreed) if agreed else "None recorded", "muted")
            + "</tr>"
        )
    return (
        '<div class="kpi-wrap"><table class="kpi-card"><caption class="sr-only">Exceptions'
        f"</caption><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
