"""axe-core on the upload page's states: the rejected-file report and the preview.

Every page as it first opens is checked in test_pages.py. Serious and critical violations are
split by `harness.classify` into those our content causes, which must be none, and those of
Streamlit's own chrome and widget internals, which we cannot fix and which are listed after the
run (and in bench/out/axe-findings.json) for the README.
"""

from __future__ import annotations

import pytest

from .harness import (
    assert_no_violations_of_ours,
    axe_violations,
    no_error_elements,
    open_page,
    require_axe,
    upload,
)

pytestmark = pytest.mark.browser

HEADER = "kpi_id,period,value,numerator,denominator,target,team,commentary\n"


@pytest.mark.parametrize(
    "state, body",
    [
        ("upload: rejected file", HEADER + "icpc_15_days,2016-10,850,,,,,\nnope,2016-10,1,,,,,\n"),
        ("upload: preview", HEADER + "lado_referrals,2016-10,3,,,,,\n"),
    ],
    ids=["rejected", "preview"],
)
def test_upload_report_and_preview_have_no_serious_violations_of_ours(
    page, app_server, state, body
):
    require_axe()
    open_page(page, app_server, "upload")
    upload(page, "figures.csv", body.encode(), label="Scorecard file")
    no_error_elements(page)
    assert_no_violations_of_ours(axe_violations(page, state))
