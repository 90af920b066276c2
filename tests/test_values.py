"""Counts and dates as exports write them: "1.2K", "1,234", "28/04/2020 14:03", epoch seconds."""

from datetime import date, datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from replyscope.values import parse_count, parse_counts, parse_datetimes

UTC = timezone.utc


@pytest.mark.parametrize(("cell", "count"), [
    ("12", 12),
    ("0", 0),
    (0, 0),
    (12, 12),
    (12.0, 12),
    (np.int64(7), 7),
    (np.float64(3.0), 3),
    ("1.2K", 1_200),
    ("1.2k", 1_200),
    ("1.15K", 1_150),
    ("1,2K", 1_200),  # a continental decimal comma before a multiplier
    ("10K+", 10_000),
    ("3M", 3_000_000),
    ("2.5B", 2_500_000_000),
    ("1.2 K", 1_200),
    ("1,234", 1_234),
    ("12,345,678", 12_345_678),
    ("1.234", 1_234),  # continental thousands separator
    ("1.234.567", 1_234_567),
    ("1 234", 1_234),
    ("1\u00a0234", 1_234),
    ("1\u202f234", 1_234),
    ("1'234", 1_234),
    (" 45 ", 45),
    ("007", 7),
    ("12.5", 13),
    (2.5, 3),
])
def test_parse_count_reads_what_exports_write(cell, count):
    assert parse_count(cell) == count


@pytest.mark.parametrize("cell", [
    None, "", "   ", float("nan"), pd.NA, "nan", "N/A", "-", "—", "null",  # blanks: unknown, never 0
    "-3", -3, -0.5, float("inf"), "abc", "1e3", "1,234.5", "1,23,4", "K", "1.2KK", True, False,
])
def test_parse_count_leaves_blanks_and_non_counts_unknown(cell):
    assert parse_count(cell) is None


@given(st.integers(min_value=0, max_value=10**15))
def test_thousands_separated_counts_round_trip(number):
    assert parse_count(f"{number:,}") == number
    assert parse_count(f"{number:,}".replace(",", ".")) == number
    assert parse_count(f"{number:,}".replace(",", " ")) == number
    assert parse_count(f"{number:,}".replace(",", "\u00a0")) == number
    assert parse_count(str(number)) == number
    assert parse_count(number) == number


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from([("K", 1_000), ("k", 1_000), ("M", 1_000_000), ("m", 1_000_000), ("B", 1_000_000_000)]))
def test_abbreviated_counts_multiply_exactly(whole, tenth, suffix):
    letter, multiplier = suffix
    assert parse_count(f"{whole}{letter}") == whole * multiplier
    assert parse_count(f"{whole}.{tenth}{letter}") == whole * multiplier + tenth * multiplier // 10
    assert parse_count(f"{whole},{tenth}{letter}") == whole * multiplier + tenth * multiplier // 10


@given(st.text(max_size=30))
def test_parse_count_never_fails_and_never_invents_negative_counts(text):
    count = parse_count(text)
    assert count is None or (isinstance(count, int) and count >= 0)


def test_parse_counts_keeps_unknown_apart_from_zero_and_tallies_the_unreadable():
    counts, unreadable = parse_counts(pd.Series(["1.2K", "", None, "0", 7, "lots", float("nan"), "3,104"]))
    assert str(counts.dtype) == "Int64"
    assert counts.tolist() == [1200, pd.NA, pd.NA, 0, 7, pd.NA, pd.NA, 3104]
    assert unreadable == 1


@given(st.lists(st.one_of(st.none(), st.just(float("nan")), st.just(float("inf")),
                          st.integers(min_value=-5, max_value=10**12), st.floats(min_value=-10, max_value=1e12)),
                max_size=30))
