"""The synthetic returns: three collection years that import cleanly and give every measure."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from kpis.returns.compute import MEASURE_IDS
from kpis.returns.importing import import_returns
from kpis.returns.synthetic_files import write_returns
from kpis.store import Store

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "make_returns.py"


def test_three_years_import_and_every_measure_is_produced(tmp_path, db_url):
    written = write_returns(tmp_path, children=250, leavers=80, referrals_a_year=400)
    assert [(w.kind, w.year) for w in written] == [
        ("903", 2023), ("cin", 2023), ("903", 2024), ("cin", 2024), ("903", 2025), ("cin", 2025),
    ]  # fmt: skip
    assert written[2].files[0].suffix == ".xml"  # one year as XML, the others as CSV
    store = Store(db_url)
    for year in (2023, 2024, 2025):
        files = [p for w in written if w.year == year for p in w.files]
        done = import_returns(store, [(p.name, p.read_bytes()) for p in files], year=year)
        assert done.write.result is not None and done.write.result.published
    produced = {r.kpi_id for r in done.computation.results if len(r.figures)}
    assert produced == set(MEASURE_IDS)
    assert set(done.computation.year_ends["year"]) == {2023, 2024, 2025}
    figures = store.figures()
    assert set(figures["kind"]) == {"returns"} and figures["value"].notna().all()
    held = store.return_tables()["Header"]["child"]
    assert held.str.match(r"^(DEMO|LEAVER)\d+$").all()  # made-up ids only


def test_the_script_writes_the_same_files_every_time(tmp_path):
    spec = importlib.util.spec_from_file_location("make_returns", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_returns"] = module
    spec.loader.exec_module(module)
    args = ["--children", "60", "--referrals", "80"]
    assert module.main(["--out", str(tmp_path / "a"), *args]) == 0
    assert module.main(["--out", str(tmp_path / "b"), *args]) == 0
    first = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert first == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.*"))
    for name in first:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
