"""Settings › Public site (AppTest): an analyst chooses the public measures (audited) and is
offered the site as a zip."""

from __future__ import annotations

import test_app
from test_app import no_failure, run_page

from kpis.access import Actor, Role
from kpis.demo import DEMO_PUBLIC, DEMO_USER
from kpis.store import Store

app_env = test_app.app_env  # the same fixture: a fresh store, no background warming


def public_box(app):
    return next(m for m in app.multiselect if m.label == "Measures on the public site")


def test_analyst_marks_measures_public_in_settings_and_it_is_audited(app_env):
    app = run_page("settings")
    assert "Public site" in [h.value for h in app.header]
    box = public_box(app)
    # The demo's own public measures, ticked out of the box.
    assert box.value == sorted(DEMO_PUBLIC)
    box.set_value(["icpc_15_days", "dental_checks"])
    next(b for b in app.button if b.label == "Save public measures").click().run()
    no_failure(app)
    changed = len(DEMO_PUBLIC)  # dental checks on, every demo measure but ICPCs off
    assert any(f"2 measures are public ({changed} changed)" in s.value for s in app.success)
    store = Store(app_env)
    assert store.public_keys("kpi") == ["dental_checks", "icpc_15_days"]
    public_box(app).set_value(["dental_checks"])
    next(b for b in app.button if b.label == "Save public measures").click().run()
    no_failure(app)
    assert store.public_keys("kpi") == ["dental_checks"]
    log = store.as_actor(Actor("ada", Role.ADMIN)).audit_log()
    flags = log[log["event"] == "public flag"]
    assert flags["actor"].tolist()[: len(DEMO_PUBLIC)] == [DEMO_USER] * len(DEMO_PUBLIC)
    details = flags["detail"].tolist()[len(DEMO_PUBLIC) :]
    assert details[0] == "kpi dental_checks: public"
    assert details[-1] == "kpi icpc_15_days: not public"
    assert sorted(details[1:-1]) == sorted(
        f"kpi {k}: not public" for k in DEMO_PUBLIC if k != "icpc_15_days"
    )
    # A fresh session sees the saved choice, and is offered the site to download.
    again = run_page("settings")
    assert public_box(again).value == ["dental_checks"]
    buttons = [e for e in again.get("download_button")]
    assert any("Download the public site (zip)" in str(b.proto) for b in buttons)
    assert next(s for s in again.selectbox if s.label == "Month the site shows").value == "2025-03"
