"""Comparing any coded replies with a labelled file: per-theme precision, recall, F1 and kappa.

For teams who already coded replies by hand in a spreadsheet: replyscope's replies_coded.csv
(or any coding) against their labels, matched by id, or by text where ids are missing.
Theme names are compared ignoring case and spaces at the ends; a cell may hold several,
separated by ';'.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ReplyscopeError
from .agreement import cohen_kappa, precision_recall_f1

THEME_COLUMNS = ("themes", "theme", "primary_theme", "label", "labels", "class", "code", "codes")
NO_THEME_NAMES = {"", "uncategorised", "no theme applies", "none"}


@dataclass
class Evaluation:
    """Per-theme agreement of a coding with labels, and the overall figures."""

    per_theme: pd.DataFrame      # theme, labelled, coded, precision, recall, f1, kappa
    matched: int                 # replies found in both files
    unmatched: int               # labelled replies the coding lacks
    macro_f1: float
    kappa: float                 # on the first (primary) theme of each reply
    matched_by: str              # "id" or "text"


def evaluate(coded, gold, coded_column: str | None = None, gold_column: str | None = None) -> Evaluation:
    """Compare `coded` with `gold` (DataFrames or paths to CSV/XLSX), matching replies by id or else by text."""
    coded_table, coded_source = _table(coded, "coded")
    gold_table, gold_source = _table(gold, "labelled")
    coded_themes = _themes(coded_table, coded_column, coded_source)
    gold_themes = _themes(gold_table, gold_column, gold_source)
    key = "id" if "id" in _lower(coded_table) and "id" in _lower(gold_table) else "text"
    if key == "text" and not ("text" in _lower(coded_table) and "text" in _lower(gold_table)):
        raise ReplyscopeError(f"{gold_source}: cannot match replies: give both files an 'id' column, or a 'text' column.")
    coded_keys = _keys(coded_table, key)
    gold_keys = _keys(gold_table, key)
    coded_by_key = dict(zip(coded_keys, coded_themes))
    pairs = [(g, coded_by_key[k]) for k, g in zip(gold_keys, gold_themes) if k in coded_by_key]
    if not pairs:
        raise ReplyscopeError(f"{gold_source}: no reply matches one in {coded_source} by {key}; check the two files "
                              "are of the same replies.")
    truth, found = zip(*pairs)
    names = sorted({t for ts in truth for t in ts} | {t for ts in found for t in ts})
    rows = []
    for name in names:
        labelled = np.array([name in ts for ts in truth])
        coded_flags = np.array([name in ts for ts in found])
        precision, recall, f1 = precision_recall_f1(labelled, coded_flags)
        rows.append({"theme": name, "labelled": int(labelled.sum()), "coded": int(coded_flags.sum()),
                     "precision": precision, "recall": recall, "f1": f1, "kappa": cohen_kappa(labelled, coded_flags)})
    per_theme = pd.DataFrame(rows, columns=["theme", "labelled", "coded", "precision", "recall", "f1", "kappa"])
    scored = per_theme[per_theme["labelled"] > 0]
    first = lambda themes: themes[0] if themes else "uncategorised"  # noqa: E731
    return Evaluation(per_theme=per_theme, matched=len(pairs), unmatched=len(gold_keys) - len(pairs),
                      macro_f1=float(scored["f1"].fillna(0).mean()) if len(scored) else np.nan,
                      kappa=cohen_kappa([first(t) for t in truth], [first(t) for t in found]), matched_by=key)


def _table(source, role: str) -> tuple[pd.DataFrame, str]:
    if isinstance(source, pd.DataFrame):
        return source, f"the {role} table"
    path = Path(source)
    if not path.exists():
        raise ReplyscopeError(f"{path}: {role} file not found.")
    try:
        if path.suffix.lower() in (".xlsx", ".xlsm", ".ods", ".xls"):
            return pd.read_excel(path, dtype=str, engine="calamine").fillna(""), str(path)
        return pd.read_csv(path, dtype=str, encoding="utf-8-sig", sep=None, engine="python",
                           keep_default_na=False), str(path)
    except Exception as error:  # pandas raises many kinds for unreadable files
        raise ReplyscopeError(f"{path}: cannot read the {role} file ({error}); save it as CSV or XLSX.") from None


def _lower(table: pd.DataFrame) -> dict[str, str]:
    return {str(c).strip().lower(): c for c in table.columns}


def _themes(table: pd.DataFrame, column: str | None, source: str) -> list[list[str]]:
    columns = _lower(table)
    chosen = columns.get(column.strip().lower()) if column else next((columns[c] for c in THEME_COLUMNS if c in columns), None)
    if chosen is None:
        wanted = f"'{column}'" if column else "one of " + ", ".join(THEME_COLUMNS)
        raise ReplyscopeError(f"{source}: no theme column ({wanted}); found {', '.join(map(str, table.columns[:10]))}.")
    result = []
    for cell in table[chosen].tolist():
        names = [n.strip().casefold() for n in str("" if pd.isna(cell) else cell).split(";")]
        result.append([n for n in dict.fromkeys(names) if n not in NO_THEME_NAMES])
    return result


def _keys(table: pd.DataFrame, key: str) -> list[str]:
    values = table[_lower(table)[key]].tolist()
    if key == "id":
        return [str(v).strip().lstrip("'") for v in values]
    return [" ".join(str(v).casefold().split()) for v in values]
