"""The public site: only public measures, nothing private, small numbers hidden, same bytes."""

from __future__ import annotations

import csv as csvlib
import html
import io
import json
import re
import zipfile
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from kpis import clock, ingest
from kpis.annex_a.synthetic import make_annex_a, write_annex_a
from kpis.cases import import_workbook
from kpis.catalogue import load_catalogue
from kpis.demo import DEMO_PUBLIC, load_demo_if_empty
from kpis.month.scorecard import SUPPRESSED, for_board
from kpis.periods import label
from kpis.rag import format_value
from kpis.site import (
    MANIFEST,
    PublicRecommendation,
    gather_site,
    public_recommendations,
    site_files,
    site_zip,
    write_site,
)
from kpis.site.pages import plan_page
from kpis.site.recommendations import recommendations_html
from kpis.store import Store

PERIOD = "2025-03"
LOADED = datetime(2025, 4, 8, 9, 30, tzinfo=UTC)
PUBLIC = ["assessments_45_days", "dental_checks", "icpc_15_days", "care_leavers_ete"]
COMMENTARY = "PRIVATE: the dental lead is off sick until May, ask Dr Quimby"
OLD_COMMENTARY = "PRIVATE: Ofsted focused visit feedback was poor"
TEAM = "Zebra Crossing Outreach Team"
TEAM_VALUE = 12.3
ACTION = "Chase Mrs Quillfeather about the dental backlog"
REBASE = "PRIVATE rebase reason: new front door in Quimby House"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo, an Annex A case load, private commentary, a team row, an action and a rebase;
    four KPIs public; the site written to a folder."""
    folder = tmp_path_factory.mktemp("site")
    clock.set_clock(lambda: LOADED)
    try:
        store, catalogue = Store(f"sqlite:///{folder / 'store.sqlite'}"), load_catalogue()
        load_demo_if_empty(store, catalogue)
        workbook = write_annex_a(folder / "annex_a.xlsx", make_annex_a(children=300))
        import_workbook(store, workbook.read_bytes(), workbook.name, user="analyst")
        body = (
            "kpi_id,period,value,team,commentary\n"
            f'dental_checks,{PERIOD},84.0,,"{COMMENTARY}"\n'
            f'dental_checks,2024-06,79.0,,"{OLD_COMMENTARY}"\n'
            f"assessments_45_days,{PERIOD},{TEAM_VALUE},{TEAM},Team note\n"
        )
        checked = ingest.check(store, body.encode(), "private.csv", catalogue)
        assert checked.ok, checked.errors
        ingest.publish(store, checked, user="analyst")
        store.add_action("dental_checks", PERIOD, owner="Ms Quillfeather", action=ACTION,
                         due=date(2025, 5, 30), user="manager")  # fmt: skip
        store.add_rebase("dental_checks", "2024-04", reason=REBASE, user="analyst")
        # The demo's own public measures off: this site shows exactly PUBLIC.
        for kpi_id in DEMO_PUBLIC:
            store.set_public("kpi", kpi_id, False)
        for kpi_id in PUBLIC:
            store.set_public("kpi", kpi_id, True)
        store.set_public("kpi", "lado_referrals", True)
        store.set_public("kpi", "lado_referrals", False)
    finally:
        clock.set_clock(None)
    out = folder / "public"
    content = write_site(store, catalogue, out, PERIOD)
    return store, catalogue, content, out


def files_in(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}  # fmt: skip


def all_text(out: Path) -> str:
    """Every file's text, with HTML entities decoded (so escaping cannot hide a leak)."""
    return "\n".join(html.unescape(b.decode("utf-8")) for b in files_in(out).values())


def test_no_commentary_team_row_case_data_or_other_private_record_reaches_the_site(built):
    store, _, _, out = built
    text = all_text(out)
    figures = store.figures()
    commentary = {c for c in figures["commentary"].dropna() if c.strip()}
    assert COMMENTARY in commentary and OLD_COMMENTARY in commentary
    for note in commentary:
        assert note not in text, note
    teams = set(figures["team"]) - {""}
    assert TEAM in teams and len(teams) > 3
    for team in teams:
        assert team not in text, team
    assert f"{TEAM_VALUE}%" not in text
    cases = store.cases()
    assert len(cases) > 20
    for value in set(cases["child_id"]) | set(cases["worker"].dropna()):
        assert str(value) not in text, value
    for private in (ACTION, "Quillfeather", REBASE, "Quimby", "analyst", "private.csv"):
        assert private not in text, private


