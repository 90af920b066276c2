"""Every table the analysis writes is the same as the golden copy made before the speed work.

The goldens (tests/golden/) hold, for the sample and each real twarc2 export in
../shared/data, every table of `analyse` as a SHA-256 of a canonical CSV; the sample's
tables are also kept readable, so a difference is shown row by row. A deliberate change
to a table regenerates them: `PYTHONPATH=src python tests/golden/make_golden.py`.
"""

import gzip
import importlib.util
import json

import pytest

from conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
_spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
make_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_golden)
GOLDENS = json.loads((GOLDEN / "golden.json").read_text(encoding="utf-8"))
SHARED_KEYS = sorted(k for k in GOLDENS if k.startswith("shared/"))


@pytest.fixture
def fallback_language(no_nltk_data):
    """The goldens were made with the stopwords and lemmas every machine has."""
    from replyscope import text
    text.reset_language_cache()
    yield
    text.reset_language_cache()


def _first_difference(expected: str, actual: str) -> str:
    for number, (old, new) in enumerate(zip(expected.splitlines(), actual.splitlines()), start=1):
        if old != new:
            return f"line {number}:\n  golden:  {old[:300]}\n  now:     {new[:300]}"
    return f"lines: golden {expected.count(chr(10))}, now {actual.count(chr(10))}"


def test_sample_tables_match_the_goldens(fallback_language):
    tables = make_golden.tables_of(make_golden.SAMPLE)
    assert sorted(tables) == sorted(GOLDENS["samples/replies.xlsx"])
    for name, text in tables.items():
        golden = gzip.decompress((GOLDEN / "sample" / f"{name}.csv.gz").read_bytes()).decode("utf-8")
        assert text == golden, f"{name}.csv differs from the golden at {_first_difference(golden, text)}"
    assert make_golden.summary(tables) == GOLDENS["samples/replies.xlsx"]


@pytest.mark.parametrize("key", SHARED_KEYS)
def test_real_export_tables_match_the_goldens(key, shared_data, fallback_language):
    path = shared_data / "twarc-csv" / key.rsplit("/", 1)[1]
    if not path.exists():
        pytest.skip(f"{path} is not in ../shared/data")
    assert make_golden.summary(make_golden.tables_of(path)) == GOLDENS[key]
