"""Reading reviewed replies back in: a filled review workbook, or a CSV of id and themes.

Both forms are stable, because other tools write them:

- the workbook `replyscope review` writes: first sheet with an `id` column and one tick
  column per theme (headed by the theme's label or key) plus "No theme applies"; a row
  with no tick is not reviewed; optional `reviewer` column; a `Design` sheet holding
  each chosen reply's stratum and weight;
- a CSV (or a sheet) with columns `id` and `themes`: theme keys or labels separated by
  ';', the first one primary; an empty cell means no theme applies; optional `reviewer`.

The reviewed labels are an input read beside the codebook, never written into the reply
table's text. Problems name the file and row; nothing doubtful is applied silently.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..codebook import UNCATEGORISED, Codebook
from ..errors import ReplyscopeError

NO_THEME = "No theme applies"
TICKED = {"x", "✓", "✔", "yes", "y", "1", "true", "ticked"}
UNTICKED = {"", "0", "no", "n", "false", "-"}
SHEET_KINDS = (".xlsx", ".xlsm", ".ods", ".xls")


@dataclass
class Review:
    """Reviewed replies: one row per (reply, reviewer), themes as codebook keys ([] = no theme applies)."""

    labels: pd.DataFrame            # id, reviewer, themes (list), primary, source, row
    design: pd.DataFrame | None = None   # id, stratum, inclusion_probability, weight, round
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.labels["id"].nunique()) if len(self.labels) else 0

    def plus(self, other: "Review") -> "Review":
        """Both reviews together (the design of either, this one's first)."""
        designs = [d for d in (self.design, other.design) if d is not None]
        return Review(labels=pd.concat([self.labels, other.labels], ignore_index=True),
                      design=pd.concat(designs, ignore_index=True).drop_duplicates("id") if designs else None,
                      warnings=[*self.warnings, *other.warnings])


def read_review(paths, codebook: Codebook) -> Review:
    """Read one or more review files (workbook or CSV) into one Review; bad files raise ReplyscopeError."""
    labels, designs, warnings = [], [], []
    for path in [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]:
        if not path.exists():
            raise ReplyscopeError(f"{path}: review file not found.")
        frame, design = _read_one(path, codebook)
        if not len(frame):
            warnings.append(f"{path}: no reply is marked yet (put x under the themes that apply), so it was not used")
        labels.append(frame)
        if design is not None:
            designs.append(design)
    table = pd.concat(labels, ignore_index=True) if labels else _empty_labels()
    design = pd.concat(designs, ignore_index=True).drop_duplicates("id", keep="last") if designs else None
    return Review(labels=table, design=design, warnings=warnings)


def review_from_corrections(corrections: pd.DataFrame, codebook: Codebook, source: str = "corrections") -> Review:
    """The corrections form (id, theme) as reviewed labels; rows naming unknown themes are left out (warned elsewhere)."""
    known = set(codebook.labels())
    rows = []
    for number, (reply_id, theme) in enumerate(zip(corrections["id"], corrections["theme"]), start=2):
        keys = [k.strip() for k in str(theme).replace(",", ";").split(";") if k.strip()]
        if keys and all(k in known for k in keys):
            keys = [k for k in keys if k != UNCATEGORISED]
            rows.append(_label(str(reply_id), "corrections", keys, keys[0] if keys else UNCATEGORISED, source, number))
    return Review(labels=pd.DataFrame(rows) if rows else _empty_labels())


def _read_one(path: Path, codebook: Codebook) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    is_sheet = path.suffix.lower() in SHEET_KINDS
    try:
        if is_sheet:
            sheets = pd.read_excel(path, sheet_name=None, dtype=str, engine="calamine")
        else:
            sheets = {"": pd.read_csv(path, dtype=str, encoding="utf-8-sig", sep=None, engine="python",
                                      keep_default_na=False)}
    except Exception as error:  # pandas raises many kinds for unreadable files
        raise ReplyscopeError(f"{path}: cannot read it as a review ({error}); save it as .xlsx or CSV "
                              "with columns id and themes.") from None
    name, first = next(iter(sheets.items()))
    first = first.fillna("")
    columns = {str(c).strip().lower(): c for c in first.columns}
    if "id" not in columns:
        raise ReplyscopeError(f"{path}: is not a review: its first sheet has no 'id' column "
                              f"(found {', '.join(map(str, first.columns[:8]))}); give the workbook 'replyscope review' "
                              "wrote, or a CSV with columns id and themes.")
    if "themes" in columns:
        labels = _from_theme_lists(first, columns, codebook, path)
    else:
        labels = _from_ticks(first, columns, codebook, path)
    design = _design(sheets.get("Design"), path) if is_sheet else None
    return labels, design


def _from_theme_lists(frame: pd.DataFrame, columns: dict, codebook: Codebook, path: Path) -> pd.DataFrame:
    """The CSV form: every row is reviewed; an empty themes cell means no theme applies."""
    lookup = _theme_lookup(codebook)
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        reply_id = _clean_id(record[columns["id"]])
        if not reply_id:
            continue
        names = [n.strip() for n in str(record[columns["themes"]]).split(";") if n.strip()]
        keys = []
        for name in names:
            key = lookup.get(name.casefold())
            if key is None:
                raise ReplyscopeError(f"{path} row {number}: theme '{name}' is not in the codebook; use one of "
                                      f"{', '.join(t.key for t in codebook.themes)} (or leave the cell empty for "
                                      "no theme).")
            if key != UNCATEGORISED and key not in keys:
                keys.append(key)
        reviewer = str(record.get(columns.get("reviewer"), "") or "").strip() if "reviewer" in columns else ""
        rows.append(_label(reply_id, reviewer, keys, keys[0] if keys else UNCATEGORISED, str(path), number))
    return pd.DataFrame(rows) if rows else _empty_labels()


def _from_ticks(frame: pd.DataFrame, columns: dict, codebook: Codebook, path: Path) -> pd.DataFrame:
    """The workbook form: a tick column per theme; rows with no tick are not reviewed yet."""
    lookup = _theme_lookup(codebook)
    tick_columns = {}
    for lowered, original in columns.items():
        key = lookup.get(lowered)
        if key is not None and key != UNCATEGORISED:
            tick_columns[original] = key
    none_column = columns.get(NO_THEME.lower())
    if not tick_columns and none_column is None:
        raise ReplyscopeError(f"{path}: is not a review: no column is headed by a theme of the codebook "
                              f"({', '.join(t.label for t in codebook.themes)}) and there is no 'themes' column.")
    primary_column = columns.get("primary")
    order = {t.key: (-t.priority, i) for i, t in enumerate(codebook.themes)}
    rows = []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        reply_id = _clean_id(record[columns["id"]])
        ticked = [key for column, key in tick_columns.items() if _is_ticked(record[column], path, number, column)]
        no_theme = none_column is not None and _is_ticked(record[none_column], path, number, none_column)
        if not ticked and not no_theme:
            continue
        if not reply_id:
            raise ReplyscopeError(f"{path} row {number}: has ticks but no id; restore the id from the original file.")
        if ticked and no_theme:
            raise ReplyscopeError(f"{path} row {number}: '{NO_THEME}' is ticked beside themes "
                                  f"({', '.join(ticked)}); keep one or the other.")
        suggested = lookup.get(str(record.get(primary_column, "")).strip().casefold()) if primary_column else None
        ticked.sort(key=lambda k: (order[k][0], k != suggested, order[k][1]))
        reviewer = str(record.get(columns.get("reviewer"), "") or "").strip() if "reviewer" in columns else ""
        rows.append(_label(reply_id, reviewer, ticked, ticked[0] if ticked else UNCATEGORISED, str(path), number))
    return pd.DataFrame(rows) if rows else _empty_labels()


def _is_ticked(value, path: Path, number: int, column) -> bool:
    text = str(value).strip().casefold()
    if text in TICKED:
        return True
    if text in UNTICKED:
        return False
    raise ReplyscopeError(f"{path} row {number}, column '{column}': '{value}' is not a tick; "
                          "put x in the column of each theme that applies, or leave it empty.")


def _design(frame: pd.DataFrame | None, path: Path) -> pd.DataFrame | None:
    if frame is None or not len(frame):
        return None
    needed = {"id", "stratum", "inclusion_probability", "weight", "round"}
    if not needed <= set(frame.columns):
        raise ReplyscopeError(f"{path}: its Design sheet lacks {', '.join(sorted(needed - set(frame.columns)))}; "
                              "restore the sheet replyscope wrote (it weights the estimates).")
    design = frame[sorted(needed)].copy()
    design["id"] = design["id"].map(_clean_id)
    for column in ("inclusion_probability", "weight", "round"):
        design[column] = pd.to_numeric(design[column], errors="coerce")
    return design


def _theme_lookup(codebook: Codebook) -> dict[str, str]:
    """Key or label (any case) -> theme key; 'uncategorised' and 'No theme applies' mean no theme."""
    lookup = {UNCATEGORISED: UNCATEGORISED, NO_THEME.casefold(): UNCATEGORISED, "none": UNCATEGORISED}
    for theme in codebook.themes:
        lookup[theme.label.strip().casefold()] = theme.key
        lookup[theme.key.casefold()] = theme.key
    return lookup


def _clean_id(value) -> str:
    """Ids as text, exactly as written (a leading apostrophe that spreadsheets add is dropped)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    return text[1:] if text.startswith("'") else text


def _label(reply_id: str, reviewer: str, themes: list[str], primary: str, source: str, row: int) -> dict:
    return {"id": reply_id, "reviewer": reviewer, "themes": themes, "primary": primary, "source": source, "row": row}


def _empty_labels() -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(dtype=object), "reviewer": pd.Series(dtype=object),
                         "themes": pd.Series(dtype=object), "primary": pd.Series(dtype=object),
                         "source": pd.Series(dtype=object), "row": pd.Series(dtype=int)})
