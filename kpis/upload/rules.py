"""The row-level rules of the upload contract (DESIGN §3.1), each vectorised over the file."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from kpis.catalogue import Catalogue, Unit
from kpis.clock import current_month
from kpis.periods import parse_period
from kpis.problems import Problem, Severity
from kpis.upload.numbers import parse_numbers
from kpis.upload.reader import unneutralise
from kpis.upload.shapes import LongTable

# Enough for any real file; a hostile one could otherwise raise millions.
MAX_LISTED = 10_000
# Characters XML 1.0 (so XLSX) cannot hold: a stored team or commentary with one could not
# be exported.
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f]"
# No spelling of a month is longer; longer text is not parsed (nor cached by parse_period).
_PERIOD_CHARS = 40
# Close-match hints cost a fuzzy comparison each; a file of garbage ids gets them for a few.
_HINTED_IDS = 100
_SHOWN_CHARS = 60


class Checker:
    """The row-level rules of DESIGN §3.1, each vectorised over the whole file."""

    def __init__(self, long: LongTable, catalogue: Catalogue):
        self.frame = long.frame
        self.headers = long.headers
        self.catalogue = catalogue
        self.problems: list[Problem] = []
        self.listed = {Severity.ERROR: 0, Severity.WARNING: 0}
        self.unlisted = {Severity.ERROR: 0, Severity.WARNING: 0}

    def flag(self, mask: pd.Series, column: str | pd.Series, messages, warning=False) -> None:
        """Add one problem per row where mask holds; messages may be a callable building them."""
        if not mask.any():
            return
        severity = Severity.WARNING if warning else Severity.ERROR
        room = MAX_LISTED - self.listed[severity]
        count = int(mask.sum())
        if count > room:
            # Beyond the listed ones only a count is kept: millions of Problems would not fit.
            self.unlisted[severity] += count - room
            mask = mask & (mask.cumsum() <= room)
            if room <= 0:
                return
        self.listed[severity] += min(count, room)
        rows = self.frame.loc[mask, "row"].tolist()
        columns = column[mask].tolist() if isinstance(column, pd.Series) else [column] * len(rows)
        if callable(messages):
            # Built only for a file that has the problem, so clean files stay fast.
            messages = messages()
        texts = (
            messages[mask].tolist() if isinstance(messages, pd.Series) else [messages] * len(rows)
        )
        self.problems.extend(
            Problem(int(r), c, m, severity) for r, c, m in zip(rows, columns, texts, strict=True)
        )

    def run(self) -> pd.DataFrame:
        f = self.frame
        kpi = self._kpis()
        period = self._periods()
        value_col = f["value_column"]
        nums = {
            name: parse_numbers(f[name]) for name in ("value", "numerator", "denominator", "target")
        }
        for name, parsed in nums.items():
            column = value_col if name == "value" else self.headers[name]
            self.flag(
                parsed.bad,
                column,
                lambda name=name: "'" + _shown(f[name].str.strip()) + "' is not a number",
            )

        known = kpi.notna()
        units = kpi.map({k.id: k.unit.value for k in self.catalogue.kpis})
        is_pct = units == Unit.PERCENT.value
        base = units.map({u.value: u.rate_base or np.nan for u in Unit}).astype("float64")
        is_rate = known & base.notna() & ~is_pct
        is_count = known & ~is_pct & ~is_rate

        value, num, den, target = (
            nums[n].values for n in ("value", "numerator", "denominator", "target")
        )
        has_v, has_n, has_d = value.notna(), num.notna(), den.notna()
        bad_any = nums["value"].bad | nums["numerator"].bad | nums["denominator"].bad

        self.flag(
            known & ~is_pct & nums["value"].percent,
            value_col,
            lambda: "a % value is given for a " + units.fillna("").str.replace("_", " ") + " KPI",
        )
        self.flag(
            is_count & (has_n | has_d),
            self.headers["numerator"],
            "numerator and denominator apply only to percentages and rates",
        )
        fractional = ~is_count & (has_n ^ has_d) & ~bad_any
        self.flag(
            fractional & has_n, self.headers["denominator"], "numerator given without a denominator"
        )
        self.flag(
            fractional & has_d, self.headers["numerator"], "denominator given without a numerator"
        )
        self.flag(
            ~has_v & ~(has_n & has_d) & ~bad_any & ~(has_n ^ has_d),
            value_col,
            "no value, and no numerator and denominator to compute it from",
        )

        pair = known & ~is_count & has_n & has_d
        self.flag(pair & (num < 0), self.headers["numerator"], "the numerator is negative")
        self.flag(pair & (den < 0), self.headers["denominator"], "the denominator is negative")
        self.flag(pair & (den == 0), self.headers["denominator"], "the denominator is zero")
        usable = pair & (num >= 0) & (den > 0)
        self.flag(
            usable & (num > den),
            self.headers["numerator"],
            lambda: (
                "the numerator (" + _fmt(num) + ") is above the denominator (" + _fmt(den) + ")"
            ),
        )
        computed = (num / den.where(den > 0) * base).where(usable)
        gap = (value - computed).abs()
        limit = np.where(is_pct, 0.1, 0.001 * value.abs())
        self.flag(
            usable & has_v & (gap > limit + 1e-9),
            value_col,
            lambda: (
                "the value "
                + _fmt(value)
                + " disagrees with numerator/denominator ("
                + _fmt(computed.round(4))
                + ")"
            ),
        )
        self.flag(
            usable & (den < 5),
            self.headers["denominator"],
            lambda: "the denominator is under 5 (" + _fmt(den) + "): a small number",
            warning=True,
        )
        value = value.where(has_v, computed)
        # A computed percentage over 100 is already reported as numerator above denominator.
        derived_over = usable & (num > den) & ~has_v

        self.flag(
            is_pct & ((value < 0) | (value > 100)) & ~derived_over,
            value_col,
            lambda: "the percentage " + _fmt(value) + " is outside 0–100",
        )
        self.flag(
            known & ~is_pct & (value < 0),
            value_col,
            lambda: (
                "a "
                + units.fillna("").str.replace("_", " ")
                + " cannot be negative ("
                + _fmt(value)
                + ")"
            ),
        )
        self.flag(
            is_pct & ((target < 0) | (target > 100)),
            self.headers["target"],
            lambda: "the target " + _fmt(target) + " is outside 0–100",
        )
        self.flag(known & ~is_pct & (target < 0), self.headers["target"], "the target is negative")

        team = unneutralise(f["team"].str.strip())
        commentary = unneutralise(f["commentary"].str.strip())
        for name, text in (("team", team), ("commentary", commentary)):
            self.flag(
                text.str.contains(_CONTROL, regex=True),
                self.headers[name],
                "contains a control character that a spreadsheet cannot hold: remove it",
            )
        self._duplicates(kpi, period, team)
        self._advisories(kpi, period, value, is_pct)
        return pd.DataFrame(
            {
                "kpi_id": kpi,
                "period": period,
                "team": team,
                "value": value,
                "numerator": num.where(~is_count),
                "denominator": den.where(~is_count),
                "target": target,
                "commentary": commentary.where(commentary != "", None),
                "row": f["row"],
                "value_column": f["value_column"],
            }
        )

    def _kpis(self) -> pd.Series:
        raw = self.frame["kpi"].str.strip()
        ids = raw.str.lower()
        known_ids = set(self.catalogue.by_id())
        column = self.headers["kpi"]
        self.flag(raw == "", column, "the KPI id is blank")
        unknown = (raw != "") & ~ids.isin(known_ids)
        hints = {}
        for bad in ids[unknown].unique()[:_HINTED_IDS]:
            close = difflib.get_close_matches(bad, known_ids, n=3, cutoff=0.6)
            hint = (
                f"; did you mean {', '.join(close)}?"
                if close
                else "; see `python -m kpis catalogue`"
            )
            hints[bad] = hint
        self.flag(
            unknown,
            column,
            lambda: (
                "unknown KPI id '"
                + _shown(raw)
                + "'"
                + ids.map(hints).astype(object).fillna("; see `python -m kpis catalogue`")
            ),
        )
        return ids.where(ids.isin(known_ids))

    def _periods(self) -> pd.Series:
        raw = self.frame["period"].str.strip()
        uniques = {
            text: parse_period(text) if len(text) <= _PERIOD_CHARS else None
            for text in raw.unique()
        }
        period = raw.map(uniques)
        column = self.headers["period"]
        self.flag(raw == "", column, "the period is blank")
        self.flag(
            (raw != "") & period.isna(),
            column,
            lambda: (
                "'" + _shown(raw) + "' is not a month (write it like 2016-10, Oct-16 or 31/10/2016)"
            ),
        )
        now = current_month()
        self.flag(
            period.notna() & (period > now),
            column,
            lambda: "the period " + period.fillna("") + f" is after the current month ({now})",
        )
        return period.where(period <= now)

    def _duplicates(self, kpi: pd.Series, period: pd.Series, team: pd.Series) -> None:
        key = pd.DataFrame({"k": kpi, "p": period, "t": team})
        complete = kpi.notna() & period.notna()
        dup = key.duplicated(keep="first") & complete
        if not dup.any():
            return
        # Vectorised: a file of one row repeated 100,000 times must not take minutes.
        first = self.frame["row"].groupby([kpi, period, team], sort=False).transform("first")
        self.flag(
            dup,
            self.headers["kpi"],
            lambda: (
                "the same KPI, period and team as row " + first.fillna(0).astype(int).astype(str)
            ),
        )

    def _advisories(
        self, kpi: pd.Series, period: pd.Series, value: pd.Series, is_pct: pd.Series
    ) -> None:
        pct_values = value[is_pct].dropna()
        if len(pct_values) and pct_values.between(0, 1).all() and (pct_values > 0).any():
            self.problems.append(
                Problem(
                    None,
                    None,
                    "every percentage is between 0 and 1: they look like fractions (85% is 85)",
                    Severity.WARNING,
                )
            )
        quarterly = {k.id for k in self.catalogue.kpis if k.frequency.value == "quarterly"}
        off_quarter = (
            kpi.isin(quarterly)
            & period.notna()
            & ~period.fillna("").str[5:].isin(["03", "06", "09", "12"])
        )
        self.flag(
            off_quarter,
            self.headers["period"],
            "a quarterly KPI is reported at a month that is not a quarter end",
            warning=True,
        )


def _shown(text: pd.Series) -> pd.Series:
    """Cell text for a message, cut short: a report should not echo a whole runaway cell."""
    return text.where(text.str.len() <= _SHOWN_CHARS, text.str[: _SHOWN_CHARS - 1] + "…")


def _fmt(values: pd.Series) -> pd.Series:
    return values.map(lambda v: "" if pd.isna(v) else f"{v:g}")
