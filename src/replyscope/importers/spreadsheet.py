"""Reply sheets: workbooks (.xlsx, .xlsm, .xls, .ods) and delimited text (.csv, .tsv).

Volunteers' sheets put title rows above the header, notes sheets before the data,
blank rows between replies and counts typed as text. This importer finds the sheet
and header row, maps columns by name (columns.py), and reads workbooks with calamine,
which is many times faster than openpyxl. It says what it chose in the result.
"""

import csv
import io
import zipfile

import pandas as pd
import python_calamine

from ..errors import ReplyscopeError
from .base import ImportResult, LoadOptions
from .columns import fold, header_score, match_columns
from .source import Source

NAME = "spreadsheet"
DESCRIPTION = "Reply sheets: .xlsx/.xlsm/.xls/.ods workbooks and .csv/.tsv files with any column names"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Rows searched for the header; real title blocks are a few rows deep.
HEADER_SEARCH_ROWS = 30
# An xlsx whose XML would unpack past this, or at a ratio no real sheet has, is refused.
MAX_UNPACKED_BYTES = 4 * 1024**3
MAX_COMPRESSION_RATIO = 200
_XML_PROLOG_BYTES = 4096


def sniff(source: Source) -> int:
    """Workbooks by their zip/OLE signature; delimited text by its suffix (other importers outbid it)."""
    head = source.head
    if source.suffix in WORKBOOK_SUFFIXES and (head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC)):
        return 90
    if source.suffix in TEXT_SUFFIXES:
        return 40
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read the reply rows of a sheet or delimited file, mapped to schema fields."""
    if source.suffix in WORKBOOK_SUFFIXES:
        sheets, detail = _read_workbook(source)
    else:
        sheets, detail = _read_delimited(source)
    sheet_name, rows, first_row = _choose_sheet(source, sheets, options)
    if sheet_name is not None:
        detail["sheet"] = sheet_name
    header_index = detect_header_row(rows)
    headers = _header_names(rows[header_index])
    detail["header_row"] = first_row + header_index
    try:
        mapping = match_columns(headers, options.column_overrides())
    except KeyError as missing:
        where = f"sheet '{sheet_name}'" if sheet_name else "the header row"
        raise ReplyscopeError(
            f"{source.name}: no column named {missing} in {where} (row {detail['header_row']}); "
            f"columns found: {_list(headers)}.") from None
    if "text" not in mapping:
        where = f" in sheet '{sheet_name}'" if sheet_name else ""
        raise ReplyscopeError(
            f"{source.name}: no reply-text column found{where} (header row {detail['header_row']}); "
            f"columns found: {_list(headers)}. Name it with --text-col \"COLUMN\".")
    return _build(rows, header_index, first_row, headers, mapping, detail)


def detect_header_row(rows: list[list]) -> int:
    """Return the index of the header row: the row with most known column names.

    Without any known name, the first row whose cells are all filled text and as wide
    as the widest of the first rows (a title row fills one cell, a header fills many).
    """
    window = rows[:HEADER_SEARCH_ROWS]
    if not window:
        return 0
    scores = [header_score(row) for row in window]
    best = max(scores)
    if best > 0:
        return scores.index(best)
    widths = [sum(1 for cell in row if not _blank(cell)) for row in window]
    widest = max(widths)
    for index, row in enumerate(window):
        filled = [cell for cell in row if not _blank(cell)]
        if len(filled) == widest and all(isinstance(cell, str) for cell in filled):
            return index
    return 0


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (isinstance(cell, float) and cell != cell)


def _list(names: list[str]) -> str:
    shown = ", ".join(f'"{n}"' for n in names[:15])
    return shown + (f" and {len(names) - 15} more" if len(names) > 15 else "")


def _header_names(row: list) -> list[str]:
    """Header cells as unique strings; blank headers become 'column N'."""
    names, seen = [], {}
    for position, cell in enumerate(row, start=1):
        name = str(cell).strip() if not _blank(cell) else f"column {position}"
        if isinstance(cell, float) and cell.is_integer():
            name = str(int(cell))
        count = seen.get(name, 0)
        seen[name] = count + 1
        names.append(name if count == 0 else f"{name} ({count + 1})")
    return names


def _choose_sheet(source: Source, sheets: dict[str | None, tuple[list[list], int]],
                  options: LoadOptions) -> tuple[str | None, list[list], int]:
    """Pick the sheet the user named, or the one whose header maps a text column and has most rows."""
    if options.sheet is not None:
        if options.sheet not in sheets:
            raise ReplyscopeError(
                f"{source.name}: no sheet named '{options.sheet}'; sheets found: {_list([str(s) for s in sheets])}.")
        rows, first_row = sheets[options.sheet]
        if not rows:
            raise ReplyscopeError(f"{source.name}: sheet '{options.sheet}' is empty.")
        return options.sheet, rows, first_row
    candidates = []
    for order, (name, (rows, first_row)) in enumerate(sheets.items()):
        if not rows:
            continue
        header_index = detect_header_row(rows)
        try:
            mapping = match_columns(_header_names(rows[header_index]), options.column_overrides())
        except KeyError:
            mapping = {}
        has_text = "text" in mapping
        candidates.append(((has_text, len(mapping), len(rows) - header_index, -order), name, rows, first_row))
    if not candidates:
        what = "every sheet is empty" if len(sheets) > 1 else "it is empty"
        raise ReplyscopeError(f"{source.name}: {what}; check you exported the replies, or name a sheet with --sheet.")
    _, name, rows, first_row = max(candidates, key=lambda c: c[0])
    return name, rows, first_row


def _build(rows, header_index, first_row, headers, mapping, detail) -> ImportResult:
    width = len(headers)
    body = rows[header_index + 1:]
    dropped = 0
    kept_rows, row_numbers = [], []
    for offset, row in enumerate(body):
        if all(_blank(cell) for cell in row):
            dropped += 1
            continue
        row = list(row[:width]) + [None] * (width - len(row))
        kept_rows.append(row)
        row_numbers.append(first_row + header_index + 1 + offset)
    raw = pd.DataFrame(kept_rows, columns=headers, dtype=object)
    frame = pd.DataFrame({field: raw[header] for field, header in mapping.items()})
    frame = frame.replace("", None) if not frame.empty else frame
    if "hashtags" in frame:
        frame["hashtags"] = frame["hashtags"].map(_split_tags)
    frame["source_row"] = row_numbers
    result = ImportResult(frame=frame, mapping=mapping, detail=detail, platform="spreadsheet")
    if dropped:
        result.dropped["blank row"] = dropped
    unmapped = [h for h in headers if h not in mapping.values()]
    if unmapped:
        result.notes.append(f"columns not used: {_list(unmapped)}")
    return result


def _split_tags(value) -> list[str] | None:
    if not isinstance(value, str):
        return None
    return [part.lstrip("#＃") for part in value.replace(",", " ").replace(";", " ").split() if part.strip("#＃")]


# --- workbooks -------------------------------------------------------------------------

def _read_workbook(source: Source) -> tuple[dict[str, tuple[list[list], int]], dict]:
    data = source.read_bytes()
    if data.startswith(_OLE_MAGIC) and source.suffix != ".xls":
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise ReplyscopeError(
                f"{source.name}: is password-protected; open it in Excel, remove the password "
                "(File > Info > Protect Workbook), save it and try again.")
    if data.startswith(_ZIP_MAGIC):
        _refuse_unsafe_xml(source, data)
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = {}
        for name in workbook.sheet_names:
            sheet = workbook.get_sheet_by_name(name)
            rows = sheet.to_python(skip_empty_area=True)
            start_row = sheet.start[0] if sheet.start else 0
            sheets[name] = (rows if any(any(not _blank(c) for c in r) for r in rows) else [], start_row + 1)
    except ReplyscopeError:
        raise
    except Exception as error:  # calamine raises several types for damaged files
        raise ReplyscopeError(
            f"{source.name}: cannot be read as a {source.suffix} workbook ({_first_line(error)}); "
            "open it in Excel or LibreOffice and save it again, or export it as CSV.") from None
    return sheets, {"reader": "calamine", "sheets": list(sheets)}


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0][:160]


def _refuse_unsafe_xml(source: Source, data: bytes) -> None:
    """Refuse workbooks whose XML declares a DTD or entities, or unpacks like a bomb.

    Office files never need a DTD; one in a workbook is an entity-expansion attack
    (a "billion laughs"), which would eat memory before any reader could object.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ReplyscopeError(
            f"{source.name}: is not a valid {source.suffix} file (the zip container is damaged); "
            "re-download it or save it again from Excel.") from None
    with archive:
        infos = archive.infolist()
        unpacked = sum(info.file_size for info in infos)
        packed = max(1, sum(info.compress_size for info in infos))
        if unpacked > MAX_UNPACKED_BYTES or (unpacked > 100 * 1024**2 and unpacked / packed > MAX_COMPRESSION_RATIO):
            raise ReplyscopeError(
                f"{source.name}: unpacks to {unpacked / 1024**2:,.0f} MB, far more than a real workbook; "
                "refusing it as a possible zip bomb. Export the sheet as CSV if it is genuine.")
        for info in infos:
            if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            with archive.open(info) as member:
                prolog = member.read(_XML_PROLOG_BYTES)
            if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
                raise ReplyscopeError(
                    f"{source.name}: part '{info.filename}' declares XML entities, which no real workbook does; "
                    "refusing it as unsafe (possible entity-expansion attack). Save the data again from Excel.")


