"""Finished HTML that st.html shows as it is, without re-reading it on every run."""

from __future__ import annotations


class Html(str):
    """HTML made once and shared (ui/views.py). st.html dedents and strips a plain string's
    whole text at every call (a third of the scorecard's server time at twenty sessions); an
    object with `_repr_html_` is taken as it is. Make it from text already stripped."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return self
