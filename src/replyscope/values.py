"""Reading counts and dates the way exports write them.

Scraped sheets type numbers as text ("1.2K", "1,234", "3M") and dates in whatever
the tool chose; these parsers turn them into nullable integers and UTC timestamps,
keeping "unknown" (null) distinct from zero.
"""

import math
import re
from datetime import datetime

import pandas as pd

_COUNT_RE = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)\s*([kmb])?\+?$", re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
_GROUPED_RE = re.compile(r"^[0-9]{1,3}(?:[, \u00a0\u202f][0-9]{3})+$")
_TWITTER_V1_DATE = "%a %b %d %H:%M:%S %z %Y"
_SLASHED_RE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")


def parse_count(value) -> int | None:
    """Return a count from 12, 12.0, "1,234", "1.2K", "3M"; None for blanks and non-counts."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int,)):
        return value if value >= 0 else None
    if isinstance(value, float):
        if math.isnan(value) or value < 0:
            return None
        return int(round(value))
    text = str(value).strip().replace("\u00a0", " ")
    if not text or text.lower() in {"nan", "none", "null", "n/a", "na", "-", "—"}:
        return None
    if _GROUPED_RE.match(text):
        return int(re.sub(r"[^0-9]", "", text))
    match = _COUNT_RE.match(text.replace(" ", ""))
    if not match:
        return None
    number, suffix = match.groups()
    number = number.replace(",", ".")
    amount = float(number) * _MULTIPLIER.get((suffix or "").lower(), 1)
    return int(round(amount))


def parse_counts(series: pd.Series) -> tuple[pd.Series, int]:
    """Return the series as nullable Int64 and how many non-blank cells were not counts."""
    objects = series.astype(object)
    parsed = objects.map(parse_count)
    unreadable = int((parsed.isna() & ~objects.map(_is_blank)).sum())
    return pd.Series(pd.array(parsed.tolist(), dtype="Int64"), index=series.index), unreadable


def _is_blank(value) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _prefer_dayfirst(texts: pd.Series) -> bool:
    """Slashed dates: day first unless the data proves month first (the users are UK teams)."""
    for text in texts:
        match = _SLASHED_RE.match(text)
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12:
                return True
            if second > 12:
                return False
    return True


def parse_datetimes(series: pd.Series) -> tuple[pd.Series, int]:
    """Return the series as UTC timestamps and how many non-blank cells were not dates.

    Accepts datetime cells, ISO 8601, Twitter v1.1's "Wed Oct 10 20:19:24 +0000 2018",
    "10/05/2020 14:03" (day first unless the data shows otherwise) and epoch seconds.
    Times without a zone are taken as UTC.
    """
    values = series.astype(object)
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns, UTC]")
    blank = values.map(_is_blank)
    todo = values[~blank]
    if todo.empty:
        return result, 0
    as_datetime = todo.map(lambda v: isinstance(v, (datetime, pd.Timestamp)))
    if as_datetime.any():
        result[as_datetime[as_datetime].index] = pd.to_datetime(
            todo[as_datetime].tolist(), utc=True, errors="coerce")
    rest = todo[~as_datetime]
    numeric = rest.map(lambda v: isinstance(v, (int, float)) or (isinstance(v, str) and v.strip().isdigit() and len(v.strip()) >= 9))
    if numeric.any():
        seconds = pd.to_numeric(rest[numeric], errors="coerce")
        result[seconds.index] = pd.to_datetime(seconds, unit="s", utc=True, errors="coerce")
    texts = rest[~numeric].astype(str).str.strip()
    if not texts.empty:
        v1 = pd.to_datetime(texts, format=_TWITTER_V1_DATE, utc=True, errors="coerce")
        remaining = texts[v1.isna()]
        if not remaining.empty:
            parsed = pd.to_datetime(remaining, format="mixed", utc=True, errors="coerce",
                                    dayfirst=_prefer_dayfirst(remaining))
            v1[remaining.index] = parsed
        result[texts.index] = v1
    unreadable = int(result[~blank].isna().sum())
    return result, unreadable
