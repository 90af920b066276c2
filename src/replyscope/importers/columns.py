"""Column names real tools use, mapped to the reply table's fields.

Names are compared after folding case and dropping everything but letters and
digits, so "Reply Text", "reply_text" and "REPLY-TEXT" are one name. Exact aliases
win over looser "contains" rules; each column feeds at most one field.
"""

import re

# field -> folded names that mean it. Order within a list does not matter.
ALIASES: dict[str, tuple[str, ...]] = {
    "text": (
        "text", "tweet", "tweettext", "reply", "replytext", "replycontent", "comment", "commenttext",
        "content", "fulltext", "message", "body", "post", "posttext", "status", "statustext",
        "rawcontent", "caption", "textdisplay", "textoriginal", "recordtext", "snippet",
        "tweetcontent", "tweetbody", "messagetext", "contenttext",
    ),
    "likes": (
        "likes", "like", "likescount", "likecount", "numberoflikes", "nlikes", "favorites", "favourites",
        "favorite", "favourite", "favoritecount", "favouritecount", "favoritescount", "favouritescount",
        "hearts", "publicmetricslikecount", "likecountpublic", "totallikes", "upvotes", "score",
        "reactions", "reactioncount", "votes",
    ),
    "retweets": (
        "retweets", "retweet", "retweetcount", "retweetscount", "numberofretweets", "nretweets",
        "reposts", "repost", "repostcount", "repostscount", "reblogs", "reblogscount", "reblogcount",
        "boosts", "shares", "sharecount", "publicmetricsretweetcount", "rts",
    ),
    "replies": (
        "replies", "replycount", "repliescount", "numberofreplies", "nreplies", "commentcount",
        "commentscount", "comments", "publicmetricsreplycount", "totalreplycount",
    ),
    "quotes": (
        "quotes", "quotecount", "quotescount", "quotetweets", "quotetweetcount", "publicmetricsquotecount",
    ),
    "author": (
        "author", "username", "screenname", "handle", "user", "userscreenname", "userusername",
        "authorusername", "authorhandle", "account", "accountname", "twitterhandle", "userhandle",
        "from", "fromuser", "acct", "accountacct", "authorscreenname", "twitterusername",
        "authorchannelurl", "authordisplayhandle", "replier", "posterhandle",
    ),
    "author_name": (
        "name", "displayname", "authorname", "authordisplayname", "fullname", "userdisplayname",
        "username2", "userfullname", "usernamedisplay", "profilename", "accountdisplayname",
        "authorfullname", "usersname", "twittername", "displayedname",
    ),
    "author_bio": (
        "bio", "description", "userdescription", "authordescription", "profiledescription",
        "userbio", "authorbio", "accountnote", "profilebio",
    ),
    "created_at": (
        "date", "createdat", "created", "timestamp", "posted", "postedat", "postedon", "utc", "timeparsed",
        "publishedtime", "datetime", "tweetdate", "replydate", "dateposted", "publishedat", "datecreated",
        "createdutc", "dateandtime", "datetimeutc", "utcdatetime", "tweetcreatedat", "postdate", "publishdate",
        "dateutc", "indexedat",
    ),
    "id": (
        "id", "tweetid", "statusid", "replyid", "postid", "commentid", "idstr", "tweetidstr",
        "messageid", "uri", "cid",
    ),
    "url": (
        "url", "link", "permalink", "tweeturl", "tweetlink", "posturl", "replyurl", "statusurl",
        "commenturl", "tweetpermalink", "webpage", "twitterurl", "viewsource",
    ),
    "in_reply_to": (
        "inreplyto", "inreplytoid", "inreplytostatusid", "inreplytotweetid", "parentid",
        "inreplytostatusidstr", "replytoid", "referencedtweetsrepliedtoid", "parent",
    ),
    "conversation_id": ("conversationid", "threadid", "conversation"),
    "lang": ("lang", "language", "tweetlanguage"),
    "hashtags": ("hashtags", "entitieshashtags", "tags"),
    "mentions": ("mentions", "usermentions", "entitiesmentions"),
    "urls": ("urls", "links", "expandedurls", "entitiesurls"),
    "is_repost": ("isretweet", "isrepost", "isreblog"),
}

# Looser rules for headers no alias covers: (field, words the folded name contains, words it must not).
CONTAINS_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("likes", ("like", "favo"), ("unlike", "user", "name")),
    ("retweets", ("retweet", "repost", "reblog"), ("id", "user")),
    ("text", ("text", "tweet", "comment", "content", "message"),
     ("count", "id", "url", "link", "date", "lang", "user", "author", "number", "type", "kind", "source")),
    # A sheet's "Date scraped" or "Time collected" is when volunteers copied it, not when the reply was posted.
    ("created_at", ("date", "time", "created", "posted"),
     ("update", "edit", "user", "author", "scrape", "collect", "retriev", "download", "export", "access", "fetch")),
    ("url", ("url", "link"), ("user", "author", "profile", "image", "media", "avatar")),
    ("author", ("handle", "username", "screenname"), ()),
)

_FOLD_RE = re.compile(r"[^0-9a-z]+")


def fold(name: object) -> str:
    """Return a column name folded for comparison: 'Reply Text' -> 'replytext'."""
    return _FOLD_RE.sub("", str(name).lower())


_ALIAS_INDEX = {alias: field for field, aliases in ALIASES.items() for alias in aliases}


def match_columns(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """Return schema field -> header for the headers given, honouring the user's overrides.

    An override naming a column that is not there raises KeyError with that name,
    so the caller can say which columns exist.
    """
    overrides = overrides or {}
    folded = {header: fold(header) for header in headers}
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for field, wanted in overrides.items():
        found = next((h for h in headers if h == wanted), None) or next(
            (h for h in headers if folded[h] == fold(wanted)), None)
        if found is None:
            raise KeyError(wanted)
        mapping[field] = found
        used.add(found)
    for header in headers:
        field = _ALIAS_INDEX.get(folded[header])
        if field and field not in mapping and header not in used:
            mapping[field] = header
            used.add(header)
    for field, contains, excludes in CONTAINS_RULES:
        if field in mapping:
            continue
        for header in headers:
            name = folded[header]
            if header in used or not name:
                continue
            if any(word in name for word in contains) and not any(word in name for word in excludes):
                mapping[field] = header
                used.add(header)
                break
    return mapping


def header_score(cells: list[object]) -> int:
    """How much a row looks like a header: the number of cells that are known column names."""
    return sum(1 for cell in cells if isinstance(cell, str) and fold(cell) in _ALIAS_INDEX)
