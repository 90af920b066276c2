"""Spreadsheets written by reply and comment export tools: their own headers map to the reply table.

Each test builds a small sheet with the headers one tool writes (as found in its
documentation or in code that parses its files), loads it, and checks which column
fed which field and that the values arrived.
"""

import csv

import openpyxl
import pandas as pd

import replyscope


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def load(path):
    table = replyscope.load(path)
    report = table.attrs["load_report"]
    return table, report.files[0].mapping


def test_vicinitas_tweet_export(tmp_path):
    header = ["Tweet Id", "Text", "Name", "Screen Name", "UTC", "Created At", "Favorites", "Retweets", "Language",
              "Client", "Tweet Type", "URLs", "Hashtags", "Mentions", "Media Type", "Media URL 1", "Media URL 2",
              "Media URL 3", "Media URL 4"]
    rows = [
        ["1254000000000000001", "@renewal Doughnut Economics https://t.co/abc #DoughnutEconomics", "Kate Reader",
         "kate_reader", "2020-04-25T10:15:00.000Z", "2020-04-25 11:15:00", 34, 5, "en", "Twitter Web App", "Reply",
         "https://doughnuteconomics.org", "DoughnutEconomics", "renewal", "", "", "", "", ""],
        ["1254000000000000002", "Listen to people", "Anna", "localgov_anna", "2020-04-25T12:00:00.000Z",
         "2020-04-25 13:00:00", 12, 0, "en", "Twitter for iPhone", "Reply", "", "", "renewal", "", "", "", "", ""],
    ]
    table, mapping = load(write_xlsx(tmp_path / "vicinitas_user_tweets.xlsx", [header] + rows))
    assert {field: mapping.get(field) for field in ("id", "text", "author", "author_name", "created_at", "likes",
                                                    "retweets", "lang", "hashtags", "mentions", "urls")} == {
        "id": "Tweet Id", "text": "Text", "author": "Screen Name", "author_name": "Name", "created_at": "UTC",
        "likes": "Favorites", "retweets": "Retweets", "lang": "Language", "hashtags": "Hashtags",
        "mentions": "Mentions", "urls": "URLs"}
    assert "url" not in mapping  # the cited-links and media columns are not the tweet's own link
    assert table["urls"].tolist() == [["https://doughnuteconomics.org"], []]
    assert table["mentions"].tolist() == [["renewal"], ["renewal"]]
    assert table["created_at"].tolist() == [pd.Timestamp("2020-04-25T10:15:00Z"), pd.Timestamp("2020-04-25T12:00:00Z")]
    assert int(table["likes"].sum()) == 46


def test_twitter_analytics_tweet_activity_export(tmp_path):
    header = ["Tweet id", "Tweet permalink", "Tweet text", "time", "impressions", "engagements", "engagement rate",
              "retweets", "replies", "likes", "user profile clicks", "url clicks", "hashtag clicks", "detail expands",
              "permalink clicks", "app opens", "app installs", "follows", "email tweet", "dial phone", "media views",
              "media engagements"]
    rows = [["1250000000000000000", "https://twitter.com/renewal/status/1250000000000000000",
             "Who should we be listening to?", "2020-04-14 09:00 +0000", 250000, 9000, 0.036, 1800, 1500, 1600,
             700, 0, 40, 900, 20, 0, 0, 12, 0, 0, 0, 0]]
    table, mapping = load(write_csv(tmp_path / "tweet_activity_metrics_renewal_20200401_20200501_en.csv", header, rows))
    assert {field: mapping.get(field) for field in ("id", "url", "text", "created_at", "likes", "retweets", "replies")} == {
        "id": "Tweet id", "url": "Tweet permalink", "text": "Tweet text", "created_at": "time", "likes": "likes",
        "retweets": "retweets", "replies": "replies"}
    row = table.iloc[0]
    assert (row["likes"], row["retweets"], row["replies"]) == (1600, 1800, 1500)
    assert row["created_at"] == pd.Timestamp("2020-04-14T09:00:00Z")


