"""Links in the replies: which sites the thread points to, and of what kind.

Every link is reduced to its host and registered domain (the name bought from a
registry: bbc.co.uk, lse.ac.uk; a blog on blogspot.com or github.io is its own site)
with tldextract's bundled public suffix list, never the network. Kinds (government,
academic, news ...) come from the codebook's `link_kinds` host patterns. Short links
(t.co, bit.ly ...) that the export left unexpanded cannot be traced to a site: they
are kept, marked unresolved and counted, so the report can say how many.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit

import pandas as pd

from .citations import Citations, ReplyColumns, merge_citations, reply_example, tally

if TYPE_CHECKING:
    import tldextract

# Link shorteners: a link on one of these hosts says nothing about where it leads.
# A codebook can add more as link_kinds.shortened.
SHORTENERS = (
    "t.co", "bit.ly", "bitly.com", "j.mp", "ow.ly", "ht.ly", "buff.ly", "tinyurl.com", "lnkd.in", "goo.gl",
    "fb.me", "dlvr.it", "ift.tt", "is.gd", "trib.al", "shar.es", "wp.me", "amzn.to", "bbc.in", "reut.rs",
    "nyti.ms", "wapo.st", "econ.st", "ti.me", "cnn.it", "huff.to", "rb.gy", "cutt.ly", "shorturl.at", "t.ly",
    "tiny.cc", "rebrand.ly", "bl.ink", "s.id", "spoti.fi", "flip.it", "hubs.ly", "hubs.la", "mailchi.mp",
    "eepurl.com", "po.st", "sco.lt", "gu.com", "tr.im", "v.gd", "zpr.io",
)
SHORTENED = "shortened"
OTHER = "other"

# Query parameters that only track where a click came from; dropped when comparing links.
_TRACKING_PARAMETER = re.compile(r"^(utm_\w+|fbclid|gclid|igshid|mc_cid|mc_eid|ref_src)$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_TRUNCATION = ("…", "...")


@lru_cache(maxsize=1)
def _suffix_extractor() -> "tldextract.TLDExtract":
    """tldextract on its bundled suffix list: no download (no URLs), no cache files (no dir)."""
    import tldextract  # a third of a second to import: loaded where links are counted
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


@lru_cache(maxsize=100_000)
def split_host(host: str) -> tuple[str, str]:
    """Return (registered domain, site name): 'blogs.lse.ac.uk' -> ('lse.ac.uk', 'lse').

    A host that is itself a public suffix (gov.uk) or has none (localhost, an IP
    address) is its own domain, with no site name.
    """
    parts = _suffix_extractor()(host)
    if parts.domain and parts.suffix:
        return f"{parts.domain}.{parts.suffix}", parts.domain
    return host, ""


def host_of(url: str) -> str:
    """The link's host in lower case without 'www.'; '' when the text is not a readable link."""
    text = url.strip()
    if not _SCHEME.match(text):
        text = "http://" + text
    try:
        host = urlsplit(text).hostname or ""
    except ValueError:
        return ""
    host = host.rstrip(".").lower()
    return host[4:] if host.startswith("www.") else host


def normalise_url(url: str) -> str:
    """The form two links are compared in: host and path without scheme, 'www.', a closing '/',
    the fragment or tracking parameters (utm_*, fbclid ...)."""
    text = url.strip()
    for ending in _TRUNCATION:
        text = text.removesuffix(ending)
    if not _SCHEME.match(text):
        text = "http://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMETER.match(k)]
    path = parts.path.rstrip("/")
    return host_of(text) + path + (f"?{urlencode(query)}" if query else "")


