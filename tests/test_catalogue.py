"""The catalogue file: every KPI valid, and a broken entry named by entry and field."""

import pytest

from kpis.catalogue import CatalogueError, Unit, load_catalogue, parse_catalogue

ENTRY = """
  - id: {id}
    name: A measure
    area: Help and protection
    unit: {unit}
    polarity: higher_better
    frequency: monthly
    target: {target}
    basis: in month
    definition: Something counted.
    source: local
"""


def test_shipped_catalogue_has_every_design_kpi():
    catalogue = load_catalogue()
    assert len(catalogue.kpis) >= 31
    icpc = catalogue.get("icpc_15_days")
    assert (icpc.unit, icpc.target, icpc.benchmark.lait) == (Unit.PERCENT, 90, "CP_conf_15days")
    assert catalogue.areas[:5] == [
        "Help and protection",
        "Looked after and permanence",
        "Care leavers",
        "Youth justice",
        "Leadership and workforce",
    ]


def test_broken_entry_is_named_with_its_field():
    text = "kpis:" + ENTRY.format(id="good_one", unit="percent", target=90)
    text += ENTRY.format(id="bad_one", unit="percentage", target=90)
    with pytest.raises(CatalogueError) as error:
        parse_catalogue(text)
    assert "entry 2 (bad_one), field unit" in str(error.value)


def test_percentage_target_out_of_range_and_duplicate_ids():
    with pytest.raises(CatalogueError, match="between 0 and 100"):
        parse_catalogue("kpis:" + ENTRY.format(id="a", unit="percent", target=120))
    twice = "kpis:" + ENTRY.format(id="a", unit="count", target=1) * 2
    with pytest.raises(CatalogueError, match="appears twice"):
        parse_catalogue(twice)


def test_not_yaml_is_a_message():
    with pytest.raises(CatalogueError, match="not valid YAML"):
        parse_catalogue("kpis: [unclosed")


def test_targets_by_financial_year_and_default_tolerance():
    text = "kpis:" + ENTRY.format(id="a", unit="percent", target=90)
    text += '    year_targets: {"2016/17": 95}\n'
    kpi = parse_catalogue(text).kpis[0]
    assert kpi.target_for("2016-03") == 90
    assert kpi.target_for("2016-04") == 95 and kpi.target_for("2017-03") == 95
    assert kpi.tolerance_for(90) == 5
    count = parse_catalogue("kpis:" + ENTRY.format(id="b", unit="count", target=18)).kpis[0]
    assert count.tolerance_for(18) == pytest.approx(1.8)


def test_the_returns_measures_are_in_the_catalogue_on_their_own_basis():
    catalogue = load_catalogue()
    stable = catalogue.get("placement_stability_long_term")
    assert (stable.unit, stable.target, stable.basis) == (Unit.PERCENT, 70, "at month end")
    assert stable.benchmark.lait == "LAC_LongStable%"
    missing = catalogue.get("cla_missing")
    assert (missing.polarity.value, missing.basis, missing.target) == (
        "lower_better",
        "rolling 12 months",
        None,
    )
    assert missing.benchmark.lait == "Children_missing"
    for count in ("cla_count", "cp_plan_count"):
        kpi = catalogue.get(count)
        assert (kpi.unit, kpi.polarity.value, kpi.basis) == (Unit.COUNT, "neutral", "at month end")
    assert catalogue.get("cp_reviews_timely").basis == "at month end"