def test_small_numbers_show_as_fewer_than_5_everywhere(built):
    store, catalogue, _content, out = built
    raw = store.figures()
    raw = raw[(raw["team"] == "") & raw["kpi_id"].isin(PUBLIC)]
    hidden = raw[for_board(raw)["suppressed"]]
    assert (hidden["period"] == PERIOD).any(), "the workbook should give a small number in M"
    files = files_in(out)
    for row in hidden.itertuples():
        table = list(csvlib.DictReader(io.StringIO(files[f"data/{row.kpi_id}.csv"].decode())))
        (line,) = [r for r in table if r["period"] == row.period]
        assert line["value"] == line["numerator"] == line["denominator"] == ""
        assert line["note"] == SUPPRESSED
        page = files[f"measure-{row.kpi_id}.html"].decode()
        cell = f'<th scope="row">{label(row.period)}</th>'
        if cell in page:  # within the charted window
            assert SUPPRESSED in page.split(cell)[1].split("</tr>")[0]
    # The authority's ICPC timeliness this month is 0 of 1: every view reads "fewer than 5".
    icpc = hidden[(hidden["kpi_id"] == "icpc_15_days") & (hidden["period"] == PERIOD)].iloc[0]
    value = format_value(icpc.value, catalogue.get("icpc_15_days").unit)
    index = files["index.html"].decode()
    row = index.split('href="measure-icpc_15_days.html"')[1].split("</tr>")[0]
    assert SUPPRESSED in row and value not in row and "Off target" not in row
    page = files["measure-icpc_15_days.html"].decode()
    month_row = page.split('<th scope="row">Mar 2025</th>')[1].split("</tr>")[0]
    assert SUPPRESSED in month_row and value not in month_row
    summary = page.split("<dl")[1].split("</dl>")[0]
    assert SUPPRESSED in summary and value not in summary
    assert "not charted: fewer than 5" in page


def test_only_public_measures_appear(built):
    _store, catalogue, content, out = built
    assert [p.kpi.id for p in content.kpis] == [k.id for k in catalogue.kpis if k.id in PUBLIC]
    names = set(files_in(out))
    assert {n for n in names if n.startswith("measure-")} == {f"measure-{k}.html" for k in PUBLIC}
    assert {n for n in names if n.startswith("data/")} == {f"data/{k}.csv" for k in PUBLIC}
    text = all_text(out)
    for kpi in catalogue.kpis:
        if kpi.id not in PUBLIC:
            assert kpi.name not in text, kpi.name
    index = files_in(out)["index.html"].decode()
    assert re.findall(r'href="(measure-[^"]+)"', index) == [
        f"measure-{k.id}.html" for k in catalogue.kpis if k.id in PUBLIC
    ]


def test_every_link_is_relative_and_resolves_to_a_file_of_the_site(built):
    *_, out = built
    pages = [p for p in out.rglob("*.html")]
    assert len(pages) == len(PUBLIC) + 2
    for page in pages:
        markup = page.read_text()
        links = re.findall(r'(?:href|src)="([^"]*)"', markup)
        assert links
        for link in links:
            if link.startswith("data:image/svg+xml;base64,"):
                continue
            assert not re.match(r"^([a-z]+:|/|\\)", link), (page.name, link)
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file() and out.resolve() in target.parents, (page.name, link)
        assert "<script" not in markup


def test_two_builds_of_the_same_state_are_byte_identical(built, tmp_path):
    store, catalogue, content, out = built
    clock.set_clock(lambda: datetime(2031, 1, 2, 3, 4, tzinfo=UTC))
    try:
        again = write_site(store, catalogue, tmp_path / "again", PERIOD)
        zipped = site_zip(again)
    finally:
        clock.set_clock(None)
    assert files_in(tmp_path / "again") == files_in(out)
    assert "2031" not in all_text(out) and "2026" not in all_text(out)
    assert zipped == site_zip(content)
    archive = zipfile.ZipFile(io.BytesIO(zipped))
    assert {n.removeprefix("public-site/"): archive.read(n) for n in archive.namelist()} == (
        files_in(out)
    )
    # A rebuild into the same folder replaces a measure taken off the public list.
    store.set_public("kpi", "care_leavers_ete", False)
    try:
        write_site(store, catalogue, tmp_path / "again", PERIOD)
        assert not (tmp_path / "again" / "measure-care_leavers_ete.html").exists()
        assert not (tmp_path / "again" / "data" / "care_leavers_ete.csv").exists()
    finally:
        store.set_public("kpi", "care_leavers_ete", True)