def host_suffixes(host: str) -> list[str]:
    """The domains a host is under, most specific first: 'a.bbc.co.uk' -> a.bbc.co.uk, bbc.co.uk, co.uk, uk."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


class HostRules:
    """Host patterns and what they mean; a host takes the value of its most specific matching pattern.

    A pattern matches its domain and every host under it: 'gov.uk' and '*.gov.uk' both
    match ons.gov.uk. When two patterns are the same domain, the first one given wins.
    """

    def __init__(self, rules: Iterable[tuple[str, object]]):
        self._by_domain: dict[str, object] = {}
        for pattern, value in rules:
            domain = pattern.strip().lower().removeprefix("*.").removeprefix("www.")
            if domain:
                self._by_domain.setdefault(domain, value)

    def find(self, host: str):
        """The value of the most specific pattern matching the host, or None."""
        return next((self._by_domain[d] for d in host_suffixes(host) if d in self._by_domain), None)


class LinkKinds:
    """Sorts hosts into kinds: short links first, then the codebook's link_kinds, else 'other'."""

    def __init__(self, link_kinds: Mapping[str, Iterable[str]] | None = None, shorteners: Iterable[str] = SHORTENERS):
        kinds = dict(link_kinds or {})
        self._short = HostRules((pattern, SHORTENED) for pattern in (*shorteners, *kinds.pop(SHORTENED, ())))
        self._kinds = HostRules((pattern, kind) for kind, patterns in kinds.items() for pattern in patterns)

    def is_short(self, host: str) -> bool:
        return self._short.find(host) is not None

    def kind(self, host: str) -> str:
        return self._short.find(host) or self._kinds.find(host) or OTHER


def kind_of(host: str, link_kinds: Mapping[str, Iterable[str]], shorteners: Iterable[str] = SHORTENERS) -> str:
    """The link's kind: 'shortened' for short links, else the kind of the most specific pattern, else 'other'."""
    return LinkKinds(link_kinds, shorteners).kind(host)


@dataclass
class LinkCounts:
    """Mergeable link counts over some replies."""

    urls: dict[str, Citations] = field(default_factory=dict)      # normalised link -> citations
    written: dict[str, str] = field(default_factory=dict)         # normalised link -> first written form
    domains: dict[str, Citations] = field(default_factory=dict)   # domain -> citations (by_form: host -> links)
    kinds: dict[str, Citations] = field(default_factory=dict)     # kind -> citations
    kind_of_host: dict[str, str] = field(default_factory=dict)
    replies: int = 0
    replies_with_links: int = 0

    def merge(self, other: "LinkCounts") -> "LinkCounts":
        """Add another chunk's counts to these (in place) and return self."""
        merge_citations(self.urls, other.urls, keep_examples=1)
        merge_citations(self.domains, other.domains, keep_examples=1)
        merge_citations(self.kinds, other.kinds, keep_examples=0)
        for key, written in other.written.items():
            self.written.setdefault(key, written)
        self.kind_of_host.update(other.kind_of_host)
        self.replies += other.replies
        self.replies_with_links += other.replies_with_links
        return self


def count_links(replies: pd.DataFrame, link_kinds: Mapping[str, Iterable[str]] | None = None,
                shorteners: Iterable[str] = SHORTENERS) -> LinkCounts:
    """Count the links of some replies by link, registered domain and kind.

    Reads: urls (list per reply), likes, id, url, author, text. A reply linking the
    same page twice counts two links and one reply. Text that is not a readable link
    (no host) is skipped. Each link is read once; the hits are tallied in bulk (citations.tally).
    """
    kinds = LinkKinds(link_kinds, shorteners)
    counts = LinkCounts(replies=len(replies))
    rows: list[int] = []                        # one hit per readable link: its reply,
    pages, domains, hosts, kinds_found = [], [], [], []   # normalised link, domain, host and kind
    read: dict[str, tuple[str, str, str, str] | None] = {}  # link -> (host, normalised, domain, kind): links recur
    for row, urls in enumerate(replies["urls"].tolist()):
        if not isinstance(urls, list) or not urls:
            continue
        linked = len(rows)
        for url in urls:
            url = str(url)
            if url not in read:
                host = host_of(url)
                read[url] = (host, normalise_url(url), split_host(host)[0], counts.kind_of_host.get(host)
                             or counts.kind_of_host.setdefault(host, kinds.kind(host))) if host else None
            if read[url] is None:
                continue
            host, key, domain, kind = read[url]
            counts.written.setdefault(key, url.strip())
            rows.append(row)
            pages.append(key)
            domains.append(domain)
            hosts.append(host)
            kinds_found.append(kind)
        counts.replies_with_links += len(rows) > linked
    if not rows:
        return counts
    columns = ReplyColumns.of(replies)
    row_ids, post_urls, authors, texts = (replies[name].astype(object).tolist() for name in ("id", "url", "author", "text"))

    def example(key, row: int) -> dict:
        return reply_example(row_ids[row], post_urls[row], authors[row], texts[row], columns.likes_of(row))

    links = ["link"] * len(rows)
    counts.urls = tally(pages, rows, links, columns, 1, example)
    counts.domains = tally(domains, rows, hosts, columns, 1, example)
    counts.kinds = tally(kinds_found, rows, links, columns, 0, None)
    return counts


