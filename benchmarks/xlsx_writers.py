"""Which library writes summary.xlsx fastest? Times each candidate on the same 100,000 coded replies.

    PYTHONPATH=src python benchmarks/xlsx_writers.py [ROWS]

The rows are the sample's coded replies (tests/golden/sample/replies_coded.csv.gz)
repeated to ROWS, with the same text cleaning and formula safety for every writer.
Prints wall and CPU seconds (CPU is what counts on a shared machine) for: openpyxl write-only (what replyscope used
before), XlsxWriter in constant-memory mode, and rustpy-xlsxwriter (a Rust writer)
when it is installed.
"""

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from replyscope.reporters import tables

ROOT = Path(__file__).resolve().parents[1]


def replies(rows: int) -> pd.DataFrame:
    sample = pd.read_csv(ROOT / "tests" / "golden" / "sample" / "replies_coded.csv.gz", dtype=str, keep_default_na=False)
    sample["likes"] = pd.to_numeric(sample["likes"]).astype("Int64")
    copies = -(-rows // len(sample))
    return pd.concat([sample] * copies, ignore_index=True).head(rows)


def with_openpyxl(table: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("replies_coded")
    sheet.append(list(table.columns))
    for row in table.itertuples(index=False, name=None):
        sheet.append([None if v is pd.NA else v for v in row])
    workbook.save(path)


def with_xlsxwriter(table: pd.DataFrame, path: Path) -> None:
    tables.write_xlsx({"replies_coded": table}, path)


def with_rustpy(table: pd.DataFrame, path: Path) -> None:
    import rustpy_xlsxwriter
    rustpy_xlsxwriter.write_worksheet(table.astype(object).where(table.notna(), None).to_dict("records"), str(path),
                                      sheet_name="replies_coded", freeze_row=1, autofilter=True)


def main(rows: int) -> None:
    table = replies(rows)
    print(f"{rows:,} rows x {table.shape[1]} columns")
    candidates = {"openpyxl write_only": with_openpyxl, "replyscope write_xlsx (XlsxWriter constant_memory)": with_xlsxwriter}
    try:
        import rustpy_xlsxwriter  # noqa: F401
        candidates["rustpy-xlsxwriter (from dicts)"] = with_rustpy
    except ImportError:
        pass
    with tempfile.TemporaryDirectory() as folder:
        for name, write in candidates.items():
            path = Path(folder) / "out.xlsx"
            started = time.perf_counter()
            cpu = time.process_time()
            write(table, path)
            elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(f"{name:<52} {elapsed:6.2f} s wall  {cpu:6.2f} s CPU  {path.stat().st_size / 1024**2:.1f} MB file")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
