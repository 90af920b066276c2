"""Turning reply text into tokens, lemmas and content words, the same way everywhere.

Tokenising follows NLTK's TweetTokenizer rules (its own patterns, `casual.REGEXPS`),
so hashtags, @mentions, URLs and emoticons stay whole; plain words are taken straight
from the whitespace split, which gives the same tokens many times faster (a test
compares the two on real tweets). Stopwords and lemmas come from NLTK's data when it
is installed, and otherwise from the `wordcloud` stopword list and `simplemma`.
"""

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import nltk
import regex
import simplemma
from nltk.tokenize import casual
from wordcloud import STOPWORDS as WORDCLOUD_STOPWORDS

# NLTK's TweetTokenizer patterns (compiled with the same `regex` engine NLTK uses, whose
# \w includes combining marks), without phone numbers, which it matches only by option.
_TWEET_TOKEN_RE = regex.compile(f"({'|'.join(casual.REGEXPS)})", regex.VERBOSE | regex.IGNORECASE | regex.UNICODE)
# NLTK shortens runs of 4+ identical non-alphanumeric characters before tokenising; so do we.
_HANG_RE = regex.compile(r"([^\p{L}\p{N}])\1{3,}")
_TRAILING_PUNCTUATION = ".,!?;:"
# Tokens that end a clause: phrases never run across them.
_BREAK_RE = re.compile(r"^[.,!?;:()\[\]{}…\"“”]+$|^\.(?:\s*\.)+$")
_WORD_RE = re.compile(r"^[^\W\d_](?:[\w'’\-]*[^\W_])?$")
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")

# Social-media noise on top of the English stopword list.
SOCIAL_NOISE = frozenset({
    "rt", "amp", "via", "gt", "lt", "http", "https", "www", "com", "co", "uk", "org", "im", "i'm", "dont",
    "don't", "can't", "cant", "it's", "thats", "that's", "u", "ur", "yes", "no", "ok", "okay", "etc",
    "also", "would", "could", "should", "get", "got", "one", "will", "may", "might", "much", "many",
    "well", "really", "lot", "lots", "us", "let", "let's", "every", "thing", "things", "see", "make",
    "even", "still", "yet", "ve", "ll", "re", "d", "s", "t", "m", "thank", "thanks", "pls", "please",
})


@dataclass(frozen=True)
class Language:
    """The stopwords and lemmatiser in use, and where they came from (for the report's method notes)."""

    stopwords: frozenset[str]
    stopwords_source: str
    lemmatiser_source: str


@lru_cache(maxsize=1)
def _nltk_stopwords() -> frozenset[str] | None:
    try:
        from nltk.corpus import stopwords
        return frozenset(stopwords.words("english"))
    except (LookupError, OSError):
        return None


@lru_cache(maxsize=1)
def _wordnet():
    try:
        from nltk.corpus import wordnet
        wordnet.ensure_loaded()
        return nltk.stem.WordNetLemmatizer()
    except (LookupError, OSError, AttributeError):
        return None


@lru_cache(maxsize=1)
def language() -> Language:
    """Return the stopwords and lemmatiser available on this machine (NLTK data preferred)."""
    nltk_words = _nltk_stopwords()
    if nltk_words is not None:
        stopwords, stop_source = nltk_words, "NLTK English stopwords"
    else:
        stopwords, stop_source = frozenset(WORDCLOUD_STOPWORDS), "the wordcloud package's English stopwords (NLTK data not installed)"
    lemma_source = "NLTK WordNet" if _wordnet() is not None else "simplemma (NLTK WordNet data not installed)"
    return Language(stopwords | SOCIAL_NOISE, stop_source + " plus social-media noise words", lemma_source)


def reset_language_cache() -> None:
    """Forget which NLTK data was found (tests switch NLTK_DATA between runs)."""
    _nltk_stopwords.cache_clear()
    _wordnet.cache_clear()
    lemma.cache_clear()
    language.cache_clear()
    _CHUNK_CACHE.clear()


def _chunk_tokens(chunk: str) -> list[str]:
    """Tokens of one whitespace-free chunk; plain words skip the big pattern.

    Runs of a repeated symbol are cut to three here, chunk by chunk, as TweetTokenizer
    does for the whole text: a run of whitespace only ever separates chunks anyway.
    """
    if chunk.isalpha():
        return [chunk]
    chunk = _HANG_RE.sub(r"\1\1\1", chunk)
    stripped = chunk.rstrip(_TRAILING_PUNCTUATION)
    if stripped and stripped.isalpha():
        return [stripped, *_TWEET_TOKEN_RE.findall(chunk[len(stripped):])]
    return _TWEET_TOKEN_RE.findall(chunk)


