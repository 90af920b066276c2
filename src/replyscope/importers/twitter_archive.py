"""X/Twitter account archives: the downloaded .zip, or its data/tweets.js alone.

The archive stores each post as a v1.1 status wrapped as `{"tweet": {...}}`, inside
JavaScript (`window.YTD.tweets.part0 = [...]`), with counts written as strings.
The posts do not name their author: the account's handle is in data/account.js and
its bio in data/profile.js, read when they are beside the tweets; otherwise the
author stays blank rather than guessed. Retweets are stored as their 'RT @user: '
text only, so that prefix is what marks them.
"""

import json
import re
from collections import Counter

from ..errors import ReplyscopeError
from .base import ImportResult, LoadOptions
from .jsonrecords import POST_FIELDS, REPEATING_FIELDS, dig, frame_in_chunks, guarded, present_mapping
from .source import Source
from .twitter_v1 import finish_chunk, is_status, status_row

NAME = "twitter_archive"
DESCRIPTION = "X/Twitter account archive: the .zip download, or its data/tweets.js"
# Text escapes &, < and > as &amp; &lt; &gt; (and nothing else), as the API wrote it.
TEXT_ENTITIES = "markup"

# 'window.YTD.tweets.part0 = ' before the JSON; the name says which archive file it is.
_YTD_RE = re.compile(r"\s*window\.YTD\.(\w+)\.part\d+\s*=\s*")
TWEET_FILES = ("tweets", "tweet")
MAPPING = {
    "id": "tweet.id_str",
    "text": "tweet.full_text",
    "author": "data/account.js: account.username",
    "author_name": "data/account.js: account.accountDisplayName",
    "author_bio": "data/profile.js: profile.description.bio",
    "created_at": "tweet.created_at",
    "likes": "tweet.favorite_count",
    "retweets": "tweet.retweet_count",
    "url": "https://twitter.com/{account.username}/status/{id_str}",
    "in_reply_to": "tweet.in_reply_to_status_id_str",
    "lang": "tweet.lang",
    "hashtags": "tweet.entities.hashtags[].text",
    "mentions": "tweet.entities.user_mentions[].screen_name",
    "urls": "tweet.entities.urls[].expanded_url",
    "is_repost": "full_text begins 'RT @'",
}


def sniff(source: Source) -> int:
    """The archive's tweets file by its 'window.YTD.tweets.' opening; its other files score lower, to be refused."""
    match = _YTD_RE.match(source.head_text())
    if not match:
        return 0
    return 98 if match.group(1) in TWEET_FILES else 60


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read the archive's posts, with the account's handle and bio from beside them when present."""
    kind, items = load_ytd(source)
    if kind not in TWEET_FILES:
        raise ReplyscopeError(
            f"{source.name}: holds no posts (it is the archive's '{kind}' file); "
            "give the archive .zip itself, or its data/tweets.js.")
    dropped: Counter = Counter()
    notes: list[str] = []
    author, account_detail = _account(source, notes)
    tweets = [(number, item.get("tweet", item)) for number, item in enumerate(items, start=1) if isinstance(item, dict)]
    if len(tweets) < len(items):
        dropped["not a tweet object"] += len(items) - len(tweets)
    ids = {tweet.get("id_str") for _, tweet in tweets if isinstance(tweet, dict) and isinstance(tweet.get("id_str"), str)}

    def rows():
        for number, tweet in tweets:
            if not is_status(tweet):
                dropped["not a tweet object"] += 1
            elif guarded(lambda: _superseded(tweet, ids), dropped, False):
                dropped["earlier version of an edited post"] += 1
            else:
                row = guarded(lambda: status_row(tweet, number, author=author), dropped)
                if row is not None:
                    row["is_repost"] = isinstance(row["text"], str) and row["text"].startswith("RT @")
                    yield row

    frame = frame_in_chunks(rows(), POST_FIELDS, finish=finish_chunk, shared=REPEATING_FIELDS)
    detail = {"shape": "account archive", "account": account_detail}
    return ImportResult(frame=frame, mapping=present_mapping(frame, MAPPING), detail=detail,
                        dropped=dropped, notes=notes, platform="twitter")


def load_ytd(source: Source) -> tuple[str, list]:
    """Return (archive file kind, its records) from 'window.YTD.<kind>.partN = [...]'."""
    text = source.read_bytes().decode("utf-8-sig", errors="replace")
    match = _YTD_RE.match(text)
    if not match:
        raise ReplyscopeError(
            f"{source.name}: is not an X/Twitter archive file (it should begin 'window.YTD.'); "
            "give the archive .zip or its data/tweets.js.")
    try:
        records = json.loads(text[match.end():])
    except RecursionError:
        raise ReplyscopeError(
            f"{source.name}: nests its records deeper than replyscope can read (about 1,000 levels), which no "
            "archive does; unzip the archive again or download a fresh copy.") from None
    except ValueError as error:
        raise ReplyscopeError(
            f"{source.name}: is damaged (line {error.lineno}, column {error.colno}: {error.msg}); "
            "unzip the archive again or download a fresh copy.") from None
    if not isinstance(records, list):
        raise ReplyscopeError(f"{source.name}: does not hold a list of records after 'window.YTD.{match.group(1)}'.")
    return match.group(1), records


def _account(source: Source, notes: list[str]) -> tuple[dict | None, str]:
    """The archive owner as a v1.1 `user` (screen_name, name, description) and how the report shows it."""
    account_file = source.sibling("account.js")
    if account_file is None:
        notes.append("the archive's account handle is unknown (no data/account.js beside the tweets); author left blank")
        return None, "unknown (no account.js)"
    account = dig(_first_record(account_file, notes), "account") or {}
    profile_file = source.sibling("profile.js")
    profile = (dig(_first_record(profile_file, notes), "profile") or {}) if profile_file else {}
    user = {"screen_name": account.get("username"), "name": account.get("accountDisplayName"),
            "description": dig(profile, "description", "bio")}
    return user, f"@{user['screen_name']}" if user["screen_name"] else "unknown (account.js has no username)"


def _first_record(source: Source, notes: list[str]) -> dict | None:
    try:
        _, records = load_ytd(source)
    except ReplyscopeError as error:
        notes.append(f"ignored {error}")
        return None
    return records[0] if records and isinstance(records[0], dict) else None


def _superseded(tweet: dict, ids: set) -> bool:
    """An edited post's earlier version, when its latest version is also in the archive."""
    versions = (dig(tweet, "edit_info", "initial", "editTweetIds")
                or dig(tweet, "edit_info", "edit", "editControlInitial", "editTweetIds") or [])
    return len(versions) > 1 and versions[-1] != tweet.get("id_str") and versions[-1] in ids
