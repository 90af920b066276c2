"""Twitter API v2 exports as twarc2 writes them: response pages, stream output, flattened tweets.

twarc2 keeps what the API returned. A search writes one response page per line
(`data`: the tweets; `includes.users`: their authors, joined on `author_id`;
`includes.tweets`: the tweets they retweet, quote or answer). The stream writes one
`{data, includes, matching_rules}` per line. `twarc2 flatten` writes one tweet per
line with its author and referenced tweets embedded. Any of these, in a JSON document
or JSON Lines, becomes one row per tweet. Files of users, counts, lists or compliance
records hold no posts and are refused with a message saying what they are.
"""

from collections import Counter

import pandas as pd

from .. import schema
from ..errors import ReplyscopeError
from . import jsonrecords
from .base import ImportResult, LoadOptions
from .jsonrecords import (POST_FIELDS, REPEATING_FIELDS, dig, frame_in_chunks, guarded, head_keys, iter_values,
                          parse_dates, present_mapping)
from .source import Source
from .twitter_v1 import is_media_link, status_url

NAME = "twitter_v2"
DESCRIPTION = "Twitter API v2 / twarc2 JSON or JSON Lines: response pages, stream output, flattened tweets"
# Text escapes &, < and > as &amp; &lt; &gt; (and nothing else), as the API wrote it.
TEXT_ENTITIES = "markup"

# Keys only v2 tweets have (v1.1 and scrapers spell theirs differently).
TWEET_KEYS = {"author_id", "conversation_id", "public_metrics", "edit_history_tweet_ids", "referenced_tweets",
              "reply_settings"}
COMPLIANCE_KEYS = {"id", "action", "reason"}
# What a v2 search or timeline page holds with no fields asked for (tweepy's Client by default):
# tweets of id, text and edit_history_tweet_ids only, and a `meta` of these.
DEFAULT_FIELDS_META = {"result_count", "newest_id", "oldest_id", "next_token"}
# Keys of the other objects twarc2 pages hold: users, tweet counts, lists.
OTHER_PAGE_KEYS = {"pinned_tweet_id", "tweet_count", "member_count"}
# What a page's `data` holds when it is not tweets, told by a key only that object has.
OTHER_OBJECTS = (("username", "Twitter API user objects"), ("tweet_count", "Twitter API tweet counts"),
                 ("member_count", "Twitter API list objects"), ("action", "Twitter compliance records"))
ERROR_LINE = "API error message, not a post"


