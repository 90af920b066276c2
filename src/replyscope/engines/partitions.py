"""Reading a folder of exports in partitions, with the same importers as `load_replies`.

A partition is one block of one input: a block of lines of a JSON-lines file (plain
or .gz), or a whole file of any other format (a workbook, a CSV, one JSON document).
Each block is read by the registry's own `read_source`, so it gets the same schema,
the same dropped-row reasons and the same line numbers as when the file is read
whole; `merge_file_reports` sums the blocks of a file back into one FileReport.
Every row carries `_order` (block number, row), its place in the inputs as given,
which the engines use to keep "first seen" and duplicate dropping as `load_replies` does.
Nothing here imports Dask: the Dask engine schedules these functions.
"""

import glob
import io
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ReplyscopeError
from ..importers import detect, read_source
from ..importers.base import FileReport, LoadOptions
from ..importers.jsonrecords import is_json_lines
from ..importers.source import DATA_SUFFIXES, HEAD_BYTES, Source, sources_for

# `_order` is block << ORDER_BITS | row: room for 4 billion rows in a block.
ORDER_BITS = 32
ORDER_COLUMN = "_order"


def expand_inputs(inputs) -> list[Path]:
    """Files named, files inside named folders (sorted, not recursive) and glob matches, in the order given."""
    if isinstance(inputs, (str, Path)):
        inputs = [inputs]
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")
                           and (Source(p).suffix in DATA_SUFFIXES or p.suffix.lower() == ".zip"))
            if not found:
                raise ReplyscopeError(f"{path}: the folder holds no export files (.jsonl, .json, .gz, .csv, .xlsx ...).")
            files += found
        elif not path.exists() and glob.has_magic(str(item)):
            matches = sorted(Path(p) for p in glob.glob(str(item)) if Path(p).is_file())
            if not matches:
                raise ReplyscopeError(f"{item}: no file matches this pattern; check the folder and the pattern.")
            files += matches
        else:
            files.append(path)
    return files


@dataclass(frozen=True)
class Block:
    """One partition: lines [first_line, last_line) of a JSON-lines source, or the whole source (lines None)."""

    number: int                  # the block's place among all blocks, in input order
    path: Path
    member: str | None = None
    format: str | None = None    # the importer, detected once per source
    first_line: int | None = None
    last_line: int | None = None
    max_unpacked: int | None = None

    @property
    def source_name(self) -> str:
        return Source(self.path, self.member).name

    def source(self) -> Source:
        if self.first_line is None:
            return Source(self.path, self.member, max_unpacked=self.max_unpacked)
        return LineBlockSource(self.path, self.member, self.first_line, self.last_line, self.max_unpacked)


@dataclass
class SourceSurvey:
    """What one source holds, before it is read: its format, and its lines when it is JSON lines."""

    path: Path
    member: str | None
    format: str | None = None
    lines: int | None = None
    error: ReplyscopeError | None = None
    max_unpacked: int | None = None


def survey_source(source: Source, options: LoadOptions) -> SourceSurvey:
    """Detect a source's format and, for JSON lines, count its lines (a task per file: it reads the file once)."""
    try:
        importer = detect(source, options.format)
        lines = None
        if is_json_lines(source):
            with source.open() as stream:
                lines = sum(1 for _ in stream)
        return SourceSurvey(source.path, source.member, importer.NAME, lines, max_unpacked=source.max_unpacked)
    except ReplyscopeError as error:
        return SourceSurvey(source.path, source.member, error=error)


def input_sources(files: list[Path], max_unpacked: int | None = None) -> list[list[Source]]:
    """The streams of each input file (a zip may hold several)."""
    return [sources_for(Path(f), max_unpacked) for f in files]


def plan_blocks(surveys: list[list[SourceSurvey]], block_lines: int) -> tuple[list[Block], list[str]]:
    """Cut the sources into blocks of at most `block_lines` lines; returns the blocks and notes on skipped members.

    As in `load_replies`, a member of a zip that no importer reads is skipped with a
    note, but a single file that none reads is an error.
    """
    blocks: list[Block] = []
    notes: list[str] = []
    for members in surveys:
        failed = [s.error for s in members if s.error is not None]
        if failed and len(members) == 1:
            raise failed[0]
        if failed and len(failed) == len(members):
            raise failed[0]
        notes += [f"skipped {error}" for error in failed]
        for survey in (s for s in members if s.error is None):
            if survey.lines is None or survey.lines <= block_lines:
                blocks.append(Block(len(blocks), survey.path, survey.member, survey.format,
                                    max_unpacked=survey.max_unpacked))
                continue
            for first in range(0, survey.lines, block_lines):
                blocks.append(Block(len(blocks), survey.path, survey.member, survey.format, first,
                                    min(first + block_lines, survey.lines), survey.max_unpacked))
    return blocks, notes


