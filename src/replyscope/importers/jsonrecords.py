"""Reading JSON exports record by record, whatever their shape.

Exports arrive as one JSON document (a list, or an API response object) or as JSON
Lines (one record per line, possibly gigabytes). `iter_json_lines` reads lines in
chunks so a large file never sits in memory as Python objects all at once; a
malformed line is counted with its line number and skipped, or fails under --strict.
"""

import io
import json
from collections import Counter
from collections.abc import Iterator

from ..errors import ReplyscopeError
from .source import Source

MALFORMED = "malformed JSON line"


def looks_like_json_lines(source: Source) -> bool:
    """True when the first two non-blank lines each parse as a JSON object on their own."""
    lines = [line for line in source.head_text().splitlines() if line.strip()][:2]
    if not lines:
        return False
    complete = lines if len(lines) == 2 else lines[:1]
    try:
        return all(isinstance(json.loads(line), dict) for line in complete)
    except ValueError:
        return False


def first_json_value(source: Source):
    """Parse the head as JSON lines' first record, or None; for sniffing only."""
    for line in source.head_text().splitlines():
        if line.strip():
            try:
                return json.loads(line)
            except ValueError:
                return None
    return None


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
            if not line.strip():
                continue
            try:
                yield number, json.loads(line)
            except ValueError as error:
                if strict:
                    raise ReplyscopeError(
                        f"{source.name}: line {number} is not valid JSON ({error.msg}); "
                        "fix or remove that line, or drop --strict to skip bad lines.") from None
                dropped[MALFORMED] += 1
                bad_lines.append(number)
    if bad_lines:
        shown = ", ".join(str(n) for n in bad_lines[:10]) + (" ..." if len(bad_lines) > 10 else "")
        notes.append(f"{len(bad_lines):,} malformed JSON line(s) skipped: line {shown}")


def load_json_document(source: Source):
    """Parse the whole stream as one JSON document, with a clear error when it is not JSON."""
    with source.open() as raw:
        data = raw.read()
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ReplyscopeError(f"{source.name}: is not UTF-8 text; JSON exports are always UTF-8, so the file may be damaged.") from None
    except ValueError as error:
        raise ReplyscopeError(
            f"{source.name}: is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}); "
            "check the export finished writing.") from None


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