def test_numeric_columns_parse_as_each_cell_would(cells):
    column = pd.Series(cells, dtype=float)
    counts, unreadable = parse_counts(column)
    expected = [parse_count(cell) for cell in column]
    assert [None if pd.isna(c) else c for c in counts] == expected
    assert unreadable == sum(1 for cell in column if not pd.isna(cell) and parse_count(cell) is None)


def test_float_columns_round_half_up_exactly():
    counts, _ = parse_counts(pd.Series([0.49999999999999994, 0.5, 1.5, 2.5, 12.0]))
    assert counts.tolist() == [0, 1, 2, 3, 12]


def test_integer_columns_keep_every_digit_and_drop_negatives():
    counts, unreadable = parse_counts(pd.Series([2**62 + 1, -1, 5]))
    assert counts.tolist() == [2**62 + 1, pd.NA, 5]
    assert unreadable == 1


# --- dates -----------------------------------------------------------------------------

AT_1403 = pd.Timestamp("2020-04-28 14:03", tz="UTC")


@pytest.mark.parametrize(("cell", "expected"), [
    ("2020-04-28T14:03:00Z", AT_1403),
    ("2020-04-28T14:03:00.000Z", AT_1403),
    ("2020-04-28 14:03:00", AT_1403),  # no zone: taken as UTC
    ("2020-04-28T15:03:00+01:00", AT_1403),
    ("2020-04-28T10:03:00-0400", AT_1403),
    ("2020-04-28", pd.Timestamp("2020-04-28", tz="UTC")),
    ("28/04/2020 14:03", AT_1403),  # UK day first
    ("28/04/2020 14:03:00", AT_1403),
    ("28.04.2020 14:03", AT_1403),
    ("28/04/20 2:03 PM", AT_1403),
    ("Tue Apr 28 14:03:00 +0000 2020", AT_1403),  # Twitter API v1.1
    ("Wed Oct 10 20:19:24 +0000 2018", pd.Timestamp("2018-10-10 20:19:24", tz="UTC")),
    ("April 28, 2020 at 02:03PM", AT_1403),  # IFTTT
    ("28 April 2020 14:03", AT_1403),
    (1588082580, AT_1403),  # epoch seconds
    ("1588082580", AT_1403),
    (1588082580000, AT_1403),  # epoch milliseconds (JavaScript exports)
    (43949.585416666667, AT_1403),  # an Excel serial day number that lost its date format
    (datetime(2020, 4, 28, 14, 3), AT_1403),  # an Excel date cell as calamine reads it
    (date(2020, 4, 28), pd.Timestamp("2020-04-28", tz="UTC")),
    (datetime(2020, 4, 28, 15, 3, tzinfo=timezone(timedelta(hours=1))), AT_1403),
    (pd.Timestamp("2020-04-28 15:03", tz="Europe/London"), AT_1403),
])
def test_parse_datetimes_reads_common_export_formats_as_utc(cell, expected):
    parsed, unreadable = parse_datetimes(pd.Series([cell], dtype=object))
    assert parsed.iloc[0] == expected
    assert unreadable == 0


def test_parse_datetimes_returns_tz_aware_utc_and_keeps_the_index():
    column = pd.Series(["2020-04-28T14:03:00Z", None, "28/04/2020 14:03"], index=[10, 20, 30])
    parsed, unreadable = parse_datetimes(column)
    assert str(parsed.dtype) == "datetime64[ns, UTC]"
    assert parsed.index.tolist() == [10, 20, 30]
    assert parsed[10] == parsed[30] == AT_1403
    assert pd.isna(parsed[20]) and unreadable == 0


def test_blank_cells_are_unknown_and_not_counted_as_unreadable():
    parsed, unreadable = parse_datetimes(pd.Series(["", "  ", None, float("nan"), pd.NaT], dtype=object))
    assert parsed.isna().all()
    assert unreadable == 0


@pytest.mark.parametrize("cell", ["last Tuesday", "2020", "31/02/2020", "1850-01-01", "2150-01-01", 12,
                                  "10:15:00", timedelta(hours=2)])
