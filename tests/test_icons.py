"""Variation and assurance icons: one for every result, valid SVG, titled with their words."""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET

import pytest

from kpis.icons import (
    NO_ASSURANCE,
    NO_VARIATION,
    Icon,
    assurance_icon,
    data_uri,
    variation_icon,
)
from kpis.spc import ASSURANCE_TYPES, POINT_TYPES

SVG = "{http://www.w3.org/2000/svg}"
IMPROVEMENTS = ("increase", "decrease", "neutral", None)
IMPROVEMENT_HIGH = "Special cause – improvement (high)"
IMPROVEMENT_LOW = "Special cause – improvement (low)"

EVERY_ICON = [
    *(variation_icon(p, i) for p in POINT_TYPES for i in IMPROVEMENTS),
    *(assurance_icon(a) for a in ASSURANCE_TYPES),
    variation_icon(None),
    assurance_icon(None),
    assurance_icon("consistent_fail", "2021-06"),
]


def parse(icon: Icon) -> ET.Element:
    return ET.fromstring(icon.svg)


def texts(icon: Icon) -> list[str]:
    return [t.text or "" for t in parse(icon).iter(f"{SVG}text")]


def circle_colour(icon: Icon) -> str:
    return parse(icon).find(f"{SVG}circle").get("stroke")  # type: ignore[union-attr]


@pytest.mark.parametrize("icon", EVERY_ICON, ids=lambda icon: icon.label)
def test_icon_is_valid_svg_titled_with_its_label(icon):
    root = parse(icon)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == icon.label
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == icon.label
    assert next(iter(root)) is title  # first child, where assistive technology looks for it
    assert root.get("id") is None and not any(e.get("id") for e in root.iter())
    assert icon.label and icon.label == icon.label.strip()


def test_icon_is_frozen():
    icon = variation_icon("common_cause")
    with pytest.raises(AttributeError):
        icon.label = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("point_type", "improvement", "label", "letter", "colour"),
    [
        ("common_cause", "increase", "Common cause variation", None, "#a6a6a6"),
        # For a higher-is-better KPI an improvement is high and a concern low; and vice versa.
        ("special_cause_improvement", "increase", IMPROVEMENT_HIGH, "H", "#00b0f0"),
        ("special_cause_improvement", "decrease", IMPROVEMENT_LOW, "L", "#00b0f0"),
        ("special_cause_concern", "increase", "Special cause – concern (low)", "L", "#e46c0a"),
        ("special_cause_concern", "decrease", "Special cause – concern (high)", "H", "#e46c0a"),
        ("special_cause_neutral_high", "neutral", "Special cause – neutral (high)", "H", "#490092"),
        ("special_cause_neutral_low", "neutral", "Special cause – neutral (low)", "L", "#490092"),
        ("special_cause_neutral_high", None, "Special cause – neutral (high)", "H", "#490092"),
    ],
)  # fmt: skip
def test_variation_icons(point_type, improvement, label, letter, colour):
    icon = variation_icon(point_type, improvement)
    assert icon.label == label
    assert texts(icon) == ([letter] if letter else [])
    assert circle_colour(icon) == colour


def test_arrow_points_the_way_of_the_letter():
    def tip_y(icon: Icon) -> float:
        points = parse(icon).find(f"{SVG}polygon").get("points").split()  # type: ignore[union-attr]
        ys = [float(p.split(",")[1]) for p in points]
        return ys[-1] - ys[0]  # the last vertex is the tip

    assert tip_y(variation_icon("special_cause_improvement", "increase")) < 0  # up
    assert tip_y(variation_icon("special_cause_concern", "increase")) > 0  # down


def test_improvement_or_concern_without_a_direction_has_no_letter():
    icon = variation_icon("special_cause_concern")
    assert icon.label == "Special cause – concern"
    assert texts(icon) == []
    assert circle_colour(icon) == "#e46c0a"


@pytest.mark.parametrize(
    ("assurance", "letter", "colour", "words"),
    [
        ("consistent_pass", "P", "#00b0f0", "pass"),
        ("consistent_fail", "F", "#e46c0a", "fail"),
        ("inconsistent", "?", "#a6a6a6", "hit and miss"),
    ],
)
def test_assurance_icons(assurance, letter, colour, words):
    icon = assurance_icon(assurance)
    assert texts(icon) == [letter]
    assert circle_colour(icon) == colour
    assert words in icon.label


def test_none_gives_a_no_data_icon():
    variation, assurance = variation_icon(None), assurance_icon(None)
    assert variation.label == NO_VARIATION and assurance.label == NO_ASSURANCE
    for icon in (variation, assurance):
        circle = parse(icon).find(f"{SVG}circle")
        assert circle is not None and circle.get("stroke-dasharray")
        assert texts(icon) == ["–"]


def test_every_result_has_its_own_words():
    labels = [variation_icon(p, "increase").label for p in POINT_TYPES]
    labels += [assurance_icon(a).label for a in ASSURANCE_TYPES]
    labels += [NO_VARIATION, NO_ASSURANCE]
    assert len(set(labels)) == len(labels)


def test_every_result_has_its_own_few_words_for_beside_the_icon():
    icons = [variation_icon(p, d) for p in POINT_TYPES for d in ("increase", "decrease")]
    icons += [assurance_icon(a) for a in ASSURANCE_TYPES]
    icons += [variation_icon(None), assurance_icon(None)]
    words = {i.label: i.words for i in icons}
    assert len(set(words.values())) == len(words)
    assert all(len(w) <= 20 for w in words.values()), words
    assert variation_icon("special_cause_concern", "increase").words == "Concern (low)"
    # A process that moved on keeps its whole sentence: there is no short verdict to give.
    moved = assurance_icon("consistent_fail", "2023-04")
    assert moved.words == moved.label and "Apr 2023" in moved.words


def test_unknown_values_are_rejected():
    with pytest.raises(ValueError, match="point type"):
        variation_icon("special_cause")
    with pytest.raises(ValueError, match="assurance"):
        assurance_icon("pass")


def test_data_uri_round_trips():
    icon = assurance_icon("consistent_fail")
    uri = data_uri(icon)
    prefix = "data:image/svg+xml;base64,"
    assert uri.startswith(prefix)
    assert base64.b64decode(uri[len(prefix) :]).decode("utf-8") == icon.svg


def test_icons_are_the_same_every_time():
    assert variation_icon("special_cause_concern", "increase") == variation_icon(
        "special_cause_concern", "increase"
    )


CHANGED_JUN_2021 = (
    "The process changed in Jun 2021: limits from before the change cannot judge the target"
)


@pytest.mark.parametrize("assurance", ASSURANCE_TYPES)
def test_a_process_that_moved_on_gets_no_verdict(assurance):
    icon = assurance_icon(assurance, "2021-06")
    assert icon.label == CHANGED_JUN_2021
    assert texts(icon) == []  # no P, F or ?
    assert 'stroke-dasharray="4 3"' in icon.svg


def test_no_assurance_stays_not_assessed_when_the_process_moved_on():
    assert assurance_icon(None, "2021-06").label == NO_ASSURANCE
