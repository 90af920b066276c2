"""Pulling hashtags, @mentions and links out of post text, by the platforms' rules.

Used when an export carries no entities of its own (spreadsheets, archives), so
every importer ends with the same list columns whatever the source.
"""

import html
import re

# A link: scheme or www., up to whitespace; trailing punctuation is trimmed after.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_URL_TRAIL = ".,;:!?)]}'\u2019\u201d"

# Twitter's rule: '#' (or full-width '＃') not preceded by a letter, digit, '&' or '/',
# then letters of any script, digits, underscore and combining marks; not all digits.
HASHTAG_RE = re.compile(r"(?<![\w&/#＃])[#＃]([\w\u0300-\u036f\u200c]+)")

# '@name' not preceded by a word character (so e-mail addresses are not mentions);
# Mastodon's '@name@instance' keeps its instance.
MENTION_RE = re.compile(r"(?<![\w@])@(\w{1,50}(?:@[\w.-]+\w)?)")

# The reply prefix: the accounts a reply is addressed to, which say nothing about its content.
LEADING_MENTIONS_RE = re.compile(r"^(?:\s*\.?@\w+(?:@[\w.-]+\w)?[:,]?)+\s*")

_SPACES_RE = re.compile(r"\s+")


def extract_urls(text: str) -> list[str]:
    """Return the links written in the text, trailing punctuation removed."""
    return [match.group(0).rstrip(_URL_TRAIL) for match in URL_RE.finditer(text or "")]


def extract_hashtags(text: str) -> list[str]:
    """Return hashtags as written (without '#'), skipping all-digit tags and tags inside links."""
    without_links = URL_RE.sub(" ", text or "")
    tags = []
    for match in HASHTAG_RE.finditer(without_links):
        tag = match.group(1).rstrip("_") if match.group(1).strip("_") else ""
        if tag and not tag.isdigit():
            tags.append(tag)
    return tags


def extract_mentions(text: str) -> list[str]:
    """Return @mentioned account names (without '@'), links excluded."""
    without_links = URL_RE.sub(" ", text or "")
    return [match.group(1) for match in MENTION_RE.finditer(without_links)]


def clean_text(text: str) -> str:
    """Return the reply's own words: entities unescaped, leading reply @mentions and links removed."""
    unescaped = html.unescape(text or "")
    without_prefix = LEADING_MENTIONS_RE.sub("", unescaped)
    without_links = URL_RE.sub(" ", without_prefix)
    return _SPACES_RE.sub(" ", without_links).strip()
