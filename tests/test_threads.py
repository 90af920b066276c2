"""Thread structure: depth, the root post, --root filtering, reposts; deep chains without recursion."""

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

import replyscope
from replyscope import schema
from replyscope.errors import ReplyscopeError
from replyscope.importers.base import FileReport, LoadOptions, LoadReport
from replyscope.threads import conversation_roots, link_threads

PLATFORMS = Path(__file__).parent / "fixtures" / "platforms"


def posts(*rows, **columns) -> pd.DataFrame:
    """A reply table from (id, in_reply_to, conversation_id) triples, plus any extra columns."""
    frame = pd.DataFrame(rows, columns=["id", "in_reply_to", "conversation_id"])
    frame["text"] = [f"post {post_id}" for post_id in frame["id"]]
    for name, values in columns.items():
        frame[name] = values
    return schema.conform(frame, platform="test")


def depth_of(table) -> dict:
    return {post: (None if pd.isna(depth) else int(depth)) for post, depth in zip(table["id"], table["depth"])}


def link(table, **options):
    report = LoadReport()
    return link_threads(table, LoadOptions(**options), report), report


def test_a_chain_far_deeper_than_the_recursion_limit_gets_every_depth():
    length = sys.getrecursionlimit() * 5
    rows = [("0", None, "0")] + [(str(n), str(n - 1), "0") for n in range(1, length + 1)]
    table, report = link(posts(*rows))
    assert report.root_post["id"] == "0"
    assert table["depth"].tolist() == list(range(1, length + 1))
    assert f"direct replies to the root post: 1; replies to other replies: {length - 1:,}" in report.notes


def test_depth_is_unknown_where_a_chain_loops_or_leaves_the_file():
    table, _ = link(posts(("a", "b", None), ("b", "a", None), ("c", "missing", None), ("d", "c", None)))
    assert table["depth"].isna().all()


def test_replies_are_measured_from_their_own_conversation_when_no_thread_dominates():
    rows = [("r1", None, "r1"), ("x1", "r1", "r1"), ("r2", None, "r2"), ("y1", "r2", "r2"), ("y2", "y1", "r2"),
            ("r3", None, "r3"), ("z1", "r3", "r3")]
    table, report = link(posts(*rows))
    assert report.root_post is None
    assert depth_of(table) == {"r1": 0, "x1": 1, "r2": 0, "y1": 1, "y2": 2, "r3": 0, "z1": 1}


def test_the_importers_depth_fills_a_chain_broken_by_a_deleted_parent():
    table, _ = link(posts(("t", None, "t"), ("c2", "deleted", "t"), depth=[None, 3]))
    assert table["depth"].tolist() == [3]


def test_a_root_declared_by_the_file_shape_wins_over_the_dominant_conversation():
    rows = [("top", None, "top"), ("mid", "top", "top"), ("a", "mid", "top"), ("b", "a", "top")]
    report = LoadReport(files=[FileReport(source="thread.json", format="bluesky", rows_read=4,
                                          detail={"thread_root": "mid"})])
    table = link_threads(posts(*rows), LoadOptions(), report)
    assert report.root_post["id"] == "mid"
    assert depth_of(table) == {"top": 0, "a": 1, "b": 2}


def test_sheets_without_thread_columns_pass_through_unchanged():
    table, report = link(posts(("1", None, None), ("2", None, None)))
    assert table["depth"].isna().all()
    assert report.root_post is None and report.notes == []


@pytest.mark.parametrize("name, root, kept, left_out", [
    ("mastodon_context.json", "110254371829470011", {"110254371829470012": 1, "110254371829470013": 2}, 3),
    ("bluesky_thread.json", "at://did:plc:kate2reader5mq7wz3x4v9b1/app.bsky.feed.post/3kq2n4abcd22b",
     {"at://did:plc:anna4localgov8n2w6q3r5t7/app.bsky.feed.post/3kq2nq5efgh2c": 1,
      "at://did:plc:wonk9policy3b5n7m2x4c6v8/app.bsky.feed.post/3kq2ouz6ijk2d": 2}, 3),
    ("youtube_comment_threads.json", "UgzKate4Doughnut1AaABAg",
     {"UgzKate4Doughnut1AaABAg.9zAnnaReply01": 1, "UgzKate4Doughnut1AaABAg.9zWonkReply02": 1}, 2),
    # fp3d4e1 sits under fp3a1k9 only through a deleted comment, so it cannot be placed under it.
    ("reddit_post_comments.json", "fp3a1k9", {"fp3b9x2": 1}, 3),
    ("reddit_comments.jsonl", "g8r3nw", {"fp3a1k9": 1, "fp3b9x2": 2, "fp3d4e1": 4, "fp3f8r5": 1}, 1),
])
def test_root_option_keeps_the_replies_under_that_post_on_every_platform(name, root, kept, left_out):
    table = replyscope.load(PLATFORMS / name, root=root)
    report = table.attrs["load_report"]
    assert depth_of(table) == kept
    assert report.dropped[f"not in the thread under --root {root}"] == left_out
    if report.root_post is not None:
        assert report.root_post["id"] == root
    assert root not in set(table["id"])


def test_root_option_counts_posts_with_no_thread_links_as_left_out():
    table = replyscope.load(PLATFORMS / "mastodon_statuses.json", root="110260000000000001")
    report = table.attrs["load_report"]
    assert table["id"].tolist() == ["110260000000000003"]
    assert report.dropped == {"not in the thread under --root 110260000000000001": 2}


def test_root_option_naming_no_post_in_the_input_fails_clearly():
    with pytest.raises(ReplyscopeError, match=r"--root 999: no post with that id, and no replies to it"):
        replyscope.load(PLATFORMS / "reddit_comments.jsonl", root="999")


def test_reposts_stay_in_the_table_and_are_counted_in_a_note():
    table, report = link(posts(("1", None, "1"), ("2", None, "2"), ("3", None, None), is_repost=[False, True, True]))
    assert table["is_repost"].tolist() == [False, True, True]
    assert depth_of(table) == {"1": 0, "2": None, "3": None}  # a repost sits in no reply tree
    assert "2 reposts/retweets kept in the table but excluded from text analysis (--keep-reposts to include them)" in report.notes
    _, kept_report = link(posts(("1", None, "1"), ("2", None, None), is_repost=[False, True]), keep_reposts=True)
    assert not any("reposts" in note for note in kept_report.notes)


def test_conversation_roots_follow_chains_to_their_top_post():
    roots = conversation_roots({"a": None, "b": "a", "c": "b", "d": "gone", "e": "d", "x": "y", "y": "x"})
    assert roots == {"a": "a", "b": "a", "c": "a", "d": None, "e": None, "x": None, "y": None}


def test_a_lone_post_is_analysed_not_taken_for_a_thread_root():
    table, report = link(posts(("7", None, "7")))
    assert table["id"].tolist() == ["7"] and report.root_post is None


def test_a_thread_export_holding_only_its_root_post_says_so(tmp_path):
    thread = json.loads((PLATFORMS / "bluesky_thread.json").read_text(encoding="utf-8"))
    thread["thread"]["replies"] = []
    path = tmp_path / "no_replies.json"
    path.write_text(json.dumps(thread), encoding="utf-8")
    with pytest.raises(ReplyscopeError, match=r"^no_replies\.json: holds only the thread's root post \(at://.*\), "
                                              r"no replies to it; export the replies too\.$"):
        replyscope.load(path)