def test_non_dates_and_dates_no_post_can_have_are_unreadable(cell):
    parsed, unreadable = parse_datetimes(pd.Series([cell], dtype=object))
    assert pd.isna(parsed.iloc[0])
    assert unreadable == 1


def test_slashed_dates_are_day_first_unless_the_column_proves_month_first():
    uk, _ = parse_datetimes(pd.Series(["05/04/2020", "06/04/2020"]))
    assert uk.dt.month.tolist() == [4, 4] and uk.dt.day.tolist() == [5, 6]
    us, _ = parse_datetimes(pd.Series(["05/04/2020", "04/28/2020"]))
    assert us.dt.month.tolist() == [5, 4] and us.dt.day.tolist() == [4, 28]
    forced, _ = parse_datetimes(pd.Series(["05/04/2020"]), dayfirst=False)
    assert (forced.dt.month.iloc[0], forced.dt.day.iloc[0]) == (5, 4)


def test_a_column_mixing_formats_parses_each_cell():
    cells = ["2020-04-28T14:03:00Z", "28/04/2020 14:03", "Tue Apr 28 14:03:00 +0000 2020",
             "April 28, 2020 at 02:03PM", 1588082580, datetime(2020, 4, 28, 14, 3), "soon"]
    parsed, unreadable = parse_datetimes(pd.Series(cells, dtype=object))
    assert parsed.iloc[:-1].eq(AT_1403).all()
    assert unreadable == 1


moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda moment: moment.replace(microsecond=0))


@given(moments)
@example(datetime(2099, 12, 4))  # epoch seconds past 4.1e9 were once taken for no date
def test_iso_uk_and_epoch_forms_of_the_same_moment_agree(moment):
    expected = pd.Timestamp(moment, tz="UTC")
    cells = [moment.isoformat() + "Z", moment.strftime("%Y-%m-%d %H:%M:%S"),
             moment.strftime("%d/%m/%Y %H:%M:%S"), moment.strftime("%a %b %d %H:%M:%S +0000 %Y"),
             int(moment.replace(tzinfo=UTC).timestamp())]
    parsed, unreadable = parse_datetimes(pd.Series(cells, dtype=object), dayfirst=True)
    assert unreadable == 0
    assert parsed.eq(expected).all(), parsed.tolist()


def test_columns_already_holding_moments_are_converted_to_utc_and_bounded():
    column = pd.Series(pd.to_datetime(["2020-04-28T15:03:00+01:00", None, "1900-01-01T00:00:00+00:00"], utc=True)
                       .tz_convert("Europe/London"), index=[5, 6, 7])
    parsed, unreadable = parse_datetimes(column)
    assert str(parsed.dtype) == "datetime64[ns, UTC]" and parsed.index.tolist() == [5, 6, 7]
    assert parsed[5] == AT_1403
    assert pd.isna(parsed[6]) and pd.isna(parsed[7]) and unreadable == 1


@pytest.mark.parametrize("cell", ["10000000000000000000000000000", 10**20, 1e300, "99999999999999999999K",
                                  "9,223,372,036,854,775,808"])
def test_numbers_beyond_a_64_bit_count_are_not_counts(cell):
    assert parse_count(cell) is None


def test_columns_with_impossible_counts_stay_64_bit_and_count_them_as_unreadable():
    counts, unreadable = parse_counts(pd.Series([5, 2**63 + 5], dtype="uint64"))
    assert counts.tolist() == [5, pd.NA] and unreadable == 1
    counts, unreadable = parse_counts(pd.Series([2**62 + 1, -1, 2**63 + 5], dtype=object))
    assert counts.tolist() == [2**62 + 1, pd.NA, pd.NA] and unreadable == 2
    counts, unreadable = parse_counts(pd.Series([2.5, 1e300]))
    assert counts.tolist() == [3, pd.NA] and unreadable == 1
