"""Reddit comments: the JSON of a post page, listings, and Pushshift/Arctic Shift dumps.

Reads <post>.json ([the post's listing, the comments listing], replies nested as
listings of "t1" things, "more" stubs for comments not sent), any other listing,
and JSON Lines with one comment or submission per line. Deleted and removed
comments are left out with their count; their replies are kept, at their depth
(counted through the deleted comment's parent link). Likes are Reddit's score,
up-votes minus down-votes, which can be negative and stays so.
"""

import re
from collections import Counter

from ..threads import THREAD_ROOT_DETAIL
from ..values import MAX_COUNT
from .base import ImportResult, LoadOptions
from .jsonrecords import guarded
from .postrecords import UNRECOGNISED, build_result, json_values, starts_like_json
from .source import Source

NAME = "reddit"
DESCRIPTION = "Reddit: post comment pages (<post>.json), listings, or Pushshift/Arctic Shift JSON lines"
# Text escapes &, < and > as &amp; &lt; &gt; (and nothing else), as the API wrote it.
TEXT_ENTITIES = "markup"

DELETED_REASON = "deleted or removed"
DELETED_BODIES = {"[deleted]", "[removed]"}
REDDIT = "https://www.reddit.com"
# u/name and /u/name (Reddit names are 3-20 letters, digits, '_' or '-').
USER_MENTION_RE = re.compile(r"(?<![\w/])/?u/([A-Za-z0-9_-]{3,20})\b")
_KIND_RE = re.compile(r'"kind"\s*:\s*"(t1|t3|Listing)"')
MAPPING = {
    "id": "id (else name without t1_/t3_)",
    "text": "body (a submission: title + selftext)",
    "author": "author ([deleted] left blank)",
    "created_at": "created_utc",
    "likes": "score (up-votes minus down-votes; negative scores kept)",
    "replies": "num_comments (submissions)",
    "url": "https://www.reddit.com + permalink",
    "in_reply_to": "parent_id without t1_/t3_",
    "conversation_id": "link_id without t3_",
    "depth": "depth + 1 (Reddit counts top-level comments as 0), else counted along parent_id",
    "mentions": "u/name in the text",
}


