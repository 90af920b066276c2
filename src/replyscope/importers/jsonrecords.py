"""Reading JSON exports record by record, whatever their shape.

Exports arrive as one JSON document (a list, or an API response object) or as JSON
Lines (one record per line, possibly gigabytes). `iter_json_lines` reads lines in
chunks so a large file never sits in memory as Python objects all at once; a
malformed line is counted with its line number and skipped, or fails under --strict.
`frame_in_chunks` turns the rows an importer makes from those records into a
DataFrame a chunk at a time, so a million-line file is never a million dicts.
"""

import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np
import orjson
import pandas as pd
from pandas.api.types import infer_dtype

from ..errors import ReplyscopeError
from ..schema import COLUMNS
from .source import Source

MALFORMED = "malformed JSON line"
WRONG_TYPES = "record with fields of unexpected types"
# What reading a field of the wrong type raises: a list where an id goes, a string where an object goes.
WRONG_TYPE_ERRORS = (TypeError, AttributeError, KeyError, ValueError, IndexError)
TOO_DEEP = "JSON line nested too deep to read"
# Rows gathered before they become a small DataFrame: bounds how many row dicts live at once.
CHUNK_ROWS = 50_000
# The fields a social-media importer's row dicts carry, in table order.
POST_FIELDS = ("id", "text", "author", "author_name", "author_bio", "created_at", "likes", "retweets",
               "replies", "quotes", "url", "in_reply_to", "conversation_id", "lang", "hashtags", "mentions",
               "urls", "is_repost", "source_row")
# Post fields whose values repeat across rows; frame_in_chunks keeps one copy of each value.
REPEATING_FIELDS = ("author", "author_name", "author_bio", "lang", "conversation_id", "in_reply_to",
                    "hashtags", "mentions", "urls")
_KEY_RE = re.compile(r'"([A-Za-z_$][\w.$]*)"\s*:')
# A number of 20 digits, or a negative one of 19, may not fit 64 bits, where orjson would read it as a
# float (-9999999999999999999 -> -1e+19). JSON writes numbers in ASCII digits: with each one turned
# into '0' by bytes.translate, a run is a substring test (ten times faster than searching with a
# regular expression, which rescans every 19-digit id).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
_LONG_NUMBER = b"0" * 20
_LONG_NEGATIVE_NUMBER = b"-" + b"0" * 19
# Text as Python str objects, as pandas stores it without pyarrow (pooled values stay one object each).
PYTHON_STRINGS = pd.StringDtype("python", na_value=np.nan)


def head_keys(source: Source) -> set[str]:
    """Every JSON key written in the first 64 KiB, at any depth.

    For sniffing: one API page per line can run to megabytes, so the head often
    holds only part of the first record, which no parser would accept.
    """
    return set(_KEY_RE.findall(source.head_text()))


def is_json_lines(source: Source) -> bool:
    """True when one of the first two non-blank lines is a whole JSON object by itself.

    Whole lines are read, not the head, since one line can be larger than the head;
    a malformed first line (a truncated write) still leaves the file JSON Lines.
    """
    lines = []
    with source.open() as raw:
        for line in io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace"):
            if line.strip():
                lines.append(line)
                if len(lines) == 2:
                    break
    for line in lines:
        try:
            if isinstance(json.loads(line), dict):
                return True
        except (ValueError, RecursionError):
            continue
    return False


def iter_values(source: Source, dropped: Counter, notes: list[str], strict: bool = False,
                ) -> Iterator[tuple[int, object]]:
    """Yield (line or item number, value) for each top-level record of JSON Lines or one JSON document.

    A document that is a list yields its items, numbered from 1; any other document
    yields itself as record 1, for the importer to unpack (an API response, say).
    """
    if is_json_lines(source):
        yield from iter_json_lines(source, dropped, notes, strict)
        return
    document = load_json_document(source)
    if isinstance(document, list):
        yield from enumerate(document, start=1)
    else:
        yield 1, document


