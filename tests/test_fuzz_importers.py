"""Property-based fuzzing of every importer: real export shapes with hostile values put in.

Each example takes one of the fixture exports, replaces a few of its values (at any
depth) with values no export should hold (a list where an id goes, a string where an
object goes, 30-digit numbers, NaN, control characters, deep nesting) or deletes keys,
and loads it with the format forced. The only allowed outcomes are a reply table that
follows the schema or a ReplyscopeError; anything else is a bug.

The CI run is short; REPLYSCOPE_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz_importers.py
runs a long one (see README, Development).
"""

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from replyscope import schema
from replyscope.errors import ReplyscopeError
from replyscope.importers import LoadOptions, load_replies

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = int(os.environ.get("REPLYSCOPE_FUZZ_EXAMPLES", "12"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize="REPLYSCOPE_FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# (format, fixture, how it is stored)
JSON_BASES = [
    ("twitter_v2", "twitter/twarc2_brexit_page.jsonl", "jsonl"),
    ("twitter_v2", "twitter/twarc2_flat.jsonl", "jsonl"),
    ("twitter_v1", "twitter/twitter_v1_search.json", "json"),
    ("twitter_archive", "twitter/archive/data/tweets.js", "ytd"),
    ("snscrape", "twitter/snscrape_tweets.jsonl", "jsonl"),
    ("mastodon", "platforms/mastodon_context.json", "json"),
    ("mastodon", "platforms/mastodon_statuses.json", "json"),
    ("bluesky", "platforms/bluesky_thread.json", "json"),
    ("bluesky", "platforms/bluesky_author_feed.json", "json"),
    ("youtube", "platforms/youtube_comment_threads.json", "json"),
    ("youtube", "platforms/youtube_comment_downloader.jsonl", "jsonl"),
    ("reddit", "platforms/reddit_post_comments.json", "json"),
    ("reddit", "platforms/reddit_comments.jsonl", "jsonl"),
]
CSV_BASES = [
    ("twarc_csv", "twitter/twarc_csv_brexit.csv"),
    ("spreadsheet", "spreadsheets/utf8_comma.csv"),
]


def deep(depth: int):
    value = []
    for _ in range(depth):
        value = [value]
    return value


hostile_values = st.one_of(
    st.none(), st.booleans(),
    st.integers(min_value=-10**30, max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", " ", "\x00", "[deleted]", "RT @", "&amp;amp;", "#", "@", "http://", "9" * 40, "-1",
                     "1970-01-01T00:00:00Z", "0000-01-01", "9999-12-31T23:59:59Z", "at://did:x", "t1_", "NaN"]),
    st.lists(st.one_of(st.integers(), st.text(max_size=5), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=6), st.one_of(st.integers(), st.text(max_size=5)), max_size=3),
    st.integers(min_value=20, max_value=300).map(deep),
)


def paths_in(value, prefix=()):
    """Every place in a JSON value, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths_in(item, prefix + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths_in(item, prefix + (index,)))
    return found


def mutate(value, data):
    """Replace or delete the values at a few drawn places in `value` (a deep copy)."""
    value = json.loads(json.dumps(value))
    for _ in range(data.draw(st.integers(min_value=1, max_value=4), label="mutations")):
        places = [p for p in paths_in(value) if p]
        if not places:
            break
        path = data.draw(st.sampled_from(places), label="path")
        parent = value
        for step in path[:-1]:
            parent = parent[step]
        if isinstance(parent, dict) and data.draw(st.booleans(), label="delete"):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(hostile_values, label="value")
    return value


def load_json_base(fixture: str, storage: str):
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    if storage == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    if storage == "ytd":
        return json.loads(text.split("=", 1)[1])
    return json.loads(text)


def write_json(folder: Path, fixture: str, storage: str, value) -> Path:
    path = folder / Path(fixture).name
    if storage == "jsonl":
        text = "".join(json.dumps(line) + "\n" for line in value)
    elif storage == "ytd":
        text = "window.YTD.tweets.part0 = " + json.dumps(value)
    else:
        text = json.dumps(value)
    path.write_text(text, encoding="utf-8")
    return path


def assert_table_or_user_error(path: Path, format_name: str) -> None:
    try:
        table, _ = load_replies(path, LoadOptions(format=format_name))
    except ReplyscopeError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert list(table.columns) == list(schema.COLUMNS)
    assert table["text"].notna().all()
    for name in schema.COUNT_COLUMNS:
        assert str(table[name].dtype) == "Int64"
    assert isinstance(table["created_at"].dtype, pd.DatetimeTZDtype)
    for name in ("hashtags", "mentions", "urls"):
        assert all(isinstance(items, list) and all(isinstance(item, str) for item in items) for items in table[name])


@pytest.mark.parametrize("format_name, fixture, storage", JSON_BASES, ids=[f"{f}-{Path(x).name}" for f, x, _ in JSON_BASES])
@FUZZ
@given(data=st.data())
def test_json_importers_give_a_table_or_a_user_error_for_hostile_records(format_name, fixture, storage, data):
    value = mutate(load_json_base(fixture, storage), data)
    with tempfile.TemporaryDirectory() as folder:
        assert_table_or_user_error(write_json(Path(folder), fixture, storage, value), format_name)


hostile_cells = st.one_of(
    st.text(max_size=40), hostile_values.map(lambda v: json.dumps(v) if not isinstance(v, str) else v),
    st.sampled_from(['"', '""', 'open " quote', "line\nbreak", "=cmd|' /C calc'!A0", "\x00\x01\x02"]))


@pytest.mark.parametrize("format_name, fixture", CSV_BASES, ids=[f for f, _ in CSV_BASES])
@FUZZ
@given(data=st.data())
def test_csv_importers_give_a_table_or_a_user_error_for_hostile_cells(format_name, fixture, data):
    rows = list(csv.reader(io.StringIO((FIXTURES / fixture).read_text(encoding="utf-8-sig"), newline="")))
    for _ in range(data.draw(st.integers(min_value=1, max_value=6), label="mutations")):
        row = data.draw(st.integers(min_value=0, max_value=len(rows) - 1), label="row")
        if not rows[row]:
            continue
        column = data.draw(st.integers(min_value=0, max_value=len(rows[row]) - 1), label="column")
        rows[row][column] = data.draw(hostile_cells, label="cell")
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(fixture).name
        path.write_text(buffer.getvalue(), encoding="utf-8")
        assert_table_or_user_error(path, format_name)
