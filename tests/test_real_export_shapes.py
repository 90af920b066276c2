"""Export shapes real collection tools write that replyscope once misread, each read exactly now.

The fixtures are built here, field for field in the shape each tool or API returns
(named in each test); ids, accounts and texts are invented.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import replyscope
from replyscope.analyses.references import analyse_references
from replyscope.cli import cli
from replyscope.codebook import load_codebook
from replyscope.extract import extract_urls
from replyscope.importers import load_replies


def write(path: Path, value) -> Path:
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return path


def test_a_v2_page_with_only_default_fields_is_detected_and_its_retweets_flagged(tmp_path):
    # What tweepy's Client.search_recent_tweets returns without tweet_fields or expansions, dumped as JSON.
    page = {"data": [{"edit_history_tweet_ids": ["1650000000000000001"], "id": "1650000000000000001",
                      "text": "@renewal_team Listen to care workers first"},
                     {"edit_history_tweet_ids": ["1650000000000000002"], "id": "1650000000000000002",
                      "text": "RT @KateRaworth: Doughnut Economics: meet the needs of all within the means of the planet"}],
            "meta": {"newest_id": "1650000000000000002", "oldest_id": "1650000000000000001", "result_count": 2}}
    table, report = load_replies(write(tmp_path / "search.json", page))
    assert report.files[0].format == "twitter_v2"
    assert table["id"].tolist() == ["1650000000000000001", "1650000000000000002"]
    assert table["is_repost"].tolist() == [False, True]
    assert any("reposts/retweets kept in the table" in note for note in report.notes)
    lines = tmp_path / "tweets.jsonl"  # the same tweets saved one per line
    write(lines, "".join(json.dumps(tweet) + "\n" for tweet in page["data"]))
    table, report = load_replies(lines)
    assert report.files[0].format == "twitter_v2" and table["is_repost"].tolist() == [False, True]


REDDIT_LISTING = {"kind": "Listing", "data": {"children": [
    {"kind": "t1", "data": {"id": "c1", "name": "t1_c1", "body": "Listen to nurses and carers", "author": "a",
                            "score": 40, "created_utc": 1588000000, "link_id": "t3_p1", "parent_id": "t3_p1"}},
    {"kind": "t1", "data": {"id": "c2", "name": "t1_c2", "body": "Nobody should listen to experts", "author": "b",
                            "score": -12, "created_utc": 1588000100, "link_id": "t3_p1", "parent_id": "t3_p1"}},
    {"kind": "t1", "data": {"id": "c3", "name": "t1_c3", "body": "Ask people on low incomes", "author": "c",
                            "score": 0, "created_utc": 1588000200, "link_id": "t3_p1", "parent_id": "t3_p1"}},
]}}


def test_reddit_scores_stay_signed_and_the_method_says_they_are_scores(tmp_path):
    table, report = load_replies(write(tmp_path / "comments.json", REDDIT_LISTING))
    assert table.set_index("id")["likes"].to_dict() == {"c1": 40, "c2": -12, "c3": 0}
    assert not any("unreadable likes" in note for note in report.files[0].notes)
    assert "negative scores kept" in report.files[0].mapping["likes"]
    analysis = replyscope.analyse(table)
    every_reply = analysis.theme_likes[analysis.theme_likes["subset"] == analysis.theme_likes["subset"].iloc[-1]]
    assert every_reply["total_likes"].sum() == 28  # totals add scores as they are, the negative one included
    assert any("Reddit's score (up-votes minus down-votes)" in note and "1 of 3 have a negative score" in note
               for note in analysis.notes)


def test_counts_stay_unsigned_on_platforms_without_scores(tmp_path):
    sheet = write(tmp_path / "replies.csv", "text,likes\nlisten to carers,-5\nask nurses,3\n")
    table, report = load_replies(sheet)
    assert table["likes"].isna().tolist() == [True, False]
    assert "1 unreadable likes (left blank)" in report.files[0].notes


@pytest.mark.parametrize("name, value, expected", [
    # Bluesky record.text is plain text: nothing in it is an entity.
    ("feed.json", {"feed": [{"post": {"uri": "at://did:plc:a/app.bsky.feed.post/1", "cid": "c", "author": {"handle": "a.bsky.social"},
                                      "record": {"$type": "app.bsky.feed.post", "text": "Hold it with a long-press&copy) &amp; done",
                                                 "createdAt": "2024-05-02T08:15:00.000Z"}}}]},
     "Hold it with a long-press&copy) &amp; done"),
    # Mastodon content is HTML: decoded once, so an escaped entity the author wrote survives as written.
    ("statuses.json", [{"id": "1", "account": {"acct": "a"}, "created_at": "2023-04-21T09:00:00.000Z",
                        "content": "<p>AT&amp;amp;T and Tom &amp; Jerry</p>", "reblogs_count": 0, "favourites_count": 1}],
     "AT&amp;T and Tom & Jerry"),
    # Twitter v2 text (twarc2 writes it as the API gives it) escapes only &, < and >.
    ("tweets.jsonl", {"id": "1", "text": "Tom &amp; Jerry &lt;3 long-press&copy)", "author_id": "9", "conversation_id": "1",
                      "edit_history_tweet_ids": ["1"], "author": {"id": "9", "username": "a"}},
     "Tom & Jerry <3 long-press&copy)"),
    # snscrape keeps Twitter's text, escapes and all.
    ("scraped.jsonl", {"_type": "snscrape.modules.twitter.Tweet", "url": "https://twitter.com/a/status/1", "id": 1,
                       "rawContent": "R&amp;D &amp;amp; more&copy", "likeCount": 1, "retweetCount": 0,
                       "date": "2020-04-26T10:00:00+00:00", "user": {"username": "a"}},
     "R&D &amp; more&copy"),
])
def test_entities_are_decoded_only_as_each_format_writes_them(tmp_path, name, value, expected):
    text = json.dumps(value) + "\n" if name.endswith(".jsonl") else json.dumps(value)
    table, _ = load_replies(write(tmp_path / name, text))
    assert table["text"].tolist() == [expected]


def test_a_scraped_sheet_still_has_its_html_entities_decoded(tmp_path):
    table, _ = load_replies(write(tmp_path / "scraped.csv", "text,likes\nTom &amp; Jerry&#39;s &quot;idea&quot;,3\n"))
    assert table["text"].tolist() == ['Tom & Jerry\'s "idea"']


def test_replies_under_deleted_reddit_comments_keep_their_depth(tmp_path):
    # A Pushshift/Arctic Shift comment dump: no depth field; every other comment in the chain was deleted.
    chain = []
    for level in range(1, 10):
        parent = "t3_p1" if level == 1 else f"t1_c{level - 1}"
        deleted = level % 2 == 0
        chain.append({"id": f"c{level}", "body": "[deleted]" if deleted else f"reply at depth {level}",
                      "author": "[deleted]" if deleted else f"user{level}", "score": 1, "created_utc": 1588000000 + level,
                      "link_id": "t3_p1", "parent_id": parent})
    dump = write(tmp_path / "comments.jsonl", "".join(json.dumps(c) + "\n" for c in chain))
    table, report = load_replies(dump)
    assert table.set_index("id")["depth"].to_dict() == {"c1": 1, "c3": 3, "c5": 5, "c7": 7, "c9": 9}
    assert report.dropped == {"deleted or removed": 4}


def bluesky_feed_with_old_style_reposts() -> dict:
    post = {"uri": "at://did:plc:kate/app.bsky.feed.post/1", "cid": "c1",
            "author": {"did": "did:plc:kate", "handle": "kate.bsky.social"}, "likeCount": 3,
            "record": {"$type": "app.bsky.feed.post", "text": "Doughnut economics", "createdAt": "2024-05-02T08:15:00Z"}}
    repost = {"$type": "app.bsky.feed.defs#reasonRepost", "indexedAt": "2024-05-02T09:00:00Z",
              "by": {"did": "did:plc:anna", "handle": "anna.bsky.social"}}  # older app views: no reason.uri
    return {"feed": [{"post": post}, {"post": post, "reason": repost},
                     {"post": post, "reason": {**repost, "by": {"did": "did:plc:tom", "handle": "tom.bsky.social"}}}]}


def test_bluesky_reposts_without_a_uri_get_a_stable_id_so_two_copies_of_a_feed_merge(tmp_path):
    feed = bluesky_feed_with_old_style_reposts()
    first, second = write(tmp_path / "feed.json", feed), write(tmp_path / "feed copy.json", feed)
    table, report = load_replies([first, second], replyscope.importers.LoadOptions(keep_reposts=True))
    assert len(table) == 3
    assert report.dropped["duplicate id (also in an earlier file)"] == 3
    assert table["id"].tolist() == ["at://did:plc:kate/app.bsky.feed.post/1",
                                    "repost:did:plc:anna:at://did:plc:kate/app.bsky.feed.post/1",
                                    "repost:did:plc:tom:at://did:plc:kate/app.bsky.feed.post/1"]
    assert table["is_repost"].tolist() == [False, True, True]


def test_truncated_v11_statuses_are_warned_about_with_the_fix(tmp_path):
    # A v1.1 status collected without tweet_mode=extended: cut at 140 characters, no full_text.
    cut = {"id_str": "1", "created_at": "Sun Apr 26 10:00:00 +0000 2020", "truncated": True,
           "text": "We should listen to the people who kept the country going: carers, nurses, cleaners, drivers and "
                   "shop staff, and ask them what … https://t.co/abc123",
           "user": {"screen_name": "civic_sam"}, "favorite_count": 4}
    whole = {**cut, "id_str": "2", "truncated": False, "text": "Ask nurses."}
    path = write(tmp_path / "statuses.json", [cut, whole])
    table, report = load_replies(path)
    assert len(table) == 2
    warning, = report.warnings
    assert warning.startswith("statuses.json: 1 of 2 statuses are cut short at 140 characters")
    assert "collect them again with tweet_mode=extended" in warning
    result = CliRunner().invoke(cli, ["hashtags", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert f"warning: {warning}" in result.stderr.splitlines()


@pytest.mark.parametrize("text, links", [
    ("kateraworth.com has everything you need", ["kateraworth.com"]),
    ("See DoughnutEconomics.org and lse.ac.uk/research.", ["DoughnutEconomics.org", "lse.ac.uk/research"]),
    ("read https://bbc.co.uk/news then ons.gov.uk", ["https://bbc.co.uk/news", "ons.gov.uk"]),
    ("e.g. this, etc. and i.e. that, U.S. policy", []),
    ("see report.pdf, app.py, data.zip and notes.md", []),
    ("pi is 3.14, growth 1.5m, version 2.0", []),
    ("Great idea.So true", []),  # a missing space, not a .so link
    ("write to bob@kateraworth.com", []),  # an e-mail address
])
def test_bare_registered_domains_are_links_and_abbreviations_are_not(text, links):
    assert extract_urls(text) == links


def test_a_bare_domain_cites_the_entity_whose_domain_it_is(tmp_path):
    sheet = write(tmp_path / "replies.csv", "text\nkateraworth.com has everything you need\nListen to people\n")
    table = replyscope.load(sheet)
    references = analyse_references(table, load_codebook().entities)
    row = references.table.set_index("key").loc["doughnut_economics"]
    assert (row["replies"], row["by_link"]) == (1, 1)
