"""summary.xlsx arranged for a reader: an Overview sheet of headline numbers first, then the tables.

The workbook is for reading and handing on; the CSV files are the complete record. So
the replies sheet holds the most-liked replies up to `Settings.workbook_replies` (200: the
replies a reader reads; every reply of a short thread), any other table its first
`Settings.workbook_rows` (2,000: tables list the most replies, links or likes first), tables
with no rows are left out, and the Overview says all of it, so no one mistakes the workbook
for all the data. Every reply made the replies sheet most of the workbook's cells and most of
its writing time; at 100,000 replies the accounts and links sheets then did.
"""

import pandas as pd

from ..analysis import Analysis
from ..codebook import UNCATEGORISED
from .dataset import coded_replies_name
from .tables import XLSX_CELL_LIMIT

# Sheets in reading order after the Overview; any other table follows in the order it came.
SHEET_ORDER = ["themes", "theme_likes", "words", "phrases", "references", "links", "domains", "accounts",
               "lobbying", "replies_coded", "hashtags"]
OVERVIEW_COLUMNS = ["item", "value", "detail"]


def workbook_sheets(analysis: Analysis, tables: dict[str, pd.DataFrame], title: str) -> dict[str, pd.DataFrame]:
    """Sheet name -> table: Overview, then the non-empty tables in reading order, replies cut to the most liked."""
    replies = tables["replies_coded"]
    limit = analysis.settings.workbook_replies
    shown = _most_liked(replies, limit) if len(replies) > limit else replies
    ordered = [n for n in SHEET_ORDER if n in tables] + [n for n in tables if n not in SHEET_ORDER]
    kept = [n for n in ordered if len(tables[n])]
    rows = analysis.settings.workbook_rows
    cut = {n: len(tables[n]) for n in kept if n != "replies_coded" and len(tables[n]) > rows}
    sheets = {"Overview": overview(analysis, tables, title, len(shown), [n for n in ordered if n not in kept], cut,
                                   rows)}
    for name in kept:
        sheets[name] = shown if name == "replies_coded" else tables[name].head(rows) if name in cut else tables[name]
    return sheets


def _most_liked(replies: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` most-liked replies, most liked first, unknown likes last, ties in table order."""
    likes = pd.to_numeric(replies["likes"], errors="coerce").astype("Float64").fillna(-1)
    order = likes.reset_index(drop=True).sort_values(ascending=False, kind="stable").index[:limit]
    return replies.iloc[order].reset_index(drop=True)


def overview(analysis: Analysis, tables: dict[str, pd.DataFrame], title: str, replies_shown: int,
             left_out: list[str], cut: dict[str, int] | None = None, rows_shown: int = 0) -> pd.DataFrame:
    """The headline numbers, one per row: what was read, themes by likes, words, the most-cited idea, lobbying.

    `cut` names the tables whose sheet holds only their first `rows_shown` rows, with their rows in all.
    """
    from .output import headline  # output imports this module
    load = analysis.load_report
    coded = analysis.replies
    rows = [("Report", title, ", ".join(f.source for f in load.files) if load else "")]
    rows.append(("Rows read", load.rows_read if load else len(coded), ""))
    for reason, count in (load.dropped.most_common() if load else []):
        rows.append(("Rows left out", count, reason))
    if analysis.excluded_reposts:
        rows.append(("Reposts left out of the text analysis", analysis.excluded_reposts, ""))
    rows.append(("Replies analysed", len(coded), ""))
    likes = analysis.theme_likes
    if len(likes):
        subset = likes[(likes["subset"] == likes["subset"].iloc[0]) & (likes["theme"] != UNCATEGORISED)]
        for row in subset.head(3).itertuples():
            share = f"{row.share_of_likes:.1%} of the likes" if pd.notna(row.share_of_likes) else ""
            rows.append((f"Theme by likes ({row.subset})", row.label,
                         f"{row.total_likes:,} likes, {share}" if pd.notna(row.total_likes) else share))
    if sentence := headline(analysis):
        rows.append(("Themes by likes, in a sentence", sentence, ""))
    if len(analysis.words):
        rows.append(("Top key words", ", ".join(analysis.words["word"].head(10)), "by mentions"))
    references = tables.get("references")
    if references is not None and len(references):
        top = references.iloc[0]
        rows.append(("Most-cited idea, person or organisation", top["label"],
                     f"{top['mentions']:,} citations in {top['replies']:,} replies"))
    lobbying = tables.get("lobbying")
    if lobbying is not None and len(lobbying) and pd.notna(lobbying["share_of_replies"].iloc[0]):
        first = lobbying.iloc[0]
        rows.append(("Lobbying share of replies", f"{first['share_of_replies']:.1%}",
                     f"{first['group']}: {first['replies']:,} replies from {first['accounts']:,} accounts"))
    total, every_reply = len(tables["replies_coded"]), coded_replies_name(analysis)
    if replies_shown < total:
        holds = "holds" if every_reply.endswith(".csv") else "hold"
        rows.append(("Replies in this workbook", replies_shown,
                     f"the {replies_shown:,} most liked of {total:,}; {every_reply} {holds} every reply"))
    long_texts = int(tables["replies_coded"]["text"].astype(str).str.len().gt(XLSX_CELL_LIMIT).sum()) \
        if "text" in tables["replies_coded"] else 0
    if long_texts:
        rows.append(("Replies cut at Excel's cell limit", long_texts,
                     f"longer than {XLSX_CELL_LIMIT:,} characters: cut here with a marker; whole in {every_reply}"))
    for name, total in (cut or {}).items():
        rows.append((f"Rows of {name} in this workbook", rows_shown,
                     f"the first {rows_shown:,} of {total:,}; {name}.csv holds every row"))
    if left_out:
        rows.append(("Tables with no rows, left out", ", ".join(left_out), "their CSV files are written all the same"))
    rows.append(("Every table in full", "the CSV files beside this workbook", "one per sheet, same names"))
    return pd.DataFrame(rows, columns=OVERVIEW_COLUMNS).astype({"value": object})
