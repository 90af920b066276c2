"""The review workbook a person fills in: one row per chosen reply, a tick column per theme.

Sheets: Review (first: what to fill in), Instructions, Themes (each theme's label, key and
description) and Design (how each reply was chosen, so estimates can be weighted back to
the whole thread). Tick cells accept "x" from a drop-down list. Reply text is stored as
text, never as a formula. The file is written atomically and never over an existing one
unless asked: a filled review is someone's hour of work.
"""

import os
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..codebook import Codebook
from ..coding.reviewed import NO_THEME
from ..errors import ReplyscopeError

REPLY_COLUMNS = [("id", 22), ("text", 60), ("author", 16), ("likes", 8), ("suggested themes", 22), ("primary", 16),
                 ("evidence", 40)]
DESIGN_COLUMNS = ["id", "stratum", "stratum_size", "stratum_sample", "inclusion_probability", "weight", "round", "seed"]
TICK_FILL = PatternFill("solid", fgColor="FFF8E1")


def write_review_workbook(sample: pd.DataFrame, codebook: Codebook, path: Path, command: str = "",
                          force: bool = False, inputs: tuple = ()) -> Path:
    """Write the review workbook for `sample` (coding.review.choose_for_review) to `path`; return it."""
    path = Path(path)
    if any(Path(i).resolve() == path.resolve() for i in inputs):
        raise ReplyscopeError(f"{path}: is an input file; choose another --out so the input is never touched.")
    if path.exists() and not force:
        raise ReplyscopeError(f"{path}: already exists and may hold someone's review; choose another --out "
                              "or add --force to replace it.")
    workbook = Workbook()
    review = workbook.active
    review.title = "Review"
    _review_sheet(review, sample, codebook)
    _instructions_sheet(workbook.create_sheet("Instructions"), codebook, sample, command)
    _themes_sheet(workbook.create_sheet("Themes"), codebook)
    _design_sheet(workbook.create_sheet("Design"), sample)
    _no_formulas(workbook)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    try:
        workbook.save(partial)
        os.chmod(partial, 0o666 & ~_umask())
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return path


def _review_sheet(sheet, sample: pd.DataFrame, codebook: Codebook) -> None:
    tick_headers = [t.label for t in codebook.themes] + [NO_THEME]
    headers = [name for name, _ in REPLY_COLUMNS] + tick_headers + ["reviewer", "note"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for record in sample.itertuples(index=False):
        values = [record.id, record.text, record.author, record.likes, record.suggested_themes, record.primary,
                  record.evidence]
        sheet.append([_text_cell(v) if i != 3 else _number(v) for i, v in enumerate(values)]
                     + [None] * (len(tick_headers) + 2))
    last = len(sample) + 1
    for row in sheet.iter_rows(min_row=2, max_row=last, max_col=len(REPLY_COLUMNS)):
        row[0].number_format = "@"  # ids stay text: long numbers would lose digits
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
    first_tick = len(REPLY_COLUMNS) + 1
    last_tick = first_tick + len(tick_headers) - 1
    ticks = DataValidation(type="list", formula1='"x"', allow_blank=True, showDropDown=False,
                           errorTitle="Tick with x", error="Put x if this theme applies to the reply, or leave it empty.",
                           promptTitle="Does this theme apply?", prompt="x = yes; empty = no. Several themes may apply.")
    ticks.add(f"{get_column_letter(first_tick)}2:{get_column_letter(last_tick)}{max(last, 2)}")
    sheet.add_data_validation(ticks)
    for row in sheet.iter_rows(min_row=2, max_row=last, min_col=first_tick, max_col=last_tick):
        for cell in row:
            cell.fill = TICK_FILL
            cell.alignment = Alignment(horizontal="center", vertical="top")
    widths = [w for _, w in REPLY_COLUMNS] + [max(10, min(18, len(h) + 2)) for h in tick_headers] + [14, 30]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(last, 2)}"


def _instructions_sheet(sheet, codebook: Codebook, sample: pd.DataFrame, command: str) -> None:
    round_number = int(sample["round"].max()) if len(sample) else 1
    lines = [
        "How to review these replies",
        "",
        "1. On the Review sheet, read each reply and put x under every theme that applies (several may).",
        f"2. If no theme applies, put x under '{NO_THEME}'. A row with no x at all counts as not reviewed yet.",
        "3. Put your name or initials under 'reviewer' (two people may review the same replies: add your rows "
        "below with the same id, or fill in a copy of this file; agreement between you is reported).",
        "4. Use 'note' for anything worth saying. Do not change the id column, the theme headings or the Design sheet.",
        "5. Save the file (keep it .xlsx) and run:",
        "      replyscope analyse YOUR_FILES --reviewed THIS_FILE",
        "   The report then codes every reply with what you taught it and shows how accurate the coding is.",
        "",
        "The 'suggested themes', 'primary' and 'evidence' columns are what replyscope guessed; they may be wrong.",
        "The themes and what each means are on the Themes sheet.",
        f"These {len(sample)} replies are review round {round_number}; the Design sheet records how each was chosen "
        "(stratum and weight), so the estimates can be weighted back to the whole thread.",
        "A partly filled review is fine: only the rows you ticked are used.",
    ]
    if command:
        lines += ["", f"Made with: {command}"]
    for line in lines:
        sheet.append([line])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.column_dimensions["A"].width = 120


def _themes_sheet(sheet, codebook: Codebook) -> None:
    sheet.append(["label", "key", "description", "terms"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for theme in codebook.themes:
        terms = ", ".join(t.text for t in theme.include) or "(none: learned from reviewed examples)"
        sheet.append([_text_cell(theme.label), _text_cell(theme.key), _text_cell(theme.description), _text_cell(terms)])
    for column, width in zip("ABCD", (30, 16, 80, 80)):
        sheet.column_dimensions[column].width = width


def _design_sheet(sheet, sample: pd.DataFrame) -> None:
    sheet.append(DESIGN_COLUMNS)
    for record in sample[DESIGN_COLUMNS].itertuples(index=False):
        sheet.append([_text_cell(record[0]), _text_cell(record[1]), *[_number(v) for v in record[2:]]])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 34


def _text_cell(value):
    """Text as the workbook may hold it: no control characters, never a formula."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))[:32_767]


def _no_formulas(workbook) -> None:
    """Every cell that openpyxl took for a formula ('=...' in a reply) is stored as the text it is."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _number(value):
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
