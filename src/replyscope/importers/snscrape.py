"""snscrape's Twitter output: `snscrape --jsonl twitter-search ...`, one Tweet per line.

snscrape serialises its Tweet dataclass with a `_type` naming it, camelCase fields
(`rawContent`, `likeCount`, `inReplyToTweetId`), the author as a nested `user`, and
links as `links[].url` (older versions: `content` and `outlinks`). A retweet carries
the retweeted Tweet whole in `retweetedTweet`.
"""

import re
from collections import Counter

import pandas as pd

from .base import ImportResult, LoadOptions
from .jsonrecords import (POST_FIELDS, REPEATING_FIELDS, dig, frame_in_chunks, guarded, head_keys, iter_values,
                          parse_dates, present_mapping)
from .source import Source

NAME = "snscrape"
DESCRIPTION = "snscrape Twitter JSON Lines (snscrape --jsonl twitter-search / twitter-user ...)"
# Text escapes &, < and > as &amp; &lt; &gt; (and nothing else), as the API wrote it.
TEXT_ENTITIES = "markup"

_TWEET_TYPE = "snscrape.modules.twitter.Tweet"
_TYPE_RE = re.compile(r'"_type"\s*:\s*"snscrape\.modules\.twitter\.')
MAPPING = {
    "id": "id",
    "text": "rawContent / content (a retweet: 'RT @user: ' + retweetedTweet.rawContent)",
    "author": "user.username",
    "author_name": "user.displayname",
    "author_bio": "user.rawDescription / user.description",
    "created_at": "date",
    "likes": "likeCount",
    "retweets": "retweetCount",
    "replies": "replyCount",
    "quotes": "quoteCount",
    "url": "url",
    "in_reply_to": "inReplyToTweetId",
    "conversation_id": "conversationId",
    "lang": "lang",
    "hashtags": "hashtags",
    "mentions": "mentionedUsers[].username",
    "urls": "links[].url / outlinks",
    "is_repost": "retweetedTweet present",
}


def sniff(source: Source) -> int:
    """snscrape's own `_type` tag; failing that, its camelCase Tweet fields."""
    if _TYPE_RE.search(source.head_text()):
        return 98
    keys = head_keys(source)
    if keys & {"rawContent", "renderedContent"} and {"likeCount", "retweetCount"} <= keys:
        return 85
    if {"content", "likeCount", "retweetCount", "username"} <= keys:
        return 80
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every Tweet item, one row each; users and unavailable-tweet references are left out."""
    dropped: Counter = Counter()
    notes: list[str] = []

    def rows():
        for number, item in iter_values(source, dropped, notes, options.strict):
            kind = item.get("_type", _TWEET_TYPE) if isinstance(item, dict) else None
            if kind == _TWEET_TYPE:
                row = guarded(lambda: _row(item, number), dropped)
                if row is not None:
                    yield row
            elif isinstance(kind, str) and kind.endswith(".TweetRef"):
                dropped["unavailable tweet (only its id was scraped)"] += 1
            else:
                dropped[f"not a tweet ({kind.rsplit('.', 1)[-1]})" if isinstance(kind, str) and kind
                        else "not a tweet object"] += 1

    frame = frame_in_chunks(rows(), POST_FIELDS, finish=_finish_chunk, shared=REPEATING_FIELDS)
    return ImportResult(frame=frame, mapping=present_mapping(frame, MAPPING), detail={"shape": "tweets"},
                        dropped=dropped, notes=notes, platform="twitter")


def _text(tweet: dict) -> str | None:
    return tweet.get("rawContent") or tweet.get("content") or tweet.get("renderedContent")


def _row(tweet: dict, number: int) -> dict:
    user = tweet.get("user") if isinstance(tweet.get("user"), dict) else {}
    retweeted = tweet.get("retweetedTweet") if isinstance(tweet.get("retweetedTweet"), dict) else None
    text = _text(tweet)
    source_tweet = tweet
    original_author = dig(retweeted, "user", "username") if retweeted else None
    if retweeted and original_author and _text(retweeted):
        text = f"RT @{original_author}: {_text(retweeted)}"
        source_tweet = retweeted
    mentions = _mentions(source_tweet)
    if source_tweet is retweeted:
        mentions = [original_author] + (mentions or [])
    return {
        "id": _id_text(tweet.get("id")),
        "text": text,
        "author": user.get("username"),
        "author_name": user.get("displayname"),
        "author_bio": user.get("rawDescription") or user.get("description") or user.get("renderedDescription"),
        "created_at": tweet.get("date"),
        "likes": tweet.get("likeCount"),
        "retweets": tweet.get("retweetCount"),
        "replies": tweet.get("replyCount"),
        "quotes": tweet.get("quoteCount"),
        "url": tweet.get("url"),
        "in_reply_to": _id_text(tweet.get("inReplyToTweetId")),
        "conversation_id": _id_text(tweet.get("conversationId")),
        "lang": tweet.get("lang"),
        "hashtags": _hashtags(source_tweet),
        "mentions": mentions,
        "urls": _links(source_tweet),
        "is_repost": retweeted is not None,
        "source_row": number,
    }


def _hashtags(tweet: dict) -> list | None:
    """snscrape writes null for 'no hashtags'; only a missing key means unknown."""
    if "hashtags" not in tweet:
        return None
    return [tag.lstrip("#") for tag in tweet.get("hashtags") or [] if isinstance(tag, str)]


def _mentions(tweet: dict) -> list | None:
    if "mentionedUsers" not in tweet:
        return None
    return [user.get("username") for user in tweet.get("mentionedUsers") or []
            if isinstance(user, dict) and user.get("username")]


def _links(tweet: dict) -> list | None:
    """Expanded links: `links[].url` (snscrape 0.5+), else the older `outlinks` list."""
    if "links" in tweet:
        return [link.get("url") for link in tweet.get("links") or [] if isinstance(link, dict) and link.get("url")]
    if "outlinks" in tweet:
        return [link for link in tweet.get("outlinks") or [] if isinstance(link, str)]
    return None


def _id_text(value) -> str | None:
    return None if value is None or isinstance(value, bool) else str(value)


def _finish_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    frame["created_at"] = parse_dates(frame["created_at"], "ISO8601")
    return frame