def frame_in_chunks(rows: Iterable[dict | tuple], columns: Sequence[str],
                    finish: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
                    chunk_rows: int = CHUNK_ROWS, shared: Sequence[str] = ()) -> pd.DataFrame:
    """Build a DataFrame from rows `chunk_rows` at a time; `finish` converts each chunk while it is small.

    A row is a dict, or a tuple of the `columns`' values in their order (cheaper to build and
    to turn into columns; an importer's rows are all one kind).
    Only one chunk of rows exists at once, so memory follows the table, not the JSON.
    Strings in the `shared` columns (handles, bios, language codes, hashtags: values
    that repeat from row to row) are kept once each rather than once per row.
    """
    pool: dict[str, str] = {}

    def build(batch: list[dict]) -> pd.DataFrame:
        frame = _records_frame(batch, columns, shared, pool)
        return finish(frame) if finish else frame

    frames, batch = [], []
    for row in rows:
        batch.append(row)
        if len(batch) == chunk_rows:
            frames.append(build(batch))
            batch = []
    if batch or not frames:
        frames.append(build(batch))
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _records_frame(batch: list[dict], columns: Sequence[str], shared: Sequence[str] = (),
                   pool: dict[str, str] | None = None) -> pd.DataFrame:
    """DataFrame.from_records(batch, columns), its text columns and labels held as Python-object strings.

    Built a column at a time: one list per column, with the `shared` columns' strings taken from
    `pool`, and other columns' types inferred as from_records infers them (three times faster
    than pooling row by row and building from the dicts). Pyarrow-backed strings would copy
    each pooled value again. The dtype is given per column rather than by pandas'
    string-storage option, which is global to the process: threads building other frames at
    the same time (Dask's in-process workers) would see it too.
    """
    data = {}
    if batch and isinstance(batch[0], tuple):  # rows of values in column order: one transpose, no lookups
        by_column = dict(zip(columns, map(list, zip(*batch))))
    else:
        by_column = {name: [row.get(name) for row in batch] for name in columns}
    for name in columns:
        values = by_column.pop(name)
        kind = infer_dtype(values, skipna=True)
        if name in shared and kind == "string":
            values = _pooled_strings(values, pool if pool is not None else {})
        elif name in shared:
            values = _pooled(values, pool if pool is not None else {})
        if kind == "string":
            data[name] = pd.array(values, dtype=PYTHON_STRINGS)
        else:
            data[name] = pd.Series(np.fromiter(values, dtype=object, count=len(values))).infer_objects()
    frame = pd.DataFrame(data, columns=list(columns))
    frame.columns = pd.Index(list(columns), dtype=PYTHON_STRINGS)
    return frame


def _pooled_strings(values: list, pool: dict[str, str]) -> np.ndarray:
    """Strings (or missing values) with each distinct one replaced by the pool's copy: only the distinct ones are looked up."""
    codes, distinct = pd.factorize(np.fromiter(values, dtype=object, count=len(values)))
    keep = pool.setdefault
    pooled = np.empty(len(distinct) + 1, dtype=object)  # the last slot, None, is where code -1 (missing) points
    pooled[:-1] = [keep(value, value) for value in distinct]
    return pooled[codes]


def _pooled(values: list, pool: dict[str, str]) -> list:
    """The values with each string, alone or in a list, replaced by the pool's one copy of it."""
    keep = pool.setdefault
    return [keep(value, value) if isinstance(value, str)
            else [keep(item, item) if isinstance(item, str) else item for item in value] if isinstance(value, list) and value
            else value for value in values]


def parse_dates(values: pd.Series, date_format: str) -> pd.Series:
    """Dates written in one known format, parsed in bulk; other values are left for conform to judge.

    Bulk parsing with the format is many times faster than guessing each date. When
    every value parses the result is a compact datetime column; otherwise values it
    cannot read stay as written (and blanks blank), so conform reports them as unreadable.
    """
    parsed = pd.to_datetime(values, format=date_format, utc=True, errors="coerce")
    if parsed.notna().all():
        return parsed
    return parsed.astype(object).where(parsed.notna(), values.astype(object))


def present_mapping(frame: pd.DataFrame, mapping: dict[str, str]) -> dict[str, str]:
    """The mapping cut to the fields this export actually filled, in table order, so `inspect` shows what was there."""
    return {field: mapping[field] for field in COLUMNS
            if field in mapping and field in frame and any(_filled(value) for value in frame[field])}


def _filled(value) -> bool:
    if isinstance(value, (list, tuple)):
        return bool(value)
    return value is not None and value is not pd.NA and value == value


