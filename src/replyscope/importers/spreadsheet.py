"""Reply sheets: workbooks (.xlsx, .xlsm, .xls, .ods) and delimited text (.csv, .tsv).

Volunteers' sheets put title rows above the header, notes sheets before the data,
blank rows between replies and counts typed as text. This importer finds the sheet
and header row, maps columns by name (columns.py), and reads workbooks with calamine,
which is many times faster than openpyxl. It says what it chose in the result.

Workbooks are untrusted input: before calamine sees one, the zip is checked for
XML entity declarations (a "billion laughs"), for unpacking like a zip bomb, and for
sheets whose few cells span a huge rectangle (calamine allocates every cell of it):
workbook_safety.py.
"""

import csv
import io
import re
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import python_calamine

from ..errors import ReplyscopeError
from ..extract import extract_urls
from ..values import is_blank
from .base import ImportResult, LoadOptions
from .columns import fold, header_score, match_columns
from .source import Source
from .textchecks import binary_content, drop_nul_characters, swallowed_cells
from .workbook_safety import first_line, is_encrypted_ooxml, refuse_unsafe_zip

NAME = "spreadsheet"
DESCRIPTION = "Reply sheets: .xlsx/.xlsm/.xls/.ods workbooks and .csv/.tsv files with any column names"
# Sheets scraped from web pages keep whatever entities the page had: all are decoded.
TEXT_ENTITIES = "html"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Rows searched for the header; real title blocks are a few rows deep.
HEADER_SEARCH_ROWS = 30


@dataclass
class Sheet:
    """One table of rows: a workbook sheet, or the rows of a delimited file (name None)."""

    name: str | None
    first_row: int  # the 1-based row number of the first row, as the user's program shows it
    head: list[list]  # the first HEADER_SEARCH_ROWS rows, for choosing the sheet and header
    height: int  # rows in all
    read_rows: Callable[[], list[list]]

    @property
    def is_empty(self) -> bool:
        return not any(not is_blank(cell) for row in self.head for cell in row)


