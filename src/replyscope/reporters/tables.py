"""CSV and XLSX writers that keep spreadsheet formulas inert.

Every reply to an account starts with '@', and some replies start with '=' or '+':
a spreadsheet would run those cells as formulas (CSV injection). CSV cells that
begin with = + - @ tab or carriage return get a leading apostrophe, as OWASP
advises; XLSX cells keep the text and are stored as text, never as formulas.

The workbook is written with XlsxWriter in constant-memory mode, a column at a time
turned into plain Python values and then a row at a time into the sheet: memory
stays flat and 100,000 replies take seconds (benchmarks/xlsx_writers.py compares it
with openpyxl's write-only mode, which it replaced, and a Rust writer).
"""

import csv
import re
import shutil
from pathlib import Path

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own limit for one cell; longer text is cut with a marker rather than failing the write.
XLSX_CELL_LIMIT = 32_767
# What a cut cell ends with; the CSV beside the workbook keeps the whole text.
CUT_MARKER = " … [cut at Excel's {limit:,}-character cell limit; {total:,} characters in all, see the CSV]"
MAX_COLUMN_WIDTH = 60
# Characters an XLSX file cannot hold (the XML 1.0 control characters); marked with U+FFFD, never dropped.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# The CSV is written this many rows at a time: each chunk's cells become Python values, then text, then are freed.
CSV_CHUNK_ROWS = 50_000
# Shares are fractions in the tables; CSV rounds them to this many decimals (0.2013 = 20.13%).
SHARE_DECIMALS = 4


def neutralise(value):
    """Return a cell value that no spreadsheet will run: risky text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def is_share(column) -> bool:
    """Columns that hold a fraction of a whole (share_of_likes, share_q1, length_share ...)."""
    return "share" in str(column)


def _cell_value(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    return value


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write `table` as UTF-8 CSV with a BOM (so Excel reads the encoding right), formulas neutralised.

    Text is written whole, however long: the CSV is where a reply cut in the workbook can be read in full.
    """
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:  # as pandas' to_csv writes, in half the time
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([str(c) for c in table.columns])
        _write_csv_rows(writer, table)


def write_csv_rows(table: pd.DataFrame, path: Path) -> None:
    """Write only the rows of `table` as write_csv writes them (no BOM, no header): one part for join_csv."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        _write_csv_rows(csv.writer(handle, lineterminator="\n"), table)


def join_csv(table: pd.DataFrame, path: Path, parts: list[Path]) -> None:
    """Write `table`'s CSV from `parts` (its rows in order, each from write_csv_rows), deleting them as they are
    copied: the same bytes as write_csv(table, path), for rows written by several processes."""
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        csv.writer(handle, lineterminator="\n").writerow([str(c) for c in table.columns])
    with open(path, "ab") as whole:
        for part in parts:
            with open(part, "rb") as rows:
                shutil.copyfileobj(rows, whole, 1024**2)
            part.unlink()


def _write_csv_rows(writer, table: pd.DataFrame) -> None:
    for start in range(0, len(table), CSV_CHUNK_ROWS):  # memory follows the chunk, not the table
        rows = table.iloc[start:start + CSV_CHUNK_ROWS]
        writer.writerows(zip(*[_csv_column(rows[column]) for column in rows.columns]))


def _csv_column(column: pd.Series) -> list:
    """One column as the values a CSV cell shows: text neutralised, blanks empty, dates in UTC, shares rounded."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        return column.dt.strftime("%Y-%m-%dT%H:%M:%SZ").astype(object).where(column.notna(), None).tolist()
    if isinstance(column.dtype, pd.StringDtype):  # text only: guarded in one vectorised pass, blanks as None
        risky = column.str.startswith(FORMULA_TRIGGERS, na=False)
        if risky.any():
            column = column.where(~risky, "'" + column)
        return column.to_numpy(dtype=object, na_value=None).tolist()
    if column.dtype == object or pd.api.types.is_string_dtype(column):
        return [("'" + v if v.startswith(FORMULA_TRIGGERS) else v) if type(v) is str else neutralise(_cell_value(v))
                for v in column.tolist()]
    if is_share(column.name) and pd.api.types.is_float_dtype(column):
        column = column.round(SHARE_DECIMALS)
    if pd.api.types.is_float_dtype(column):
        return [None if v is pd.NA or v != v else repr(float(v)) for v in column.astype(object).tolist()]
    return [None if v is pd.NA or v is None or v != v else v for v in column.astype(object).tolist()]


