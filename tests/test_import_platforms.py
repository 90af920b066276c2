"""Mastodon, Bluesky, YouTube and Reddit exports in, the reply table out.

The fixtures in tests/fixtures/platforms are hand-made in the shapes the platforms'
APIs return (see the README there); compressed copies and JSON Lines variants are
built from them in tmp_path.
"""

import copy
import gzip
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope.cli import cli
from replyscope.errors import ReplyscopeError
from replyscope.importers.htmltext import html_to_text

PLATFORMS = Path(__file__).parent / "fixtures" / "platforms"
MASTODON_ROOT = "110254371829470001"
BLUESKY_ROOT = "at://did:plc:renewal7x3kq2m4vb5n6c8zd/app.bsky.feed.post/3kq2m7xvb2c2a"
BLUESKY_KATE = "at://did:plc:kate2reader5mq7wz3x4v9b1/app.bsky.feed.post/3kq2n4abcd22b"


def load(*names, **options):
    table = replyscope.load([PLATFORMS / name for name in names], **options)
    return table, table.attrs["load_report"]


def by_id(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("id")


def write_json_lines(path, values):
    path.write_text("".join(json.dumps(value) + "\n" for value in values), encoding="utf-8")
    return path


# --- HTML bodies ---------------------------------------------------------------------------

@pytest.mark.parametrize("html, text", [
    ("<p>First point.</p><p>Second point.</p>", "First point.\n\nSecond point."),
    ("one<br>two<br />three", "one\ntwo\nthree"),
    ("<p>Tom &amp; Jerry&#39;s <b>big</b> idea</p>", "Tom & Jerry's big idea"),
    ("<p>unclosed <b>bold", "unclosed bold"),
    ("<p>line<br></p><p></p><p>after blank paragraphs</p>", "line\n\nafter blank paragraphs"),
    ("plain text, no markup", "plain text, no markup"),
    ("", ""),
])
def test_html_bodies_become_the_text_a_reader_sees(html, text):
    assert html_to_text(html).text == text


def test_html_links_keep_their_visible_text_and_their_address():
    body = html_to_text('<p>See <a href="https://example.org/long/path" class="">example.org/long…</a> and '
                        '<a href="https://x.social/tags/Renewal" class="mention hashtag" rel="tag">#<span>Renewal</span></a></p>')
    assert body.text == "See example.org/long… and #Renewal"
    assert [(link.href, link.text, "hashtag" in link.classes) for link in body.links] == [
        ("https://example.org/long/path", "example.org/long…", False),
        ("https://x.social/tags/Renewal", "#Renewal", True)]


# --- Mastodon -----------------------------------------------------------------------------

def test_mastodon_context_response_becomes_the_thread_below_the_requested_status():
    table, report = load("mastodon_context.json")
    rows = by_id(table)
    assert len(table) == 6
    assert report.files[0].format == "mastodon"
    assert int(table["likes"].sum()) == 34 + 12 + 3 + 21 + 0 + 7
    assert rows["depth"].to_dict() == {
        "110254371829470011": 1, "110254371829470012": 2, "110254371829470013": 3,
        "110254371829470014": 1, "110254371829470016": 2, "110254371829470015": 1}
    assert set(table["conversation_id"]) == {MASTODON_ROOT}
    assert rows.loc["110254371829470012", "in_reply_to"] == "110254371829470011"
    assert report.files[0].detail["thread_root"] == MASTODON_ROOT
    assert any("leaves out the status it was asked for" in note for note in report.files[0].notes)


def test_mastodon_html_content_becomes_plain_text_with_breaks_links_and_entities():
    table, _ = load("mastodon_context.json")
    rows = by_id(table)
    kate = rows.loc["110254371829470011"]
    assert kate["text"] == ("@renewal_listening Start with Doughnut Economics: meet the needs of all within the "
                            "means of the planet.\nMore here: https://doughnuteconomics.org/about-doughnut-economics"
                            "\n\n#DoughnutEconomics #Renewal")
    assert kate["hashtags"] == ["DoughnutEconomics", "Renewal"]
    assert kate["mentions"] == ["renewal_listening"]
    assert kate["urls"] == ["https://doughnuteconomics.org/about-doughnut-economics"]
    assert kate["author"] == "kate_reader@mastodon.online"
    assert kate["author_name"] == "Kate Reader 🍩"
    assert kate["author_bio"] == "Economist. Reads everything.\nShe/her"
    assert kate["retweets"] == 5 and kate["replies"] == 1
    assert kate["created_at"] == pd.Timestamp("2023-04-21T09:05:12Z")
    assert kate["clean_text"].startswith("Start with Doughnut Economics")
    assert rows.loc["110254371829470014", "text"] == (
        "Three questions:\n1. Who is left out?\n2. What worked in 2008?\n3. What will you stop doing?\n\nThanks for asking.")
    assert rows.loc["110254371829470012", "text"].endswith("listen to local communities first & foremost.")
    assert rows.loc["110254371829470013", "text"] == "UK politics\n\nAsk people what they need, not what they want to hear."
    assert rows.loc["110254371829470015", "lang"] == "cy"


def test_mastodon_status_file_with_its_context_gives_the_root_post():
    table, report = load("mastodon_status.json", "mastodon_context.json")
    assert len(table) == 6
    assert report.root_post["id"] == MASTODON_ROOT
    assert report.root_post["text"].startswith("We're planning for renewal after coronavirus.")
    assert report.root_post["likes"] == 52
    assert MASTODON_ROOT not in set(table["id"])
    assert "direct replies to the root post: 3; replies to other replies: 3" in report.notes


def test_mastodon_boost_is_a_repost_carrying_the_boosted_words():
    table, report = load("mastodon_statuses.json")
    rows = by_id(table)
    assert len(table) == 4
    boost = rows.loc["110260000000000002"]
    assert bool(boost["is_repost"])
    assert boost["author"] == "renewal_listening"
    assert boost["text"] == "Kate Raworth's doughnut, explained in one picture: https://doughnuteconomics.org/tools/doughnut-picture"
    assert boost["url"] == "https://mastodon.online/@kate_reader/110259000000000009"
    assert int(table["is_repost"].sum()) == 1
    assert any(note.startswith("1 reposts/retweets kept in the table") for note in report.notes)
    assert rows.loc["110260000000000003", "conversation_id"] == "110260000000000001"
    assert pd.isna(rows.loc["110260000000000004", "conversation_id"])


def test_mastodon_json_lines_count_malformed_lines_and_fail_under_strict(tmp_path):
    statuses = json.loads((PLATFORMS / "mastodon_statuses.json").read_text(encoding="utf-8"))
    path = tmp_path / "statuses.jsonl"
    lines = [json.dumps(status) for status in statuses]
    path.write_text("\n".join(lines[:2] + ['{"id": "1109", "content": "<p>cut off'] + lines[2:]) + "\n", encoding="utf-8")
    table = replyscope.load(path)
    report = table.attrs["load_report"]
    assert len(table) == 4
    assert report.dropped["malformed JSON line"] == 1
    assert table["source_row"].tolist() == [1, 2, 4, 5]
    with pytest.raises(ReplyscopeError, match="line 3 is not valid JSON"):
        replyscope.load(path, strict=True)


# --- Bluesky ------------------------------------------------------------------------------

def test_bluesky_thread_is_flattened_with_depths_and_the_root_post_apart():
    table, report = load("bluesky_thread.json")
    rows = by_id(table)
    assert len(table) == 5
    assert int(table["likes"].sum()) == 40 + 8 + 2 + 25 + 0
    assert report.root_post["id"] == BLUESKY_ROOT
    assert report.root_post["author"] == "renewal.bsky.social"
    assert report.root_post["likes"] == 120 and report.root_post["quotes"] == 4
    assert sorted(table["depth"].tolist()) == [1, 1, 1, 2, 3]
    assert report.dropped == {"reply not found (deleted)": 1, "reply hidden by a block": 1}
    anna = rows.loc["at://did:plc:anna4localgov8n2w6q3r5t7/app.bsky.feed.post/3kq2nq5efgh2c"]
    assert anna["in_reply_to"] == BLUESKY_KATE
    assert anna["conversation_id"] == BLUESKY_ROOT
    assert anna["author"] == "anna.localgov.uk" and anna["depth"] == 2


def test_bluesky_facets_give_tags_mentions_and_full_links():
    table, _ = load("bluesky_thread.json")
    rows = by_id(table)
    kate = rows.loc[BLUESKY_KATE]
    assert kate["mentions"] == ["renewal.bsky.social"]
    assert kate["hashtags"] == ["DoughnutEconomics"]
    assert kate["urls"] == ["https://doughnuteconomics.org/about-doughnut-economics"]
    assert kate["url"] == "https://bsky.app/profile/kate-reader.bsky.social/post/3kq2n4abcd22b"
    assert kate["quotes"] == 1 and kate["retweets"] == 6 and kate["replies"] == 2
    assert kate["created_at"] == pd.Timestamp("2024-05-02T08:04:10.120Z")
    green = rows.loc["at://did:plc:green3recovery6x2m8q4w9z/app.bsky.feed.post/3kq2p2lmno2e"]
    assert green["hashtags"] == ["WellbeingEconomy"]  # byte offsets counted after a 4-byte emoji
    assert green["urls"] == ["https://weall.org/wego"]
    welsh = rows.loc["at://did:plc:cymru5llais2x7b9n3m6q4w8/app.bsky.feed.post/3kq2qj7pqrs2f"]
    assert welsh["lang"] == "cy"


def test_bluesky_thread_of_a_reply_leaves_out_its_parents(tmp_path):
    response = json.loads((PLATFORMS / "bluesky_thread.json").read_text(encoding="utf-8"))
    root_node = response["thread"]
    kate_node = root_node["replies"][0]
    kate_node["parent"] = {key: value for key, value in root_node.items() if key != "replies"}
    path = tmp_path / "kate_thread.json"
    path.write_text(json.dumps({"thread": kate_node}), encoding="utf-8")
    table = replyscope.load(path)
    report = table.attrs["load_report"]
    assert report.root_post["id"] == BLUESKY_KATE
    assert sorted(table["depth"].tolist()) == [1, 2]
    assert report.dropped["above the requested post (thread parents)"] == 1
    assert report.dropped["reply not found (deleted)"] == 1


def test_bluesky_author_feed_marks_reposts_without_inventing_counts():
    table, report = load("bluesky_author_feed.json")
    reposts = table[table["is_repost"]]
    assert len(table) == 3 and len(reposts) == 1
    repost = reposts.iloc[0]
    assert repost["id"] == "at://did:plc:green3recovery6x2m8q4w9z/app.bsky.feed.repost/3kq2r3rrrr22a"
    assert repost["author"] == "greenrecovery.bsky.social"
    assert repost["text"].startswith("@renewal.bsky.social Doughnut Economics")
    assert repost[["likes", "retweets", "replies", "quotes"]].isna().all()
    assert repost["created_at"] == pd.Timestamp("2024-05-02T11:00:00Z")
    assert int(table["likes"].sum()) == 25 + 50
    assert any(note.startswith("1 reposts/retweets") for note in report.notes)


def test_bluesky_search_posts_list_finds_the_thread_by_its_links(tmp_path):
    response = json.loads((PLATFORMS / "bluesky_thread.json").read_text(encoding="utf-8"))
    posts, pending = [], [response["thread"]]
    while pending:
        node = pending.pop()
        if "post" in node:
            posts.append(node["post"])
        pending.extend(node.get("replies") or [])
    path = tmp_path / "search.json"
    path.write_text(json.dumps({"posts": posts, "hitsTotal": len(posts), "cursor": "25"}), encoding="utf-8")
    table = replyscope.load(path)
    report = table.attrs["load_report"]
    assert report.root_post["id"] == BLUESKY_ROOT
    assert sorted(table["depth"].tolist()) == [1, 1, 1, 2, 3]
    assert report.files[0].detail["shape"] == "post list"


# --- YouTube ------------------------------------------------------------------------------

def test_youtube_comment_threads_give_top_level_comments_and_their_replies():
    table, report = load("youtube_comment_threads.json")
    rows = by_id(table)
    top = "UgzKate4Doughnut1AaABAg"
    assert len(table) == 5
    assert int(table["likes"].sum()) == 52 + 6 + 1 + 30 + 0
    assert rows.loc[top, "depth"] == 1 and rows.loc[top, "in_reply_to"] == "Xq3mRenew01"
    assert rows.loc[top, "replies"] == 3
    assert rows.loc[top, "url"] == f"https://www.youtube.com/watch?v=Xq3mRenew01&lc={top}"
    assert rows.loc[top, "author"] == "KateReader" and rows.loc[top, "author_name"] == "@KateReader"
    assert rows.loc[top, "hashtags"] == ["DoughnutEconomics"]
    assert rows.loc[top + ".9zAnnaReply01", "in_reply_to"] == top
    assert rows.loc[top + ".9zAnnaReply01", "depth"] == 2
    assert rows.loc[top + ".9zWonkReply02", "author"] == "UCpolicyWonk000000000003"
    assert rows.loc["UgyGreen5Listen2AaABAg", "text"] == "Listen to people who've lived it:\ncarers, nurses & bus drivers."
    assert rows.loc[top, "created_at"] == pd.Timestamp("2024-03-10T12:00:00Z")
    assert report.files[0].detail["thread_root"] == "Xq3mRenew01"
    assert any(note.startswith("replies YouTube counts but the file does not hold: 1") for note in report.files[0].notes)


@pytest.mark.parametrize("split", ["JSON Lines of pages", "JSON Lines of threads", "a JSON list of pages"])
def test_youtube_pages_and_threads_in_every_arrangement(tmp_path, split):
    page = json.loads((PLATFORMS / "youtube_comment_threads.json").read_text(encoding="utf-8"))
    pages = [dict(page, items=page["items"][:1]), dict(page, items=page["items"][1:], nextPageToken=None)]
    if split == "a JSON list of pages":
        path = tmp_path / "comments.json"
        path.write_text(json.dumps(pages, indent=1), encoding="utf-8")
    else:
        path = write_json_lines(tmp_path / "comments.jsonl", pages if split.endswith("pages") else page["items"])
    table = replyscope.load(path)
    assert len(table) == 5
    assert int(table["likes"].sum()) == 89


def test_youtube_comment_downloader_lines():
    table, report = load("youtube_comment_downloader.jsonl")
    rows = by_id(table)
    assert report.files[0].format == "youtube"
    assert len(table) == 4
    assert rows.loc["UgzDl1Listen7AaABAg", "likes"] == 1200
    assert rows.loc["UgzDl1Listen7AaABAg", "created_at"] == pd.Timestamp("2020-04-04T11:33:20Z")
    assert rows.loc["UgzDl1Listen7AaABAg.9aReply1", "in_reply_to"] == "UgzDl1Listen7AaABAg"
    assert rows.loc["UgzDl1Listen7AaABAg.9aReply1", "depth"] == 2
    assert rows.loc["UgzDl1Listen7AaABAg.9aReply1", "author"] == "OutreachWorker"
    assert pd.isna(rows.loc["UgzDl1Listen7AaABAg.9aReply2", "replies"])


# --- Reddit -------------------------------------------------------------------------------

def test_reddit_post_page_gives_the_comment_tree_and_the_post_as_root():
    table, report = load("reddit_post_comments.json")
    rows = by_id(table)
    assert len(table) == 4
    assert int(table["likes"].sum()) == 340 + 45 + 12 + 210
    assert report.root_post["id"] == "g8r3nw"
    assert report.root_post["text"].startswith("Who should the UK be listening to")
    assert report.root_post["replies"] == 9
    assert report.dropped == {"deleted or removed": 2}
    assert rows["depth"].to_dict() == {"fp3a1k9": 1, "fp3b9x2": 2, "fp3d4e1": 4, "fp3f8r5": 1}
    assert rows.loc["fp3b9x2", "in_reply_to"] == "fp3a1k9"
    assert set(table["conversation_id"]) == {"g8r3nw"}
    assert rows.loc["fp3b9x2", "mentions"] == ["kate_fan"]
    assert rows.loc["fp3f8r5", "text"] == "Listen to nurses & carers > consultants. #NHS"
    assert rows.loc["fp3f8r5", "hashtags"] == ["NHS"]
    assert rows.loc["fp3a1k9", "created_at"] == pd.Timestamp("2020-04-27T15:26:40Z")
    assert rows.loc["fp3a1k9", "url"] == (
        "https://www.reddit.com/r/ukpolitics/comments/g8r3nw/who_should_the_uk_be_listening_to_as_it_plans/fp3a1k9/")
    assert any("'load more comments' stubs): 7" in note for note in report.files[0].notes)


def test_reddit_comment_lines_strip_prefixes_and_drop_deleted_comments():
    table, report = load("reddit_comments.jsonl")
    rows = by_id(table)
    assert len(table) == 5
    assert report.dropped == {"deleted or removed": 1}
    assert rows.loc["fp3b9x2", "in_reply_to"] == "fp3a1k9"
    assert rows.loc["fp3b9x2", "conversation_id"] == "g8r3nw"
    assert rows.loc["fp3b9x2", "depth"] == 2
    assert rows.loc["fp3d4e1", "depth"] == 4  # counted through its deleted parent (a dump carries no depth)
    assert rows.loc["fp3d4e1", "created_at"] == pd.Timestamp("2020-04-27T18:00:00Z")  # written as a string


# --- detection, compression, several files ---------------------------------------------------

@pytest.mark.parametrize("name, format_name, rows", [
    ("mastodon_context.json", "mastodon", 6),
    ("mastodon_statuses.json", "mastodon", 4),
    ("bluesky_thread.json", "bluesky", 5),
    ("bluesky_author_feed.json", "bluesky", 3),
    ("youtube_comment_threads.json", "youtube", 5),
    ("youtube_comment_downloader.jsonl", "youtube", 4),
    ("reddit_post_comments.json", "reddit", 4),
    ("reddit_comments.jsonl", "reddit", 5),
])
def test_inspect_names_the_detected_format(name, format_name, rows):
    result = CliRunner().invoke(cli, ["inspect", str(PLATFORMS / name)])
    assert result.exit_code == 0, result.output
    assert f"  format:      {format_name}\n" in result.output
    assert f"total: {rows:,} replies from 1 source(s)" in result.output


def test_inspect_shows_the_field_paths_and_what_was_left_out():
    result = CliRunner().invoke(cli, ["inspect", str(PLATFORMS / "bluesky_thread.json")])
    assert "    likes            <- likeCount\n" in result.output
    assert "    in_reply_to      <- record.reply.parent.uri\n" in result.output
    assert "  left out:    reply hidden by a block: 1" in result.output
    assert f"  thread root: {BLUESKY_ROOT}" in result.output


def test_gzipped_json_lines_are_read_without_unpacking(tmp_path):
    statuses = json.loads((PLATFORMS / "mastodon_statuses.json").read_text(encoding="utf-8"))
    path = tmp_path / "statuses.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.writelines(json.dumps(status) + "\n" for status in statuses)
    table = replyscope.load(path)
    report = table.attrs["load_report"]
    assert report.files[0].format == "mastodon"
    assert len(table) == 4
    assert table["source_row"].tolist() == [1, 2, 3, 4]
    assert not list(tmp_path.glob("*.jsonl"))


def test_zip_of_a_reddit_export_reads_each_data_file(tmp_path):
    path = tmp_path / "reddit_export.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(PLATFORMS / "reddit_post_comments.json", "export/post_g8r3nw.json")
        archive.write(PLATFORMS / "reddit_comments.jsonl", "export/comments.jsonl")
    table = replyscope.load(path, root="g8r3nw")
    report = table.attrs["load_report"]
    assert [f.source for f in report.files] == ["reddit_export.zip:export/post_g8r3nw.json",
                                                "reddit_export.zip:export/comments.jsonl"]
    assert {f.format for f in report.files} == {"reddit"}
    assert len(table) == 4
    assert report.dropped["duplicate id (also in an earlier file)"] == 4
    assert report.dropped["not in the thread under --root g8r3nw"] == 1
    assert report.root_post["id"] == "g8r3nw"


def test_several_files_merge_and_drop_ids_seen_in_an_earlier_file(tmp_path):
    statuses = json.loads((PLATFORMS / "mastodon_statuses.json").read_text(encoding="utf-8"))
    again = copy.deepcopy(statuses[:2])
    again[0]["favourites_count"] = 999
    later = write_json_lines(tmp_path / "later.jsonl", again)
    table = replyscope.load([PLATFORMS / "mastodon_statuses.json", later, PLATFORMS / "bluesky_author_feed.json"])
    report = table.attrs["load_report"]
    assert len(table) == 4 + 3
    assert report.dropped == {"duplicate id (also in an earlier file)": 2}
    assert table.loc[table["id"] == "110260000000000003", "likes"].tolist() == [9]
    assert table.groupby("platform").size().to_dict() == {"bluesky": 3, "mastodon": 4}
    assert report.summary().endswith("left out 2 rows (duplicate id (also in an earlier file): 2)")


def test_a_readme_packed_beside_the_export_is_skipped_and_said_so(tmp_path):
    path = tmp_path / "thread.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(PLATFORMS / "mastodon_statuses.json", "mastodon_statuses.json")
        archive.writestr("README.txt", "Exported by a volunteer on Monday.\n")
    table = replyscope.load(path)
    notes = table.attrs["load_report"].notes
    assert len(table) == 4
    assert any(note.startswith("skipped thread.zip:README.txt: no reply-text column found") for note in notes)


def test_a_zip_holding_nothing_readable_fails_with_the_members_reason(tmp_path):
    path = tmp_path / "notes.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("README.txt", "Exported by a volunteer on Monday.\n")
        archive.writestr("notes.txt", "Nothing here either.\n")
    with pytest.raises(ReplyscopeError, match="notes.zip:README.txt: no reply-text column found"):
        replyscope.load(path)


def test_a_file_of_other_json_names_the_keys_it_found(tmp_path):
    path = tmp_path / "accounts.json"
    path.write_text(json.dumps({"accounts": [{"id": "1", "acct": "a"}], "hashtags": [], "statuses": "none"}),
                    encoding="utf-8")
    with pytest.raises(ReplyscopeError, match=r'holds no Mastodon statuses \(it begins with keys "accounts"'):
        replyscope.load(path, format="mastodon")


def test_a_thread_nested_past_the_json_parsers_limit_fails_with_advice(tmp_path):
    response = json.loads((PLATFORMS / "bluesky_thread.json").read_text(encoding="utf-8"))
    reply = response["thread"]["replies"][0]
    deepest = {"$type": reply["$type"], "post": reply["post"], "replies": []}
    node = deepest
    for _ in range(1200):
        node = {"$type": reply["$type"], "post": reply["post"], "replies": [node]}
    path = tmp_path / "deep_thread.json"
    path.write_text('{"thread": ' + _dump_deep(node) + "}", encoding="utf-8")
    with pytest.raises(ReplyscopeError, match="nests its records deeper than replyscope can read"):
        replyscope.load(path)


def _dump_deep(node) -> str:
    """JSON for a reply chain too deep for json.dumps' own recursion: written link by link."""
    opened, closings = [], []
    while node["replies"]:
        head = json.dumps({key: value for key, value in node.items() if key != "replies"})
        opened.append(head[:-1] + ', "replies": [')
        closings.append("]}")
        node = node["replies"][0]
    return "".join(opened) + json.dumps(node) + "".join(reversed(closings))
