"""Text from users, files and addresses is shown as text: never a link, image, emphasis or HTML."""

from __future__ import annotations

import html
import re
import string

import pytest
from conftest import csv
from test_app import HEADER, app_env, no_failure, run_page  # noqa: F401  (fixtures)
from test_screen import open_screen

from kpis import ingest
from kpis.catalogue import load_catalogue
from kpis.markup import WORD_JOINER, html_text, markdown_text
from kpis.store import Store

LINK = "Nope. [Your session has expired - sign in](http://evil.example)"
HOSTILE = [
    LINK,
    "![x](http://evil.example/x.png)",
    "*bold* __strong__ `code` ~~gone~~ $x^2$ :red[red] :smile: :material/lock:",
    "<img src=http://evil.example/x.png> <a href='http://evil.example'>here</a> &amp;",
    "See https://evil.example, www.evil.example or mail help@evil.example",
    "North\n\n![x](http://evil.example/x.png)\r\n\r\n# Heading\n- item\n1. item\n> quote",
    "[ref]: http://evil.example\n\n[ref] <http://evil.example> | a | b |\n|---|---|",
]
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def shown(markdown: str) -> str:
    """What Markdown shows for text that holds only escaped punctuation: escapes undone."""
    return _ESCAPE.sub(r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_shows_the_text_and_forms_no_markup(text):
    safe = markdown_text(text)
    # Every ASCII punctuation character is escaped (CommonMark then reads it as itself): no
    # link, image, emphasis, code, heading, list, quote, table, raw HTML, maths or directive.
    unescaped = _ESCAPE.sub("", safe)
    assert not [c for c in unescaped if c in string.punctuation], safe
    # On one line: a blank line would end the paragraph the text is quoted in.
    assert "\n" not in safe and "\r" not in safe
    # GFM's bare links and Streamlit's shortcodes are found after escapes are undone: broken.
    undone = _ESCAPE.sub(r"\1", safe)
    assert not re.search(r"https?://|www\.|\w@\w|:[\w/]", undone, re.IGNORECASE), undone
    assert shown(safe) == re.sub(r"\s*(\r\n?|\n)\s*", " ", text)


def test_markdown_text_leaves_plain_words_alone():
    assert markdown_text("Child Protection North") == "Child Protection North"
    assert shown(markdown_text("march_2025.csv")) == "march_2025.csv"
    # Joiners only where a bare link or shortcode would begin: a search of the page still
    # finds "recommendations: 1 new" or a time.
    plain = "plan.xlsx: imported; recommendations: 1 new at 12:30"
    assert WORD_JOINER not in markdown_text(plain) and shown(markdown_text(plain)) == plain


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_is_escaped_and_never_ends_an_html_block(text):
    safe = html_text(text)
    assert "<" not in safe and ">" not in safe and '"' not in safe and "'" not in safe
    # No line break at all, so no blank line: inside st.markdown an HTML block ends at a blank
    # line and what follows would be read as Markdown (images load, links work).
    assert "\n" not in safe and "\r" not in safe
    assert html.unescape(safe) == text.replace("\r\n", "\n")


# ------------------------------------------------------------------------------------------
# The pages


def test_screen_address_with_a_link_is_named_as_text_not_a_link(app_env):  # noqa: F811
    app = open_screen(team=LINK)
    (error,) = app.error
    body = error.value
    assert f"There is no team “{LINK}”" in shown(body)
    assert "Fix the screen's address" in shown(body)
    # No Markdown link or bare link can form from the address's text.
    assert not re.search(r"(?<!\\)[\[\]()]", body), body
    assert "http://" not in _ESCAPE.sub(r"\1", body)


TEAM = "North\n\n![x](http://evil.example/x.png)"


def test_a_team_name_cannot_break_out_of_the_measure_charts_html(app_env):  # noqa: F811
    run_page("scorecard")  # the demo first, so the team's load is the latest
    store = Store(app_env)
    team = '"' + TEAM + '"'
    rows = "".join(
        f"icpc_15_days,2025-{m:02d},{70 + m},,,,{team},\n" for m in range(1, 5)
    )  # fmt: skip
    checked = ingest.check(store, csv(HEADER + rows), "teams.csv", load_catalogue())
    assert checked.ok, checked.errors
    ingest.publish(store, checked, user="a")
    app = run_page("kpi", kpi="icpc_15_days", period="2025-04", team=TEAM)
    no_failure(app)
    assert app.selectbox(key="team").value == TEAM
    (trend,) = [m.value for m in app.markdown if "Trend and statistical" in m.value]
    chart = trend[trend.index('<p style="font-weight:600') :]
    # One HTML block to the element's end: it opens with a block-level tag at a line's start
    # and holds no line break, so CommonMark reads none of it as Markdown.
    assert trend[: -len(chart)].endswith("\n\n")
    assert "\n" not in chart and "\r" not in chart
    assert "North&#10;&#10;![x](http://evil.example/x.png)" in chart
    assert "<img" not in trend


def test_an_uploaded_files_name_is_shown_as_text(app_env):  # noqa: F811
    name = "[Sign in again](evil.example) *March*.csv"
    app = run_page("upload")
    body = HEADER + "lado_referrals,2025-04,7,,,,,"
    app.file_uploader(key="upload").upload(name, csv(body), "text/csv").run()
    no_failure(app)
    assert shown(app.success[0].value).startswith(f"**{name}** is valid")
    app.button(key="publish").click().run()
    no_failure(app)
    for message in (app.success[0].value, app.success[-1].value):
        assert name in shown(message) and markdown_text(name) in message, message
