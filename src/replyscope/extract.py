"""Pulling hashtags, @mentions and links out of post text, by the platforms' rules.

Used when an export carries no entities of its own (spreadsheets, archives), so
every importer ends with the same list columns whatever the source.
"""

import re
import unicodedata
from functools import lru_cache

# A link: scheme or www., up to whitespace; trailing punctuation is trimmed after.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\u2019\u201d"
# A bare domain, as scraped sheets write links without "https://": dot-joined labels ending in a
# lower-case suffix, not inside a word, an e-mail address or a longer link. "e.g.", "U.S.", "3.5"
# and "idea.So" (a missing space) do not fit; candidates are then checked against the suffix list.
BARE_DOMAIN_RE = re.compile(
    r"(?<![\w@.:/\-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[a-z]{2,24})(?![\w@\-])(/[^\s<>\"]*)?")
_DOT_LETTER_RE = re.compile(r"\.[a-z]")
# Country codes and new suffixes that are also file extensions: "script.py", "notes.md", "data.zip".
_FILE_LIKE_SUFFIXES = {"zip", "mov", "py", "sh", "md", "ts", "so", "ps", "rb", "gz"}

# Twitter's rule (twitter-text): '#' or full-width '＃', not preceded by a tag character
# or '&' (HTML entities), then tag characters: letters of any script, combining marks,
# digits, underscore and the joiners/middle dots some scripts need inside words.
# A tag needs a letter (so #2020 is not a tag; '#' + emoji selector is the #️⃣ keycap), and
# is dropped when '#' or '://' follows it, or when the '…' ending a retweet's shortened
# text cuts it ('RT @a: ... #Br…').
_TAG_JOINERS = "\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7"


def _combining_mark_ranges() -> str:
    """The regex class body for every Unicode combining mark (Mn, Mc, Me), which \\w leaves out."""
    code_points = [c for c in (*range(0x300, 0x20000), *range(0xE0100, 0xE01F0))
                   if unicodedata.category(chr(c)).startswith("M")]
    ranges, start, previous = [], code_points[0], code_points[0]
    for code in code_points[1:] + [-1]:
        if code != previous + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(previous)) if previous > start else ""))
            start = code
        previous = code
    return "".join(ranges)


_TAG_CHAR = rf"[\w{_combining_mark_ranges()}{_TAG_JOINERS}]"
# The '#' comes first and the lookbehinds look past it: the same matches, and the regex engine
# jumps from '#' to '#' instead of trying the lookbehinds at every character (about 3x faster).
HASHTAG_RE = re.compile(rf"[#＃](?<!{_TAG_CHAR}[#＃])(?<!&[#＃])(?![\ufe0f\u20e3])({_TAG_CHAR}+)(#|＃|://|…\s*\Z)?")

# '@name' not preceded by a word character (so e-mail addresses are not mentions);
# Mastodon's '@name@instance' keeps its instance. '@' first, as in HASHTAG_RE.
MENTION_RE = re.compile(r"@(?<![\w@]@)(\w{1,50}(?:@[\w.-]+\w)?)")

# The reply prefix: the accounts a reply is addressed to, which say nothing about its content.
LEADING_MENTIONS_RE = re.compile(r"^(?:\s*\.?@\w+(?:@[\w.-]+\w)?[:,]?)+\s*")


def may_hold_link(text: str) -> bool:
    """Whether URL_RE could match: a substring test, far cheaper than scanning with the pattern."""
    return "://" in text or "www." in text.lower()


def without_links(text: str) -> str:
    """The text with every link replaced by a space."""
    return URL_RE.sub(" ", text) if may_hold_link(text) else text


def extract_urls(text: str) -> list[str]:
    """Return the links written in the text, in order, trailing punctuation removed.

    Bare registered domains count ("kateraworth.com has it all", "see lse.ac.uk/research"),
    judged by tldextract's bundled public suffix list, so "report.pdf" or "e.g." never do.
    """
    text = text or ""
    found = []
    if may_hold_link(text):
        for match in URL_RE.finditer(text):
            found.append((match.start(), match.group(0).rstrip(_URL_TRAIL)))
        text = URL_RE.sub(lambda match: " " * len(match.group(0)), text)
    if "." in text and _DOT_LETTER_RE.search(text):  # a suffix is a dot then a lower-case letter: most texts have none
        for match in BARE_DOMAIN_RE.finditer(text):
            host, path = match.group(1), match.group(2)
            if is_registered_domain(host.lower(), has_path=bool(path)):
                found.append((match.start(), match.group(0).rstrip(_URL_TRAIL)))
        found.sort()
    return [link for _, link in found]


@lru_cache(maxsize=65_536)
def is_registered_domain(host: str, has_path: bool = False) -> bool:
    """True when `host` ends in a public suffix with a name before it (bbc.co.uk, kateraworth.com).

    A suffix that is also a common file extension needs a path after it to count ("app.py" is a file).
    """
    parts = _icann_suffixes()(host)
    if not parts.domain or not parts.suffix:
        return False
    return has_path or parts.suffix.rsplit(".", 1)[-1] not in _FILE_LIKE_SUFFIXES


@lru_cache(maxsize=1)
def _icann_suffixes():
    """tldextract on its bundled list of registry suffixes: no download, no cache files."""
    import tldextract  # only needed once a text holds a dotted word
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def extract_hashtags(text: str) -> list[str]:
    """Return hashtags as written (without '#'), in order, repeats kept.

    Tags inside links, tags without a letter (#2020, #_1), and the last tag of a
    retweet's shortened text when the closing '…' touches it (usually a fragment,
    '#Br…') are skipped, as the platforms' own entity lists skip them.
    """
    text = text or ""
    if "#" not in text and "＃" not in text:
        return []
    shortened_retweet = text.startswith("RT @")
    tags = []
    for match in HASHTAG_RE.finditer(without_links(text)):
        tag, followed_by = match.groups()
        if followed_by and (shortened_retweet or not followed_by.startswith("…")):
            continue
        if any(ch.isalpha() for ch in tag):
            tags.append(tag)
    return tags


def extract_mentions(text: str) -> list[str]:
    """Return @mentioned account names (without '@'), links excluded."""
    text = text or ""
    if "@" not in text:
        return []
    return [match.group(1) for match in MENTION_RE.finditer(without_links(text))]


def clean_text(text: str) -> str:
    """Return the reply's own words: leading reply @mentions and links removed (text already unescaped)."""
    without_prefix = LEADING_MENTIONS_RE.sub("", text or "")
    return " ".join(without_links(without_prefix).split())
