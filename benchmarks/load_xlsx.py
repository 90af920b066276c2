"""Time replyscope.load on a 100,000-row reply workbook and the same rows as CSV.

    python benchmarks/load_xlsx.py [ROWS]

Writes a deterministic sheet shaped like a volunteers' scrape (title rows, a notes
sheet, counts typed as "1.2K", date cells, blank rows; every reply opens with an
@mention, some carry a hashtag or a link) into a temporary folder, then prints
seconds and rows per second for each load.
"""

import csv
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

import replyscope
from replyscope.importers import spreadsheet
from replyscope.importers.base import LoadOptions
from replyscope.importers.source import Source

HEADER = ["Reply Text", "Favourites", "Retweets", "Handle", "Posted", "Tweet ID", "Link"]
WORDS = ("people listen ask communities economy government local doughnut economics wellbeing "
         "sustainability renewal recovery trust help green jobs care health places").split()


def reply_rows(count: int, seed: int = 2020):
    """Yield `count` reply rows (every 50th blank), the same ones for the same seed."""
    rng = random.Random(seed)
    start = datetime(2020, 4, 20, 8, 0)
    for number in range(count):
        if number % 50 == 49:
            yield [None] * len(HEADER)
            continue
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 40)))
        tag = " #renewal" if rng.random() < 0.15 else ""
        link = f" https://example.org/{rng.randint(1, 500)}" if rng.random() < 0.2 else ""
        likes = rng.choice([rng.randint(0, 999), f"{rng.randint(10, 99) / 10}K", None, f"{rng.randint(1, 9)},{rng.randint(100, 999)}"])
        tweet_id = 1254000000000000000 + number
        yield [f"@renewal_team {words}{tag}{link}", likes, rng.randint(0, 50), f"@user{rng.randint(1, 20000)}",
               start + timedelta(seconds=37 * number), str(tweet_id), f"https://twitter.com/u/status/{tweet_id}"]


def write_xlsx(path: Path, rows: int) -> None:
    workbook = Workbook(write_only=True)
    notes = workbook.create_sheet("Notes")
    notes.append(["Replies scraped end of April, cleaned 10 May"])
    sheet = workbook.create_sheet("Replies")
    sheet.append(["Replies to the renewal tweet"])
    sheet.append([])
    sheet.append(HEADER)
    for row in reply_rows(rows):
        sheet.append(row)
    workbook.save(path)


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for row in reply_rows(rows):
            writer.writerow([value.strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else value
                             for value in row])


def timed_load(path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    table = replyscope.load(path)
    return time.perf_counter() - started, len(table)


def timed_read(path: Path) -> float:
    """The importer alone: finding the sheet and header and mapping columns, before the table is typed."""
    started = time.perf_counter()
    spreadsheet.read(Source(path), LoadOptions())
    return time.perf_counter() - started


def main(rows: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for name, writer in (("replies.xlsx", write_xlsx), ("replies.csv", write_csv)):
            path = Path(folder) / name
            started = time.perf_counter()
            writer(path, rows)
            written = time.perf_counter() - started
            reading = timed_read(path)
            seconds, kept = timed_load(path)
            print(f"{name:<13} {rows:,} rows written in {written:.1f} s ({path.stat().st_size / 1024**2:.1f} MB); "
                  f"loaded {kept:,} replies in {seconds:.2f} s = {rows / seconds:,.0f} rows/s "
                  f"(of which reading the sheet {reading:.2f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