def test_index_shows_each_public_measure_with_rating_direction_and_benchmarks(built):
    _, _catalogue, content, out = built
    index = files_in(out)["index.html"].decode()
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", index)).split())
    assert "Haringey children's services" in words and "March 2025" in words
    assert "Illustrative demo data" in words
    assert f"Data as at {content.data_as_at}" in words and "8 April 2025" in content.data_as_at
    assert "Source: Department for Education" in words and "Open Government Licence v3.0" in words
    line = next(p.line for p in content.kpis if p.kpi.id == "care_leavers_ete")
    row = index.split('href="measure-care_leavers_ete.html"')[1].split("</tr>")[0]
    shown = ("value_text", "target_text", "rag_text", "vs_previous_text", "england_text",
             "neighbours_text")  # fmt: skip
    for text in (line[key] for key in shown):
        assert html.escape(text) in row, text
    assert re.search(r"\(20\d\d/\d\d\)", line["england_text"])
    assert 'alt="Last 13 months' in row
    for area in ("Help and protection", "Looked after and permanence", "Care leavers"):
        assert f"<h2>{html.escape(area)}</h2>" in index


def test_measure_page_has_chart_data_table_definition_source_and_csv(built):
    _, catalogue, _content, out = built
    files = files_in(out)
    kpi = catalogue.get("dental_checks")
    page = files["measure-dental_checks.html"].decode()
    assert '<svg class="chart"' in page and 'role="img"' in page and "<desc id=" in page
    table = page.split("The figures in the chart, newest first")[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="num">([^<]+)</td>', table)
    assert len(rows) == 24 and rows[0] == ("Mar 2025", "84.0%")
    assert html.escape(kpi.definition) in page and html.escape(kpi.source) in page
    assert 'href="data/dental_checks.csv" download' in page
    data = list(csvlib.DictReader(io.StringIO(files["data/dental_checks.csv"].decode())))
    assert list(data[0]) == ["kpi_id", "period", "value", "numerator", "denominator", "target",
                             "note"]  # fmt: skip
    assert [r["period"] for r in data] == sorted(r["period"] for r in data)
    assert data[-1]["period"] == PERIOD and data[-1]["value"] == "84"
    assert all(r["period"] <= PERIOD for r in data)


def test_an_earlier_month_shows_that_month(built, tmp_path):
    store, catalogue, *_ = built
    content = write_site(store, catalogue, tmp_path / "old", "2024-06")
    page = (tmp_path / "old" / "measure-dental_checks.html").read_text()
    assert content.period == "2024-06" and "Figures for June 2024" in page
    assert '<th scope="row">Jul 2024</th>' not in page
    assert '<th scope="row">Jun 2024</th><td class="num">79.0%' in page


def test_bad_months_and_an_unrelated_folder_are_refused(built, tmp_path):
    from kpis.site import SiteError

    store, catalogue, *_ = built
    with pytest.raises(SiteError, match="not a month"):
        gather_site(store, catalogue, "2025-13")
    with pytest.raises(SiteError, match="no measure has a figure for Jan 2030"):
        gather_site(store, catalogue, "2030-01")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_bytes(b"keep me")
    with pytest.raises(SiteError, match="not empty"):
        write_site(store, catalogue, tmp_path / "mine", PERIOD)
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["thesis.docx"]
    with pytest.raises(SiteError, match="no figures"):
        gather_site(Store(f"sqlite:///{tmp_path / 'empty.sqlite'}"), catalogue)


def test_recommendations_section_from_a_list(built):
    store, _, content, _ = built
    # The demo plan marks six recommendations public in its file.
    shown = public_recommendations(store, PERIOD)
    assert [r.ref for r in shown] == ["R1", "R2", "R6", "R7", "R11", "R14"]
    assert "No recommendations" in plan_page(replace(content, recommendations=()))
    recs = [
        PublicRecommendation("R6", "Help and protection", "Improve <ICPC> timeliness", "At risk"),
        PublicRecommendation("LSCB2", "Leadership", "Audit repeat plans", "Complete"),
        PublicRecommendation("R7", "Help and protection", "Strengthen the front door", "No update"),
    ]
    page = plan_page(replace(content, recommendations=tuple(recs)))
    assert page.index("<h2") < page.index("R6") < page.index("R7") < page.index("LSCB2")
    assert "Improve &lt;ICPC&gt; timeliness" in page and "<ICPC>" not in page
    rows = re.findall(r'<th scope="row">([^<]+)</th><td>[^<]*</td><td><span[^>]*>([^<]+)<', page)
    assert rows == [("R6", "At risk"), ("R7", "No update"), ("LSCB2", "Complete")]
    assert "Status at the end of March 2025" in page
    assert recommendations_html(recs) in page
    assert site_files(replace(content, recommendations=tuple(recs)))["recommendations.html"] == (
        page.encode()
    )


def test_a_fresh_demo_store_has_measure_pages_and_recommendations(tmp_path):
    """Out of the box the demo's site shows some measures from every area and the plan's
    public recommendations, so a new user sees what the public site is."""
    store, catalogue = Store(f"sqlite:///{tmp_path / 'demo.sqlite'}"), load_catalogue()
    load_demo_if_empty(store, catalogue)
    content = write_site(store, catalogue, tmp_path / "site")
    files = files_in(tmp_path / "site")
    pages = sorted(n for n in files if n.startswith("measure-"))
    assert len(pages) >= 6 and pages == sorted(f"measure-{k}.html" for k in DEMO_PUBLIC)
    assert {p.kpi.area for p in content.kpis} == set(catalogue.areas)
    index = files["index.html"].decode()
    assert all(f'href="{page}"' in index for page in pages)
    plan = files["recommendations.html"].decode()
    assert "No recommendations" not in plan
    assert re.findall(r'<th scope="row">([^<]+)</th>', plan) == ["R1", "R2", "R6", "R7", "R11",
                                                                  "R14"]  # fmt: skip


def test_the_chart_leaves_a_gap_for_a_hidden_month_and_draws_nothing_without_figures():
    from kpis.catalogue import Unit
    from kpis.site.chart import line_chart

    points = [("2025-01", 80.0), ("2025-02", None), ("2025-03", 90.0), ("2025-04", 85.0)]
    svg = line_chart(points, unit=Unit.PERCENT, target=90.0, chart_id="c", title="T",
                     summary="S")  # fmt: skip
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 3
    assert (
        "Target 90%" in svg and ">85.0%</text>" in svg and 'aria-labelledby="c-title c-desc"' in svg
    )
    assert line_chart(points, unit=Unit.PERCENT, target=None, chart_id="c", title="T",
                      summary="S") == line_chart(points, unit=Unit.PERCENT, target=None,
                                                 chart_id="c", title="T", summary="S")  # fmt: skip
    empty = line_chart([("2025-01", None)], unit=Unit.COUNT, target=None, chart_id="c",
                       title="T", summary="No figure can be shown.")  # fmt: skip
    assert "<svg" not in empty and "No figure can be shown." in empty


# The folder: a build removes only files an earlier build listed in its manifest ---------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


def listed(folder: Path) -> list[str]:
    return json.loads((folder / MANIFEST).read_text())["files"]


def test_a_rebuild_removes_a_page_no_longer_written_and_keeps_files_it_did_not_write(
    built, tmp_path
):
    store, catalogue, *_ = built
    out = tmp_path / "site"
    write_site(store, catalogue, out, PERIOD)
    first = snapshot(out)
    # Someone else's files, some named as the site names its own.
    foreign = {
        "notes.txt": b"keep me",
        "measure-other.html": b"<p>another site's page</p>",
        "data/other.csv": b"a,b\n1,2\n",
        "assets/logo.svg": b"<svg/>",
    }
    for name, data in foreign.items():
        (out / name).write_bytes(data)
    store.set_public("kpi", "care_leavers_ete", False)
    try:
        write_site(store, catalogue, out, PERIOD)
    finally:
        store.set_public("kpi", "care_leavers_ete", True)
    after = snapshot(out)
    assert {name: after.get(name) for name in foreign} == foreign
    assert "measure-care_leavers_ete.html" not in after and "data/care_leavers_ete.csv" not in after
    assert "measure-dental_checks.html" in after
    # The manifest lists exactly what each build wrote, never the foreign files.
    assert sorted(json.loads(first[MANIFEST])["files"]) == sorted(set(first) - {MANIFEST})
    assert sorted(listed(out)) == sorted(set(after) - {MANIFEST} - set(foreign))


def test_a_non_empty_folder_without_our_manifest_is_refused_untouched(built, tmp_path):
    from kpis.site import SiteError

    store, catalogue, *_ = built
    other = tmp_path / "other-site"
    (other / "data").mkdir(parents=True)
    (other / "index.html").write_bytes(b"<h1>Another council's site</h1>")
    (other / "measure-x.html").write_bytes(b"<p>theirs</p>")
    (other / "data" / "x.csv").write_bytes(b"theirs\n")
    before = snapshot(other)
    with pytest.raises(SiteError) as refused:
        write_site(store, catalogue, other, PERIOD)
    assert str(other) in str(refused.value) and MANIFEST in str(refused.value)
    assert "nothing was written or removed" in str(refused.value)
    assert snapshot(other) == before


def test_a_file_in_the_way_that_no_build_wrote_is_never_overwritten(built, tmp_path):
    from kpis.site import SiteError

    store, catalogue, *_ = built
    out = tmp_path / "site"
    store.set_public("kpi", "care_leavers_ete", False)
    try:
        write_site(store, catalogue, out, PERIOD)
    finally:
        store.set_public("kpi", "care_leavers_ete", True)
    (out / "measure-care_leavers_ete.html").write_bytes(b"<p>written by hand</p>")
    before = snapshot(out)
    with pytest.raises(SiteError, match=r"already holds 'measure-care_leavers_ete\.html'"):
        write_site(store, catalogue, out, PERIOD)
    assert snapshot(out) == before


@pytest.mark.parametrize(
    "entry",
    ["../victim.txt", "data/../../victim.txt", "/ABSOLUTE/victim.txt", "outside/victim.txt"],
)
def test_a_manifest_entry_outside_the_folder_is_never_followed(built, tmp_path, entry):
    from kpis.site import SiteError

    store, catalogue, *_ = built
    out = tmp_path / "site"
    write_site(store, catalogue, out, PERIOD)
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not the site's")
    # 'outside' is a link inside the folder to the folder above it.
    (out / "outside").symlink_to(tmp_path, target_is_directory=True)
    entry = entry.replace("/ABSOLUTE", str(tmp_path))
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"].append(entry)
    (out / MANIFEST).write_text(json.dumps(manifest))
    before = snapshot(out)
    with pytest.raises(SiteError, match="which is not a file inside"):
        write_site(store, catalogue, out, PERIOD)
    assert victim.read_bytes() == b"not the site's"
    assert snapshot(out) == before


def test_an_unzipped_site_can_be_rebuilt_in_place(built, tmp_path):
    store, catalogue, content, _ = built
    zipfile.ZipFile(io.BytesIO(site_zip(content))).extractall(tmp_path)
    write_site(store, catalogue, tmp_path / "public-site", PERIOD)
    assert snapshot(tmp_path / "public-site") == site_files(content)


def test_englands_first_time_entrants_are_not_shown_as_a_comparison(built, tmp_path):
    store, catalogue, *_ = built
    store.set_public("kpi", "yj_first_time_entrants", True)
    try:
        write_site(store, catalogue, tmp_path / "fte", PERIOD)
    finally:
        store.set_public("kpi", "yj_first_time_entrants", False)
    page = html.unescape((tmp_path / "fte" / "measure-yj_first_time_entrants.html").read_text())
    assert (
        "<dt>England</dt><dd>England's published figure (1,258.0 per 100k) is outside the range "
        "of the regions' (98.0–181.0 per 100k) and is not used</dd>" in page
    )
    index = (tmp_path / "fte" / "index.html").read_text()
    row = index.split('href="measure-yj_first_time_entrants.html"')[1].split("</tr>")[0]
    assert "not used (2023/24)" in row and "1,258" not in row
