"""twarc-csv's CSV (`twarc2 csv tweets.jsonl tweets.csv`): one v2 tweet per row, columns named by JSON path.

twarc-csv names its columns after the fields they came from (`public_metrics.like_count`,
`author.username`, `referenced_tweets.retweeted.id`), writes lists as JSON text
(`["#Brexit"]`, or whole entity objects in older versions), escapes newlines in text
as a literal '\\n', and by default copies a retweeted tweet's text, entities and counts
onto the retweet. Decoding and delimiters are handled by the spreadsheet importer.
"""

import csv
import json
from collections import Counter

import pandas as pd

from . import spreadsheet
from .base import ImportResult, LoadOptions
from .jsonrecords import parse_dates
from .source import Source
from .twitter_v1 import is_media_link, status_url

NAME = "twarc_csv"
DESCRIPTION = "twarc-csv CSV of Twitter API v2 tweets (columns such as public_metrics.like_count, author.username)"
# Text escapes &, < and > as &amp; &lt; &gt; (and nothing else), as the API wrote it.
TEXT_ENTITIES = "markup"

# schema field -> twarc-csv column
COLUMNS = {
    "id": "id",
    "text": "text",
    "author": "author.username",
    "author_name": "author.name",
    "author_bio": "author.description",
    "created_at": "created_at",
    "likes": "public_metrics.like_count",
    "retweets": "public_metrics.retweet_count",
    "replies": "public_metrics.reply_count",
    "quotes": "public_metrics.quote_count",
    "in_reply_to": "referenced_tweets.replied_to.id",
    "conversation_id": "conversation_id",
    "lang": "lang",
    "hashtags": "entities.hashtags",
    "mentions": "entities.mentions",
    "urls": "entities.urls",
    "is_repost": "referenced_tweets.retweeted.id",
}
# Header names no ordinary spreadsheet has; three of them make a file twarc-csv's.
SIGNATURE_COLUMNS = {
    "public_metrics.like_count", "public_metrics.retweet_count", "public_metrics.reply_count",
    "public_metrics.quote_count", "author.username", "author.name", "author.description",
    "referenced_tweets.retweeted.id", "referenced_tweets.replied_to.id", "entities.hashtags",
    "entities.mentions", "entities.urls", "retweeted_username", "in_reply_to_username", "__twarc.retrieved_at",
}
# The JSON key that holds the value in each entity list of older twarc-csv versions.
_ENTITY_KEYS = {"hashtags": ("tag",), "mentions": ("username",), "urls": ("unwound_url", "expanded_url", "url")}


