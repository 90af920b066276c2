"""Bluesky posts as the AT Protocol app views give them.

Reads app.bsky.feed.getPostThread responses (the `thread` tree flattened, the
thread's own post as the root at depth 0), post lists (`posts` from getPosts and
searchPosts, `feed` from getAuthorFeed and getTimeline, where a reasonRepost marks
a repost), bare post views, or JSON Lines of any of these. Hashtags, mentions and
links come from the post's rich-text facets, which carry full link addresses.
"""

from collections import Counter

from .. import extract
from ..threads import THREAD_ROOT_DETAIL
from .base import ImportResult, LoadOptions
from .jsonrecords import WRONG_TYPES, dig, guarded
from .postrecords import UNRECOGNISED, build_result, json_values, starts_like_json
from .source import Source

NAME = "bluesky"
DESCRIPTION = "Bluesky: getPostThread trees, getPosts/searchPosts/getAuthorFeed/getTimeline lists, or JSON Lines"
# Text is plain (or HTML this module turns into text itself): no entity is decoded again.
TEXT_ENTITIES = "none"

THREAD_VIEW = "app.bsky.feed.defs#threadViewPost"
NOT_FOUND = "app.bsky.feed.defs#notFoundPost"
BLOCKED = "app.bsky.feed.defs#blockedPost"
REPOST_REASON = "app.bsky.feed.defs#reasonRepost"
FACET_TAG = "app.bsky.richtext.facet#tag"
FACET_MENTION = "app.bsky.richtext.facet#mention"
FACET_LINK = "app.bsky.richtext.facet#link"

ABOVE_ROOT = "above the requested post (thread parents)"
NOT_FOUND_REASON = "reply not found (deleted)"
BLOCKED_REASON = "reply hidden by a block"
MAPPING = {
    "id": "uri (a repost: reason.uri, else 'repost:<reason.by.did>:<uri>')",
    "text": "record.text",
    "author": "author.handle (a repost: reason.by.handle)",
    "author_name": "author.displayName",
    "author_bio": "author.description",
    "created_at": "record.createdAt (a repost: reason.indexedAt)",
    "likes": "likeCount",
    "retweets": "repostCount",
    "replies": "replyCount",
    "quotes": "quoteCount",
    "url": "https://bsky.app/profile/<author.handle>/post/<rkey of uri>",
    "in_reply_to": "record.reply.parent.uri",
    "conversation_id": "record.reply.root.uri (else the post's own uri)",
    "lang": "record.langs[0]",
    "is_repost": "feed item reason is #reasonRepost",
    "depth": "level in the getPostThread tree",
    "hashtags": "record.facets #tag",
    "mentions": "record.facets #mention (handle from the text, else did)",
    "urls": "record.facets #link uri, record.embed.external.uri",
}


def sniff(source: Source) -> int:
    """Every Bluesky post names its record type (app.bsky.feed.post) and has an at:// uri."""
    if not starts_like_json(source):
        return 0
    head = source.head_text()
    if '"app.bsky.' in head or ('"at://did:' in head and '"record"' in head):
        return 95
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every post in the file into reply-table rows, flattening thread trees."""
    dropped: Counter = Counter()
    notes: list[str] = []
    rows: list[dict] = []
    shapes: set[str] = set()
    roots: set[str] = set()
    first_value = None
    for line, value in json_values(source, options, dropped, notes):
        first_value = value if first_value is None else first_value
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(reversed(item))
            elif not isinstance(item, dict):
                dropped[UNRECOGNISED] += 1
            elif "thread" in item or item.get("$type") in (THREAD_VIEW, NOT_FOUND, BLOCKED) or (
                    "replies" in item and _is_post(item.get("post"))):
                shapes.add("getPostThread response")
                thread = item.get("thread", item)
                if not isinstance(thread, dict):
                    dropped[WRONG_TYPES] += 1
                    continue
                if _is_post(thread.get("post")):
                    roots.add(thread["post"]["uri"])
                rows.extend(_flatten_thread(thread, line, dropped))
            elif isinstance(item.get("feed"), list):
                shapes.add("feed")
                pending.extend(reversed(item["feed"]))
            elif isinstance(item.get("posts"), list):
                shapes.add("post list")
                pending.extend(reversed(item["posts"]))
            elif _is_post(item.get("post")):
                rows.extend(guarded(lambda: [_feed_item_row(item, line)], dropped, []))
            elif _is_post(item):
                rows.extend(guarded(lambda: [_post_row(item, line)], dropped, []))
            else:
                dropped[UNRECOGNISED] += 1
    detail = {"shape": ", ".join(sorted(shapes)) or "post views"}
    if len(roots) == 1:
        detail[THREAD_ROOT_DETAIL] = roots.pop()
    if dropped[ABOVE_ROOT]:
        notes.append(f"posts above the requested post left out: {dropped[ABOVE_ROOT]:,}; "
                     "fetch the thread of the top post to analyse the whole conversation")
    return build_result(source, rows, "bluesky", "Bluesky posts", MAPPING, dropped, notes, detail, first_value)


def _is_post(item) -> bool:
    return isinstance(item, dict) and isinstance(item.get("uri"), str) and isinstance(item.get("record"), dict)


def _flatten_thread(thread: dict, line: int | None, dropped: Counter) -> list[dict]:
    """The thread's post (depth 0) and every reply below it, depth first, without recursion."""
    parent = thread.get("parent")
    while isinstance(parent, dict):
        dropped[ABOVE_ROOT] += 1
        parent = parent.get("parent")
    rows = []
    pending = [(thread, 0)]
    while pending:
        node, depth = pending.pop()
        kind = node.get("$type")
        if kind == NOT_FOUND or node.get("notFound"):
            dropped[NOT_FOUND_REASON] += 1
        elif kind == BLOCKED or node.get("blocked"):
            dropped[BLOCKED_REASON] += 1
        elif _is_post(node.get("post")):
            rows.extend(guarded(lambda: [_post_row(node["post"], line, depth=depth)], dropped, []))
            replies = node.get("replies") if isinstance(node.get("replies"), list) else []
            replies = [reply for reply in replies if isinstance(reply, dict)]
            pending.extend((reply, depth + 1) for reply in reversed(replies))
        else:
            dropped[UNRECOGNISED] += 1
    return rows