def sniff(source: Source) -> int:
    """Workbooks by their zip/OLE signature; a workbook name on other content, weakly (read says what is wrong)."""
    head = source.head
    if source.suffix in WORKBOOK_SUFFIXES:
        return 90 if head.startswith((_ZIP_MAGIC, _OLE_MAGIC)) else 10
    if source.suffix in TEXT_SUFFIXES:
        return 40
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read the reply rows of a sheet or delimited file, mapped to schema fields."""
    notes, warnings = [], []
    if source.suffix in WORKBOOK_SUFFIXES and source.head.startswith((_ZIP_MAGIC, _OLE_MAGIC)):
        sheets, detail = _read_workbook(source)
    elif source.suffix in WORKBOOK_SUFFIXES:
        _refuse_non_workbook(source)
        sheets, detail = read_delimited(source, notes, warnings, options.ignore_quotes)
        notes.insert(0, f"the file is text, not a {source.suffix} workbook: read as delimited text")
    else:
        sheets, detail = read_delimited(source, notes, warnings, options.ignore_quotes)
    overrides = options.column_overrides()
    sheet = _choose_sheet(source, sheets, options)
    where = f" in sheet '{sheet.name}'" if sheet.name is not None else ""
    if sheet.name is not None:
        detail["sheet"] = sheet.name
    header_index = detect_header_row(sheet.head, overrides.values())
    headers = _header_names(sheet.head[header_index])
    detail["header_row"] = sheet.first_row + header_index
    try:
        mapping = match_columns(headers, overrides)
    except KeyError as missing:
        raise ReplyscopeError(
            f"{source.name}: no column named {missing}{where} (header row {detail['header_row']}); "
            f"columns found: {_list(headers)}.") from None
    if "text" not in mapping:
        raise ReplyscopeError(
            f"{source.name}: no reply-text column found{where} (header row {detail['header_row']}); "
            f"columns found: {_list(headers)}. Name it with --text-col \"COLUMN\".")
    result = _build(sheet.read_rows(), header_index, sheet.first_row, headers, mapping, detail)
    result.notes[:0] = notes
    result.warnings.extend(warnings)
    return result


def detect_header_row(rows: list[list], extra_names=()) -> int:
    """Return the index of the header row: the row with most known column names.

    `extra_names` are the columns the user named (--text-col ...), which count as known.
    Ties go to the row with more filled text cells (a title row fills one cell, a header
    many). Without any known name, the first row whose cells are all text and as wide as
    the widest of the first rows.
    """
    window = rows[:HEADER_SEARCH_ROWS]
    if not window:
        return 0
    wanted = {fold(name) for name in extra_names}
    texts = [[cell for cell in row if isinstance(cell, str) and cell.strip()] for row in window]
    scores = [(header_score(row) + sum(1 for cell in cells if fold(cell) in wanted), len(cells))
              for row, cells in zip(window, texts)]
    best = max(scores)
    if best[0] > 0:
        return scores.index(best)
    widths = [sum(1 for cell in row if not is_blank(cell)) for row in window]
    widest = max(widths)
    for index, (width, cells) in enumerate(zip(widths, texts)):
        if width == widest and len(cells) == width:
            return index
    return 0


def _list(names: list[str]) -> str:
    shown = ", ".join(f'"{n}"' for n in names[:15])
    return shown + (f" and {len(names) - 15} more" if len(names) > 15 else "")


def _header_names(row: list) -> list[str]:
    """Header cells as unique strings; blank headers become 'column N'."""
    names, seen = [], {}
    for position, cell in enumerate(row, start=1):
        name = str(cell).strip() if not is_blank(cell) else f"column {position}"
        if isinstance(cell, float) and cell.is_integer():
            name = str(int(cell))
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name} ({count + 1})")
    return names


def _choose_sheet(source: Source, sheets: list[Sheet], options: LoadOptions) -> Sheet:
    """Pick the sheet the user named, or the one whose header maps a text column and has most rows.

    Delimited text has one unnamed sheet, and ignores --sheet (given for the workbooks beside it).
    """
    if options.sheet is not None and sheets and sheets[0].name is not None:
        named = [s for s in sheets if s.name == options.sheet] or [
            s for s in sheets if s.name is not None and s.name.strip().lower() == options.sheet.strip().lower()]
        if not named:
            raise ReplyscopeError(
                f"{source.name}: no sheet named '{options.sheet}'; sheets found: {_list([str(s.name) for s in sheets])}.")
        if named[0].is_empty:
            raise ReplyscopeError(
                f"{source.name}: sheet '{named[0].name}' is empty; choose the sheet holding the replies with --sheet.")
        return named[0]
    overrides = options.column_overrides()
    candidates = []
    for order, sheet in enumerate(sheets):
        if sheet.is_empty:
            continue
        header_index = detect_header_row(sheet.head, overrides.values())
        try:
            mapping = match_columns(_header_names(sheet.head[header_index]), overrides)
        except KeyError:
            mapping = {}
        rank = ("text" in mapping, len(mapping), sheet.height - header_index, -order)
        candidates.append((rank, sheet))
    if not candidates:
        if len(sheets) == 1:
            what = f"sheet '{sheets[0].name}' is empty" if sheets[0].name is not None else "it holds no rows"
        else:
            what = f"every sheet ({_list([str(s.name) for s in sheets])}) is empty"
        raise ReplyscopeError(f"{source.name}: {what}; check you exported the replies and saved the file.")
    return max(candidates, key=lambda candidate: candidate[0])[1]


def _build(rows: list[list], header_index: int, first_row: int, headers: list[str],
           mapping: dict[str, str], detail: dict) -> ImportResult:
    """The mapped columns of the rows under the header, with their sheet row numbers; empty rows dropped."""
    width = len(headers)
    body = rows[header_index + 1:]
    widest = max(map(len, body), default=width)
    if any(len(row) != widest for row in body):  # delimited text has ragged rows
        body = [row + [None] * (widest - len(row)) for row in body]
    raw = pd.DataFrame(body, dtype=object)
    raw.index = raw.index + first_row + header_index + 1
    notes = []
    if raw.shape[1] > width:
        beyond = raw.iloc[:, width:]
        spilled = int((beyond.notna() & beyond.ne("")).any(axis=1).sum())
        if spilled:
            notes.append(f"{spilled:,} rows have more cells than the header has columns (extra cells ignored); "
                         "check the delimiter and quoting")
    raw = raw.reindex(columns=range(width))
    raw.columns = headers
    empty = ~(raw.notna() & raw.ne("")).any(axis=1)
    raw = raw[~empty]
    frame = pd.DataFrame({field: raw[header] for field, header in mapping.items()}, index=raw.index)
    if "author" in frame:
        frame["author"] = frame["author"].map(lambda v: v.strip().lstrip("@＠") if isinstance(v, str) else v)
    for field, marks in (("hashtags", "#＃"), ("mentions", "@＠")):
        if field in frame:
            frame[field] = frame[field].map(lambda cell: _split_names(cell, marks))
    if "urls" in frame:
        frame["urls"] = frame["urls"].map(lambda cell: extract_urls(cell) if isinstance(cell, str) and cell.strip() else None)
    frame["source_row"] = frame.index
    result = ImportResult(frame=frame.reset_index(drop=True), mapping=mapping, detail=detail,
                          platform="spreadsheet", notes=notes)
    if empty.any():
        result.dropped["blank row"] = int(empty.sum())
    unmapped = [h for h in headers if h not in mapping.values()]
    if unmapped:
        result.notes.append(f"columns not used: {_list(unmapped)}")
    return result


def _split_names(cell, marks: str) -> list[str] | None:
    """A cell listing hashtags or accounts ("#a, #b" or "@x @y") as names without their marks; None if blank."""
    if not isinstance(cell, str) or not cell.strip():
        return None
    return [name for part in re.split(r"[\s,;]+", cell) if (name := part.strip().lstrip(marks))]


# --- workbooks -------------------------------------------------------------------------

def _read_workbook(source: Source) -> tuple[list[Sheet], dict]:
    data = source.read_bytes()
    if data.startswith(_OLE_MAGIC) and is_encrypted_ooxml(data):
        raise ReplyscopeError(_password_message(source))
    if data.startswith(_ZIP_MAGIC):
        refuse_unsafe_zip(source, data)
    with _calamine_errors(source):
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
    sheets = [_workbook_sheet(source, workbook, name) for name in names]
    return sheets, {"reader": "calamine", "sheets": names}


def _workbook_sheet(source: Source, workbook, name: str) -> Sheet:
    """A sheet with its first rows read; the rest are read only if it is the one chosen."""
    with _calamine_errors(source, name):
        sheet = workbook.get_sheet_by_name(name)
        head = sheet.to_python(skip_empty_area=True, nrows=HEADER_SEARCH_ROWS)

    def read_rows() -> list[list]:
        with _calamine_errors(source, name):
            return sheet.to_python(skip_empty_area=True)

    start_row = sheet.start[0] if sheet.start else 0
    return Sheet(name=name, first_row=start_row + 1, head=head, height=sheet.height, read_rows=read_rows)


@contextmanager
def _calamine_errors(source: Source, sheet: str | None = None):
    """Turn calamine's exceptions (several types for damaged files) into one actionable line."""
    try:
        yield
    except ReplyscopeError:
        raise
    except Exception as error:
        detail = first_line(error)
        if isinstance(error, python_calamine.PasswordError) or "password" in detail.lower():
            raise ReplyscopeError(_password_message(source)) from None
        what = f"sheet '{sheet}' cannot be read" if sheet else f"cannot be read as a {source.suffix} workbook"
        if "cell limit" in detail.lower():
            raise ReplyscopeError(
                f"{source.name}: {what}: it spans more cells than replyscope reads ({detail}); delete the "
                "empty rows and columns below and beside the data, or export the sheet as CSV.") from None
        raise ReplyscopeError(
            f"{source.name}: {what} ({detail}); open it in Excel or LibreOffice and save it again, "
            "or export it as CSV.") from None


