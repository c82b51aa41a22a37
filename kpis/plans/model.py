"""The plan's records (recommendations, actions, progress updates) and their status vocabularies."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Framework(StrEnum):
    SIF_2014 = "sif_2014"
    ILACS_2018 = "ilacs_2018"
    ILACS_2023 = "ilacs_2023"
    OTHER = "other"


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETE = "complete"
    DEFERRED = "deferred"

    @property
    def word(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Rating(StrEnum):
    """A progress update's status, and "no update" for a recommendation without one."""

    COMPLETE = "complete"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_UPDATE = "no_update"

    @property
    def word(self) -> str:
        return _WORDS[self]

    @property
    def colour_name(self) -> str:
        return _COLOUR_NAMES[self]

    @property
    def colour(self) -> str:
        """GOV.UK palette; always shown with the word and symbol, never alone."""
        return _COLOURS[self]

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_WORDS = {
    Rating.COMPLETE: "Complete",
    Rating.ON_TRACK: "On track",
    Rating.AT_RISK: "At risk",
    Rating.OFF_TRACK: "Off track",
    Rating.NO_UPDATE: "No update",
}
_COLOUR_NAMES = {
    Rating.COMPLETE: "blue",
    Rating.ON_TRACK: "green",
    Rating.AT_RISK: "amber",
    Rating.OFF_TRACK: "red",
    Rating.NO_UPDATE: "grey",
}
_COLOURS = {
    Rating.COMPLETE: "#1d70b8",
    Rating.ON_TRACK: "#00703c",
    Rating.AT_RISK: "#f47738",
    Rating.OFF_TRACK: "#d4351c",
    Rating.NO_UPDATE: "#505a5f",
}
_SYMBOLS = {
    Rating.COMPLETE: "★",
    Rating.ON_TRACK: "✔",
    Rating.AT_RISK: "▲",
    Rating.OFF_TRACK: "✖",
    Rating.NO_UPDATE: "–",
}
# The order a summary counts them in.
RATINGS = (Rating.COMPLETE, Rating.ON_TRACK, Rating.AT_RISK, Rating.OFF_TRACK, Rating.NO_UPDATE)


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


_RATING_NAMES = {
    **{_key(r.value): r for r in RATINGS if r is not Rating.NO_UPDATE},
    **{_key(r.word): r for r in RATINGS if r is not Rating.NO_UPDATE},
    **{r.colour_name: r for r in RATINGS if r is not Rating.NO_UPDATE},
    "b": Rating.COMPLETE,
    "g": Rating.ON_TRACK,
    "a": Rating.AT_RISK,
    "r": Rating.OFF_TRACK,
}
_ACTION_NAMES = {_key(s.value): s for s in ActionStatus}
_FRAMEWORK_NAMES = {_key(f.value): f for f in Framework}


def read_rating(text: str) -> Rating | None:
    """`on_track`, `On track`, `green` or `G` (any case); None when it is none of them."""
    return _RATING_NAMES.get(_key(text))


def read_action_status(text: str) -> ActionStatus | None:
    """`in_progress` or `In progress` (any case); blank is not started."""
    return ActionStatus.NOT_STARTED if not text.strip() else _ACTION_NAMES.get(_key(text))


def read_framework(text: str) -> Framework | None:
    return Framework.OTHER if not text.strip() else _FRAMEWORK_NAMES.get(_key(text))


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class Recommendation(_Record):
    ref: str
    source: str
    area: str
    recommendation: str
    lead: str = ""
    kpis: tuple[str, ...] = ()
    # Themes of the case audits that evidence it (DESIGN §11.2), as the audit file writes them.
    audit_themes: tuple[str, ...] = ()
    due: date | None = None
    framework: Framework = Framework.OTHER
    public: bool = False


class Action(_Record):
    ref: str
    action_ref: str
    action: str
    owner: str = ""
    due: date
    revised_due: date | None = None
    status: ActionStatus = ActionStatus.NOT_STARTED
    completed: date | None = None

    @property
    def effective_due(self) -> date:
        return self.revised_due or self.due

    @property
    def slipped(self) -> bool:
        return self.revised_due is not None and self.revised_due > self.due


class Update(_Record):
    ref: str
    date: date
    status: Rating
    narrative: str
    author: str = ""