def write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Write each table to its own sheet: header row frozen, autofilter, readable column widths, text as text.

    Shares show as percentages. Text longer than Excel's cell limit is cut with a visible marker.
    """
    import xlsxwriter
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                               "strings_to_formulas": False, "strings_to_urls": False,
                                               "nan_inf_to_errors": True})
    formats = {"date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"}),
               "share": workbook.add_format({"num_format": "0.0%"}), "header": workbook.add_format({"bold": True})}
    for name, table in tables.items():
        _write_sheet(workbook.add_worksheet(name[:31]), table, formats)
    workbook.close()


def _write_sheet(sheet, table: pd.DataFrame, formats: dict) -> None:
    for index, width in enumerate(_column_widths(table)):
        sheet.set_column(index, index, width)
    sheet.freeze_panes(1, 0)
    if table.shape[1]:
        sheet.autofilter(0, 0, max(1, len(table)), table.shape[1] - 1)
    for index, column in enumerate(table.columns):
        sheet.write_string(0, index, str(column), formats["header"])
    writers = [_column_writer(sheet, table[column], formats) for column in table.columns]
    columns = [values for _, values in writers]
    for row_number, row in enumerate(zip(*columns), start=1):
        for index, value in enumerate(row):
            if value is not None:
                writers[index][0](row_number, index, value)


def _column_writer(sheet, column: pd.Series, formats: dict):
    """(write function, plain values with None for blanks) for one column, converted in one go."""
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        naive = column.dt.tz_convert("UTC").dt.tz_localize(None)
        values = [None if v is pd.NaT else v.to_pydatetime() for v in naive]
        return (lambda r, c, v: sheet.write_datetime(r, c, v, formats["date"])), values
    if pd.api.types.is_datetime64_dtype(column.dtype):
        values = [None if v is pd.NaT else v.to_pydatetime() for v in column]
        return (lambda r, c, v: sheet.write_datetime(r, c, v, formats["date"])), values
    if pd.api.types.is_bool_dtype(column.dtype):
        return sheet.write_boolean, [None if pd.isna(v) else bool(v) for v in column.astype(object)]
    if pd.api.types.is_numeric_dtype(column.dtype):
        numbers = column.astype("Float64").astype(object)
        values = [None if v is pd.NA or v != v else v for v in numbers.tolist()]
        if is_share(column.name):
            return (lambda r, c, v: sheet.write_number(r, c, v, formats["share"])), values
        return sheet.write_number, values
    values = [_xlsx_text(_cell_value(v)) for v in column.tolist()]
    if all(type(v) is str or v is None for v in values):  # the usual case: text only, no type to test per cell
        return sheet.write_string, values
    return _write_any(sheet, formats), values


def _write_any(sheet, formats: dict):
    """Writer for a column of mixed values: text as text, numbers as numbers, dates as dates."""
    def write(row: int, col: int, value) -> None:
        if isinstance(value, str):
            sheet.write_string(row, col, value)
        elif isinstance(value, bool):
            sheet.write_boolean(row, col, value)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value)
        elif hasattr(value, "year"):
            sheet.write_datetime(row, col, value, formats["date"])
        else:
            sheet.write_string(row, col, str(value))
    return write


def _xlsx_text(value):
    """A value for the sheet: text cleaned of characters XLSX cannot hold and cut at Excel's cell limit."""
    if not isinstance(value, str):
        return value
    if len(value) > XLSX_CELL_LIMIT:
        marker = CUT_MARKER.format(limit=XLSX_CELL_LIMIT, total=len(value))
        value = value[:XLSX_CELL_LIMIT - len(marker)] + marker
    if ILLEGAL_CHARACTERS_RE.search(value):  # control characters scraped with a reply
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return value


def _column_widths(table: pd.DataFrame, sample_rows: int = 500) -> list[float]:
    widths = []
    for column in table.columns:
        lengths = [len(str(_cell_value(v) or "")) for v in table[column].head(sample_rows).tolist()]
        longest = max([len(str(column))] + lengths)
        widths.append(min(max(longest + 2, 8), MAX_COLUMN_WIDTH))
    return widths