def sniff(source: Source) -> int:
    """A header row holding at least three of twarc-csv's dotted column names (beats the spreadsheet's 40)."""
    first_line = next((line for line in source.head_text().splitlines() if line.strip()), "")
    best = 0
    for delimiter in (",", ";", "\t", "|"):
        cells = {cell.strip() for cell in next(csv.reader([first_line], delimiter=delimiter), [])}
        best = max(best, len(cells & SIGNATURE_COLUMNS))
    return 92 if best >= 3 else 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every row as a tweet, undoing twarc-csv's escaping of text and lists."""
    (sheet,), detail = spreadsheet.read_delimited(source)
    rows, first_row = sheet.read_rows(), sheet.first_row
    header = [str(cell).strip() if cell is not None else "" for cell in rows[0]]
    position = {name: index for index, name in enumerate(header)}
    body = rows[1:]

    def column(name: str) -> list | None:
        index = position.get(name)
        if index is None:
            return None
        return [row[index] if index < len(row) else None for row in body]

    mapping = {field: name for field, name in COLUMNS.items() if name in position}
    frame = pd.DataFrame({field: column(name) for field, name in mapping.items()
                          if field not in ("hashtags", "mentions", "urls", "is_repost")}, index=range(len(body)))
    frame["source_row"] = range(first_row + 1, first_row + 1 + len(body))
    notes: list[str] = []
    texts = column("text") or [None] * len(body)
    json_encoded = _json_encoded_text(texts)
    retweet_ids, retweeted_by = _retweets(column, len(body))
    retweeted_users = column("retweeted_username") or [None] * len(body)
    frame["text"] = [_retweet_text(_unescape(text, json_encoded), rt_id, rt_user)
                     for text, rt_id, rt_user in zip(texts, retweet_ids, retweeted_users)]
    bios = column("author.description")
    if bios is not None:
        frame["author_bio"] = [_unescape(bio, json_encoded) for bio in bios]
    frame["is_repost"] = [rt_id is not None for rt_id in retweet_ids]
    if retweeted_by:
        mapping["is_repost"] = retweeted_by
    for field in ("hashtags", "mentions", "urls"):
        cells = column(COLUMNS[field])
        if cells is not None:
            frame[field] = [_entity_list(cell, _ENTITY_KEYS[field]) for cell in cells]
    if "mentions" in frame:  # a retweet names the retweeted account, as its 'RT @user:' text does
        frame["mentions"] = [[user] + mentions if rt_id is not None and user else mentions
                             for mentions, rt_id, user in zip(frame["mentions"], retweet_ids, retweeted_users)]
    if "created_at" in frame:
        frame["created_at"] = parse_dates(frame["created_at"], "ISO8601")
    ids = column("id")
    if ids is not None:
        authors = column("author.username") or [None] * len(body)
        frame["url"] = [status_url(author, tweet_id) for author, tweet_id in zip(authors, ids)]
        mapping["url"] = "https://twitter.com/{author.username}/status/{id}"
    reposts = sum(frame["is_repost"])
    if reposts:
        mapping["text"] = "text (a retweet: 'RT @' + retweeted_username + ': ' + text)"
        notes.append(f"twarc-csv copies the retweeted tweet's text and counts onto each retweet: "
                     f"the {reposts:,} retweets show the original tweet's likes")
    unused = [name for name in header if name and name not in mapping.values()]
    if unused:
        notes.append(f"{len(unused)} twarc-csv columns not used (media, geo, annotations, edit history ...)")
    detail["shape"] = "twarc-csv" + (" (older version, JSON-encoded text)" if json_encoded else "")
    return ImportResult(frame=frame, mapping=mapping, detail=detail, dropped=Counter(), notes=notes, platform="twitter")


def _retweets(column, rows: int) -> tuple[list, str | None]:
    """Each row's retweeted tweet id (or None), and the column that said so.

    twarc-csv 0.5+ has `referenced_tweets.retweeted.id`; older versions wrote the
    whole `referenced_tweets` list as JSON.
    """
    ids = column("referenced_tweets.retweeted.id")
    if ids is not None:
        return ids, "referenced_tweets.retweeted.id"
    references = column("referenced_tweets")
    if references is None:
        return [None] * rows, None
    found = []
    for cell in references:
        items = _json_list(cell)
        found.append(next((item.get("id") for item in items
                           if isinstance(item, dict) and item.get("type") == "retweeted"), None))
    return found, "referenced_tweets[type=retweeted]"


def _json_encoded_text(texts: list) -> bool:
    """True for older twarc-csv files, which wrote every text cell as a JSON string literal."""
    filled = [text for text in texts if isinstance(text, str)]
    return bool(filled) and all(len(text) >= 2 and text[0] == text[-1] == '"' for text in filled)


def _unescape(text, json_encoded: bool):
    """Text as the author wrote it: the JSON literal decoded, or twarc-csv's '\\n' turned back into line breaks."""
    if not isinstance(text, str):
        return text
    if json_encoded:
        try:
            decoded = json.loads(text)
            return decoded if isinstance(decoded, str) else text
        except (ValueError, RecursionError):
            return text
    return text.replace("\\n", "\n")


def _retweet_text(text, retweet_id, retweeted_user):
    """A retweet's text as Twitter showed it ('RT @user: ...'), since twarc-csv stores the original's text."""
    if retweet_id is None or not retweeted_user or not isinstance(text, str) or text.startswith("RT @"):
        return text
    return f"RT @{retweeted_user}: {text}"


def _json_list(cell) -> list:
    if not isinstance(cell, str) or not cell.strip():
        return []
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):
        return []
    return value if isinstance(value, list) else []


def _entity_list(cell, keys: tuple[str, ...]) -> list[str]:
    """Entities from a JSON-ish list cell: '["#Brexit"]', '["@user"]', or objects with tag/username/url keys."""
    values = []
    for item in _json_list(cell):
        if isinstance(item, dict):
            item = None if "media_key" in item else next((item[key] for key in keys if item.get(key)), None)
        if isinstance(item, str) and item.strip() and not is_media_link(item):
            values.append(item.strip().lstrip("#@"))
    return values
