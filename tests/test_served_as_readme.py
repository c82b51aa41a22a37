"""The app under test and benchmark is the app as the README starts it, settings and all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from browser import harness

ROOT = Path(__file__).resolve().parents[1]


def test_servers_under_test_run_the_readmes_command_with_no_extra_flags(tmp_path):
    from bench.concurrency import AppServer as BenchAppServer

    server = harness.AppServer("sqlite://", tmp_path / "log")
    assert harness.readme_command() == ["python", "-m", "streamlit", "run", "app.py"]
    assert server.command(8501) == [sys.executable, "-m", "streamlit", "run", "app.py"]
    # Only where to listen comes from outside the app's config.
    assert set(server.environment(8501)) == {"STREAMLIT_SERVER_PORT", "STREAMLIT_SERVER_ADDRESS"}
    assert BenchAppServer is harness.AppServer
    # The page-load benchmark starts the app with the harness's server, unchanged.
    page_load = (ROOT / "bench" / "page_load.py").read_text()
    assert "AppServer(db_url" in page_load and "def command" not in page_load


def test_the_apps_own_config_has_the_production_settings():
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    for setting in ('fileWatcherType = "none"', "runOnSave = false", "headless = true",
                    'showErrorDetails = "none"'):  # fmt: skip
        assert f"\n{setting}\n" in shown, setting
