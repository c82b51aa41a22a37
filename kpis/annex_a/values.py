"""Reading Annex A cells: dates, coded answers, counts, ids and team names."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date, datetime, timedelta
from enum import Enum
from functools import lru_cache

import numpy as np
import pandas as pd

from kpis.periods import MONTHS


class Unreadable(Enum):
    """A cell that holds something but not something we can read."""

    VALUE = "unreadable"


UNREADABLE = Unreadable.VALUE

_EXCEL_EPOCH = date(1899, 12, 30)

_TIME = re.compile(r"[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_NAMED_DATE = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/.]*([a-z]+)[\s\-/.,]*(\d{2}|\d{4})$")
_SERIAL = re.compile(r"^\d{5}(?:\.0+)?$")
_EXCEL_ERRORS = {"#n/a", "#na", "#ref!", "#value!", "#name?", "#div/0!", "#null!", "#num!"}
# Earliest plausible Annex A date (births of the oldest care leavers are long after this).
_MIN_YEAR = 1900


def is_blank(value: object) -> bool:
    """None, NaN, NaT, an empty or all-space string."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _year(two_or_four: str, today: date) -> int:
    year = int(two_or_four)
    if len(two_or_four) == 2:
        # Two-digit years: the latest century that does not put the date in next year.
        year += 2000 if 2000 + year <= today.year + 1 else 1900
    return year


def _make(year: int, month: int, day: int) -> date | Unreadable:
    try:
        made = date(year, month, day)
    except ValueError:
        return UNREADABLE
    return made if made.year >= _MIN_YEAR else UNREADABLE


@lru_cache(maxsize=65536)
def _date_from_text(text: str, today: date) -> date | Unreadable:
    text = _TIME.sub("", text.strip().lower()).strip()
    if match := _NUMERIC_DATE.match(text):
        a, b, c = match.groups()
        if len(a) == 4:
            return _make(int(a), int(b), int(c))
        if len(c) in (2, 4):
            # UK day-first: 03/04/2024 is the 3rd of April.
            return _make(_year(c, today), int(b), int(a))
        return UNREADABLE
    if (match := _NAMED_DATE.match(text)) and match[2] in MONTHS:
        return _make(_year(match[3], today), MONTHS[match[2]], int(match[1]))
    if _SERIAL.match(text):
        return _from_serial(float(text))
    return UNREADABLE


def _from_serial(number: float) -> date | Unreadable:
    if not 1 <= number < 2958466:
        return UNREADABLE
    made = _EXCEL_EPOCH + timedelta(days=int(number))
    return made if made.year >= _MIN_YEAR else UNREADABLE


def read_date(value: object, today: date) -> date | Unreadable | None:
    """A date from an Excel date cell, an Excel serial number or UK day-first text."""
    if is_blank(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        day = value.date()
        return day if day.year >= _MIN_YEAR else UNREADABLE
    if isinstance(value, date):
        return value if value.year >= _MIN_YEAR else UNREADABLE
    if isinstance(value, np.datetime64):
        return read_date(pd.Timestamp(value), today)
    if isinstance(value, bool):
        return UNREADABLE
    if isinstance(value, int | float | np.integer | np.floating):
        return _from_serial(float(value))
    return _date_from_text(str(value), today)


_CODED = re.compile(r"^\(?([a-z]{1,2})\)\s*(.*)$", re.IGNORECASE)
_SSDA_CODE = re.compile(r"^([a-z])\s?(\d{1,2})\b\s*(?:[:\-–—)]\s*)?(.*)$", re.IGNORECASE)
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}


def split_answer(value: object) -> tuple[str, str]:
    """'a) Yes' -> ('a', 'Yes'); 'F2: Full time' -> ('F2', 'Full time'); 'No' -> ('', 'No')."""
    if is_blank(value):
        return "", ""
    text = str(value).strip()
    letter = ""
    if match := _CODED.match(text):
        letter, text = match[1].lower(), match[2].strip()
    if match := _SSDA_CODE.match(text):
        return f"{match[1].upper()}{int(match[2])}", match[3].strip()
    return letter, text


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def read_yes_no(value: object) -> bool | Unreadable | None:
    """Yes/No answers written 'a) Yes', 'b) No', 'Yes', 'Y', 'No', 'N' (text wins over code)."""
    code, text = split_answer(value)
    if not code and not text:
        return None
    first = _words(text).split(" ", 1)[0] if text else ""
    if first in _YES:
        return True
    if first in _NO:
        return False
    if not text and code in ("a", "b"):
        return code == "a"
    return UNREADABLE


_IN_TOUCH_OTHER = {"died", "refu", "refused", "nreq", "rhom", "not required", "returned home"}


