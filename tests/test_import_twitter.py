"""Twitter/X exports in, one reply table out: API v1.1 and v2 (twarc2), twarc-csv, account archives, snscrape.

The fixtures in tests/fixtures/twitter are slices of twarc-csv's real test data (and
a CSV made from one by twarc-csv itself) plus small hand-made files in the v1.1,
archive and snscrape formats; the real files in ../shared/data are checked against
the counts their MANIFEST gives.
"""

import csv
import gzip
import json
import re
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope import importers
from replyscope.cli import cli
from replyscope.errors import ReplyscopeError
from replyscope.importers.base import LoadOptions
from replyscope.importers.jsonrecords import frame_in_chunks
from replyscope.importers.source import Source, sources_for

from conftest import FIXTURES

TWITTER = FIXTURES / "twitter"


def read_one(path: Path, **options):
    """The table one file gives and its file report, before thread handling moves any root post out."""
    (source,) = sources_for(path)
    return importers.read_source(source, LoadOptions(**options))


# --- Twitter API v2 (twarc2) ------------------------------------------------------------

def test_v2_page_joins_authors_and_keeps_counts():
    table = replyscope.load(TWITTER / "twarc2_brexit_page.jsonl")
    report = table.attrs["load_report"].files[0]
    assert (report.format, report.detail["shape"], report.rows_kept) == ("twitter_v2", "pages", 7)
    assert report.mapping["author"] == "includes.users[author_id].username"
    assert report.mapping["likes"] == "public_metrics.like_count"
    news = table.set_index("id").loc["1440714938054418436"]
    assert news["author"] == "tagesschau"
    assert news["likes"] == 18 and news["retweets"] == 3 and news["replies"] == 2
    assert news["url"] == "https://twitter.com/tagesschau/status/1440714938054418436"
    assert news["urls"] == ["http://www.tagesschau.de/wirtschaft/weltwirtschaft/grossbritannien-usa-handelsabkommen-101.html"]
    assert news["created_at"] == pd.Timestamp("2021-09-22T16:29:43Z")  # "2021-09-22T16:29:43.000Z" in the file
    assert int(table["likes"].sum()) == 19


def test_v2_retweet_has_the_full_retweeted_text_and_reply_links_its_parent():
    table = replyscope.load(TWITTER / "twarc2_brexit_page.jsonl").set_index("id")
    retweet = table.loc["1440716856763977732"]
    assert retweet["is_repost"]
    assert retweet["text"].startswith("RT @carolJhedges: . #BorisJohnson has revealed his favourite bottle of wine")
    assert retweet["text"].endswith("#brexit #JohnsonOut #BorisTheLiar https://t.co/IeqDhr3WET")
    assert retweet["mentions"] == ["carolJhedges"]
    assert "BorisTheLiar" in retweet["hashtags"]
    reply = table.loc["1440716673485447171"]
    assert reply["in_reply_to"] == "1440423765125451780"
    assert reply["mentions"] == ["ThatTimWalker", "BorisJohnson"]
    assert reply["urls"] == []  # its only link is its own photo, not a cited link


def test_v2_flattened_tweets_carry_their_author():
    table, report = read_one(TWITTER / "twarc2_flat.jsonl")
    assert report.detail["shape"] == "flat"
    assert report.mapping["author"] == "author.username"
    assert len(table) == 4 and table["author"].notna().all() and table["author_bio"].notna().any()
    assert table["url"].str.fullmatch(r"https://twitter\.com/\w+/status/\d+").all()


def test_v2_long_post_takes_its_note_tweet_text(tmp_path):
    tweet = json.loads((TWITTER / "twarc2_flat.jsonl").read_text(encoding="utf-8").splitlines()[1])
    long_text = tweet["text"] + " " + "and the rest of a long post, past 280 characters. " * 6 + "#LongRead"
    tweet["note_tweet"] = {"text": long_text, "entities": {"hashtags": [{"start": len(long_text) - 9,
                                                                         "end": len(long_text), "tag": "LongRead"}]}}
    long_file = tmp_path / "long.jsonl"
    long_file.write_text(json.dumps(tweet) + "\n", encoding="utf-8")
    table, _ = read_one(long_file)
    assert table.loc[0, "text"] == long_text
    assert table.loc[0, "hashtags"] == ["LongRead"]