def _post_row(post: dict, line: int | None, depth: int | None = None) -> dict:
    record = post["record"]
    author = post.get("author") or {}
    text = record.get("text") or ""
    facets = _facet_values(text, record.get("facets"))
    links = facets[FACET_LINK] if facets[FACET_LINK] is not None else extract.extract_urls(text)
    external = dig(record, "embed", "external", "uri")
    if external and external not in links:
        links = links + [external]
    reply = record.get("reply")
    return {
        "id": post["uri"],
        "text": text,
        "author": author.get("handle"),
        "author_name": author.get("displayName") or None,
        "author_bio": author.get("description") or None,
        "created_at": record.get("createdAt") or post.get("indexedAt"),
        "likes": post.get("likeCount"),
        "retweets": post.get("repostCount"),
        "replies": post.get("replyCount"),
        "quotes": post.get("quoteCount"),
        "url": post_url(post["uri"], author.get("handle")),
        "in_reply_to": dig(reply, "parent", "uri") if reply else None,
        "conversation_id": dig(reply, "root", "uri") if reply else post["uri"],
        "lang": dig(record, "langs", 0),
        "is_repost": False,
        "depth": depth,
        "hashtags": facets[FACET_TAG],
        "mentions": facets[FACET_MENTION],
        "urls": links,
        "source_row": line,
    }


def _feed_item_row(item: dict, line: int | None) -> dict:
    """A feed entry: the post itself, or a repost of it by `reason.by` (which has no counts of its own)."""
    row = _post_row(item["post"], line)
    reason = item.get("reason") or {}
    if reason.get("$type") != REPOST_REASON:
        return row
    by = reason.get("by") if isinstance(reason.get("by"), dict) else {}
    reposter = by.get("did") or by.get("handle")
    row.update({
        # Older app views give no uri for the repost itself; one account reposts a post once, so this is stable.
        "id": reason.get("uri") or (f"repost:{reposter}:{row['id']}" if reposter else None),
        "author": by.get("handle"),
        "author_name": by.get("displayName") or None,
        "author_bio": by.get("description") or None,
        "created_at": reason.get("indexedAt"),
        "likes": None, "retweets": None, "replies": None, "quotes": None,
        "in_reply_to": None,
        "conversation_id": None,
        "is_repost": True,
    })
    return row


def post_url(uri: str, handle: str | None) -> str | None:
    """The bsky.app address of an at://<did>/app.bsky.feed.post/<rkey> post."""
    parts = uri.removeprefix("at://").split("/")
    if len(parts) != 3:
        return None
    return f"https://bsky.app/profile/{handle or parts[0]}/post/{parts[2]}"


def _facet_values(text: str, facets) -> dict[str, list[str] | None]:
    """Tags, mentions and links from the facets; None for a kind the post has no facets of (read from text then)."""
    found: dict[str, list[str] | None] = {FACET_TAG: None, FACET_MENTION: None, FACET_LINK: None}
    encoded = text.encode("utf-8")
    for facet in facets if isinstance(facets, list) else []:
        index = facet.get("index") if isinstance(facet, dict) else None
        if not isinstance(index, dict):
            continue
        start, end = index.get("byteStart", 0), index.get("byteEnd", 0)
        written = encoded[start:end].decode("utf-8", errors="replace") if isinstance(start, int) and isinstance(end, int) else ""
        features = facet.get("features")
        for feature in features if isinstance(features, list) else []:
            kind = feature.get("$type") if isinstance(feature, dict) else None
            if kind == FACET_TAG and feature.get("tag"):
                value = feature["tag"].lstrip("#")
            elif kind == FACET_MENTION:
                value = written[1:] if written.startswith("@") and len(written) > 1 else feature.get("did")
            elif kind == FACET_LINK and feature.get("uri"):
                value = feature["uri"]
            else:
                continue
            if value:
                found[kind] = (found[kind] or []) + [value]
    return found