def sniff(source: Source) -> int:
    """Listings name their things' kinds (t1 comments, t3 posts); dump lines have body, link_id and parent_id."""
    if not starts_like_json(source):
        return 0
    head = source.head_text()
    if _KIND_RE.search(head) and '"data"' in head:
        return 95
    if '"body"' in head and '"link_id"' in head and '"parent_id"' in head:
        return 90
    if '"selftext"' in head and '"subreddit"' in head:
        return 85
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every comment and submission in the file into reply-table rows."""
    dropped: Counter = Counter()
    notes: list[str] = []
    rows: list[dict] = []
    shapes: set[str] = set()
    not_sent = 0
    parent_links: dict[str, str] = {}
    first_value = None
    for line, value in json_values(source, options, dropped, notes):
        first_value = value if first_value is None else first_value
        pending = [value]
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                dropped[UNRECOGNISED] += 1
                continue
            kind, data = item.get("kind"), item.get("data")
            if kind == "Listing" and isinstance(data, dict):
                shapes.add("listing")
                children = data.get("children")
                pending.extend(reversed(children) if isinstance(children, list) else [])
            elif kind == "more" and isinstance(data, dict):
                count, children = data.get("count"), data.get("children")
                if isinstance(count, int) and not isinstance(count, bool) and 0 < count <= MAX_COUNT:
                    not_sent += count
                elif isinstance(children, list):
                    not_sent += len(children)
            elif kind in ("t1", "t3") and isinstance(data, dict):
                guarded(lambda: _add_thing(data, kind, line, rows, dropped, parent_links), dropped)
                if isinstance(data.get("replies"), dict):
                    pending.append(data["replies"])
            elif "body" in item and ("link_id" in item or "parent_id" in item):
                shapes.add("comment lines")
                guarded(lambda: _add_thing(item, "t1", line, rows, dropped, parent_links), dropped)
            elif "title" in item and ("selftext" in item or "subreddit" in item):
                shapes.add("submission lines")
                guarded(lambda: _add_thing(item, "t3", line, rows, dropped, parent_links), dropped)
            else:
                dropped[UNRECOGNISED] += 1
    detail = {"shape": ", ".join(sorted(shapes))}
    submissions = [row["id"] for row in rows if row["kind"] == "t3"]
    if "listing" in shapes and len(submissions) == 1:
        detail[THREAD_ROOT_DETAIL] = submissions[0]
    _count_depths(rows, parent_links)
    for row in rows:
        del row["kind"]
    if not_sent:
        notes.append(f"comments Reddit did not send ('load more comments' stubs): {not_sent:,}; "
                     "fetch them with /api/morechildren, or use a Pushshift/Arctic Shift dump, for the complete thread")
    result = build_result(source, rows, "reddit", "Reddit comments", MAPPING, dropped, notes, detail, first_value)
    result.signed_counts = ("likes",)
    return result


def _add_thing(data: dict, kind: str, line: int | None, rows: list[dict], dropped: Counter,
               parent_links: dict[str, str]) -> None:
    """Append a comment or submission row, or count it under "deleted or removed" (keeping its parent link)."""
    if kind == "t1" and isinstance(data.get("id"), str) and isinstance(data.get("parent_id"), str):
        parent_links[data["id"]] = data["parent_id"]
    if kind == "t1":
        text = data.get("body")
        if isinstance(text, str) and text.strip() in DELETED_BODIES:
            dropped[DELETED_REASON] += 1
            return
    else:
        selftext = data.get("selftext") or ""
        text = "\n\n".join(part for part in (data.get("title") or "", selftext)
                           if part and part.strip() not in DELETED_BODIES)
    post_id = data.get("id") or _bare_id(data.get("name"))
    depth = data.get("depth")
    author = data.get("author")
    rows.append({
        "kind": kind,
        "id": post_id,
        "text": text,
        "author": None if author in DELETED_BODIES else author,
        "created_at": data.get("created_utc"),
        "likes": data.get("score"),
        "replies": data.get("num_comments") if kind == "t3" else None,
        "url": _url(data, post_id, kind),
        "in_reply_to": _bare_id(data.get("parent_id")),
        "conversation_id": _bare_id(data.get("link_id")) if kind == "t1" else post_id,
        "depth": depth + 1 if isinstance(depth, int) else None,
        "mentions": USER_MENTION_RE.findall(text or ""),
        "source_row": line,
    })


def _count_depths(rows: list[dict], parent_links: dict[str, str]) -> None:
    """Fill the depth Reddit left out (dumps carry none) by walking parent_id up to the post ('t3_').

    Deleted comments are in `parent_links` though not in the rows, so their replies keep their depth.
    """
    known: dict[str, int | None] = {}
    for row in rows:
        if row["depth"] is not None or row["kind"] != "t1" or not isinstance(row["id"], str):
            continue
        path, node = [], row["id"]
        while node not in known:
            parent = parent_links.get(node)
            if node in path or parent is None:
                base = None
                break
            path.append(node)
            if parent.startswith("t3_"):
                base = 0
                break
            node = parent.removeprefix("t1_")
        else:
            base = known[node]
        for steps, visited in enumerate(reversed(path), start=1):
            known[visited] = None if base is None else base + steps
        row["depth"] = known.get(row["id"])


def _bare_id(fullname) -> str | None:
    """'t1_abc' -> 'abc': Reddit 'fullnames' prefix the kind; ids in the table do not."""
    if not fullname:
        return None
    prefix, _, rest = str(fullname).partition("_")
    return rest if rest and re.fullmatch(r"t\d", prefix) else str(fullname)


def _url(data: dict, post_id: str | None, kind: str) -> str | None:
    permalink = data.get("permalink")
    if permalink:
        return REDDIT + permalink if permalink.startswith("/") else permalink
    link = _bare_id(data.get("link_id"))
    if kind == "t1" and link and post_id:
        return f"{REDDIT}/comments/{link}/_/{post_id}/"
    return f"{REDDIT}/comments/{post_id}/" if kind == "t3" and post_id else None