@dataclass
class Links:
    """Every link in the replies, by page, by site and by kind."""

    links: pd.DataFrame      # url, host, domain, kind, unresolved, links, replies, likes, example_id
    domains: pd.DataFrame    # domain, kind, links, replies, likes, pages, unresolved, example_id
    kinds: pd.DataFrame      # kind, links, replies, likes, domains
    replies: int             # replies counted
    replies_with_links: int
    total_links: int
    unresolved_links: int    # short links the export did not expand
    unresolved_replies: int  # replies with at least one of them

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables written as CSV/XLSX: links and domains."""
        return {"links": self.links, "domains": self.domains}


def link_tables(counts: LinkCounts) -> Links:
    """Arrange link counts into tables, most-cited first (replies, then links, then likes)."""
    links = pd.DataFrame([_link_row(counts, key, c) for key, c in counts.urls.items()], columns=LINK_COLUMNS)
    pages = Counter(links["domain"])
    domains = pd.DataFrame([_domain_row(counts, domain, c, pages[domain]) for domain, c in counts.domains.items()],
                           columns=DOMAIN_COLUMNS)
    sites = Counter(domains["kind"])
    kinds = pd.DataFrame([
        {"kind": kind, "links": c.mentions, "replies": c.replies, "likes": c.known_likes, "domains": sites[kind]}
        for kind, c in counts.kinds.items()], columns=KIND_COLUMNS)
    shortened = counts.kinds.get(SHORTENED, Citations())
    return Links(links=_ranked(links), domains=_ranked(domains), kinds=_ranked(kinds), replies=counts.replies,
                 replies_with_links=counts.replies_with_links,
                 total_links=sum(c.mentions for c in counts.urls.values()),
                 unresolved_links=shortened.mentions, unresolved_replies=shortened.replies)


def _link_row(counts: LinkCounts, key: str, citations: Citations) -> dict:
    host = host_of(counts.written[key])
    kind = counts.kind_of_host[host]
    return {"url": counts.written[key], "host": host, "domain": split_host(host)[0], "kind": kind,
            "unresolved": kind == SHORTENED, "links": citations.mentions, "replies": citations.replies,
            "likes": citations.known_likes, "example_id": _first_example_id(citations)}


def _domain_row(counts: LinkCounts, domain: str, citations: Citations, pages: int) -> dict:
    main_host = citations.by_form.most_common(1)[0][0]
    kind = counts.kind_of_host[main_host]
    return {"domain": domain, "kind": kind, "links": citations.mentions, "replies": citations.replies,
            "likes": citations.known_likes, "pages": pages, "unresolved": kind == SHORTENED,
            "example_id": _first_example_id(citations)}


def _first_example_id(citations: Citations) -> str | None:
    return citations.examples[0][1]["id"] if citations.examples else None


LINK_COLUMNS = ["url", "host", "domain", "kind", "unresolved", "links", "replies", "likes", "example_id"]
DOMAIN_COLUMNS = ["domain", "kind", "links", "replies", "likes", "pages", "unresolved", "example_id"]
KIND_COLUMNS = ["kind", "links", "replies", "likes", "domains"]


def _ranked(table: pd.DataFrame) -> pd.DataFrame:
    table = table.astype({"links": "int64", "replies": "int64", "likes": "Int64"})
    first = table.columns[0]
    return table.sort_values(["replies", "links", "likes", first], ascending=[False, False, False, True],
                             na_position="last", kind="stable").reset_index(drop=True)


def analyse_links(replies: pd.DataFrame, link_kinds: Mapping[str, Iterable[str]] | None = None,
                  shorteners: Iterable[str] = SHORTENERS) -> Links:
    """Return every link, domain and kind of link in the replies, with replies and likes.

    Reads: urls, likes, id, url, author, text. `link_kinds` maps kind -> host patterns
    ("gov.uk", "*.edu"); the longest matching pattern decides, unmatched hosts are
    "other", short links are "shortened" and unresolved.
    """
    return link_tables(count_links(replies, link_kinds, shorteners))
