"""The fast reading paths give the tables the plain paths gave: tuple rows, pooled strings, chunks, no pyarrow."""

import subprocess
import sys
from collections import Counter
from pathlib import Path

import orjson
import pandas as pd
import pytest

import replyscope
from replyscope.importers import jsonrecords, twitter_v2
from replyscope.importers.jsonrecords import POST_FIELDS, REPEATING_FIELDS, frame_in_chunks, iter_values
from replyscope.importers.source import sources_for

TWITTER = Path(__file__).parent / "fixtures" / "twitter"
SRC = Path(__file__).parents[1] / "src"


def twarc2_rows(path: Path) -> list[tuple]:
    """The rows the twarc2 importer makes from a file (tuples of POST_FIELDS)."""
    source = sources_for(path, None)[0]
    dropped, seen = Counter(), twitter_v2._Seen()
    return [row for number, value in iter_values(source, dropped, [])
            for row in twitter_v2._rows_of(value, number, seen, dropped)]


@pytest.mark.parametrize("name", ["brexit.jsonl", "flat.jsonl", "kpop.jsonl", "many_urls.jsonl", "withheld.jsonl"])
def test_tuple_rows_of_real_twarc2_exports_make_the_frame_dict_rows_made(name, shared_data):
    rows = twarc2_rows(shared_data / "twarc-csv" / name)
    assert rows and all(len(row) == len(POST_FIELDS) for row in rows)
    from_tuples = frame_in_chunks(iter(rows), POST_FIELDS, chunk_rows=7, shared=REPEATING_FIELDS)
    from_dicts = frame_in_chunks((dict(zip(POST_FIELDS, row)) for row in rows), POST_FIELDS, chunk_rows=7,
                                 shared=REPEATING_FIELDS)
    pd.testing.assert_frame_equal(from_tuples, from_dicts)
    assert from_tuples["id"].tolist() == [row[0] for row in rows]


def test_repeated_strings_are_one_object_across_chunks_and_columns_with_gaps_kept():
    handle = "".join(["civic", "_sam"])
    rows = [(str(n), None if n % 3 == 0 else "".join(["civic", "_sam"]), ["".join(["civic", "_sam"])], n)
            for n in range(7)]
    frame = frame_in_chunks(iter(rows), ["id", "author", "mentions", "likes"], chunk_rows=3,
                            shared=["author", "mentions"])
    assert frame["author"].isna().tolist() == [n % 3 == 0 for n in range(7)]
    kept = [author for author in frame["author"] if isinstance(author, str)] + [m for ms in frame["mentions"] for m in ms]
    assert kept == [handle] * 11 and all(value is kept[0] for value in kept)
    assert frame["likes"].tolist() == list(range(7))


def test_a_malformed_line_among_real_twarc2_lines_is_reported_with_its_number(tmp_path):
    lines = (TWITTER / "twarc2_flat.jsonl").read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join(lines[:2] + ['{"id": "9", "text": "cut off'] + lines[2:]) + "\n", encoding="utf-8")
    table, report = replyscope.load_replies(broken)
    assert report.dropped["malformed JSON line"] == 1
    assert any("malformed JSON line(s) skipped: line 3" in note for note in report.files[0].notes)
    whole, _ = replyscope.load_replies(TWITTER / "twarc2_flat.jsonl")
    assert table["id"].tolist() == whole["id"].tolist()
    assert table["source_row"].tolist() == [n if n < 3 else n + 1 for n in whole["source_row"]]


_READ_TABLE = """
import sys
{hide}
import pandas as pd
from replyscope.importers import load_replies
table, _ = load_replies(sys.argv[1])
print("pyarrow" in sys.modules, table.astype(object).where(table.notna(), None).to_json(orient="split"))
"""
_HIDE_PYARROW = """
class NoPyarrow:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "pyarrow":
            raise ImportError("pyarrow hidden")
sys.meta_path.insert(0, NoPyarrow())
"""


