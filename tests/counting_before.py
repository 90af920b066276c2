"""The reply-by-reply counters that the bulk ones replaced, kept as the reference their results must equal.

Copied from replyscope before the change (analyses/references.py count_references and
_candidates_in, analyses/accounts.py count_accounts, analyses/links.py count_links, analyses/campaigns.py
normalise); they use the library's own matchers and Citations, so only the counting
loop differs. test_bulk_counting.py compares both on real threads.
"""

from collections import Counter

import pandas as pd

from replyscope.analyses.accounts import (
    ALL_ORGANISATIONS, AUTHOR_UNKNOWN, INDIVIDUAL_LOBBYING, INDIVIDUAL_OTHER, INDIVIDUALS, LOBBYING_COLUMNS,
    LOBBYING_THEME, ORGANISATION_LOBBYING, ORGANISATION_OTHER, ORGANISATION_VOICE, ORGANISATIONS, WHOLE_THREAD,
    AccountCounts, Speaker, resembles,
)
from replyscope.analyses.citations import Citations, reply_example, reply_likes
from replyscope.analyses.links import LinkCounts, LinkKinds, host_of, normalise_url, split_host
from replyscope.analyses.references import (
    _CAPITALISED, _MAX_TITLE_WORDS, _NAME_JOINS, _QUOTED, FORMS, MENTION_RE, EntityMatcher, ReferenceCounts,
    _as_list, _reply_prefix, _tidy_name, name_words, text_without_entities,
)


def count_references(replies: pd.DataFrame, entities, ignore_accounts=(), examples: int = 3) -> ReferenceCounts:
    matcher = EntityMatcher(entities)
    ignored = {handle.lstrip("@").casefold() for handle in ignore_accounts}
    counts = ReferenceCounts(replies=len(replies), examples=examples)
    addressed: list[str] = []
    rows = zip(replies.index, replies["text"].astype(object), replies["mentions"], replies["hashtags"],
               replies["urls"], replies["likes"].astype(object), replies["id"].astype(object),
               replies["url"].astype(object), replies["author"].astype(object))
    for position, text, mentions, hashtags, urls, likes, row_id, post_url, author in rows:
        text = text if isinstance(text, str) else ""
        mentions = [m for m in _as_list(mentions) if m.casefold() not in ignored] if ignored else _as_list(mentions)
        hashtags, urls = _as_list(hashtags), _as_list(urls)
        plain = text_without_entities(text)
        likes = reply_likes(likes)
        found: dict[str, dict[str, int]] = {}
        for key in matcher.names_in(name_words(plain)):
            forms = found.setdefault(key, {})
            forms["name"] = forms.get("name", 0) + 1
        for form, keys in (("@mention", map(matcher.handle, mentions)), ("hashtag", map(matcher.hashtag, hashtags)),
                           ("link", (matcher.domain(host_of(u)) for u in urls))):
            for key in keys:
                if key is not None:
                    forms = found.setdefault(key, {})
                    forms[form] = forms.get(form, 0) + 1
        candidates = _candidates_in(plain, mentions, urls, matcher)
        example = reply_example(row_id, post_url, author, text, likes) if found or candidates else None
        for key, forms in found.items():
            shown = dict(example, forms=", ".join(f for f in FORMS if forms.get(f)))
            citations = counts.entities.get(key) or counts.entities.setdefault(key, Citations())
            citations.add_reply(forms, likes, position, shown, examples)
        own_key = matcher.handle(author) if found and isinstance(author, str) else None
        if own_key in found:
            counts.own_replies[own_key] += 1
        for candidate, written in candidates.items():
            citations = counts.candidates.get(candidate) or counts.candidates.setdefault(candidate, Citations())
            citations.add_reply(written, likes, position, example, 1)
        if "@" in text:
            addressed.extend({h.casefold() for h in MENTION_RE.findall(_reply_prefix(text))})
    counts.addressed.update(addressed)
    return counts


