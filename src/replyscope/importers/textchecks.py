"""Checks on delimited text before and after parsing: binary content, stray control bytes, runaway quotes.

A CSV is usable even when an export wrote a NUL byte or a burst of control characters
into one reply: NULs are dropped, other control characters kept, and all of it read, with a note. A quote mark
opened in one row and never closed is worse: the CSV rules glue every following line
into that one cell, and the file "reads" with most of its replies missing. Such a
cell is found by what it holds (many lines that look like rows of the file) and
reported with its row, so the user can fix it or read the file with quotes ignored.
"""

import csv
import re
import statistics

# Content that is certainly not delimited text, by its first bytes.
_BINARY_SIGNATURES = {b"PK\x03\x04": "a zip file (perhaps a workbook)", b"\xd0\xcf\x11\xe0": "an Office/OLE2 file",
                      b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image",
                      b"\x1f\x8b": "gzip-compressed data"}
# Control characters no text format needs (tab, line feed and carriage return are kept).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))
_CONTROL_RE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")
# Control bytes making up more than this share of the sample, or undecodable high bytes past it, mean binary data.
_BINARY_SHARE = 0.5
# A cell holding at least this many lines that look like rows of the file has swallowed them.
SWALLOWED_MIN_LINES = 3
# ... or, in a one-column file, is this many times longer than the typical cell and holds line breaks.
SWALLOWED_LENGTH_FACTOR = 20


def binary_content(data: bytes) -> str | None:
    """What `data` is when it is not text ('a PNG image', 'binary data'), or None for text.

    Text may hold a few NUL or control bytes (dropped later); binary data is told by a
    known signature, by control bytes making up a large share, or by many bytes that are
    not UTF-8 (random data; a Windows-1252 sheet has few bytes above 127).
    """
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    sample = data[:64 * 1024]
    if not sample:
        return None
    if sum(sample.count(byte) for byte in _CONTROL_BYTES) > _BINARY_SHARE * len(sample):
        return "binary data"
    stripped = sample.translate(None, _CONTROL_BYTES)
    try:
        stripped.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(stripped) - 4 and sum(byte > 127 for byte in stripped) > _BINARY_SHARE * len(stripped):
            return "binary data"
    return None


def drop_nul_characters(text: str) -> tuple[str, int, int]:
    """The text without NUL characters, how many went, and how many other control characters stay.

    NUL is never text (C-based tools stop at it); other control characters (a PDF's
    vertical tab) are kept as written, for the writers to mark where a format forbids them.
    """
    removed = text.count("\x00")
    if removed:
        text = text.replace("\x00", "")
    return text, removed, len(_CONTROL_RE.findall(text))


def swallowed_cells(rows: list[list], row_lines: list[int], delimiter: str) -> list[tuple[int, int]]:
    """(line where the row starts, lines swallowed) for every cell that took in following rows.

    A cell swallowed rows when at least three, and half, of its following lines split into
    exactly as many fields as the file's rows have; in a one-column file, when it is far
    longer than the typical cell and spans lines. `row_lines` gives the line each row starts on.
    """
    widths = [len(row) for row in rows[:1000] if row]
    if not widths:
        return []
    width = statistics.mode(widths)
    lengths = [len(cell) for row in rows[:1000] for cell in row if isinstance(cell, str)]
    typical = statistics.median(lengths) if lengths else 0
    found = []
    for row, line in zip(rows, row_lines):
        for cell in row:
            if not isinstance(cell, str) or cell.count("\n") < SWALLOWED_MIN_LINES:
                continue
            following = [text for text in cell.split("\n")[1:] if text.strip()]
            if width > 1:
                rowlike = sum(1 for fields in csv.reader(following, delimiter=delimiter) if len(fields) == width)
                if rowlike >= SWALLOWED_MIN_LINES and 2 * rowlike >= len(following):
                    found.append((line, len(following)))
                    break
            elif len(cell) > SWALLOWED_LENGTH_FACTOR * max(typical, 100):
                found.append((line, len(following)))
                break
    return found
