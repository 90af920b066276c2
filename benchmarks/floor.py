"""The floor for benchmarks/end_to_end.py: the fastest reader, one regex pass and a Counter, nothing else.

    python benchmarks/floor.py FILE

python-calamine for a workbook (the reply-text column of the sheet 'Replies', found by
its header), orjson for JSON Lines (each post's "text"); then one lower-case word
regex over every text into a Counter. Prints the number of texts and distinct words.
"""

import re
import sys
from collections import Counter
from pathlib import Path

WORD_RE = re.compile(r"[a-z][a-z']+")


def texts(path: Path):
    if path.suffix == ".jsonl":
        import orjson
        with path.open("rb") as lines:
            for line in lines:
                if line.strip():
                    yield orjson.loads(line).get("text") or ""
        return
    from python_calamine import CalamineWorkbook
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Replies").to_python()
    header = next(i for i, row in enumerate(rows) if "Reply text" in row)
    column = rows[header].index("Reply text")
    for row in rows[header + 1:]:
        yield str(row[column])


def main(path: Path) -> None:
    counts = Counter()
    replies = 0
    for text in texts(path):
        counts.update(WORD_RE.findall(text.lower()))
        replies += 1
    print(replies, len(counts))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
