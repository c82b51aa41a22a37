"""What each office-screen slide shows and in what order: areas in catalogue order, in pages."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from kpis.catalogue import Catalogue
from kpis.month.scorecard import scorecard
from kpis.periods import label

# Six measures a slide: two rows of three tiles, readable from across a room on a 1080p screen.
PER_SLIDE = 6
EVERY_DEFAULT = 20
EVERY_LIMITS = (2, 3600)


@dataclass(frozen=True)
class Tile:
    """One measure as a screen shows it: figure, target, RAG in words and direction."""

    kpi_id: str
    name: str
    basis: str
    value: str
    target: str
    rag: str
    rag_text: str
    direction: str


@dataclass(frozen=True)
class Slide:
    title: str  # the judgement area, or the team
    part: str  # "1 of 2" when an area takes more than one slide, else ""
    tiles: tuple[Tile, ...]


@dataclass(frozen=True)
class ScreenChoice:
    """What the screen's address asked for, checked: the area and team shown (or None for
    all) and the seconds per slide, or `problem` saying in words what was wrong."""

    area: str | None = None
    team: str | None = None
    every: int = EVERY_DEFAULT
    problem: str | None = None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def choose(
    catalogue: Catalogue, teams: list[str], *, area: str = "", team: str = "", every: str = ""
) -> ScreenChoice:
    """Read `?area=`, `?team=` and `?every=` (any may be blank). An area matches by name or
    slug ("help-and-protection"), ignoring case; a team by name, ignoring case."""
    problems = []
    chosen_area = None
    if area.strip():
        chosen_area = next((a for a in catalogue.areas if slug(a) == slug(area)), None)
        if chosen_area is None:
            problems.append(f"There is no area “{area}”. Areas: {', '.join(catalogue.areas)}.")
    chosen_team = None
    if team.strip():
        chosen_team = next((t for t in teams if t.casefold() == team.strip().casefold()), None)
        if chosen_team is None:
            known = ", ".join(teams) or "none loaded"
            problems.append(f"There is no team “{team}”. Teams: {known}.")
    seconds = EVERY_DEFAULT
    if every.strip():
        low, high = EVERY_LIMITS
        try:
            seconds = int(every)
        except ValueError:
            problems.append(f"every= must be a whole number of seconds, not “{every}”.")
        else:
            if not low <= seconds <= high:
                problems.append(f"every= must be between {low} and {high} seconds, not {seconds}.")
                seconds = EVERY_DEFAULT
    return ScreenChoice(chosen_area, chosen_team, seconds, " ".join(problems) or None)


def slides(
    figures: pd.DataFrame,
    catalogue: Catalogue,
    period: str,
    *,
    area: str | None = None,
    team: str | None = None,
    per_slide: int = PER_SLIDE,
) -> list[Slide]:
    """The slides for `period`: each judgement area (or just `area`) in catalogue order, split
    into slides of `per_slide` measures. For a team, only the measures the team has figures
    for. Aggregate figures only (small numbers hidden as on the board), never commentary."""
    card = scorecard(figures, catalogue, period, team or "")
    if team:
        mine = figures[figures["team"] == team]
        card = card[card["kpi_id"].isin(set(mine["kpi_id"]))]
    if area:
        card = card[card["area"] == area]
    if team:
        # One team's measures, whatever their area (each tile names it), six to a slide.
        groups = [(team, card)]
    else:
        groups = [(str(name), rows) for name, rows in card.groupby("area", sort=False)]
    shown = []
    for title, rows in groups:
        tiles = [_tile(r, period, with_area=bool(team)) for r in rows.itertuples()]
        chunks = [tiles[i : i + per_slide] for i in range(0, len(tiles), per_slide)]
        for i, chunk in enumerate(chunks, start=1):
            part = f"{i} of {len(chunks)}" if len(chunks) > 1 else ""
            shown.append(Slide(title, part, tuple(chunk)))
    return shown


def _tile(r, period: str, *, with_area: bool = False) -> Tile:
    # A quarterly or annual measure shows its latest figure: say which period that is.
    shown = r.period_shown if isinstance(r.period_shown, str) else ""
    when = f"figure for {label(shown)}" if shown and shown != period else ""
    return Tile(
        kpi_id=r.kpi_id,
        name=r.name,
        basis=" · ".join(t for t in (r.area if with_area else "", r.basis, when) if t),
        value=r.value_text,
        target=r.target_text,
        rag=r.rag,
        rag_text=r.rag_text,
        direction=r.vs_previous_text,
    )


def slide_at(shown: list[Slide], tick: int) -> Slide | None:
    """The slide on screen after `tick` rotations (wrapping round); None when there are none."""
    return shown[tick % len(shown)] if shown else None


def as_at(months: list[str], loads: pd.DataFrame) -> str:
    """The data-as-at line: the latest month and when the figures were last loaded (UK time)."""
    active = loads[loads["rolled_back_at"].isna()] if not loads.empty else loads
    if active.empty or not months:
        return "No figures have been loaded yet."
    last = active.iloc[-1]
    when = pd.Timestamp(last["loaded_at"]).tz_convert("Europe/London").strftime("%d %b %Y %H:%M")
    return f"Data as at {label(months[0])} · last load {when} (load {last['id']})"
