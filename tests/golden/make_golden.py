"""Write the golden tables: what every analysis table holds for the sample and the real exports.

Run from the project root after a deliberate change to a table:

    PYTHONPATH=src python tests/golden/make_golden.py

It writes tests/golden/golden.json (per input file, per table: rows, columns and the
SHA-256 of a canonical CSV) and tests/golden/sample/<table>.csv.gz (the sample's tables,
readable, so a failing comparison can show what changed). tests/test_golden.py compares
the current code's tables with these. The files in ../shared/data/twarc-csv are included
when that folder is beside the checkout. NLTK data is hidden while the goldens are made
and compared, so the stopwords and lemmas are the same on every machine.
"""

import gzip
import hashlib
import io
import json
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
SAMPLE = ROOT / "samples" / "replies.xlsx"
SHARED_EXPORTS = ROOT.parent / "shared" / "data" / "twarc-csv"


def golden_inputs() -> list[Path]:
    """The sample, then every file of ../shared/data/twarc-csv that is present."""
    shared = sorted(p for p in SHARED_EXPORTS.glob("*.json*")) if SHARED_EXPORTS.is_dir() else []
    return [SAMPLE, *shared]


def input_key(path: Path) -> str:
    return "samples/replies.xlsx" if path == SAMPLE else f"shared/twarc-csv/{path.name}"


def canonical_csv(table: pd.DataFrame) -> str:
    """The table as CSV text that depends only on its content: lists joined, dates in UTC, floats to 10 digits."""
    canonical = pd.DataFrame(index=range(len(table)))
    for column in table.columns:
        values = table[column].reset_index(drop=True)
        if isinstance(values.dtype, pd.DatetimeTZDtype):
            values = values.dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S.%f")
        elif pd.api.types.is_float_dtype(values):
            values = values.map(lambda v: "" if pd.isna(v) else f"{v:.10g}")
        else:
            values = values.map(_canonical_value)
        canonical[str(column)] = values.astype(object).where(values.notna(), "")
    return canonical.to_csv(index=False, lineterminator="\n")


def _canonical_value(value):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return "" if value != value else f"{value:.10g}"
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    return str(value)


def tables_of(path: Path) -> dict[str, str] | str:
    """Table name -> canonical CSV for one input, or the error type when replyscope refuses the file."""
    import replyscope
    from replyscope.errors import ReplyscopeError
    try:
        analysis = replyscope.analyse(replyscope.load(path))
    except ReplyscopeError:
        return "ReplyscopeError"
    return {name: canonical_csv(table) for name, table in analysis.tables().items()}


def summary(tables: dict[str, str] | str) -> dict | str:
    """Per table: rows, columns and the SHA-256 of its canonical CSV."""
    if isinstance(tables, str):
        return tables
    result = {}
    for name, text in tables.items():
        header, _, body = text.partition("\n")
        result[name] = {"rows": body.count("\n"), "columns": header,
                        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest()}
    return result


def hide_nltk_data() -> None:
    """Use the stopwords and lemmatiser every machine has (the fallbacks), whatever NLTK data is installed."""
    import nltk
    from replyscope.text import reset_language_cache
    nltk.data.path[:] = [str(GOLDEN / "no-nltk-data")]
    reset_language_cache()


def main() -> None:
    hide_nltk_data()
    goldens = {}
    sample_folder = GOLDEN / "sample"
    sample_folder.mkdir(exist_ok=True)
    for old in sample_folder.glob("*.csv.gz"):
        old.unlink()
    for path in golden_inputs():
        tables = tables_of(path)
        goldens[input_key(path)] = summary(tables)
        if path == SAMPLE:
            for name, text in tables.items():
                buffer = io.BytesIO()
                with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0) as stream:
                    stream.write(text.encode("utf-8"))
                (sample_folder / f"{name}.csv.gz").write_bytes(buffer.getvalue())
        print(input_key(path), "refused" if isinstance(tables, str) else f"{len(tables)} tables", file=sys.stderr)
    (GOLDEN / "golden.json").write_text(json.dumps(goldens, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
