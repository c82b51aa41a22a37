"""The Word report's page and column sizes: A4, each column as wide as its content asks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Arial's advance widths (Liberation Sans, metric-compatible), thousandths of an em, for the
# characters 32-126: the report's text is set in Arial so that these measure it.
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)  # fmt: skip
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584,
)  # fmt: skip
_OTHER = {"–": 556, "’": 278, "‘": 278, "“": 500, "”": 500, "£": 556, "·": 278, "×": 584}
# Symbols Arial lacks (✔ ✖ ↘ ★ ...) come from a fallback font: counted as a whole em, the most.
_UNKNOWN = 1000

FONT = "Arial"
BODY_PT = 10
TABLE_PT = 9
TWIPS_PER_PT = 20
# Word's own A4, in twips (1/20 pt): 210 x 297 mm.
A4_SHORT, A4_LONG = 11906, 16838
MARGIN = 1134  # 20 mm
# Table Grid's cell margins, 0.075 inch each side, and a point for rounding in the renderer.
CELL_PADDING = 2 * 108 + TWIPS_PER_PT


def text_width(text: str, size_pt: float, *, bold: bool = False) -> int:
    """The width of `text` on one line, in twips."""
    widths = _BOLD if bold else _REGULAR
    ems = sum(widths[ord(c) - 32] if 32 <= ord(c) <= 126 else _OTHER.get(c, _UNKNOWN) for c in text)
    return round(ems * size_pt * TWIPS_PER_PT / 1000)


def longest_word(text: str, size_pt: float, *, bold: bool = False) -> int:
    """The widest unbreakable word of `text`, in twips: a column narrower breaks it."""
    return max((text_width(w, size_pt, bold=bold) for w in text.split()), default=0)


@dataclass(frozen=True)
class Page:
    """An A4 page, portrait or landscape, with 20 mm margins (sizes in twips)."""

    landscape: bool = False

    @property
    def width(self) -> int:
        return A4_LONG if self.landscape else A4_SHORT

    @property
    def height(self) -> int:
        return A4_SHORT if self.landscape else A4_LONG

    @property
    def text_width(self) -> int:
        return self.width - 2 * MARGIN


Table = tuple[Sequence[str], Sequence[Sequence[str]]]


def _needs(table: Table, size_pt: float) -> tuple[list[int], list[int]]:
    """Per column: the least width (its longest word, header bold) and the width that sets
    each of its cells on one line (a header may wrap between its words)."""
    headers, rows = table
    least, ample = [], []
    for i, header in enumerate(headers):
        cells = [str(r[i]) for r in rows]
        word = max([longest_word(header, size_pt, bold=True)]
                   + [longest_word(c, size_pt) for c in cells])  # fmt: skip
        least.append(word + CELL_PADDING)
        ample.append(max([word] + [text_width(c, size_pt) for c in cells]) + CELL_PADDING)
    return least, ample


def fits(table: Table, page: Page, size_pt: float = TABLE_PT) -> bool:
    """True when every word of the table fits its column on this page."""
    return sum(_needs(table, size_pt)[0]) <= page.text_width


def page_for(tables: Sequence[Table], size_pt: float = TABLE_PT) -> Page:
    """Portrait, unless a table's words cannot all fit across it: then landscape."""
    portrait = Page()
    return portrait if all(fits(t, portrait, size_pt) for t in tables) else Page(landscape=True)


def column_widths(table: Table, total: int, size_pt: float = TABLE_PT) -> list[int]:
    """Column widths in twips summing to `total`, every column at least its longest word.

    Columns whose cells fit on one line within a fair share get that and no more (a ref, a
    date, a status); the room left goes to the long text (a recommendation, an action), by
    how much more each needs."""
    least, ample = _needs(table, size_pt)
    if sum(least) > total:  # words wider than the page: shrink in proportion (some break)
        return _whole([w * total / sum(least) for w in least], total)
    if sum(ample) <= total:  # every cell fits on one line: widen in proportion
        return _whole([w * total / sum(ample) for w in ample], total)
    exact: list[float] = list(map(float, least))
    room, open_ = float(total), set(range(len(least)))
    while settled := [i for i in open_ if ample[i] <= room / len(open_)]:
        for i in settled:
            exact[i] = ample[i]
            room -= ample[i]
            open_.remove(i)
    spare = room - sum(least[i] for i in open_)
    if spare < 0:  # the short columns took what the long ones' words need: share it all
        spare, open_ = total - sum(least), set(range(len(least)))
        exact = list(map(float, least))
    more = {i: ample[i] - least[i] for i in open_}
    for i in open_:
        exact[i] = least[i] + spare * more[i] / sum(more.values())
    return _whole(exact, total)


def _whole(exact: list[float], total: int) -> list[int]:
    """Whole twips summing exactly to `total` (largest remainders get the odd twips)."""
    widths = [int(w) for w in exact]
    order = sorted(range(len(exact)), key=lambda i: widths[i] - exact[i])
    for i in order[: total - sum(widths)]:
        widths[i] += 1
    return widths
