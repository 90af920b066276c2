"""Twitter API v1.1 statuses: a JSON list, a search response, or one status per line.

Tools built on the v1.1 API (twarc 1, tweepy scripts, the old streaming API) wrote
status objects as Twitter returned them: the full text may sit in `full_text`,
`extended_tweet.full_text` or `text`, a retweet carries the retweeted status whole,
and entities hold the expanded links. Archives store the same objects without their
author, so twitter_archive.py reads its tweets with `status_row` from here.
"""

import re
from collections import Counter

import pandas as pd

from .base import ImportResult, LoadOptions
from .jsonrecords import (POST_FIELDS, REPEATING_FIELDS, dig, frame_in_chunks, guarded, head_keys, iter_values,
                          parse_dates, present_mapping)
from .source import Source

NAME = "twitter_v1"
DESCRIPTION = "Twitter API v1.1 statuses (twarc 1, tweepy): JSON list, search response or JSON Lines"
# Text escapes &, < and > as &amp; &lt; &gt; (and nothing else), as the API wrote it.
TEXT_ENTITIES = "markup"

V1_DATE_FORMAT = "%a %b %d %H:%M:%S %z %Y"
MAPPING = {
    "id": "id_str",
    "text": "extended_tweet.full_text / full_text / text (a retweet: 'RT @user: ' + retweeted_status text)",
    "author": "user.screen_name",
    "author_name": "user.name",
    "author_bio": "user.description",
    "created_at": "created_at",
    "likes": "favorite_count",
    "retweets": "retweet_count",
    "replies": "reply_count",
    "quotes": "quote_count",
    "url": "https://twitter.com/{user.screen_name}/status/{id_str}",
    "in_reply_to": "in_reply_to_status_id_str",
    "lang": "lang",
    "hashtags": "entities.hashtags[].text",
    "mentions": "entities.user_mentions[].screen_name",
    "urls": "entities.urls[].unwound.url / expanded_url",
    "is_repost": "retweeted_status present",
}
# A link to the post's own photo or video: an attachment, not a cited link.
MEDIA_LINK_RE = re.compile(
    r"(?:https?://)?(?:pic\.(?:twitter|x)\.com/|(?:www\.)?(?:twitter|x)\.com/\w+/status/\d+/(?:photo|video)/\d+$)")
# Stream messages that are not posts: deletions, rate-limit notices, disconnects.
STREAM_NOTICES = ("delete", "limit", "scrub_geo", "status_withheld", "user_withheld", "disconnect", "warning")


def sniff(source: Source) -> int:
    """Status objects: `id_str` with a `user` holding `screen_name`, or a search response's `statuses`."""
    if source.head_text().lstrip().startswith("window.YTD."):
        return 0
    keys = head_keys(source)
    if "id_str" not in keys:
        return 0
    if "statuses" in keys and "screen_name" in keys:
        return 95
    if "user" in keys and keys & {"screen_name", "favorite_count", "full_text"}:
        return 90
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every status (search responses unpacked), one row each."""
    dropped: Counter = Counter()
    notes: list[str] = []
    shapes: Counter = Counter()
    cut_short = []

    def status_rows(statuses, number):
        """The rows of readable statuses; those cut short (truncated v1.1) are noted by line."""
        for status in statuses:
            row = guarded(lambda: status_row(status, number), dropped)
            if row is None:
                continue
            if is_cut_short(status):
                cut_short.append(number)
            yield row

    def rows():
        for number, value in iter_values(source, dropped, notes, options.strict):
            if isinstance(value, dict) and isinstance(value.get("statuses"), list):
                shapes["search response"] += 1
                statuses = [status for status in value["statuses"] if is_status(status)]
                dropped["not a status object"] += len(value["statuses"]) - len(statuses)
                yield from status_rows(statuses, number)
            elif is_status(value):
                shapes["statuses"] += 1
                yield from status_rows([value], number)
            elif isinstance(value, dict) and any(key in value for key in STREAM_NOTICES):
                dropped["stream notice (deletion, limit ...), not a post"] += 1
            else:
                dropped["not a status object"] += 1

    frame = frame_in_chunks(rows(), POST_FIELDS, finish=finish_chunk, shared=REPEATING_FIELDS)
    detail = {"shape": " + ".join(shapes) or "none"}
    warnings = []
    if cut_short:
        warnings.append(f"{len(cut_short):,} of {len(frame):,} statuses are cut short at 140 characters "
                        "('truncated': true, ending in '…' and a t.co link) and their full text is not in the export; "
                        "collect them again with tweet_mode=extended for whole texts")
    return ImportResult(frame=frame, mapping=present_mapping(frame, MAPPING), detail=detail,
                        dropped=dropped, notes=notes, platform="twitter", warnings=warnings)


def is_status(value) -> bool:
    """A v1.1 status object: an id and some text."""
    return isinstance(value, dict) and ("id_str" in value or "id" in value) and (
        "full_text" in value or "text" in value or "extended_tweet" in value)


def is_cut_short(status) -> bool:
    """A status Twitter sent in compatibility mode, text cut with no full text beside it."""
    return (isinstance(status, dict) and status.get("truncated") is True
            and not status.get("full_text") and not dig(status, "extended_tweet", "full_text"))


def finish_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    """Parse the chunk's v1.1 dates ('Wed Oct 10 20:19:24 +0000 2018') in bulk."""
    frame["created_at"] = parse_dates(frame["created_at"], V1_DATE_FORMAT)
    return frame


