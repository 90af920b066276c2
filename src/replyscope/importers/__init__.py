"""The importer registry: which module reads which export, and one way to load them all.

Each format is one module in this package (see base.py for what a module provides).
`load_replies` opens every input, lets each module judge the content (`sniff`),
reads with the most confident one, and returns one normalised reply table with a
report of what was chosen and what was left out.
"""

from collections import Counter
from pathlib import Path
from types import ModuleType

import pandas as pd

from .. import schema, threads
from ..collector import paused_gc
from ..errors import ReplyscopeError
from . import (bluesky, mastodon, reddit, snscrape, spreadsheet, twarc_csv, twitter_archive, twitter_v1,
               twitter_v2, youtube)
from .base import FileReport, ImportResult, LoadOptions, LoadReport
from .source import HEAD_BYTES, Source, sources_for

# Registration order breaks ties in sniffing: specific formats before generic ones.
IMPORTERS: dict[str, ModuleType] = {module.NAME: module for module in (
    twitter_archive,
    twitter_v2,
    twitter_v1,
    snscrape,
    twarc_csv,
    mastodon,
    bluesky,
    youtube,
    reddit,
    spreadsheet,
)}


def formats() -> list[tuple[str, str]]:
    """Return (name, description) for every format replyscope reads."""
    return [(name, module.DESCRIPTION) for name, module in IMPORTERS.items()]


def detect(source: Source, forced: str | None = None) -> ModuleType:
    """Return the importer for `source`: the one forced by name, or the most confident sniffer."""
    if forced:
        try:
            return IMPORTERS[forced]
        except KeyError:
            raise ReplyscopeError(
                f"unknown format '{forced}'; choose one of: {', '.join(IMPORTERS)} (see 'replyscope formats').") from None
    if not source.head_text().strip():
        if len(source.head) == HEAD_BYTES:  # more follows: blank space padding out a file is no export
            raise ReplyscopeError(f"{source.name}: begins with {HEAD_BYTES // 1024} KiB of blank space, which no export "
                                  "does; check the file, or force its format with --format NAME.")
        raise ReplyscopeError(f"{source.name}: the file is empty; check the export finished.")
    best = _most_confident(source)
    if best is None:
        raise ReplyscopeError(
            f"{source.name}: not a format replyscope recognises (it begins {_describe_head(source)}); "
            "see 'replyscope formats', or force one with --format NAME.")
    return best


def _most_confident(source: Source) -> ModuleType | None:
    """The importer most sure it reads `source` (ties go to the earlier registered), or None."""
    scores = [(module.sniff(source), -order, module) for order, module in enumerate(IMPORTERS.values())]
    best_score, _, best = max(scores, key=lambda s: (s[0], s[1]))
    return best if best_score > 0 else None


def _describe_head(source: Source) -> str:
    text = " ".join(source.head_text()[:60].split())
    if not text.isprintable():
        return "with binary data, not text"
    return repr(text) if text else "empty"


def read_source(source: Source, options: LoadOptions) -> tuple[pd.DataFrame, FileReport]:
    """Read one stream into the reply table (unusable rows dropped) and its report."""
    importer = detect(source, options.format)
    result: ImportResult = importer.read(source, options)
    if result.conform_problems is not None:  # conformed chunk by chunk while reading
        table, problems = result.frame, schema.in_column_order(result.conform_problems)
    else:
        problems = Counter()
        table = schema.conform(result.frame, platform=result.platform, source_file=source.name, problems=problems,
                               signed_counts=result.signed_counts, text_entities=importer.TEXT_ENTITIES)
    rows_read = len(result.frame) + sum(result.dropped.values())
    dropped = Counter(result.dropped)
    table = schema.drop_unusable(table, dropped)
    report = FileReport(source=source.name, format=importer.NAME, rows_read=rows_read, rows_kept=len(table),
                        mapping=result.mapping, detail=result.detail, dropped=dropped,
                        notes=result.warnings + result.notes + [f"{n:,} {what}" for what, n in problems.items()],
                        warnings=result.warnings)
    return table, report


def load_replies(paths, options: LoadOptions | None = None) -> tuple[pd.DataFrame, LoadReport]:
    """Read one or more files into one reply table, with the report of what was read.

    Duplicates across files (same platform and id) are dropped after the first file
    that has them. Thread structure (depth, root post, --root) is worked out last.
    """
    with paused_gc():
        return _load_replies(paths, options or LoadOptions())


def _load_replies(paths, options: LoadOptions) -> tuple[pd.DataFrame, LoadReport]:
    if isinstance(paths, (str, Path)):
        paths = [paths]
    report = LoadReport()
    tables = []
    for path in paths:
        members = sources_for(Path(path), options.max_input_size)
        skipped = []
        for source in members:
            try:
                table, file_report = read_source(source, options)
            except ReplyscopeError as error:
                if len(members) == 1:
                    raise
                skipped.append(error)  # a README or notes file packed beside the export
                continue
            tables.append(table)
            report.files.append(file_report)
            report.dropped.update(file_report.dropped)
        if skipped and len(skipped) == len(members):
            raise skipped[0]
        report.notes.extend(f"skipped {error}" for error in skipped)
    if not tables:
        raise ReplyscopeError("no input files given; name at least one export file.")
    combined = pd.concat(tables, ignore_index=True) if len(tables) > 1 else tables[0]
    if len(tables) > 1:
        merged_dropped: Counter = Counter()
        combined = schema.drop_unusable(combined, merged_dropped)
        if merged_dropped:
            report.dropped["duplicate id (also in an earlier file)"] += merged_dropped.pop("duplicate id", 0)
            report.dropped.update(merged_dropped)
    combined = threads.link_threads(combined, options, report)
    if combined.empty:
        names = ", ".join(f.source for f in report.files)
        if report.root_post:
            raise ReplyscopeError(f"{names}: holds only the thread's root post ({report.root_post.get('id')}), "
                                  "no replies to it; export the replies too.")
        why = "; ".join(f"{n:,} {r}" for r, n in report.dropped.most_common()) or "no rows"
        raise ReplyscopeError(f"{names}: holds no replies to analyse ({why}); check it is a reply export.")
    report.rows = len(combined)
    return combined, report
