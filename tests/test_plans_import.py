"""Plan files (DESIGN §8.1): every error at once by sheet, row and column; import and export."""

from __future__ import annotations

import pytest

from kpis.access import Actor, PermissionDenied, Role
from kpis.plans import importing
from kpis.plans.service import add_update, current_plan, export_sheets, set_action_status
from kpis.problems import InputRejected
from kpis.tables import to_csv_bytes, to_xlsx_bytes
from tests.conftest import dump
from tests.plans_helpers import action, rec, update, workbook


def check(store, catalogue, data, name="plan.xlsx"):
    return importing.check(store, data, name, catalogue)


def imported(store, catalogue, data, name="plan.xlsx"):
    found = check(store, catalogue, data, name)
    assert found.ok, [str(p) for p in found.errors]
    return importing.publish(store, found)


def messages(found) -> list[str]:
    return [str(p) for p in found.errors]


def test_a_good_workbook_imports_every_record(store, catalogue):
    data = workbook(
        [rec("R1"), rec("R2", kpis="dental_checks, immunisations")],
        [action("R1", "1"), action("R2", "1", status="Complete", completed="15/08/2024")],
        [update("R1"), update("R2", status="Amber"), update("R2", date="30/09/2024", status="G")],
    )
    found = imported(store, catalogue, data)
    assert "2 new" in found.summary()
    plan = current_plan(store)
    assert [r.ref for r in plan.recommendations] == ["R1", "R2"]
    assert plan.recommendation("R2").kpis == ("dental_checks", "immunisations")
    assert [u.status.value for u in plan.updates_for("R2")] == ["at_risk", "on_track"]
    assert plan.actions_for("R2")[0].completed.isoformat() == "2024-08-15"


def test_every_problem_is_reported_at_once_by_sheet_row_and_column(store, catalogue):
    data = workbook(
        [rec("R1", kpis="icpc_15_day"), rec("R1"), rec("R3", source=""), rec("R4", due="soon")],
        [action("R9", "1"), action("R1", "1", status="done"),
         action("R1", "2", status="complete")],
        [update("R1", date="2027-01-01"), update("R1", status="purple"),
         update("R1", date="2024-07-01", narrative="")],
    )  # fmt: skip
    found = check(store, catalogue, data)
    got = messages(found)
    expected = [
        "sheet Recommendations, row 2, column kpis: unknown KPI id 'icpc_15_day'; did you "
        "mean icpc_15_days?",
        "sheet Recommendations, row 3, column ref: duplicates row 2 (R1 appears twice)",
        "sheet Recommendations, row 4, column source: is required but empty",
        "sheet Recommendations, row 5, column due: 'soon' is not a date",
        "sheet Actions, row 2, column ref: 'R9' is not a recommendation",
        "sheet Actions, row 3, column status: 'done' is not a known status",
        "sheet Actions, row 4, column completed: a complete action needs the date",
        "sheet Updates, row 2, column date: 01/01/2027 is in the future",
        "sheet Updates, row 3, column status: 'purple' is not a known status",
        "sheet Updates, row 4, column narrative: is required but empty",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in got), (want, got)
    assert len(got) == len(expected)
    assert dump(store) == dump(store.__class__(store.url))
    assert current_plan(store).recommendations == ()


def test_a_missing_required_column_names_the_sheet(store, catalogue):
    header = ["ref", "date", "status", "author"]
    found = check(store, catalogue, workbook(None, None, [["R1", "2024-06-30", "G", "x"]],
                                             headers={"Updates": header}))  # fmt: skip
    assert messages(found) == [
        "sheet Updates, row 1, column narrative: the required column is missing"
    ]


def test_unknown_columns_and_sheets_are_warnings(store, catalogue):
    header = [*["ref", "source", "area", "recommendation"], "colour"]
    data = workbook(
        [["R1", "Ofsted", "Help", "Do it", "red"]], None, None,
        headers={"Recommendations": header}, extra_sheets=["Notes"],
    )  # fmt: skip
    found = check(store, catalogue, data)
    assert found.ok
    warnings = [str(w) for w in found.warnings]
    assert "sheet Recommendations, row 1, column colour: unknown column, ignored" in warnings
    assert any("sheet 'Notes' ignored" in w for w in warnings)


def test_actions_may_name_a_stored_recommendation(store, catalogue):
    imported(store, catalogue, workbook([rec("R1")], None, None))
    found = imported(store, catalogue, workbook(None, [action("R1", "1")], [update("R1")]))
    assert found.ok and len(current_plan(store).actions) == 1


def test_reimport_changes_nothing_and_records_nothing(store, catalogue):
    data = workbook([rec("R1")], [action()], [update()])
    imported(store, catalogue, data)
    before = dump(store)
    again = imported(store, catalogue, data)
    assert not again.changes_anything()
    assert "nothing changed" in again.summary()
    assert dump(store) == before


