"""YouTube comments: Data API v3 responses, and youtube-comment-downloader's JSON lines.

Reads commentThreads.list responses (one page, a list of pages, or JSON Lines of
pages or of single threads), comments.list responses, and the line-per-comment
output of the widely used youtube-comment-downloader. A top-level comment answers
the video (depth 1); replies answer a top-level comment (depth 2), since YouTube
threads are two levels deep.
"""

from collections import Counter

from ..threads import THREAD_ROOT_DETAIL
from .base import ImportResult, LoadOptions
from .htmltext import html_to_text
from .jsonrecords import dig, guarded
from .postrecords import UNRECOGNISED, build_result, json_values, starts_like_json
from .source import Source

NAME = "youtube"
DESCRIPTION = "YouTube comments: Data API v3 commentThreads/comments responses, or youtube-comment-downloader lines"
# Text is plain (or HTML this module turns into text itself): no entity is decoded again.
TEXT_ENTITIES = "none"

API_MAPPING = {
    "id": "id",
    "text": "snippet.textOriginal (else textDisplay, HTML to text)",
    "author": "snippet.authorDisplayName without '@' (else authorChannelUrl's @handle, else authorChannelId.value)",
    "author_name": "snippet.authorDisplayName",
    "created_at": "snippet.publishedAt",
    "likes": "snippet.likeCount",
    "replies": "thread snippet.totalReplyCount",
    "url": "https://www.youtube.com/watch?v=<videoId>&lc=<id>",
    "in_reply_to": "snippet.parentId (a top-level comment: the videoId)",
    "conversation_id": "snippet.videoId",
    "depth": "1 for a top-level comment, 2 for a reply",
}
DOWNLOADER_MAPPING = {
    "id": "cid",
    "text": "text",
    "author": "author without '@'",
    "author_name": "author",
    "created_at": "time_parsed",
    "likes": "votes",
    "replies": "replies",
    "in_reply_to": "cid before the '.' (replies only)",
    "depth": "1, or 2 when reply is true",
}


def sniff(source: Source) -> int:
    """API resources name their kind (youtube#commentThread); the downloader's lines have cid, votes and time_parsed."""
    if not starts_like_json(source):
        return 0
    head = source.head_text()
    if '"youtube#comment' in head or '"topLevelComment"' in head:
        return 95
    if '"textOriginal"' in head and '"authorDisplayName"' in head:
        return 85
    if '"cid"' in head and '"votes"' in head and '"time_parsed"' in head:
        return 85
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every comment (top-level and replies) into reply-table rows."""
    dropped: Counter = Counter()
    notes: list[str] = []
    rows: list[dict] = []
    shapes: set[str] = set()
    replies_not_included = 0
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
            elif isinstance(item.get("items"), list):
                shapes.add("API list responses")
                pending.extend(reversed(item["items"]))
            elif item.get("kind") == "youtube#commentThread" or "topLevelComment" in (item.get("snippet") or {}):
                thread_rows = guarded(lambda: _thread_rows(item, line), dropped, [])
                rows.extend(thread_rows)
                total = dig(item, "snippet", "totalReplyCount", default=0)
                replies_not_included += max(0, total - (len(thread_rows) - 1)) if isinstance(total, int) else 0
            elif item.get("kind") == "youtube#comment" or _is_comment(item):
                rows.extend(guarded(lambda: [_comment_row(item, line, video_id=None)], dropped, []))
            elif "cid" in item and "text" in item:
                shapes.add("youtube-comment-downloader lines")
                rows.extend(guarded(lambda: [_downloader_row(item, line)], dropped, []))
            else:
                dropped[UNRECOGNISED] += 1
    api_rows = [row for row in rows if "conversation_id" in row]
    detail = {"shape": ", ".join(sorted(shapes)) or "API resources"}
    videos = {row["conversation_id"] for row in api_rows if isinstance(row["conversation_id"], str)}
    if len(videos) == 1 and len(api_rows) == len(rows):
        detail[THREAD_ROOT_DETAIL] = videos.pop()
    if replies_not_included:
        notes.append(f"replies YouTube counts but the file does not hold: {replies_not_included:,} "
                     "(commentThreads returns a few per thread; comments.list with parentId returns them all)")
    mapping = API_MAPPING if api_rows else DOWNLOADER_MAPPING
    return build_result(source, rows, "youtube", "YouTube comments", mapping, dropped, notes, detail, first_value)


def _is_comment(item: dict) -> bool:
    snippet = item.get("snippet")
    return isinstance(snippet, dict) and ("textOriginal" in snippet or "textDisplay" in snippet)


def _thread_rows(thread: dict, line: int | None) -> list[dict]:
    snippet = thread.get("snippet") or {}
    video_id = snippet.get("videoId")
    top = snippet.get("topLevelComment") or {}
    rows = [_comment_row(top, line, video_id, reply_count=snippet.get("totalReplyCount"))]
    rows.extend(_comment_row(reply, line, video_id) for reply in dig(thread, "replies", "comments", default=[]))
    return rows


def _comment_row(comment: dict, line: int | None, video_id: str | None, reply_count=None) -> dict:
    snippet = comment.get("snippet") or {}
    video_id = snippet.get("videoId") or video_id
    text = snippet.get("textOriginal")
    if text is None:
        text = html_to_text(snippet.get("textDisplay") or "").text
    parent = snippet.get("parentId")
    comment_id = comment.get("id")
    return {
        "id": comment_id,
        "text": text,
        "author": _handle(snippet),
        "author_name": snippet.get("authorDisplayName"),
        "created_at": snippet.get("publishedAt"),
        "likes": snippet.get("likeCount"),
        "replies": reply_count,
        "url": f"https://www.youtube.com/watch?v={video_id}&lc={comment_id}" if video_id and comment_id else None,
        "in_reply_to": parent or video_id,
        "conversation_id": video_id,
        "depth": 2 if parent else 1,
        "source_row": line,
    }


def _handle(snippet: dict) -> str | None:
    """The @handle YouTube shows (display names are '@handle' since 2023), else the channel id."""
    display = snippet.get("authorDisplayName") or ""
    if display.startswith("@"):
        return display[1:]
    channel_url = snippet.get("authorChannelUrl") or ""
    if "/@" in channel_url:
        return channel_url.rsplit("/@", 1)[1].strip("/")
    return dig(snippet, "authorChannelId", "value") or display or None


def _downloader_row(comment: dict, line: int | None) -> dict:
    cid = str(comment.get("cid") or "")
    is_reply = bool(comment.get("reply")) or "." in cid
    author = comment.get("author") or ""
    return {
        "id": cid or None,
        "text": comment.get("text"),
        "author": author.lstrip("@") or None,
        "author_name": author or None,
        "created_at": comment.get("time_parsed"),
        "likes": comment.get("votes"),
        "replies": comment.get("replies"),
        "in_reply_to": cid.split(".", 1)[0] if is_reply and "." in cid else None,
        "depth": 2 if is_reply else 1,
        "source_row": line,
    }