def test_apify_tweet_scraper_dataset_as_csv(tmp_path):
    header = ["type", "id", "url", "twitterUrl", "text", "retweetCount", "replyCount", "likeCount", "quoteCount",
              "createdAt", "lang", "isReply", "inReplyToId", "conversationId", "author/userName", "author/name",
              "author/description", "isRetweet", "isQuote"]
    rows = [
        ["tweet", "1250000000000000000", "https://x.com/renewal/status/1250000000000000000",
         "https://twitter.com/renewal/status/1250000000000000000", "Who should we be listening to?", 1800, 1500,
         1600, 40, "Tue Apr 14 09:00:00 +0000 2020", "en", "false", "", "1250000000000000000", "renewal",
         "Renewal team", "Personal capacity", "false", "false"],
        ["tweet", "1250000000000000101", "https://x.com/kate_reader/status/1250000000000000101",
         "https://twitter.com/kate_reader/status/1250000000000000101", "@renewal Doughnut Economics", 5, 1, 34, 0,
         "Tue Apr 14 09:05:00 +0000 2020", "en", "true", "1250000000000000000", "1250000000000000000", "kate_reader",
         "Kate Reader", "Economist", "false", "false"],
        ["tweet", "1250000000000000102", "https://x.com/localgov_anna/status/1250000000000000102",
         "https://twitter.com/localgov_anna/status/1250000000000000102", "@kate_reader @renewal and listen", 0, 0,
         12, 0, "Tue Apr 14 09:20:00 +0000 2020", "en", "true", "1250000000000000101", "1250000000000000000",
         "localgov_anna", "Anna", "", "false", "false"],
        ["tweet", "1250000000000000205", "https://x.com/green_recovery/status/1250000000000000205",
         "https://twitter.com/green_recovery/status/1250000000000000205", "RT @renewal: Who should we be listening to?",
         1800, 0, 0, 0, "Tue Apr 14 10:00:00 +0000 2020", "en", "false", "", "1250000000000000205", "green_recovery",
         "Green Recovery", "", "true", "false"],
    ]
    table, mapping = load(write_csv(tmp_path / "dataset_tweet-scraper_2020-04-15.csv", header, rows))
    assert {field: mapping.get(field) for field in (
        "id", "url", "text", "retweets", "replies", "likes", "quotes", "created_at", "lang", "in_reply_to",
        "conversation_id", "author", "author_name", "author_bio", "is_repost")} == {
        "id": "id", "url": "url", "text": "text", "retweets": "retweetCount", "replies": "replyCount",
        "likes": "likeCount", "quotes": "quoteCount", "created_at": "createdAt", "lang": "lang",
        "in_reply_to": "inReplyToId", "conversation_id": "conversationId", "author": "author/userName",
        "author_name": "author/name", "author_bio": "author/description", "is_repost": "isRetweet"}
    report = table.attrs["load_report"]
    assert report.root_post["author"] == "renewal"
    assert dict(zip(table["author"], table["is_repost"])) == {"kate_reader": False, "localgov_anna": False,
                                                              "green_recovery": True}
    assert dict(zip(table["author"], table["depth"].astype(object))) == {"kate_reader": 1, "localgov_anna": 2,
                                                                         "green_recovery": pd.NA}