def status_row(status: dict, number: int, author: dict | None = None) -> dict:
    """One reply-table row from a v1.1 status; `author` stands in for a missing `user` (archives)."""
    user = status.get("user") if isinstance(status.get("user"), dict) else (author or {})
    retweeted = status.get("retweeted_status") if isinstance(status.get("retweeted_status"), dict) else None
    text = full_text(status)
    hashtags, mentions, urls = entity_lists(entities_of(status))
    if retweeted is not None:
        original_author = dig(retweeted, "user", "screen_name")
        original_text = full_text(retweeted)
        if original_author and original_text:
            text = f"RT @{original_author}: {original_text}"
            hashtags, mentions, urls = entity_lists(entities_of(retweeted))
            mentions = [original_author] + (mentions or [])
    status_id = status.get("id_str") or _id_text(status.get("id"))
    handle = user.get("screen_name")
    return {
        "id": status_id,
        "text": text,
        "author": handle,
        "author_name": user.get("name"),
        "author_bio": user.get("description"),
        "created_at": status.get("created_at"),
        "likes": status.get("favorite_count"),
        "retweets": status.get("retweet_count"),
        "replies": status.get("reply_count"),
        "quotes": status.get("quote_count"),
        "url": status_url(handle, status_id),
        "in_reply_to": status.get("in_reply_to_status_id_str") or _id_text(status.get("in_reply_to_status_id")),
        "conversation_id": None,
        "lang": status.get("lang"),
        "hashtags": hashtags,
        "mentions": mentions,
        "urls": urls,
        "is_repost": retweeted is not None,
        "source_row": number,
    }


def full_text(status: dict) -> str | None:
    """The whole text: streaming's extended_tweet, extended mode's full_text, else the (maybe cut) text."""
    return dig(status, "extended_tweet", "full_text") or status.get("full_text") or status.get("text")


def entities_of(status: dict) -> dict | None:
    """The entities matching `full_text`: extended_tweet's when the status has one."""
    return dig(status, "extended_tweet", "entities") or status.get("entities")


def entity_lists(entities) -> tuple[list | None, list | None, list | None]:
    """Hashtags, mentioned handles and links (expanded) from v1.1 entities; None where there are none to read."""
    if not isinstance(entities, dict):
        return None, None, None
    hashtags = [tag.get("text") for tag in entities.get("hashtags") or [] if isinstance(tag, dict) and tag.get("text")]
    mentions = [m.get("screen_name") for m in entities.get("user_mentions") or []
                if isinstance(m, dict) and m.get("screen_name")]
    urls = [dig(link, "unwound", "url") or link.get("expanded_url") or link.get("url")
            for link in entities.get("urls") or [] if isinstance(link, dict)]
    return hashtags, mentions, [url for url in urls if url]


def status_url(handle: str | None, status_id: str | None) -> str | None:
    """The post's address: twitter.com/<handle>/status/<id>, or the handle-free i/web form."""
    if not status_id:
        return None
    return f"https://twitter.com/{handle}/status/{status_id}" if handle else f"https://twitter.com/i/web/status/{status_id}"


def is_media_link(url: str) -> bool:
    """True for links to a post's own photos and videos, which entity lists mix in with cited links."""
    return bool(MEDIA_LINK_RE.match(url))


def _id_text(value) -> str | None:
    return None if value is None or isinstance(value, bool) else str(value)