def read_in_touch(value: object) -> bool | Unreadable | None:
    """'LA in touch': only a yes counts; the other Annex A answers (No, Died, Refu...) are no."""
    answer = read_yes_no(value)
    if answer is not UNREADABLE:
        return answer
    code, text = split_answer(value)
    words = _words(text)
    if code in ("c", "d", "e", "f") or any(words.startswith(w) for w in _IN_TOUCH_OTHER):
        return False
    return UNREADABLE


def read_suitable(value: object) -> bool | Unreadable | None:
    """Suitable only when the answer's text is 'Suitable' ('a)' alone, the template's code)."""
    code, text = split_answer(value)
    words = _words(text)
    if not code and not words:
        return None
    if words == "suitable":
        return True
    if words in ("unsuitable", "not suitable"):
        return False
    if not words and code in ("a", "b"):
        return code == "a"
    return UNREADABLE


_NOT_ETE = ("not in education", "neet", "not in employment")
_ETE = ("education", "employment", "training", "apprentice", "full time", "part time")


def read_ete(value: object) -> bool | Unreadable | None:
    """In education, employment or training: activity codes F* and P* are; G* are not."""
    code, text = split_answer(value)
    if code[:1] in ("F", "P", "G") and code[1:].isdigit():
        return code[0] != "G"
    words = _words(text)
    if not code and not words:
        return None
    if any(w in words for w in _NOT_ETE):
        return False
    if any(w in words for w in _ETE):
        return True
    return UNREADABLE


def read_count(value: object) -> int | Unreadable | None:
    """A whole number not below zero ('3', 3, 3.0)."""
    if is_blank(value):
        return None
    if isinstance(value, bool):
        return UNREADABLE
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
    else:
        try:
            number = float(str(value).strip())
        except ValueError:
            return UNREADABLE
    if number < 0 or not number.is_integer():
        return UNREADABLE
    return int(number)


def read_text(value: object) -> str:
    """Trimmed text; blanks and Excel errors such as '#N/A' are ''."""
    if is_blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    return "" if text.lower() in _EXCEL_ERRORS else text


def _factorised(values: pd.Series, reader: Callable[[object], object]) -> tuple[np.ndarray, list]:
    """reader applied once per distinct cell value: (code of each cell, reading of each code)."""
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
    except TypeError:
        # Unhashable cells (never from a workbook): read one by one.
        return np.arange(len(values)), [reader(v) for v in values]
    return codes, [reader(v) for v in uniques]


def _mask(
    codes: np.ndarray, read: list, test: Callable[[object], bool], index: pd.Index
) -> pd.Series:
    per_code = np.array([test(r) for r in read], dtype=bool)
    return pd.Series(per_code[codes] if len(read) else np.zeros(len(codes), bool), index=index)


def parse_dates(values: pd.Series, today: date) -> tuple[pd.Series, pd.Series]:
    """Dates as datetime64 (NaT for blank or unreadable) and a mask of unreadable cells."""
    if pd.api.types.is_datetime64_any_dtype(values):
        stamps = pd.to_datetime(values).dt.normalize().astype("datetime64[ns]")
        early = (stamps.dt.year < _MIN_YEAR).fillna(False).astype(bool)
        return stamps.mask(early), early
    codes, read = _factorised(values, lambda v: read_date(v, today))
    per_code = np.array(
        [np.datetime64(r, "D") if isinstance(r, date) else np.datetime64("NaT") for r in read],
        dtype="datetime64[D]",
    )
    days = per_code[codes] if len(read) else np.array([], dtype="datetime64[D]")
    stamps = pd.Series(days.astype("datetime64[ns]"), index=values.index)
    return stamps, _mask(codes, read, lambda r: r is UNREADABLE, values.index)


def parse_answers(
    values: pd.Series, reader: Callable[[object], bool | Unreadable | None]
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Answers read as (True where yes, blank mask, unreadable mask)."""
    codes, read = _factorised(values, reader)
    index = values.index
    return (
        _mask(codes, read, lambda r: r is True, index),
        _mask(codes, read, lambda r: r is None, index),
        _mask(codes, read, lambda r: r is UNREADABLE, index),
    )


def parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Counts as float (NaN for blank or unreadable) and a mask of unreadable cells."""
    codes, read = _factorised(values, read_count)
    per_code = np.array([float(r) if isinstance(r, int) else np.nan for r in read], dtype=float)
    numbers = per_code[codes] if len(read) else np.array([], dtype=float)
    return pd.Series(numbers, index=values.index), _mask(
        codes, read, lambda r: r is UNREADABLE, values.index
    )


def parse_text(values: pd.Series) -> pd.Series:
    """Trimmed text per cell ('' for blanks and Excel errors)."""
    codes, read = _factorised(values, read_text)
    per_code = np.array(read, dtype=object)
    return pd.Series(per_code[codes] if len(read) else [], index=values.index, dtype=object)


def cell_text(value: Hashable) -> str:
    """How a cell is quoted in a warning ('' for a blank, NaT included)."""
    if is_blank(value):
        return ""
    if isinstance(value, datetime | pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
