"""CSV and XLSX writers that keep spreadsheet formulas inert.

Every reply to an account starts with '@', and some replies start with '=' or '+':
a spreadsheet would run those cells as formulas (CSV injection). CSV cells that
begin with = + - @ tab or carriage return get a leading apostrophe, as OWASP
advises; XLSX cells keep the text and are stored as text, never as formulas.
"""

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's own limit for one cell; longer text is cut with a marker rather than failing the write.
XLSX_CELL_LIMIT = 32_767
MAX_COLUMN_WIDTH = 60


def neutralise(value):
    """Return a cell value that no spreadsheet will run: risky text gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _cell_value(value):
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.tz_convert("UTC").tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
    return value


def write_csv(table: pd.DataFrame, path: Path) -> None:
    """Write `table` as UTF-8 CSV with a BOM (so Excel reads the encoding right), formulas neutralised."""
    safe = table.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(lambda v: neutralise(_cell_value(v)))
    for column in safe.select_dtypes(include=["datetimetz"]).columns:
        safe[column] = safe[column].dt.strftime("%Y-%m-%dT%H:%M:%SZ")
    safe.to_csv(path, index=False, encoding="utf-8-sig")


def write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """Write each table to its own sheet: header row frozen, autofilter, readable column widths, text as text."""
    workbook = Workbook(write_only=True)
    for name, table in tables.items():
        sheet = workbook.create_sheet(title=name[:31])
        for index, width in enumerate(_column_widths(table), start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        if table.shape[1]:
            sheet.auto_filter.ref = f"A1:{get_column_letter(table.shape[1])}{max(1, len(table) + 1)}"
        sheet.append([str(c) for c in table.columns])
        for row in table.itertuples(index=False, name=None):
            sheet.append([_xlsx_cell(sheet, _cell_value(v)) for v in row])
    workbook.save(path)


def _xlsx_cell(sheet, value):
    """A value for the sheet: text cleaned of characters XLSX cannot hold, and never read as a formula or an error."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value[:XLSX_CELL_LIMIT])  # control characters scraped with a reply
    if value.startswith("=") or value in ERROR_CODES:  # openpyxl would store these as a formula or an error value
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value  # plain text: openpyxl stores it as text in its one reusable cell, much faster


def _column_widths(table: pd.DataFrame, sample_rows: int = 500) -> list[float]:
    widths = []
    for column in table.columns:
        lengths = table[column].head(sample_rows).map(lambda v: len(str(_cell_value(v) or "")))
        longest = max([len(str(column))] + lengths.tolist())
        widths.append(min(max(longest + 2, 8), MAX_COLUMN_WIDTH))
    return widths