def _password_message(source: Source) -> str:
    return (f"{source.name}: is password-protected; open it in Excel, remove the password "
            "(File > Info > Protect Workbook > Encrypt with Password), save it and try again.")


def _refuse_non_workbook(source: Source) -> None:
    """A file named like a workbook that is not one: say what it is, unless it is delimited text."""
    head = source.head
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<\x00")):
        raise ReplyscopeError(
            f"{source.name}: is a web page or XML file saved with a {source.suffix} name, not a workbook; "
            "open it in Excel and save it as .xlsx (or export CSV), then try again.")
    if not head.strip():
        raise ReplyscopeError(f"{source.name}: the file is empty; check the export finished.")
    if _looks_binary(head):
        raise ReplyscopeError(
            f"{source.name}: is not a {source.suffix} workbook (it is neither a zip nor an OLE2 file: "
            "damaged, or another format renamed); re-download it or save it again from Excel.")


def _looks_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head):
        return False
    control = sum(1 for byte in head[:4096] if byte < 9 or 13 < byte < 32)
    return b"\x00" in head[:4096] or control > len(head[:4096]) // 20


# --- delimited text ----------------------------------------------------------------------

def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for BOM-less UTF-16 text (every other byte NUL), else None."""
    sample = head[:4096]
    if len(sample) < 4:
        return None
    if sample[1::2].count(0) > 0.9 * len(sample[1::2]) and sample[0::2].count(0) < 0.1 * len(sample[0::2]):
        return "utf-16-le"
    if sample[0::2].count(0) > 0.9 * len(sample[0::2]) and sample[1::2].count(0) < 0.1 * len(sample[1::2]):
        return "utf-16-be"
    return None


def _decode(data: bytes) -> tuple[str, str]:
    """Decode UTF-16 (Excel's "Unicode text"), UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    bomless = _utf16_without_bom(data)
    if bomless:
        return data.decode(bomless, errors="replace"), bomless
    if data.startswith(b"\xef\xbb\xbf"):
        return data.decode("utf-8-sig", errors="replace"), "utf-8 (with BOM)"
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


DELIMITERS = (",", ";", "\t", "|")
DELIMITER_SAMPLE_CHARS = 256 * 1024


def detect_delimiter(text: str, suffix: str) -> str:
    """Tab for .tsv; otherwise the one of , ; tab | that splits the first records into the most equal rows.

    Each candidate parses the first lines as CSV (so quoted text full of commas does not
    count); the winner gives the most rows of the same width, wider rows breaking ties.
    """
    if suffix == ".tsv":
        return "\t"
    sample = "\n".join(text[:DELIMITER_SAMPLE_CHARS].splitlines()[:100])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(row)]
        except csv.Error:  # a field past csv's size limit: this delimiter leaves a quote open
            continue
        if not widths:
            continue
        common = max(set(widths), key=lambda w: (widths.count(w), w))
        score = (widths.count(common), common) if common > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_delimited(source: Source, notes: list[str] | None = None, warnings: list[str] | None = None,
                   ignore_quotes: bool = False) -> tuple[list[Sheet], dict]:
    """The rows of a delimited text file; what the user should know goes into `notes` and `warnings`.

    Stray NUL characters are dropped and other control characters kept (both noted); a cell that swallowed the rows
    after an unclosed quote is warned about; `ignore_quotes` reads quote marks as text.
    """
    notes = notes if notes is not None else []
    warnings = warnings if warnings is not None else []
    data = source.read_bytes()
    if not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise ReplyscopeError(f"{source.name}: the file is empty; check the export finished.")
    binary = None if _utf16_without_bom(data[:4096]) or data.startswith((b"\xff\xfe", b"\xfe\xff")) else binary_content(data)
    if binary:
        raise ReplyscopeError(
            f"{source.name}: is not a text file (it holds {binary}); if it is a workbook, give it its .xlsx "
            "(or .xls, .ods) name.")
    text, encoding = _decode(data)
    text, removed, controls = drop_nul_characters(text)
    if removed:
        notes.append(f"{removed:,} NUL character(s) removed from the text (an export glitch); the rest was read")
    if controls:
        notes.append(f"{controls:,} control character(s) in the text, kept as written (the workbook and report "
                     "show each as \ufffd)")
    declared = re.match(r'"?sep=(.)"?\r?\n', text[:16])  # Excel's "sep=;" first line
    if declared:
        text = text[declared.end():]
    delimiter = declared.group(1) if declared else detect_delimiter(text, source.suffix)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                        quoting=csv.QUOTE_NONE if ignore_quotes else csv.QUOTE_MINIMAL)
    rows, row_lines, previous_end = [], [], 0
    try:
        for row in reader:
            row_lines.append(previous_end + 1)
            previous_end = reader.line_num
            rows.append([cell if cell.strip() else None for cell in row])
    except csv.Error as error:
        raise ReplyscopeError(
            f"{source.name}: cannot be read as delimited text at line {reader.line_num + (1 if declared else 0)} "
            f"({error}); look for a quote mark (\") left open before it, or add --ignore-quotes.") from None
    if not ignore_quotes:
        shift = 1 if declared else 0
        for line, swallowed in swallowed_cells(rows, row_lines, delimiter)[:3]:
            warnings.append(
                f"the row on line {line + shift} opens a quote mark (\") that is never closed, "
                f"so one cell swallowed the {swallowed:,} lines after it (rows lost); fix the quote, or read the "
                "file with --ignore-quotes")
    leading_blank = next((i for i, row in enumerate(rows) if any(cell is not None for cell in row)), len(rows))
    rows = rows[leading_blank:]
    first_row = 1 + leading_blank + (1 if declared else 0)
    detail = {"encoding": encoding, "delimiter": {"\t": "tab"}.get(delimiter, delimiter)}
    sheet = Sheet(name=None, first_row=first_row, head=rows[:HEADER_SEARCH_ROWS], height=len(rows),
                  read_rows=lambda: rows)
    return [sheet], detail