def test_without_pyarrow_a_real_twarc2_file_reads_to_the_same_table():
    pytest.importorskip("pyarrow")
    path = TWITTER / "twarc2_brexit_page.jsonl"
    tables = [subprocess.run([sys.executable, "-c", _READ_TABLE.format(hide=hide), str(path)], check=True,
                             capture_output=True, text=True, env={"PYTHONPATH": str(SRC), "PATH": ""}).stdout
              for hide in ("", _HIDE_PYARROW)]
    assert tables[0].startswith("True ") and tables[1].startswith("False ")
    assert tables[0][5:] == tables[1][6:] and '"data":[[' in tables[0]


@pytest.mark.parametrize("name", ["brexit.jsonl", "kpop.jsonl"])
def test_a_real_twarc2_export_conformed_chunk_by_chunk_is_the_table_read_whole(name, shared_data, monkeypatch):
    path = shared_data / "twarc-csv" / name
    whole, whole_report = replyscope.load_replies(path)
    monkeypatch.setattr(jsonrecords, "CHUNK_ROWS", 7)
    chunked, chunked_report = replyscope.load_replies(path)
    pd.testing.assert_frame_equal(chunked, whole)
    assert chunked_report.files[0].mapping == whole_report.files[0].mapping
    assert chunked_report.files[0].notes == whole_report.files[0].notes and len(whole) > 7


def test_unreadable_counts_met_in_later_chunks_are_reported_in_the_order_of_a_whole_read(tmp_path, monkeypatch):
    records = [orjson.loads(line) for line in (TWITTER / "twarc2_flat.jsonl").read_bytes().splitlines() if line]
    records[0]["public_metrics"]["retweet_count"] = "many"
    records[-1]["public_metrics"]["like_count"] = "lots"
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_bytes(b"\n".join(orjson.dumps(record) for record in records))
    _, whole = replyscope.load_replies(damaged)
    monkeypatch.setattr(jsonrecords, "CHUNK_ROWS", 1)
    _, chunked = replyscope.load_replies(damaged)
    assert whole.files[0].notes[-2:] == ["1 unreadable likes (left blank)", "1 unreadable retweets (left blank)"]
    assert chunked.files[0].notes == whole.files[0].notes


def _flat_lines_of_odd_shapes() -> list[dict]:
    """Flattened tweets as they come, and damaged ones: each field of a type its format never gives."""
    base = orjson.loads((TWITTER / "twarc2_flat.jsonl").read_text(encoding="utf-8").splitlines()[0])
    damaged = [("author", ["x"]), ("public_metrics", [1]), ("referenced_tweets", "replied_to"),
               ("referenced_tweets", 5), ("entities", {"urls": 7}), ("entities", {"hashtags": [{"tag": 3}, "x"]}),
               ("entities", {"urls": "abc"}), ("note_tweet", {"text": "a long post #Long"}), ("note_tweet", None),
               ("text", None), ("id", ["1"]), ("referenced_tweets", [{"type": "retweeted", "id": "4"}, None])]
    records = [base, {**base, "data": None}, {key: value for key, value in base.items() if key != "text"}
               | {"note_tweet": {"text": "only a note"}}, [base], "a string"]
    for number, (key, value) in enumerate(damaged):
        records.append({**base, "id": str(900 + number), key: value})
    return records


def test_flattened_tweets_read_by_the_rows_loop_are_the_rows_and_tallies_of_the_general_path():
    records = list(enumerate(_flat_lines_of_odd_shapes(), start=1))
    fast_dropped, fast_seen = Counter(), twitter_v2._Seen()
    fast = list(twitter_v2._rows_in(iter(records), fast_seen, fast_dropped))
    plain_dropped, plain_seen = Counter(), twitter_v2._Seen()
    plain = [row for number, value in records for row in twitter_v2._rows_of(value, number, plain_seen, plain_dropped)]
    assert fast == plain and len(fast) > 10
    assert fast_dropped == plain_dropped and fast_dropped[jsonrecords.WRONG_TYPES] >= 1
    assert fast_seen.shapes == plain_seen.shapes and list(fast_seen.shapes) == list(plain_seen.shapes)