def _prepare(text: str) -> str:
    return html.unescape(text or "")


def tokenize(text: str) -> list[str]:
    """Return the tokens of `text` by TweetTokenizer's rules (case kept, entities unescaped).

    TweetTokenizer's tokens never span whitespace (bar spaced-out ellipses, which are
    punctuation either way), so each whitespace-separated chunk is tokenised alone.
    """
    tokens: list[str] = []
    for chunk in _prepare(text).split():
        tokens.extend(_chunk_tokens(chunk))
    return tokens


def is_word(token: str) -> bool:
    """True for a word token (letters, possibly with apostrophes or hyphens inside)."""
    return bool(_WORD_RE.match(token))


def is_break(token: str) -> bool:
    """True for punctuation that ends a clause, across which phrases do not run."""
    return bool(_BREAK_RE.match(token))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the dictionary form of a lower-case word: communities -> community, listening -> listen.

    WordNet (verb reading first, then noun) when its data is installed, else simplemma.
    A lemma that does not start like the word (better -> good) is refused: grouping
    should merge forms of one word, not synonyms.
    """
    if "-" in word:
        head, _, last = word.rpartition("-")
        last_lemma = lemma(last)
        # only plural endings: "being" must not become "be" inside "well-being"
        return f"{head}-{last_lemma}" if len(last_lemma) >= len(last) - 2 else word
    wordnet = _wordnet()
    if wordnet is not None:
        as_verb = wordnet.lemmatize(word, "v")
        candidate = as_verb if as_verb != word else wordnet.lemmatize(word, "n")
    else:
        candidate = simplemma.lemmatize(word, lang="en").lower()
    word_plain = word.replace("’", "'")
    return candidate if candidate[:2] == word_plain[:2] else word_plain


def split_hashtag(tag: str) -> list[str]:
    """Split a CamelCase hashtag into lower-case words: BuildBackBetter -> build, back, better."""
    parts = _CAMEL_RE.findall(tag.lstrip("#＃"))
    return [p.lower() for p in parts] if len(parts) > 1 else []


@dataclass
class Tokens:
    """One reply's tokens, as the analyses use them."""

    # lower-case word tokens in order, with None where a clause breaks (for phrases)
    words: list[str | None]
    # lemma of each entry of `words` (None at breaks)
    lemmas: list[str | None]
    # hashtags and @mentions as written, with their sign
    tags: list[str]
    # for each entry of `words`: its lemma if it is a content word worth counting, else None
    keys: list[str | None]


# chunk -> (words, lemmas, tags, keys); replies repeat their words, so most chunks are seen before.
_CHUNK_CACHE: dict[str, tuple[tuple, tuple, tuple, tuple]] = {}
_CHUNK_CACHE_LIMIT = 500_000


def _chunk_entry(chunk: str) -> tuple[tuple, tuple, tuple, tuple]:
    words: list[str | None] = []
    tags: list[str] = []
    for token in _chunk_tokens(chunk):
        first = token[0]
        if first in "#＃" and len(token) > 1:
            tags.append(token)
            parts = split_hashtag(token)
            words.extend(parts if parts else [token[1:].lower()])
            words.append(None)
        elif first == "@" and len(token) > 1:
            tags.append(token)
            words.append(None)
        elif is_word(token):
            words.append(token.lower().replace("’", "'"))
        elif is_break(token) or token.startswith(("http", "www.")):
            words.append(None)
    lemmas = tuple(lemma(w) if w is not None else None for w in words)
    stopwords = language().stopwords
    keys = tuple(l if w is not None and len(w) > 1 and not w.isdigit() and w not in stopwords and l not in stopwords else None
                 for w, l in zip(words, lemmas))
    return tuple(words), lemmas, tuple(tags), keys


def reply_tokens(text: str) -> Tokens:
    """Tokenise a reply's clean text for counting and theme matching.

    Hashtags contribute their CamelCase words (so #BuildBackBetter reads as
    "build back better") and are kept whole in `tags`; @mentions and URLs are not words.
    """
    words: list[str | None] = []
    lemmas: list[str | None] = []
    tags: list[str] = []
    keys: list[str | None] = []
    cache = _CHUNK_CACHE
    for chunk in (text or "").split():  # clean_text: entities were unescaped once, in the reply table
        entry = cache.get(chunk)
        if entry is None:
            entry = _chunk_entry(chunk)
            if len(cache) < _CHUNK_CACHE_LIMIT:
                cache[chunk] = entry
        words += entry[0]
        lemmas += entry[1]
        keys += entry[3]
        if entry[2]:
            tags += entry[2]
    return Tokens(words, lemmas, tags, keys)
