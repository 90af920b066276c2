"""What every importer takes and gives back.

An importer module has NAME, DESCRIPTION, TEXT_ENTITIES (which character references
its format writes into text: a key of schema.TEXT_ENTITIES), `sniff(source) -> int`
(0 = not mine, 100 = certainly mine, judged from the content) and `read(source, options) ->
ImportResult`. It maps its format's fields to schema column names and returns them
with what it decided; the registry does the rest (conform, drop, merge, report). An importer of
large files may conform each chunk itself as it reads (ImportResult.conform_problems).
"""

from collections import Counter
from dataclasses import dataclass, field

import pandas as pd


@dataclass(frozen=True)
class LoadOptions:
    """What the user told the loader; None means 'detect it'."""

    format: str | None = None
    sheet: str | None = None
    text_col: str | None = None
    likes_col: str | None = None
    author_col: str | None = None
    date_col: str | None = None
    id_col: str | None = None
    strict: bool = False
    root: str | None = None
    keep_reposts: bool = False
    # The most a .gz or zipped input may unpack to, in bytes (--max-input-size); None: a ratio cap.
    max_input_size: int | None = None
    # Read quote marks in CSV/TSV as plain text (--ignore-quotes): for a file whose stray quote swallows rows.
    ignore_quotes: bool = False

    def column_overrides(self) -> dict[str, str]:
        """Schema field -> the user's column name, for the --*-col options given."""
        pairs = {"text": self.text_col, "likes": self.likes_col, "author": self.author_col,
                 "created_at": self.date_col, "id": self.id_col}
        return {field_name: column for field_name, column in pairs.items() if column}


@dataclass
class ImportResult:
    """An importer's rows (schema column names) and what it decided while reading them."""

    frame: pd.DataFrame
    # schema field -> where it came from ("Reply Text", "public_metrics.like_count")
    mapping: dict[str, str] = field(default_factory=dict)
    # what was detected: sheet, header row, encoding, delimiter, shape ...
    detail: dict[str, object] = field(default_factory=dict)
    # rows (records, lines) left out while reading, by reason
    dropped: Counter = field(default_factory=Counter)
    # anything else the user should know, one sentence each
    notes: list[str] = field(default_factory=list)
    platform: str | None = None
    # count columns whose numbers may be negative on this platform (Reddit's score as likes)
    signed_counts: tuple[str, ...] = ()
    # what the user must hear even without `inspect` (replies lost or cut short), one sentence each
    warnings: list[str] = field(default_factory=list)
    # cells conform could not read, when the importer conformed its chunks itself (then `frame` is the
    # reply table already, and memory follows the chunk); None: the registry conforms the frame
    conform_problems: Counter | None = None


@dataclass
class FileReport:
    """What was read from one source, as `replyscope inspect` shows it."""

    source: str
    format: str
    rows_read: int
    rows_kept: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    detail: dict[str, object] = field(default_factory=dict)
    dropped: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)  # the warnings among them
    warnings: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    """What was read from all the inputs together, and what was left out and why."""

    files: list[FileReport] = field(default_factory=list)
    rows: int = 0
    # rows left out across all files, by reason (merged duplicates included)
    dropped: Counter = field(default_factory=Counter)
    # reposts kept in the table but excluded from text analysis, the thread's root post ...
    notes: list[str] = field(default_factory=list)
    root_post: dict | None = None

    @property
    def warnings(self) -> list[str]:
        """Each file's warnings, naming the file: what the CLI prints even when not asked to inspect."""
        return [f"{report.source}: {warning}" for report in self.files for warning in report.warnings]

    @property
    def rows_read(self) -> int:
        return sum(f.rows_read for f in self.files)

    def summary(self) -> str:
        """One line for the terminal: 'Read 1,204 replies from a.xlsx (xlsx, sheet 'Replies'); skipped ...'."""
        described = []
        for report in self.files:
            extras = [report.format]
            if report.detail.get("sheet"):
                extras.append(f"sheet '{report.detail['sheet']}'")
            described.append(f"{report.source} ({', '.join(extras)})")
        line = f"Read {self.rows:,} replies from {', '.join(described)}"
        if self.dropped:
            line += (f"; left out {sum(self.dropped.values()):,} rows ("
                     + ", ".join(f"{reason}: {n:,}" for reason, n in self.dropped.most_common()) + ")")
        return line