def test_exportcomments_youtube_workbook_with_its_title_block(tmp_path):
    rows = [
        ["ExportComments.com"],
        ["https://www.youtube.com/watch?v=Xq3mRenew01"],
        [],
        ["Name", "Date", "Likes", "isHearted", "isPinned", "Comment", "(view source)"],
        ["@KateReader", "2024-03-10 12:00:00", 52, "no", "no", "Doughnut Economics by Kate Raworth",
         "https://www.youtube.com/watch?v=Xq3mRenew01&lc=UgzKate4Doughnut1AaABAg"],
        ["@GreenRecovery", "2024-03-10 12:30:00", 30, "yes", "no", "Listen to people who've lived it",
         "https://www.youtube.com/watch?v=Xq3mRenew01&lc=UgyGreen5Listen2AaABAg"],
    ]
    table, mapping = load(write_xlsx(tmp_path / "exportcomments_youtube.xlsx", rows))
    assert mapping == {"author_name": "Name", "created_at": "Date", "likes": "Likes", "text": "Comment",
                       "url": "(view source)"}
    assert table.attrs["load_report"].files[0].detail["header_row"] == 4
    assert table["likes"].tolist() == [52, 30]


def test_youtube_comment_downloader_lines_saved_as_csv(tmp_path):
    header = ["cid", "text", "time", "author", "channel", "votes", "replies", "photo", "heart", "reply", "time_parsed"]
    rows = [
        ["UgzDl1Listen7AaABAg", "Listen to people who don't usually get asked.", "3 years ago", "@QuietVoices",
         "UCquietVoices00000000006", "1.2K", "2", "https://yt3.ggpht.com/a", "True", "False", 1586000000.0],
        ["UgzDl1Listen7AaABAg.9aReply1", "@QuietVoices yes, go to them.", "3 years ago", "@OutreachWorker",
         "UCoutreachWorker00000007", "14", "", "https://yt3.ggpht.com/b", "False", "True", 1586003600.0],
    ]
    table, mapping = load(write_csv(tmp_path / "Xq3mRenew01.csv", header, rows))
    assert {field: mapping.get(field) for field in ("id", "text", "created_at", "author", "likes", "replies")} == {
        "id": "cid", "text": "text", "created_at": "time_parsed", "author": "author", "likes": "votes",
        "replies": "replies"}
    assert table["likes"].tolist() == [1200, 14]
    assert table["created_at"].iloc[0] == pd.Timestamp("2020-04-04T11:33:20Z")


def test_yt_comments_downloader_csv(tmp_path):
    header = ["published_time", "author", "likes", "comment_id", "parent_id", "comment"]
    rows = [["2024-03-10T12:00:00Z", "@KateReader", 52, "UgzKate4Doughnut1AaABAg", "", "Doughnut Economics"],
            ["2024-03-10T13:05:00Z", "@AnnaLocal", 6, "UgzKate4Doughnut1AaABAg.9zAnnaReply01",
             "UgzKate4Doughnut1AaABAg", "and listen to councils"]]
    table, mapping = load(write_csv(tmp_path / "comments.csv", header, rows))
    assert mapping == {"created_at": "published_time", "author": "author", "likes": "likes", "id": "comment_id",
                       "in_reply_to": "parent_id", "text": "comment"}
    assert table["in_reply_to"].tolist()[1] == "UgzKate4Doughnut1AaABAg"


def test_twitter_archive_tweets_csv(tmp_path):
    header = ["tweet_id", "in_reply_to_status_id", "in_reply_to_user_id", "timestamp", "source", "text",
              "retweeted_status_id", "retweeted_status_user_id", "retweeted_status_timestamp", "expanded_urls"]
    rows = [["1250000000000000101", "1250000000000000000", "900000001", "2020-04-14 09:05:00 +0000",
             '<a href="http://twitter.com" rel="nofollow">Twitter Web Client</a>',
             "@renewal Doughnut Economics https://t.co/abc", "", "", "", "https://doughnuteconomics.org"]]
    table, mapping = load(write_csv(tmp_path / "tweets.csv", header, rows))
    assert {field: mapping.get(field) for field in ("id", "in_reply_to", "created_at", "text", "urls")} == {
        "id": "tweet_id", "in_reply_to": "in_reply_to_status_id", "created_at": "timestamp", "text": "text",
        "urls": "expanded_urls"}
    assert table["created_at"].iloc[0] == pd.Timestamp("2020-04-14T09:05:00Z")