def test_changes_replace_by_key_and_keep_history(store, catalogue):
    imported(store, catalogue, workbook([rec("R1"), rec("R2")], [action()], [update()]))
    found = imported(
        store, catalogue,
        workbook([rec("R2", lead="New lead"), rec("R3")], None,
                 [update(status="at_risk"), update(date="2024-09-30")]),
    )  # fmt: skip
    assert found.counts("recommendations") == "1 new, 1 changed, 0 unchanged"
    assert any("replaces the stored 30/06/2024 update for R1" in str(w) for w in found.warnings)
    plan = current_plan(store)
    assert [r.ref for r in plan.recommendations] == ["R1", "R2", "R3"]  # nothing deleted
    assert plan.recommendation("R2").lead == "New lead"
    assert [u.status.value for u in plan.updates_for("R1")] == ["at_risk", "on_track"]
    history = store.plan_frames(history=True)["recommendations"]
    assert list(history[history["ref"] == "R2"]["lead"]) == ["Head of Service", "New lead"]


def test_export_then_import_changes_nothing(store, catalogue, tmp_path):
    data = workbook(
        [rec("R1", kpis="icpc_15_days;assessments_45_days", public="yes"),
         rec("R2", due="", framework="", lead="'=cmd")],
        [action(revised_due="2024-12-31"), action("R2", "a", status="complete",
                                                  completed="2024-05-01")],
        [update(narrative="+ better, -worse"), update("R2", status="B")],
    )  # fmt: skip
    imported(store, catalogue, data)
    before = dump(store)
    sheets = export_sheets(current_plan(store))
    assert found_nothing(store, catalogue, to_xlsx_bytes(sheets))
    for name, frame in sheets.items():
        assert found_nothing(store, catalogue, to_csv_bytes(frame), f"{name}.csv")
    assert dump(store) == before
    assert sheets["Recommendations"].iloc[1]["lead"] == "=cmd"  # the writer neutralises it


def found_nothing(store, catalogue, data, name="export.xlsx") -> bool:
    found = check(store, catalogue, data, name)
    assert found.ok, messages(found)
    return not found.changes_anything()


def test_a_csv_is_recognised_by_its_header(store, catalogue):
    imported(store, catalogue, workbook([rec("R1")], None, None))
    data = b"ref,date,status,narrative\nR1,30/06/2024,On track,Fine\n"
    found = imported(store, catalogue, data, "updates.csv")
    assert found.counts("updates") == "1 new, 0 changed, 0 unchanged"
    other = check(store, catalogue, b"a,b\n1,2\n", "x.csv")
    assert "not a plan sheet" in messages(other)[0]


@pytest.mark.parametrize(
    "data, words",
    [(b"", "empty"), (b"%PDF-1.4 x", "PDF"), (b"PK\x03\x04broken", "cannot be read")],
)
def test_unreadable_files_are_a_message(store, catalogue, data, words):
    found = check(store, catalogue, data, "plan.xlsx")
    assert not found.ok and words.lower() in messages(found)[0].lower()


def test_roles_viewers_read_managers_update_analysts_import(store, catalogue):
    imported(store, catalogue, workbook([rec("R1")], [action()], None))
    viewer = store.as_actor(Actor("val", Role.VIEWER))
    manager = store.as_actor(Actor("max", Role.MANAGER))
    found = check(viewer, catalogue, workbook([rec("R2")], None, None))
    with pytest.raises(PermissionDenied):
        importing.publish(viewer, found)
    with pytest.raises(PermissionDenied):
        importing.publish(manager, found)
    with pytest.raises(PermissionDenied):
        add_update(viewer, "R1", found_date(), "on_track", "x")
    add_update(manager, "R1", found_date(), "at_risk", "Slipping", "Max")
    set_action_status(manager, "R1", "1", "complete", found_date())
    plan = current_plan(store)
    assert plan.updates_for("R1")[0].author == "Max"
    assert plan.actions_for("R1")[0].status.value == "complete"
    events = list(store.as_actor(Actor("ada", Role.ADMIN)).audit_log()["event"])
    assert events.count("plan import") == 1
    assert "plan update" in events and "action status" in events


def found_date():
    from datetime import date

    return date(2024, 10, 1)


def test_manager_edits_are_checked(store, catalogue):
    from datetime import date

    imported(store, catalogue, workbook([rec("R1")], [action()], None))
    with pytest.raises(InputRejected) as bad:
        add_update(store, "R9", date(2030, 1, 1), "purple", " ")
    assert {p.column for p in bad.value.problems} == {"ref", "date", "status", "narrative"}
    with pytest.raises(InputRejected) as bad:
        set_action_status(store, "R1", "1", "complete")
    assert bad.value.problems[0].column == "completed"