class LineBlockSource(Source):
    """A Source showing only some lines of a JSON-lines file.

    The lines before the block read as blank lines, which every JSON-lines reader
    skips, so line numbers (source_row, malformed-line notes) are those of the file.
    """

    def __init__(self, path: Path, member: str | None, first_line: int, last_line: int,
                 max_unpacked: int | None = None):
        super().__init__(path, member, max_unpacked=max_unpacked)
        self.first_line, self.last_line = first_line, last_line
        self._content: bytes | None = None

    def _block(self) -> bytes:
        if self._content is None:
            kept = []
            with Source(self.path, self.member, max_unpacked=self.max_unpacked).open() as stream:
                for number, line in enumerate(stream):
                    if number >= self.last_line:
                        break
                    if number >= self.first_line:
                        kept.append(line)
            self._content = b"".join(kept)
        return self._content

    def open(self):
        return io.BytesIO(b"\n" * self.first_line + self._block())

    @property
    def head(self) -> bytes:
        return self._block()[:HEAD_BYTES]


def read_block(block: Block, options: LoadOptions) -> tuple[pd.DataFrame, FileReport]:
    """Read one block into the reply table (rows dropped as `read_source` drops them), with `_order` added."""
    table, report = read_source(block.source(), replace(options, format=block.format))
    table[ORDER_COLUMN] = (np.int64(block.number) << ORDER_BITS) + np.arange(len(table), dtype=np.int64)
    return table, report


def merge_file_reports(blocks: list[Block], reports: list[FileReport]) -> list[FileReport]:
    """One FileReport per source, its blocks' rows and dropped rows summed, in input order."""
    merged: dict[str, FileReport] = {}
    for block, report in zip(blocks, reports):
        found = merged.get(block.source_name)
        if found is None:
            merged[block.source_name] = replace(report, mapping=dict(report.mapping), detail=dict(report.detail),
                                                dropped=Counter(report.dropped), notes=list(report.notes),
                                                warnings=list(report.warnings))
            continue
        found.rows_read += report.rows_read
        found.rows_kept += report.rows_kept
        found.dropped.update(report.dropped)
        found.mapping.update({k: v for k, v in report.mapping.items() if k not in found.mapping})
        found.notes += [note for note in report.notes if note not in found.notes]
        found.warnings += [warning for warning in report.warnings if warning not in found.warnings]
    return list(merged.values())


def find_duplicates(keys: pd.DataFrame, source_of_block: np.ndarray) -> pd.DataFrame:
    """Rows repeating an earlier row's (platform, id), as `load_replies` drops them.

    `keys` holds platform, id and _order for rows with an id, all rows of any one
    (platform, id) together (one hash partition); `source_of_block` numbers each
    block's source. Returns _order and within_source
    (True when an earlier row of the same source has the id: "duplicate id"; False
    when only another, earlier source has it: "duplicate id (also in an earlier file)").
    """
    keys = keys.sort_values(ORDER_COLUMN)
    keys = keys.assign(source=source_of_block[keys[ORDER_COLUMN].to_numpy() >> ORDER_BITS])
    repeated = keys.duplicated(["platform", "id"], keep="first").to_numpy()
    within = keys.duplicated(["platform", "id", "source"], keep="first").to_numpy()
    return pd.DataFrame({ORDER_COLUMN: keys[ORDER_COLUMN].to_numpy()[repeated], "within_source": within[repeated]})


def majority(values: pd.Series) -> list:
    """The value held by more than half of the rows (missing ones included), as a list of none or one.

    A value held by more than half of all rows holds more than half of some partition,
    so the partitions' majorities are the only candidates for the whole table's.
    """
    counts = values.dropna().value_counts()
    if counts.empty or counts.iloc[0] * 2 <= len(values):
        return []
    return [counts.index[0]]
