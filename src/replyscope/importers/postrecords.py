"""Steps every platform JSON importer shares: read the values, sniff markers, build the result.

A platform export is one JSON document (an API response, a list of them) or JSON
Lines of the same; the importers only differ in how one value becomes posts.
"""

import re
from collections import Counter
from collections.abc import Iterator

import pandas as pd

from ..errors import ReplyscopeError
from .base import ImportResult, LoadOptions
from .jsonrecords import is_json_lines, iter_json_lines, load_json_document, present_mapping
from .source import Source

UNRECOGNISED = "record of another kind (not a post)"
_JSON_START_RE = re.compile(r"^\s*[\[{]")


def starts_like_json(source: Source) -> bool:
    """True when the content begins with '{' or '[' (a BOM and whitespace allowed)."""
    return bool(_JSON_START_RE.match(source.head_text()))


def json_values(source: Source, options: LoadOptions, dropped: Counter, notes: list[str]
                ) -> Iterator[tuple[int | None, object]]:
    """Yield (line number, value) per JSON Lines line, or (None, document) for one JSON document."""
    if is_json_lines(source):
        yield from iter_json_lines(source, dropped, notes, options.strict)
    else:
        yield None, load_json_document(source)


def first_keys(value: object) -> str:
    """The first keys of a JSON value, to name what was found when it is not recognised."""
    if isinstance(value, list):
        value = next((item for item in value if isinstance(item, dict)), value)
    if isinstance(value, dict):
        return "keys " + ", ".join(f'"{key}"' for key in list(value)[:6])
    return f"a JSON {type(value).__name__}"


def build_result(source: Source, rows: list[dict], platform: str, what: str, mapping: dict[str, str],
                 dropped: Counter, notes: list[str], detail: dict, first_value: object) -> ImportResult:
    """Return the ImportResult for `rows`, or fail naming the first keys seen when nothing looked like a post.

    Rows carry the line they came from in `source_row` (None for one JSON document);
    records of one document are numbered in reading order instead. The mapping shown
    is cut to the fields this file filled.
    """
    if not rows and not set(dropped) - {UNRECOGNISED}:
        raise ReplyscopeError(
            f"{source.name}: holds no {what} (it begins with {first_keys(first_value)}); "
            f"check it is a {what} export, or force another reader with --format.")
    for number, row in enumerate(rows, start=1):
        if row.get("source_row") is None:
            row["source_row"] = number
    frame = pd.DataFrame.from_records(rows) if rows else pd.DataFrame(columns=["text"])
    return ImportResult(frame=frame, mapping=present_mapping(frame, mapping), detail=detail, dropped=dropped,
                        notes=notes, platform=platform)