def iter_json_lines(source: Source, dropped: Counter, notes: list[str], strict: bool = False,
                    ) -> Iterator[tuple[int, object]]:
    """Yield (line number, parsed value) for each non-blank line of a JSON Lines stream.

    A line that is not JSON is tallied in `dropped` and its number noted (the first
    few), unless `strict`, which stops with the line number.
    """
    bad_lines: list[int] = []
    with source.open() as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="replace")
        for number, line in enumerate(text, start=1):
            if line.isspace() or not line:  # blank (isspace, unlike strip, copies nothing)
                continue
            try:
                value = parse_json_line(line)
            except RecursionError:  # nesting past Python's limit (~1,000 levels): no export nests so deep
                if strict:
                    raise ReplyscopeError(f"{source.name}: line {number} {_TOO_DEEP_MESSAGE}; remove that line, "
                                          "or drop --strict to skip it.") from None
                dropped[TOO_DEEP] += 1
                continue
            except ValueError as error:
                if strict:
                    raise ReplyscopeError(
                        f"{source.name}: line {number} is not valid JSON ({_where(error)}); "
                        "fix or remove that line, or drop --strict to skip bad lines.") from None
                dropped[MALFORMED] += 1
                bad_lines.append(number)
                continue
            yield number, value
    if bad_lines:
        shown = ", ".join(str(n) for n in bad_lines[:10]) + (" ..." if len(bad_lines) > 10 else "")
        notes.append(f"{len(bad_lines):,} malformed JSON line(s) skipped: line {shown}")


_TOO_DEEP_MESSAGE = "nests its records deeper than replyscope can read (about 1,000 levels)"
# A line with this many brackets may nest past json's limit; json then says so (RecursionError),
# where orjson would read it and leave the depth to every step after.
_MANY_BRACKETS = 1000


def parse_json_line(line: str):
    """One JSON value: orjson where it gives json's answer (several times faster), else the standard parser.

    orjson refuses a few things json accepts (NaN, lone surrogates) and reads integers past
    64 bits as floats; lines it refuses, lines with a run of 20 digits (19 after a minus), lines with enough
    brackets to nest too deep, and lines that are not JSON go to json, whose answer (or error) stands.
    """
    digits = line.encode("utf-8", "surrogatepass").translate(_DIGITS_AS_ZERO)
    if (_LONG_NUMBER in digits or _LONG_NEGATIVE_NUMBER in digits
            or (len(line) >= _MANY_BRACKETS and line.count("[") + line.count("{") >= _MANY_BRACKETS)):
        return json.loads(line)
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def load_json_document(source: Source):
    """Parse the whole stream as one JSON document, with a clear error when it is not JSON."""
    with source.open() as raw:
        data = raw.read()
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReplyscopeError(f"{source.name}: is not UTF-8 text; JSON exports are always UTF-8, so the file may be damaged.") from None
    except RecursionError:  # Python's JSON parser gives up near 1,000 levels of nesting
        raise ReplyscopeError(
            f"{source.name}: {_TOO_DEEP_MESSAGE}: a thread response this deep holds a reply chain of some "
            "500 posts, so fetch the thread with a smaller depth and the deepest replies' threads separately; "
            "in any other export such nesting means the file is damaged.") from None
    except ValueError as error:
        raise ReplyscopeError(
            f"{source.name}: is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "check the export finished writing.") from None


def guarded(build: Callable[[], object], dropped: Counter, default=None):
    """build(), or `default` with the record counted under WRONG_TYPES when its fields have types its format never gives.

    Exports are untrusted: a damaged or hostile record (a list where an id goes, a string
    where an object goes) is left out and counted, as a malformed JSON line is, instead of
    stopping the whole file. Importers call this around one record at a time.
    """
    try:
        return build()
    except WRONG_TYPE_ERRORS:
        dropped[WRONG_TYPES] += 1
        return default


def dig(record: dict, *path, default=None):
    """Return record[a][b][c] for path (a, b, c), or `default` where any step is missing."""
    value = record
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return default
        if value is None:
            return default
    return value


def _where(error: ValueError) -> str:
    """'column 57: Invalid control character at' from json's error, or the error itself."""
    if isinstance(error, json.JSONDecodeError):
        return f"column {error.colno}: {error.msg}"
    return str(error)