def _candidates_in(plain: str, mentions: list[str], urls: list[str], matcher: EntityMatcher) -> dict:
    found: dict[tuple[str, str], dict[str, int]] = {}

    def add(form: str, written: str) -> None:
        folded = " ".join(name_words(written)) if form in ("name", "title") else written.casefold()
        if folded:
            forms = found.setdefault((form, folded), {})
            forms[written] = forms.get(written, 0) + 1

    quoted_text = '"' in plain or "“" in plain or "‘" in plain
    for quoted in _QUOTED.finditer(plain) if quoted_text else ():
        title = next(group for group in quoted.groups() if group is not None).strip(" .,;:!?")
        words = title.split()
        if 2 <= len(words) <= _MAX_TITLE_WORDS and title[0].isupper() and not matcher.covers_name(title):
            add("title", title)
    for run in _CAPITALISED.finditer(_QUOTED.sub(" ", plain) if quoted_text else plain):
        name = _tidy_name(run.group(0))
        if name and matcher.covers_name(name):
            parts = (_tidy_name(part) for part in _NAME_JOINS.split(name))
            for part in (p for p in parts if p and not matcher.covers_name(p)):
                add("name", part)
        elif name:
            add("name", name)
    for handle in mentions:
        if matcher.handle(handle) is None:
            add("@mention", "@" + handle)
    for url in urls:
        host = host_of(url)
        if host and matcher.domain(host) is None and not matcher.short_links.is_short(host):
            add("domain", split_host(host)[0])
    return found


def count_accounts(replies: pd.DataFrame) -> AccountCounts:
    counts = AccountCounts(replies=len(replies))
    short_links = LinkKinds()
    rows = zip(replies["author"].astype(object), replies["author_name"].astype(object),
               replies["author_bio"].astype(object), replies["likes"].astype(object),
               replies["clean_text"].astype(object), replies["urls"])
    for author, name, bio, likes, text, urls in rows:
        likes = reply_likes(likes)
        if not isinstance(author, str) or not author.strip():
            counts.unknown.add_reply({"reply": 1}, likes, 0, None, 0)
            continue
        handle = author.strip().lstrip("@")
        key = handle.casefold()
        speaker = counts.speakers.get(key) or counts.speakers.setdefault(key, Speaker(handle))
        speaker.name = speaker.name or (name if isinstance(name, str) else "")
        speaker.bio = speaker.bio or (bio if isinstance(bio, str) else "")
        speaker.replies.add_reply({"reply": 1}, likes, 0, None, 0)
        phrases = {m.group(0).casefold() for m in ORGANISATION_VOICE.finditer(text if isinstance(text, str) else "")}
        if phrases:
            speaker.voice_replies += 1
            speaker.voice.update(phrases)
        for url in urls if isinstance(urls, list) else []:
            host = host_of(str(url))
            if not host or short_links.is_short(host):
                continue
            domain, site = split_host(host)
            if resembles(site, handle, speaker.name):
                speaker.own_sites[domain] += 1
    return counts


def normalise(text) -> str:
    """campaigns.normalise before it skipped scans by substring tests."""
    import html

    from replyscope.analyses.campaigns import _LINK, _MENTION, _TRAILING_TAGS, _WORD
    text = html.unescape(text) if isinstance(text, str) else ""
    text = _MENTION.sub(" ", _LINK.sub(" ", text))
    text = _TRAILING_TAGS.sub(" ", text)
    return " ".join(_WORD.findall(text.lower().replace("_", " ")))


