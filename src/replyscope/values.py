"""Reading counts and dates the way exports write them.

Scraped sheets type numbers as text ("1.2K", "1,234", "3M") and dates in whatever
the tool chose; these parsers turn them into nullable integers and UTC timestamps,
keeping "unknown" (null) distinct from zero. The column parsers do the common
shapes with vectorised pandas calls and keep per-cell Python work for the odd ones,
so a 100,000-row sheet parses in well under a second.
"""

import math
import numbers
import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import numpy as np
import pandas as pd

_NULL_WORDS = {"nan", "none", "null", "n/a", "na", "-", "—", "<na>", "nat"}
# "1.2K", "3M", "12", "1,5k", "10K+": a number with an optional decimal part and multiplier.
_COUNT_RE = re.compile(r"^([0-9]+(?:[.,][0-9]+)?)([kmb])?\+?$", re.IGNORECASE)
_MULTIPLIER = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
# "1,234", "1.234.567" (continental), "1 234", "1'234": one separator used between every group of three.
_GROUPED_RE = re.compile(r"^[0-9]{1,3}([,. \u00a0\u202f'])[0-9]{3}(?:\1[0-9]{3})*$")

# The largest count the reply table's 64-bit count columns hold; larger numbers are not counts.
MAX_COUNT = 2**63 - 1

# Posts are dated between these; numbers and text outside them are not post dates.
EARLIEST_POST = pd.Timestamp("1970-01-01", tz="UTC")
LATEST_POST = pd.Timestamp("2100-01-01", tz="UTC")
# How a bare number is read as a date, by its size: epoch seconds, epoch milliseconds,
# or an Excel serial day number (a date cell that lost its date format).
_EPOCH_SECONDS = (1e8, LATEST_POST.timestamp())
_EPOCH_MILLISECONDS = (1e11, LATEST_POST.timestamp() * 1000)
_EXCEL_SERIAL_DAYS = (25_569, 73_051)  # 1970-01-01 .. 2100-01-01
_EXCEL_EPOCH = "1899-12-30"
_NUMBER_TEXT_RE = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
# "10:15" or "10:15:00 PM": a time of day with no date, which is no post date.
_TIME_ONLY_RE = re.compile(r"^\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp][Mm])?$")
# "28/04/2020", "28.04.20 14:03", "4/28/2020 2:03:09 PM": parsed field by field, day first unless the data says not.
_SLASHED_RE = (r"^(?P<first>\d{1,2})[/.-](?P<second>\d{1,2})[/.-](?P<year>\d{4}|\d{2})"
               r"(?:[ T,]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second_of_minute>\d{2}))?\s*(?P<half>[AaPp][Mm])?)?$")
# Exact formats tried before the slow general parser: Twitter v1.1 and IFTTT's "April 28, 2020 at 10:15AM".
KNOWN_DATE_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%B %d, %Y at %I:%M%p", "%b %d, %Y at %I:%M%p")


def parse_count(value, signed: bool = False) -> int | None:
    """Return a count from 12, 12.0, "1,234", "1.234", "1.2K", "3M"; None for blanks and non-counts.

    Numbers too large for the table's 64-bit columns are no count any post has had: None, like other non-counts.
    A negative number is no count either, unless `signed`: a score (Reddit's up-votes minus down-votes) can be.
    """
    if signed and isinstance(value, str) and value.strip().startswith(("-", "\u2212")):
        count = _count(value.strip()[1:])
        return -count if count is not None and count <= MAX_COUNT else None
    count = _count(value, signed)
    return count if count is None or abs(count) <= MAX_COUNT else None


def _count(value, signed: bool = False) -> int | None:
    if value is None or value is pd.NA or isinstance(value, bool):
        return None
    if isinstance(value, numbers.Integral):
        return int(value) if value >= 0 or signed else None
    if isinstance(value, numbers.Real):
        value = float(value)
        if not math.isfinite(value) or (value < 0 and not signed) or abs(value) >= 2.0**63:
            return None
        return int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    text = str(value).strip().replace("\u00a0", " ")
    if not text or text.lower() in _NULL_WORDS:
        return None
    if _GROUPED_RE.match(text):
        return int(re.sub(r"[^0-9]", "", text))
    match = _COUNT_RE.match(text.replace(" ", ""))
    if not match:
        return None
    number, suffix = match.groups()
    try:
        amount = Decimal(number.replace(",", ".")) * _MULTIPLIER.get((suffix or "").lower(), 1)
        return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # more digits than any count has
        return None


