"""Mastodon statuses as the REST API gives them.

Reads a list of statuses (an account's statuses, a timeline), a v2 search result,
one status, a /api/v1/statuses/:id/context response ({"ancestors", "descendants"}),
or JSON Lines of any of these. The HTML `content` becomes plain text; a boost
(`reblog` not null) is a repost carrying the boosted status's words.
"""

from collections import Counter

from ..threads import THREAD_ROOT_DETAIL, conversation_roots
from .base import ImportResult, LoadOptions
from .htmltext import html_to_text
from .jsonrecords import guarded
from .postrecords import UNRECOGNISED, build_result, json_values, starts_like_json
from .source import Source

NAME = "mastodon"
DESCRIPTION = "Mastodon statuses: API lists (account statuses, search), /context responses, one status, or JSON Lines"
# Text is plain (or HTML this module turns into text itself): no entity is decoded again.
TEXT_ENTITIES = "none"

ABOVE_ROOT = "above the requested post (context ancestors)"
MAPPING = {
    "id": "id",
    "text": "spoiler_text + content (HTML to text; a boost's reblog.content)",
    "author": "account.acct",
    "author_name": "account.display_name",
    "author_bio": "account.note (HTML to text)",
    "created_at": "created_at",
    "likes": "favourites_count",
    "retweets": "reblogs_count",
    "replies": "replies_count",
    "url": "url (else uri)",
    "in_reply_to": "in_reply_to_id",
    "conversation_id": "top of the in_reply_to_id chain (context: first ancestor, or the requested status)",
    "lang": "language",
    "is_repost": "reblog is not null",
    "hashtags": "hashtag links in content (else tags[].name)",
    "mentions": "mentions[].acct",
    "urls": "links in content other than mentions and hashtags",
}


def sniff(source: Source) -> int:
    """Statuses carry `reblogs_count` (a Mastodon word) beside `favourites_count`; context responses their two lists."""
    if not starts_like_json(source):
        return 0
    head = source.head_text()
    if '"ancestors"' in head and '"descendants"' in head:
        return 95
    if '"reblogs_count"' in head and '"favourites_count"' in head:
        return 95
    return 0


def read(source: Source, options: LoadOptions) -> ImportResult:
    """Read every status in the file into reply-table rows."""
    dropped: Counter = Counter()
    notes: list[str] = []
    rows: list[dict] = []
    contexts: list[tuple[str | None, str | None, list[dict]]] = []
    shapes: set[str] = set()
    first_value = None
    for line, value in json_values(source, options, dropped, notes):
        first_value = value if first_value is None else first_value
        if isinstance(value, dict) and ("ancestors" in value or "descendants" in value):
            shapes.add("context response")
            ancestors = [s for s in _listed(value.get("ancestors")) if _is_status(s)]
            descendants = [row for s in _listed(value.get("descendants")) if _is_status(s)
                           for row in guarded(lambda: [_row(s, line)], dropped, [])]
            dropped[ABOVE_ROOT] += len(ancestors)
            requested = _requested_status(descendants)
            top = _id(ancestors[0]["id"]) if ancestors else requested
            contexts.append((requested, top, descendants))
            rows.extend(descendants)
            continue
        if isinstance(value, dict) and isinstance(value.get("statuses"), list):
            shapes.add("search result")
            items = value["statuses"]
        elif isinstance(value, list):
            shapes.add("list of statuses")
            items = value
        else:
            shapes.add("statuses" if line is not None else "one status")
            items = [value]
        for item in items:
            if _is_status(item):
                rows.extend(guarded(lambda: [_row(item, line)], dropped, []))
            else:
                dropped[UNRECOGNISED] += 1
    detail = {"shape": ", ".join(sorted(shapes))}
    _link_conversations(rows, contexts, detail, notes)
    return build_result(source, rows, "mastodon", "Mastodon statuses", MAPPING, dropped, notes, detail, first_value)


def _is_status(item) -> bool:
    return isinstance(item, dict) and "id" in item and "account" in item and ("content" in item or "reblog" in item)


def _row(status: dict, line: int | None) -> dict:
    shown = status.get("reblog") or status
    body = html_to_text(shown.get("content") or "")
    spoiler = (shown.get("spoiler_text") or "").strip()
    text = "\n\n".join(part for part in (spoiler, body.text) if part)
    account = status.get("account") or {}
    hashtag_links = [link.text.lstrip("#") for link in body.links if "hashtag" in link.classes and link.text.strip("#")]
    return {
        "id": _id(status["id"]),
        "text": text,
        "author": account.get("acct"),
        "author_name": account.get("display_name") or None,
        "author_bio": html_to_text(account.get("note") or "").text or None,
        "created_at": status.get("created_at"),
        "likes": status.get("favourites_count"),
        "retweets": status.get("reblogs_count"),
        "replies": status.get("replies_count"),
        "url": status.get("url") or shown.get("url") or status.get("uri"),
        "in_reply_to": _id(status.get("in_reply_to_id")),
        "lang": shown.get("language"),
        "is_repost": status.get("reblog") is not None,
        "hashtags": hashtag_links or [tag["name"] for tag in shown.get("tags") or [] if tag.get("name")],
        "mentions": [mention["acct"] for mention in shown.get("mentions") or [] if mention.get("acct")],
        "urls": [link.href for link in body.links
                 if link.href and not link.classes & {"mention", "hashtag"}],
        "source_row": line,
    }


def _id(value) -> str | None:
    return str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else None


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def _requested_status(descendants: list[dict]) -> str | None:
    """The status a context response was asked for: the one parent its descendants lead up to but do not include."""
    ids = {row["id"] for row in descendants}
    outside = {row["in_reply_to"] for row in descendants if row["in_reply_to"] and row["in_reply_to"] not in ids}
    return outside.pop() if len(outside) == 1 else None


def _link_conversations(rows: list[dict], contexts: list, detail: dict, notes: list[str]) -> None:
    """Fill conversation_id: from the context responses, else the top of each reply chain among the statuses."""
    for _, top, descendants in contexts:
        for row in descendants:
            row["conversation_id"] = top
    roots = conversation_roots({row["id"]: row["in_reply_to"] for row in rows
                                if "conversation_id" not in row and not row["is_repost"]})
    for row in rows:
        row.setdefault("conversation_id", roots.get(row["id"]))
    requested = {request for request, _, _ in contexts} - {None}
    if len(requested) == 1:
        root = requested.pop()
        detail[THREAD_ROOT_DETAIL] = root
        if not any(row["id"] == root for row in rows):
            notes.append(f"a /context response leaves out the status it was asked for ({root}); "
                         "load that status's JSON too to show it as the root post")