def sniff(source: Source) -> int:
    """v2 tweets by their snake_case keys; other twarc2 output by `__twarc`; empty JSON as a last resort.

    Claiming twarc2's user, count and list files (and compliance records) lets `read`
    say plainly that they hold no posts, rather than 'not a format replyscope recognises'.
    """
    if not source.head.strip():
        return 1 if source.suffix in (".json", ".jsonl", ".ndjson") else 0
    if source.head_text().lstrip().startswith("window.YTD."):
        return 0
    keys = head_keys(source)
    if {"id", "text"} <= keys and len(keys & TWEET_KEYS) >= 2:
        return 95
    if {"id", "text", "edit_history_tweet_ids"} <= keys or ({"data", "id", "text"} <= keys and keys & DEFAULT_FIELDS_META):
        return 85
    if "__twarc" in keys or ("data" in keys and keys & OTHER_PAGE_KEYS):
        return 70
    if COMPLIANCE_KEYS <= keys and "created_at" in keys and len(keys) <= 6:
        return 50
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every tweet of every page, stream line or flattened line, one row each.

    Each chunk of rows is conformed to the reply table as soon as it is read, so the rows'
    Python objects never exist for the whole file at once.
    """
    if not source.head.strip():
        raise ReplyscopeError(f"{source.name}: holds no posts (the file is empty); check the export finished writing.")
    dropped: Counter = Counter()
    notes: list[str] = []
    seen = _Seen()
    rows = _rows_in(iter_values(source, dropped, notes, options.strict), seen, dropped)
    filled: set[str] = set()
    problems: Counter = Counter()

    def conform_chunk(chunk: pd.DataFrame) -> pd.DataFrame:
        """The chunk as reply-table rows, noting first which fields the export filled (for the mapping)."""
        chunk = _finish_chunk(chunk)
        filled.update(present_mapping(chunk, _MAPPING_PAGES))
        return schema.conform(chunk, platform="twitter", source_file=source.name,
                              problems=problems, text_entities=TEXT_ENTITIES)

    frame = frame_in_chunks(rows, POST_FIELDS, finish=conform_chunk, shared=REPEATING_FIELDS,
                            chunk_rows=jsonrecords.CHUNK_ROWS)
    if frame.empty:
        raise _holds_no_posts(source, seen, dropped)
    if seen.error_lines:
        notes.append(f"{len(seen.error_lines):,} API error message(s) skipped: "
                     f"line {_list_numbers(seen.error_lines)}")
    if seen.other:
        held = ", ".join(f"{n:,} page(s) of {kind}" for kind, n in seen.other.items())
        notes.append(f"also held {held} (not posts)")
    detail: dict[str, object] = {"shape": " + ".join(seen.shapes) or "none"}
    if seen.shapes.get("pages"):
        detail["pages"] = seen.shapes["pages"]
    mapping = _MAPPING_FLAT if seen.shapes.keys() == {"flat"} else _MAPPING_PAGES
    shown = {name: mapping[name] for name in schema.COLUMNS if name in mapping and name in filled}
    return ImportResult(frame=frame, mapping=shown, detail=detail, dropped=dropped, notes=notes, platform="twitter",
                        conform_problems=problems)


class _Seen:
    """What the records turned out to be, for the report and for the no-posts message."""

    def __init__(self):
        self.shapes: Counter = Counter()
        self.other: Counter = Counter()
        self.error_lines: list[int] = []
        self.first_unknown_keys: list[str] | None = None


def _rows_in(values, seen: _Seen, dropped: Counter):
    """The rows of every (line number, record): _rows_of's, with a flattened tweet (most lines of a
    `twarc2 flatten` file) read here without a generator and a guard call of its own per line."""
    shapes = seen.shapes
    for number, value in values:
        if isinstance(value, dict) and "data" not in value and "id" in value and ("text" in value or "note_tweet" in value):
            shapes["flat"] += 1
            author = value.get("author")
            try:
                yield _row(value, author if isinstance(author, dict) else None, _EMBEDDED, number)
            except jsonrecords.WRONG_TYPE_ERRORS:
                dropped[jsonrecords.WRONG_TYPES] += 1
        else:
            yield from _rows_of(value, number, seen, dropped)


def _rows_of(value, number: int, seen: _Seen, dropped: Counter):
    """The rows in one top-level record: a page, a stream line, or a flattened tweet."""
    if not isinstance(value, dict):
        dropped["not a tweet object"] += 1
        return
    data = value.get("data")
    if isinstance(data, list):
        kind = _kind_of(data)
        if kind != "tweets":
            seen.other[kind] += 1
            return
        seen.shapes["pages"] += 1
        find = _includes_lookup(value)
        for tweet in data:
            row = guarded(lambda: _row(tweet, find.author(tweet), find, number), dropped)
            if row is not None:
                yield row
    elif isinstance(data, dict) and _is_tweet(data):
        seen.shapes["stream"] += 1
        find = _includes_lookup(value)
        row = guarded(lambda: _row(data, find.author(data), find, number), dropped)
        if row is not None:
            yield row
    elif _is_tweet(value):
        seen.shapes["flat"] += 1
        author = value.get("author") if isinstance(value.get("author"), dict) else None
        row = guarded(lambda: _row(value, author, _EMBEDDED, number), dropped)
        if row is not None:
            yield row
    elif "meta" in value and "data" not in value:
        seen.shapes["pages"] += 1  # a search that found nothing
    elif "errors" in value or ("title" in value and "detail" in value):
        seen.error_lines.append(number)
        dropped[ERROR_LINE] += 1
    elif COMPLIANCE_KEYS <= value.keys():
        seen.other["Twitter compliance records"] += 1
    else:
        seen.first_unknown_keys = seen.first_unknown_keys or list(value)[:6]
        dropped["not a tweet object"] += 1


def _is_tweet(value: dict) -> bool:
    return "id" in value and ("text" in value or "note_tweet" in value)


def _kind_of(data: list) -> str:
    first = next((item for item in data if isinstance(item, dict)), {})
    if _is_tweet(first) or not first:
        return "tweets"
    return next((kind for key, kind in OTHER_OBJECTS if key in first), "Twitter API objects that are not tweets")


class _IncludesLookup:
    """The users and tweets a page or stream line expanded, found by id."""

    def __init__(self, includes: dict):
        self.users = {u["id"]: u for u in _listed(includes.get("users")) if isinstance(u, dict) and _is_id(u.get("id"))}
        self.tweets = {t["id"]: t for t in _listed(includes.get("tweets")) if isinstance(t, dict) and _is_id(t.get("id"))}

    def author(self, tweet: dict) -> dict | None:
        author_id = tweet.get("author_id")
        return self.users.get(author_id) if _is_id(author_id) else None

    def referenced(self, reference: dict) -> tuple[dict | None, dict | None]:
        tweet = self.tweets.get(reference.get("id")) if _is_id(reference.get("id")) else None
        return (tweet, self.author(tweet)) if tweet else (None, None)


class _EmbeddedLookup:
    """Flattened tweets carry their referenced tweets (and those tweets' authors) inline."""

    @staticmethod
    def referenced(reference: dict) -> tuple[dict | None, dict | None]:
        if not _is_tweet(reference):
            return None, None
        author = reference.get("author")
        return reference, author if isinstance(author, dict) else None


_EMBEDDED = _EmbeddedLookup()


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def _is_id(value) -> bool:
    return isinstance(value, (str, int)) and not isinstance(value, bool)


def _includes_lookup(value: dict) -> _IncludesLookup:
    includes = value.get("includes")
    return _IncludesLookup(includes if isinstance(includes, dict) else {})


def _row(tweet: dict, author: dict | None, find, number: int) -> tuple:
    """One reply-table row, the POST_FIELDS in order, from a v2 tweet, its author and a way to find what it references."""
    author = author or {}
    referenced = tweet.get("referenced_tweets")
    references = {ref.get("type"): ref for ref in referenced if isinstance(ref, dict)} if referenced else {}
    text, entities = _text_and_entities(tweet)
    hashtags, mentions, urls = _entity_lists(entities)
    retweet = references.get("retweeted")
    if retweet is not None:
        original, original_author = find.referenced(retweet)
        handle = (original_author or {}).get("username")
        original_text, original_entities = _text_and_entities(original or {})
        if original_text and handle:
            text = f"RT @{handle}: {original_text}"
            hashtags, mentions, urls = _entity_lists(original_entities)
            mentions = [handle] + (mentions or [])
    metrics = given if isinstance(given := tweet.get("public_metrics"), dict) else {}
    username = author.get("username")
    return (  # POST_FIELDS, in order
        tweet.get("id"),
        text,
        username,
        author.get("name"),
        author.get("description"),
        tweet.get("created_at"),
        metrics.get("like_count"),
        metrics.get("retweet_count"),
        metrics.get("reply_count"),
        metrics.get("quote_count"),
        status_url(username, tweet.get("id")),
        (references.get("replied_to") or {}).get("id"),
        tweet.get("conversation_id"),
        tweet.get("lang"),
        hashtags,
        mentions,
        urls,
        retweet is not None or (
            "referenced_tweets" not in tweet and isinstance(text, str) and text.startswith("RT @")),
        number,
    )


def _text_and_entities(tweet: dict) -> tuple[str | None, dict | None]:
    """The whole text and its entities: a long post's `note_tweet`, else `text` (cut at 280 characters)."""
    if "note_tweet" in tweet:  # most posts have none: the lookups below are skipped
        note_text = dig(tweet, "note_tweet", "text")
        if note_text:
            return note_text, dig(tweet, "note_tweet", "entities")
    return tweet.get("text"), tweet.get("entities")


def _entity_lists(entities) -> tuple[list | None, list | None, list | None]:
    """Hashtags, mentioned usernames and links from v2 entities; None where the tweet has no entities.

    Links use the unwound (final) address where Twitter gave one; links to the tweet's
    own photos or videos (a media_key, or a .../photo/1 address) are not cited links and are left out.
    """
    if not isinstance(entities, dict):
        return None, None, None
    hashtags = [tag for item in entities.get("hashtags") or () if isinstance(item, dict) and (tag := item.get("tag"))]
    mentions = [name for item in entities.get("mentions") or () if isinstance(item, dict) and (name := item.get("username"))]
    links = entities.get("urls")
    if not links:
        return hashtags, mentions, []
    urls = [link.get("unwound_url") or link.get("expanded_url") or link.get("url")
            for link in links if isinstance(link, dict) and "media_key" not in link]
    return hashtags, mentions, [url for url in urls if url and not is_media_link(url)]


def _finish_chunk(frame: pd.DataFrame) -> pd.DataFrame:
    frame["created_at"] = parse_dates(frame["created_at"], "ISO8601")
    return frame


def _holds_no_posts(source: Source, seen: _Seen, dropped: Counter) -> ReplyscopeError:
    advice = "give an export of tweets or replies."
    if seen.other:
        kind = seen.other.most_common(1)[0][0]
        return ReplyscopeError(f"{source.name}: holds no posts (it looks like {kind}, not tweets); {advice}")
    if seen.error_lines and not dropped.get("not a tweet object"):
        return ReplyscopeError(f"{source.name}: holds no posts, only API error messages; {advice}")
    if seen.shapes:
        return ReplyscopeError(f"{source.name}: holds no posts (its API responses have no tweets in them); {advice}")
    if seen.first_unknown_keys is None and dropped:
        why = "; ".join(f"{n:,} {reason}" for reason, n in dropped.most_common())
        return ReplyscopeError(f"{source.name}: holds no readable posts ({why}); check the export finished writing.")
    keys = ", ".join(seen.first_unknown_keys or []) or "none"
    return ReplyscopeError(
        f"{source.name}: holds no posts that replyscope recognises as Twitter API v2 tweets "
        f"(the first record's keys: {keys}); {advice}")


def _list_numbers(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:10]) + (" ..." if len(numbers) > 10 else "")


