"""Public recommendations on the static site: chosen in the plan file or by an analyst's flag,
shown with their status at the month's end and nothing of their narrative or actions."""

from __future__ import annotations

from kpis import ingest
from kpis.cli import main
from kpis.plans import importing
from kpis.site import public_recommendations, write_site
from tests.plans_helpers import action, figures_csv, rec, update, workbook


def test_public_recommendations_reach_the_site_without_their_private_words(
    store, catalogue, tmp_path, db_url, capsys
):
    checked = ingest.check(store, figures_csv([("icpc_15_days", "2024-09", 91)]), "f.csv",
                           catalogue)  # fmt: skip
    ingest.publish(store, checked)
    found = importing.check(store, workbook(
        [rec("R1", public="yes", recommendation="Hold conferences on time"),
         rec("R2", public="yes"), rec("R3", public="no", recommendation="Secret plan")],
        [action("R1", "1", action="Private action text")],
        [update("R1", "2024-09-30", "at_risk", narrative="Private narrative text"),
         update("R1", "2024-10-01", "complete")],
    ), "plan.xlsx", catalogue)  # fmt: skip
    importing.publish(store, found)
    assert main(["public", "set", "R2", "--public", "no", "--db", db_url]) == 0
    assert main(["public", "set", "R3", "--public", "yes", "--db", db_url]) == 0
    assert main(["public", "set", "R99", "--public", "yes", "--db", db_url]) == 1
    capsys.readouterr()
    shown = public_recommendations(store, "2024-09")
    assert [(r.ref, r.status) for r in shown] == [("R1", "At risk"), ("R3", "No update")]
    out = tmp_path / "site"
    write_site(store, catalogue, out, "2024-09")
    text = " ".join(p.read_text() for p in out.rglob("*.html"))
    assert "Hold conferences on time" in text and "At risk" in text
    assert "Secret plan" in text  # R3 made public by the analyst's flag
    for private in ("Private narrative text", "Private action text", "Recommendation R2"):
        assert private not in text