def test_v2_stream_skips_the_broken_line_and_names_it():
    table, report = read_one(TWITTER / "twarc2_stream_with_error.jsonl")
    assert report.detail["shape"] == "stream"
    assert len(table) == 2
    assert report.dropped == {"malformed JSON line": 1}
    assert any("line 3" in note for note in report.notes)


def test_strict_stops_at_the_broken_line():
    with pytest.raises(ReplyscopeError, match=r"twarc2_stream_with_error\.jsonl: line 3 is not valid JSON \(column \d+: "):
        replyscope.load(TWITTER / "twarc2_stream_with_error.jsonl", strict=True)


@pytest.mark.parametrize("name, what", [
    ("twarc2_users.jsonl", "Twitter API user objects"),
    ("twarc2_tweets_compliance.jsonl", "Twitter compliance records"),
])
def test_files_without_tweets_say_what_they_hold(name, what):
    with pytest.raises(ReplyscopeError) as error:
        replyscope.load(TWITTER / name)
    assert str(error.value) == f"{name}: holds no posts (it looks like {what}, not tweets); give an export of tweets or replies."


def test_an_empty_json_file_holds_no_posts(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    with pytest.raises(ReplyscopeError, match=r"^empty\.json: the file is empty; check the export finished\.$"):
        replyscope.load(empty)


def test_gzipped_jsonl_reads_the_same(tmp_path):
    packed = tmp_path / "flat.jsonl.gz"
    packed.write_bytes(gzip.compress((TWITTER / "twarc2_flat.jsonl").read_bytes()))
    plain, _ = read_one(TWITTER / "twarc2_flat.jsonl")
    table, report = read_one(packed)
    assert report.format == "twitter_v2"
    assert table["text"].tolist() == plain["text"].tolist()


# --- twarc-csv ----------------------------------------------------------------------------

def test_twarc_csv_matches_the_json_it_was_made_from():
    from_csv, report = read_one(TWITTER / "twarc_csv_brexit.csv")
    from_json, _ = read_one(TWITTER / "twarc2_brexit_page.jsonl")
    assert report.format == "twarc_csv"
    assert report.mapping["likes"] == "public_metrics.like_count"
    assert report.mapping["author"] == "author.username"
    columns = ["id", "text", "author", "author_name", "author_bio", "created_at", "in_reply_to",
               "conversation_id", "is_repost", "hashtags", "mentions", "url"]
    pd.testing.assert_frame_equal(from_csv[columns], from_json[columns])
    originals = ~from_json["is_repost"]
    assert from_csv.loc[originals, "likes"].tolist() == from_json.loc[originals, "likes"].tolist()
    assert any("copies the retweeted tweet's text and counts" in note for note in report.notes)


def test_twarc_csv_turns_escaped_newlines_back_into_line_breaks():
    table, _ = read_one(TWITTER / "twarc_csv_brexit.csv")
    raw = (TWITTER / "twarc_csv_brexit.csv").read_text(encoding="utf-8")
    assert "\\n" in raw
    assert not table["text"].str.contains("\\n", regex=False).any()
    assert table["text"].str.contains("\n", regex=False).any()


def test_twarc_csv_row_without_author_gets_a_handle_free_link(tmp_path):
    with (TWITTER / "twarc_csv_brexit.csv").open(encoding="utf-8", newline="") as original:
        rows = list(csv.DictReader(original))
    rows[0]["author.username"] = ""
    edited = tmp_path / "no_author.csv"
    with edited.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    table, _ = read_one(edited)
    assert pd.isna(table.loc[0, "author"])
    assert table.loc[0, "url"] == f"https://twitter.com/i/web/status/{rows[0]['id']}"
    assert table.loc[1, "url"] == f"https://twitter.com/{rows[1]['author.username']}/status/{rows[1]['id']}"


def test_forcing_a_format_overrides_detection():
    table = replyscope.load(TWITTER / "twarc_csv_brexit.csv", format="spreadsheet")
    report = table.attrs["load_report"].files[0]
    assert report.format == "spreadsheet"
    assert report.mapping["text"] == "text"
    with pytest.raises(ReplyscopeError, match="unknown format 'twitter_v3'"):
        replyscope.load(TWITTER / "twarc_csv_brexit.csv", format="twitter_v3")


# --- Twitter API v1.1 ---------------------------------------------------------------------

def test_v1_search_response():
    table, report = read_one(TWITTER / "twitter_v1_search.json")
    assert (report.format, report.detail["shape"]) == ("twitter_v1", "search response")
    rows = table.set_index("id")
    reply = rows.loc["1253957735311765504"]
    assert (reply["author"], reply["author_name"]) == ("civic_sam", "Sam Okafor")
    assert reply["author_bio"] == "Community organiser in Leeds. Views my own."
    assert reply["likes"] == 31 and reply["retweets"] == 4
    assert pd.isna(reply["replies"]) and pd.isna(reply["quotes"])  # standard v1.1 has no reply counts: unknown, not 0
    assert reply["created_at"] == pd.Timestamp("2020-04-25T09:12:03Z")
    assert reply["hashtags"] == ["Renewal", "DoughnutEconomics"]
    assert reply["urls"] == ["https://doughnuteconomics.org/about-doughnut-economics"]
    assert reply["in_reply_to"] == "1253900012345678848"
    assert rows.loc["1253980083817123840", "text"] == "@renewal_team Ask care workers & teachers what the last month taught them."
    retweet = rows.loc["1253985479076335617"]
    assert retweet["is_repost"]
    assert retweet["text"] == "RT @renewal_team: Who should the renewal team be listening to? Tell us below. #Renewal"


def test_v1_statuses_as_a_json_list(tmp_path):
    statuses = json.loads((TWITTER / "twitter_v1_search.json").read_text(encoding="utf-8"))["statuses"]
    listed = tmp_path / "statuses.json"
    listed.write_text(json.dumps(statuses, indent=2), encoding="utf-8")
    table, report = read_one(listed)
    assert (report.format, report.detail["shape"], len(table)) == ("twitter_v1", "statuses", 3)


def test_v1_stream_uses_the_extended_text_and_skips_notices():
    table, report = read_one(TWITTER / "twitter_v1_stream.jsonl")
    assert len(table) == 2
    assert report.dropped == {"stream notice (deletion, limit ...), not a post": 1, "malformed JSON line": 1}
    assert any("line 3" in note for note in report.notes)
    long_reply = table.set_index("id").loc["1254007744123842560"]
    assert long_reply["text"].endswith("Read Kate Raworth on #DoughnutEconomics: https://t.co/Kr4wQ9pLmN")
    assert long_reply["urls"] == ["https://www.kateraworth.com/doughnut/"]
    assert (long_reply["replies"], long_reply["quotes"]) == (3, 1)


def test_v1_unreadable_date_is_reported_not_invented(tmp_path):
    status = json.loads((TWITTER / "twitter_v1_stream.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    status["created_at"] = "sometime in April"
    odd = tmp_path / "odd.jsonl"
    odd.write_text(json.dumps(status) + "\n", encoding="utf-8")
    table, report = read_one(odd)
    assert pd.isna(table.loc[0, "created_at"])
    assert "1 unreadable dates (left blank)" in report.notes


# --- X/Twitter account archive -----------------------------------------------------------

def test_archive_tweets_js_takes_the_account_from_beside_it():
    table, report = read_one(TWITTER / "archive" / "data" / "tweets.js")
    assert report.format == "twitter_archive"
    assert report.detail["account"] == "@renewal_team"
    assert report.dropped == {"earlier version of an edited post": 1}
    rows = table.set_index("id")
    assert set(rows["author"]) == {"renewal_team"}
    assert set(rows["author_bio"]) == {"Personal account of a civil servant working on renewal."}
    summary = rows.loc["1254100000000000002"]
    assert summary["text"].startswith("Summary of the replies so far: people, listen, ask")
    assert summary["likes"] == 25  # stored as the string "25"
    assert rows.loc["1253992000000000000", "is_repost"]
    thanks = rows.loc["1253991234567890944"]
    assert thanks["in_reply_to"] == "1253957735311765504"
    assert thanks["urls"] == ["https://www.gov.uk/government/publications/renewal-call-for-evidence"]
    assert thanks["url"] == "https://twitter.com/renewal_team/status/1253991234567890944"


def _zip_archive(target: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return target


def test_archive_zip_reads_every_tweets_part_in_order(tmp_path):
    data = TWITTER / "archive" / "data"
    part1 = (data / "tweets.js").read_text(encoding="utf-8").replace("window.YTD.tweets.part0", "window.YTD.tweets.part1")
    part1 = part1.replace('"1253900012345678848"', '"1253900099999999999"')
    archive = _zip_archive(tmp_path / "twitter-2020-05-10.zip", {
        "data/tweets-part1.js": part1,
        "data/tweets.js": (data / "tweets.js").read_text(encoding="utf-8"),
        "data/account.js": (data / "account.js").read_text(encoding="utf-8"),
        "data/like.js": (data / "like.js").read_text(encoding="utf-8"),
        "Your archive.html": "<html></html>",
    })
    assert [s.member for s in sources_for(archive)] == ["data/tweets.js", "data/tweets-part1.js"]
    table = replyscope.load(archive)
    report = table.attrs["load_report"]
    assert [f.source for f in report.files] == ["twitter-2020-05-10.zip:data/tweets.js",
                                                "twitter-2020-05-10.zip:data/tweets-part1.js"]
    assert all(f.format == "twitter_archive" for f in report.files)
    assert report.files[0].detail["account"] == "@renewal_team"
    assert "1253900099999999999" in set(table["id"]) | {report.root_post and report.root_post["id"]}


def test_archive_zip_without_account_leaves_author_blank(tmp_path):
    archive = _zip_archive(tmp_path / "archive.zip", {
        "data/tweets.js": (TWITTER / "archive" / "data" / "tweets.js").read_text(encoding="utf-8")})
    table, report = read_one(archive)
    assert table["author"].isna().all()
    assert table["url"].str.startswith("https://twitter.com/i/web/status/").all()
    assert any("account handle is unknown" in note for note in report.notes)


def test_archive_files_other_than_tweets_hold_no_posts():
    with pytest.raises(ReplyscopeError, match=r"like\.js: holds no posts \(it is the archive's 'like' file\)"):
        replyscope.load(TWITTER / "archive" / "data" / "like.js")


@pytest.mark.parametrize("members, expected", [
    (["data/tweets-part10.js", "data/tweets-part2.js", "data/tweets.js", "data/like.js"],
     ["data/tweets.js", "data/tweets-part2.js", "data/tweets-part10.js"]),
    (["twitter-2022/data/tweet.js", "twitter-2022/data/account.js"], ["twitter-2022/data/tweet.js"]),
    (["mydata/tweets.js", "replies.csv"], ["mydata/tweets.js", "replies.csv"]),  # not an archive: every data file
])
def test_zip_members_read_from_an_archive(tmp_path, members, expected):
    archive = _zip_archive(tmp_path / "export.zip", {name: "" for name in members})
    assert [source.member for source in sources_for(archive)] == expected


# --- snscrape ------------------------------------------------------------------------------

def test_snscrape_jsonl():
    table, report = read_one(TWITTER / "snscrape_tweets.jsonl")
    assert report.format == "snscrape"
    assert report.dropped == {"unavailable tweet (only its id was scraped)": 1}
    rows = table.set_index("id")
    reply = rows.loc["1253957735311765504"]
    assert (reply["author"], reply["author_name"], reply["likes"], reply["replies"]) == ("civic_sam", "Sam Okafor", 31, 2)
    assert reply["urls"] == ["https://doughnuteconomics.org/about-doughnut-economics"]
    assert reply["conversation_id"] == "1253900012345678848"
    assert reply["url"] == "https://twitter.com/civic_sam/status/1253957735311765504"
    retweet = rows.loc["1253985479076335617"]
    assert retweet["is_repost"] and retweet["text"].startswith("RT @renewal_team: Who should the renewal team")


# --- detection and the command line -----------------------------------------------------

@pytest.mark.parametrize("name, fmt", [
    ("twarc2_brexit_page.jsonl", "twitter_v2"),
    ("twarc2_flat.jsonl", "twitter_v2"),
    ("twarc2_stream_with_error.jsonl", "twitter_v2"),
    ("twarc_csv_brexit.csv", "twarc_csv"),
    ("twitter_v1_search.json", "twitter_v1"),
    ("twitter_v1_stream.jsonl", "twitter_v1"),
    ("archive/data/tweets.js", "twitter_archive"),
    ("snscrape_tweets.jsonl", "snscrape"),
])
def test_inspect_shows_the_detected_format(name, fmt):
    result = CliRunner().invoke(cli, ["inspect", str(TWITTER / name)])
    assert result.exit_code == 0, result.output
    assert f"  format:      {fmt}\n" in result.output
    assert re.search(r"rows read:\s+\d+; kept: [1-9]", result.output)


def test_detection_reads_content_not_the_file_name(tmp_path):
    renamed = tmp_path / "export.txt"
    shutil.copy(TWITTER / "snscrape_tweets.jsonl", renamed)
    assert importers.detect(Source(renamed)).NAME == "snscrape"


def test_inspect_forced_format_and_no_posts_error():
    runner = CliRunner()
    forced = runner.invoke(cli, ["inspect", "--format", "twarc_csv", str(TWITTER / "twarc_csv_brexit.csv")])
    assert forced.exit_code == 0 and "format:      twarc_csv" in forced.output
    refused = runner.invoke(cli, ["inspect", str(TWITTER / "twarc2_users.jsonl")])
    assert refused.exit_code == 1
    assert "twarc2_users.jsonl: holds no posts (it looks like Twitter API user objects" in refused.stderr


def test_rows_become_a_table_chunk_by_chunk_with_one_copy_of_repeated_values():
    rows = ({"id": str(n), "author": "".join(["civic", "_sam"]), "hashtags": ["".join(["Re", "newal"])]}
            for n in range(5))
    chunks = []
    frame = frame_in_chunks(rows, ["id", "author", "hashtags"], chunk_rows=2, shared=["author", "hashtags"],
                            finish=lambda chunk: chunks.append(len(chunk)) or chunk)
    assert chunks == [2, 2, 1]
    assert frame["id"].tolist() == ["0", "1", "2", "3", "4"] and frame.index.tolist() == [0, 1, 2, 3, 4]
    authors, tags = frame["author"].tolist(), [tag for tags in frame["hashtags"] for tag in tags]
    assert authors == ["civic_sam"] * 5 and all(author is authors[0] for author in authors)
    assert all(tag is tags[0] for tag in tags)


def test_frames_are_built_without_touching_pandas_options_that_other_threads_share(monkeypatch):
    """Options are global to a process: a Dask worker thread setting one would change frames built beside it."""
    def refuse(*args, **kwargs):
        raise AssertionError("an importer set a pandas option")

    monkeypatch.setattr(pd, "option_context", refuse)
    monkeypatch.setattr(pd, "set_option", refuse)
    rows = [{"id": "1", "text": "first", "likes": 3, "hashtags": ["tag"], "lang": None},
            {"id": "2", "text": None, "likes": None, "hashtags": [], "lang": None}]
    frame = frame_in_chunks(iter(rows), ["id", "text", "likes", "hashtags", "lang"])
    assert frame["id"].dtype == frame["text"].dtype == frame.columns.dtype == pd.StringDtype("python", na_value=float("nan"))
    assert frame["likes"].dtype == "float64" and frame["hashtags"].dtype == frame["lang"].dtype == object
    assert frame["text"].isna().tolist() == [False, True]
    table = replyscope.load(TWITTER / "twarc2_flat.jsonl")
    assert table["text"].notna().all() and len(table) == 4


# --- the real twarc2 files in ../shared/data ----------------------------------------------

def _manifest_rows(shared: Path) -> list[dict]:
    """The twarc-csv table of MANIFEST.md: file, tweets, retweets, likes, shape."""
    rows = []
    for line in (shared / "MANIFEST.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].endswith((".jsonl", ".json")):
            rows.append({"file": cells[0], "tweets": int(cells[2]), "retweets": int(cells[3]),
                         "likes": int(cells[4]), "shape": cells[5]})
    return rows


def test_every_shared_twarc_file_matches_its_manifest_row(shared_data):
    rows = _manifest_rows(shared_data)
    assert len(rows) >= 25
    for row in rows:
        path = shared_data / "twarc-csv" / row["file"]
        if row["tweets"] == 0:
            with pytest.raises(ReplyscopeError, match=rf"^{re.escape(row['file'])}: (holds no posts \(|the file is empty)"):
                read_one(path)
            continue
        table, report = read_one(path)
        assert report.format == "twitter_v2", row["file"]
        assert len(table) == row["tweets"], row["file"]
        assert int(table["is_repost"].sum()) == row["retweets"], row["file"]
        assert int(table["likes"].sum()) == row["likes"], row["file"]
        assert table["created_at"].notna().all() and table["text"].notna().all(), row["file"]


def test_shared_flat_and_raw_pages_give_the_same_table(shared_data):
    flat = replyscope.load(shared_data / "twarc-csv" / "flat.jsonl").sort_values("id", ignore_index=True)
    pages = replyscope.load(shared_data / "twarc-csv" / "noflat.jsonl").sort_values("id", ignore_index=True)
    assert len(flat) == len(pages) == 100
    same = [column for column in flat.columns if column not in ("source_file", "source_row")]
    pd.testing.assert_frame_equal(flat[same], pages[same])


def test_shared_withheld_reads_all_five_pages(shared_data):
    table, report = read_one(shared_data / "twarc-csv" / "withheld.jsonl")
    assert report.detail == {"shape": "pages", "pages": 5}
    assert len(table) == 215 and table["id"].is_unique
    assert sorted(table["source_row"].unique().tolist()) == [1, 2, 3, 4, 5]


def test_shared_withheld_authors_missing_from_includes_stay_blank(shared_data):
    path = shared_data / "twarc-csv" / "withheld.jsonl"
    included = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        page = json.loads(line)
        users = {user["id"] for user in page["includes"]["users"]}
        included |= {tweet["id"] for tweet in page["data"] if tweet["author_id"] in users}
    table, _ = read_one(path)
    assert table["author"].notna().tolist() == table["id"].isin(included).tolist()
    unknown = table[table["author"].isna()]
    assert len(unknown) > 0
    assert (unknown["url"] == "https://twitter.com/i/web/status/" + unknown["id"]).all()


def test_shared_stream_reports_its_error_line(shared_data):
    table, report = read_one(shared_data / "twarc-csv" / "streaming_output_with_error.jsonl")
    assert len(table) == 7
    assert report.dropped == {"malformed JSON line": 1}
    assert "1 malformed JSON line(s) skipped: line 8" in report.notes


def test_shared_brexit_sample_values(shared_data):
    table = replyscope.load(shared_data / "twarc-csv" / "brexit.jsonl")
    assert len(table) == 100 and int(table["likes"].sum()) == 22 and int(table["is_repost"].sum()) == 67
    tags = pd.Series([tag.lower() for tags in table["hashtags"] for tag in tags]).value_counts()
    assert tags.index[0] == "brexit"
    assert table["lang"].value_counts().index[0] == "en"


@pytest.mark.parametrize("line", ['{"a": NaN}', '{"a": 123456789012345678901234567890}', '{"a": "\\ud800"}',
                                  '{"a": 1, "a": 2}', '[1, 2.5e300, "é", -0.0, 18446744073709551615]',
                                  '{"id": 1252637098778956647, "text": "x"}', '{"a": [-99999999999999999999]}',
                                  '{"a": "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦٧٨٩٠", "b": 18446744073709551616}',
                                  '{"a": -9999999999999999999, "b": -9223372036854775809, "c": -9223372036854775808}'])
def test_json_lines_are_read_as_the_standard_parser_reads_them(line):
    import json

    from replyscope.importers.jsonrecords import parse_json_line
    assert repr(parse_json_line(line)) == repr(json.loads(line))
