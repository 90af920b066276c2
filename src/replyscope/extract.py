"""Pulling hashtags, @mentions and links out of post text, by the platforms' rules.

Used when an export carries no entities of its own (spreadsheets, archives), so
every importer ends with the same list columns whatever the source.
"""

import re
import unicodedata

# A link: scheme or www., up to whitespace; trailing punctuation is trimmed after.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\u2019\u201d"

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
HASHTAG_RE = re.compile(rf"(?<!{_TAG_CHAR})(?<!&)[#＃](?![\ufe0f\u20e3])({_TAG_CHAR}+)(#|＃|://|…\s*\Z)?")

# '@name' not preceded by a word character (so e-mail addresses are not mentions);
# Mastodon's '@name@instance' keeps its instance.
MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,50}(?:@[\w.-]+\w)?)")

# The reply prefix: the accounts a reply is addressed to, which say nothing about its content.
LEADING_MENTIONS_RE = re.compile(r"^(?:\s*\.?@\w+(?:@[\w.-]+\w)?[:,]?)+\s*")


def may_hold_link(text: str) -> bool:
    """Whether URL_RE could match: a substring test, far cheaper than scanning with the pattern."""
    return "://" in text or "www." in text.lower()


def without_links(text: str) -> str:
    """The text with every link replaced by a space."""
    return URL_RE.sub(" ", text) if may_hold_link(text) else text


def extract_urls(text: str) -> list[str]:
    """Return the links written in the text, trailing punctuation removed."""
    text = text or ""
    if not may_hold_link(text):
        return []
    return [match.group(0).rstrip(_URL_TRAIL) for match in URL_RE.finditer(text)]


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