_COMMON_MAPPING = {
    "id": "id",
    "text": "note_tweet.text / text (a retweet: 'RT @user: ' + the retweeted tweet's text)",
    "created_at": "created_at",
    "likes": "public_metrics.like_count",
    "retweets": "public_metrics.retweet_count",
    "replies": "public_metrics.reply_count",
    "quotes": "public_metrics.quote_count",
    "in_reply_to": "referenced_tweets[type=replied_to].id",
    "conversation_id": "conversation_id",
    "lang": "lang",
    "hashtags": "entities.hashtags[].tag",
    "mentions": "entities.mentions[].username",
    "urls": "entities.urls[].unwound_url / expanded_url (the post's own photos and videos left out)",
    "is_repost": "referenced_tweets[type=retweeted] (without referenced_tweets: text begins 'RT @')",
}
_MAPPING_PAGES = {**_COMMON_MAPPING,
                  "author": "includes.users[author_id].username",
                  "author_name": "includes.users[author_id].name",
                  "author_bio": "includes.users[author_id].description",
                  "url": "https://twitter.com/{username}/status/{id}"}
_MAPPING_FLAT = {**_COMMON_MAPPING,
                 "author": "author.username",
                 "author_name": "author.name",
                 "author_bio": "author.description",
                 "url": "https://twitter.com/{author.username}/status/{id}"}