# --- delimited text ----------------------------------------------------------------------

def _decode(source: Source, data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        name = "utf-8 (with BOM)" if encoding == "utf-8-sig" and data.startswith(b"\xef\xbb\xbf") else (
            "utf-8" if encoding == "utf-8-sig" else encoding)
        return text, name
    raise AssertionError("latin-1 decodes every byte")


def detect_delimiter(text: str, suffix: str) -> str:
    """Tab for .tsv; otherwise the one of , ; tab | that splits the first lines most consistently."""
    if suffix == ".tsv":
        return "\t"
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in (",", ";", "\t", "|")}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def _read_delimited(source: Source) -> tuple[dict[None, tuple[list[list], int]], dict]:
    data = source.read_bytes()
    if not data.strip():
        raise ReplyscopeError(f"{source.name}: the file is empty; check the export finished.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReplyscopeError(f"{source.name}: is not a text file; if it is a workbook, give it its .xlsx name.")
    text, encoding = _decode(source, data)
    delimiter = detect_delimiter(text, source.suffix)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ReplyscopeError(f"{source.name}: cannot be read as delimited text ({error}).") from None
    rows = [[cell if cell != "" else None for cell in row] for row in rows]
    leading_blank = next((i for i, row in enumerate(rows) if not all(_blank(c) for c in row)), len(rows))
    detail = {"encoding": encoding, "delimiter": {"\t": "tab"}.get(delimiter, delimiter)}
    return {None: (rows[leading_blank:], 1 + leading_blank)}, detail