def count_links(replies: pd.DataFrame, link_kinds=None) -> LinkCounts:
    """analyses/links.py count_links before the bulk tally."""
    kinds = LinkKinds(link_kinds)
    counts = LinkCounts(replies=len(replies))
    rows = zip(replies.index, replies["urls"], replies["likes"].astype(object), replies["id"].astype(object),
               replies["url"].astype(object), replies["author"].astype(object), replies["text"].astype(object))
    for position, urls, likes, row_id, post_url, author, text in rows:
        if not isinstance(urls, list) or not urls:
            continue
        by_url, by_domain, by_kind = Counter(), {}, Counter()
        for url in urls:
            host = host_of(str(url))
            if not host:
                continue
            key = normalise_url(str(url))
            counts.written.setdefault(key, str(url).strip())
            kind = counts.kind_of_host.get(host) or counts.kind_of_host.setdefault(host, kinds.kind(host))
            by_url[key] += 1
            by_domain.setdefault(split_host(host)[0], Counter())[host] += 1
            by_kind[kind] += 1
        if not by_url:
            continue
        counts.replies_with_links += 1
        likes = reply_likes(likes)
        example = reply_example(row_id, post_url, author, text, likes)
        for key, n in by_url.items():
            citations = counts.urls.get(key) or counts.urls.setdefault(key, Citations())
            citations.add_reply({"link": n}, likes, position, example, 1)
        for domain, hosts in by_domain.items():
            citations = counts.domains.get(domain) or counts.domains.setdefault(domain, Citations())
            citations.add_reply(hosts, likes, position, example, 1)
        for kind, n in by_kind.items():
            citations = counts.kinds.get(kind) or counts.kinds.setdefault(kind, Citations())
            citations.add_reply({"link": n}, likes, position, None, 0)
    return counts


def lobbying_summary(coded_replies: pd.DataFrame, accounts: pd.DataFrame) -> pd.DataFrame:
    """Replies and likes from organisations and individuals, split by the lobbying theme, with shares.

    Reads: author, likes and, when the replies are coded, themes (list of theme keys;
    "lobbying" is lobbying / self-promotion); from `accounts`: author, organisation.
    Without a themes column only the organisation/individual split is given. Shares
    of likes are of the likes known; a group's likes are null when none are known.
    """
    is_organisation = dict(zip(accounts["author"].astype(str).str.casefold(), accounts["organisation"]))
    coded = "themes" in coded_replies.columns
    groups = []
    for author, themes in zip(coded_replies["author"].astype(object),
                              coded_replies["themes"] if coded else [None] * len(coded_replies)):
        if not isinstance(author, str) or not author.strip():
            groups.append(AUTHOR_UNKNOWN)
            continue
        organisation = bool(is_organisation.get(author.strip().lstrip("@").casefold(), False))
        if not coded:
            groups.append(ORGANISATIONS if organisation else INDIVIDUALS)
        elif LOBBYING_THEME in (themes if isinstance(themes, (list, tuple)) else ()):
            groups.append(ORGANISATION_LOBBYING if organisation else INDIVIDUAL_LOBBYING)
        else:
            groups.append(ORGANISATION_OTHER if organisation else INDIVIDUAL_OTHER)
    frame = pd.DataFrame({"group": groups,
                          "author": coded_replies["author"].astype("string").str.strip().str.lstrip("@")
                          .str.casefold().reset_index(drop=True),
                          "likes": coded_replies["likes"].astype("Int64").reset_index(drop=True)})
    order = ([ORGANISATION_LOBBYING, ORGANISATION_OTHER, INDIVIDUAL_LOBBYING, INDIVIDUAL_OTHER] if coded
             else [ORGANISATIONS, INDIVIDUALS])
    if AUTHOR_UNKNOWN in groups:
        order.append(AUTHOR_UNKNOWN)
    selections = [(group, frame["group"] == group) for group in order]
    if coded:
        selections.append((ALL_ORGANISATIONS, frame["group"].isin([ORGANISATION_LOBBYING, ORGANISATION_OTHER])))
    selections.append((WHOLE_THREAD, pd.Series(True, index=frame.index)))
    total_likes = frame["likes"].sum()
    rows = []
    for group, chosen in selections:
        part = frame[chosen]
        known = part["likes"].dropna()
        likes = int(known.sum()) if len(known) or part.empty else pd.NA
        rows.append({"group": group, "accounts": part["author"].dropna().nunique(),
                     "replies": len(part), "share_of_replies": len(part) / len(frame) if len(frame) else pd.NA,
                     "likes": likes,
                     "share_of_likes": likes / total_likes if likes is not pd.NA and total_likes else pd.NA})
    return pd.DataFrame(rows, columns=LOBBYING_COLUMNS).astype(
        {"likes": "Int64", "share_of_replies": "Float64", "share_of_likes": "Float64"})