def is_blank(value) -> bool:
    """True for None, NaN, NA and empty or whitespace-only text: a cell with nothing in it."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def parse_counts(series: pd.Series, signed: bool = False) -> tuple[pd.Series, int]:
    """Return the series as nullable Int64 and how many non-blank cells were not counts (negatives kept if `signed`)."""
    lowest = -MAX_COUNT if signed else 0
    if pd.api.types.is_integer_dtype(series.dtype):
        invalid = ((series < lowest) | (series > MAX_COUNT)).fillna(False).astype(bool)
        if not invalid.any():
            return series.astype("Int64"), 0
        kept = series.astype(object).where(~invalid, None)  # object keeps every digit that float would round
        return pd.Series(pd.array(kept.tolist(), dtype="Int64"), index=series.index), int(invalid.sum())
    if pd.api.types.is_float_dtype(series.dtype):
        amounts = series.astype("Float64")
        valid = (amounts >= lowest).fillna(False) & (amounts.abs() < 2.0**63).fillna(False)
        whole = np.floor(amounts.where(valid))
        counts = (whole + (amounts - whole >= 0.5)).astype("Int64")  # half up, as parse_count
        return counts, int((series.notna() & ~valid).sum())
    parsed: list[int | None] = []
    unreadable = 0
    seen: dict = {}
    for value in series.astype(object):
        key = (type(value), value)
        try:
            count = seen[key]
        except KeyError:
            count = seen[key] = parse_count(value, signed)
        except TypeError:  # an unhashable cell, such as a list
            count = parse_count(value, signed)
        if count is None and not is_blank(value):
            unreadable += 1
        parsed.append(count)
    return pd.Series(pd.array(parsed, dtype="Int64"), index=series.index), unreadable


def parse_datetimes(series: pd.Series, dayfirst: bool | None = None) -> tuple[pd.Series, int]:
    """Return the series as UTC timestamps and how many non-blank cells were not dates.

    Accepts date and datetime cells, ISO 8601, Twitter v1.1's "Wed Oct 10 20:19:24 +0000 2018",
    "28/04/2020 14:03", IFTTT's "April 28, 2020 at 10:15AM", epoch seconds or milliseconds and
    Excel serial day numbers. Slashed dates are day first unless the data proves month first
    (the users are UK teams) or `dayfirst` says. Times without a zone are taken as UTC.
    Dates before 1970 or after 2099 are not post dates and count as unreadable.
    """
    if isinstance(series.dtype, pd.DatetimeTZDtype):  # already moments (JSON importers): no cell-by-cell parsing
        moments = series.dt.tz_convert("UTC")
        outside = (moments < EARLIEST_POST) | (moments >= LATEST_POST)
        return in_post_range(moments), int(outside.sum())
    values = series.astype(object).tolist()
    result = pd.Series(pd.NaT, index=pd.RangeIndex(len(values)), dtype="datetime64[ns, UTC]")
    moments, numeric, texts = {}, {}, {}
    filled = 0
    for label, value in enumerate(values):
        if is_blank(value):
            continue
        filled += 1
        if isinstance(value, (datetime, np.datetime64)):
            moments[label] = value
        elif isinstance(value, date):
            moments[label] = datetime(value.year, value.month, value.day)
        elif isinstance(value, numbers.Real) and not isinstance(value, bool):
            numeric[label] = float(value)
        elif isinstance(value, str):
            text = value.strip()
            if _NUMBER_TEXT_RE.match(text):
                numeric[label] = float(text)
            elif not _TIME_ONLY_RE.match(text):
                texts[label] = text
    if moments:
        _fill(result, pd.Series(pd.to_datetime(list(moments.values()), utc=True, errors="coerce"),
                                index=list(moments)))
    if numeric:
        _fill(result, _from_numbers(pd.Series(numeric, dtype=float)))
    if texts:
        _fill(result, _from_texts(pd.Series(texts, dtype=object), dayfirst))
    unreadable = filled - int(result.notna().sum())
    result.index = series.index
    return result, unreadable


def in_post_range(stamps: pd.Series) -> pd.Series:
    """UTC timestamps in nanoseconds, NaT for any outside the post-date range.

    pandas may parse year 0 or 9999 in seconds or microseconds; such a moment has no
    nanosecond form, so it is blanked before the unit changes rather than overflowing.
    """
    inside = (stamps >= EARLIEST_POST) & (stamps < LATEST_POST)
    return stamps.where(inside).dt.as_unit("ns")


def _fill(result: pd.Series, parsed: pd.Series) -> None:
    """Copy the parsed timestamps that fall in the post-date range into `result`."""
    found = parsed.dropna()
    found = found[(found >= EARLIEST_POST) & (found < LATEST_POST)]
    if not found.empty:
        result[found.index] = found.dt.as_unit("ns")


def _from_numbers(values: pd.Series) -> pd.Series:
    """Epoch seconds, epoch milliseconds or Excel serial days, told apart by size."""
    parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    for (low, high), convert in ((_EPOCH_SECONDS, {"unit": "s"}),
                                 (_EPOCH_MILLISECONDS, {"unit": "ms"}),
                                 (_EXCEL_SERIAL_DAYS, {"unit": "D", "origin": _EXCEL_EPOCH})):
        chosen = values[(values >= low) & (values < high)]
        if not chosen.empty:
            # Excel keeps times to the millisecond; finer digits are floating-point noise.
            parsed[chosen.index] = in_post_range(pd.to_datetime(chosen, utc=True, **convert).dt.round("ms"))
    return parsed


def _from_texts(texts: pd.Series, dayfirst: bool | None) -> pd.Series:
    """Parse text dates with the fast exact parsers first and the general parser last."""
    parsed = in_post_range(pd.to_datetime(texts, format="ISO8601", utc=True, errors="coerce"))
    remaining = texts[parsed.isna()]
    if not remaining.empty:
        slashed = _from_slashed(remaining, dayfirst)
        parsed[slashed.dropna().index] = slashed.dropna()
        remaining = remaining[slashed.isna()]
    for date_format in KNOWN_DATE_FORMATS:
        if remaining.empty:
            break
        found = pd.to_datetime(remaining, format=date_format, utc=True, errors="coerce").dropna()
        parsed[found.index] = in_post_range(found)
        remaining = remaining.drop(found.index)
    if not remaining.empty:
        parsed[remaining.index] = _from_any_text(remaining, dayfirst)
    return parsed


def _from_slashed(texts: pd.Series, dayfirst: bool | None) -> pd.Series:
    """Parse "28/04/2020 14:03"-style dates field by field; NaT for other shapes."""
    parts = texts.str.extract(_SLASHED_RE).dropna(subset=["first"])
    parsed = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns, UTC]")
    if parts.empty:
        return parsed
    first, second = parts["first"].astype(int), parts["second"].astype(int)
    if dayfirst is None:
        dayfirst = bool((first > 12).any()) or not bool((second > 12).any())
    year = parts["year"].astype(int)
    year = year.where(year >= 100, year + 2000 - 100 * (year >= 70))
    hour = parts["hour"].fillna("0").astype(int)
    half = parts["half"].fillna("").str.lower()
    hour = hour.where(half == "", (hour % 12) + 12 * (half == "pm"))
    fields = pd.DataFrame({
        "year": year, "month": second if dayfirst else first, "day": first if dayfirst else second,
        "hour": hour, "minute": parts["minute"].fillna("0").astype(int),
        "second": parts["second_of_minute"].fillna("0").astype(int)})
    valid = fields["month"].between(1, 12) & fields["day"].between(1, 31) & fields["hour"].between(0, 23)
    if valid.any():
        stamps = pd.to_datetime(fields[valid], errors="coerce").dt.tz_localize("UTC")
        parsed[stamps.index] = in_post_range(stamps)
    return parsed


def _from_any_text(texts: pd.Series, dayfirst: bool | None) -> pd.Series:
    """The general (slow, per-value) parser, run once per distinct text."""
    distinct = pd.Series(texts.unique())
    parsed = pd.to_datetime(distinct, format="mixed", utc=True, errors="coerce",
                            dayfirst=True if dayfirst is None else dayfirst)
    by_text = dict(zip(distinct, in_post_range(parsed)))
    return pd.Series([by_text[text] for text in texts], index=texts.index, dtype="datetime64[ns, UTC]")
