"""Turning reply text into tokens, lemmas and content words, the same way everywhere.

Tokenising follows NLTK's TweetTokenizer rules (its own patterns, `casual.REGEXPS`),
so hashtags, @mentions, URLs and emoticons stay whole; plain words are taken straight
from the whitespace split, which gives the same tokens many times faster (a test
compares the two on real tweets). Stopwords and lemmas come from NLTK's data when it
is installed, and otherwise from the `wordcloud` stopword list and `simplemma`.

Many replies at once (`tokenise_replies`) become integer ids into one vocabulary, so
each distinct chunk of text is tokenised and lemmatised once, and counting and coding
run over arrays rather than reply by reply.
"""

import html
import importlib.util
import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path

import numpy as np
import regex
import simplemma

from . import tweet_patterns

# NLTK's TweetTokenizer patterns (compiled with the same `regex` engine NLTK uses, whose
# \w includes combining marks), without phone numbers, which it matches only by option.
_TWEET_TOKEN_RE = regex.compile(f"({'|'.join(tweet_patterns.REGEXPS)})",
                                regex.VERBOSE | regex.IGNORECASE | regex.UNICODE)
# NLTK shortens runs of 4+ identical non-alphanumeric characters before tokenising; so do we.
_HANG_RE = regex.compile(r"([^\p{L}\p{N}])\1{3,}")
_ANY_RUN_RE = re.compile(r"(.)\1\1\1")  # a cheap test first: most chunks hold no run of four
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


def _nltk_data_dirs() -> list[str]:
    """Where NLTK looks for its data: its own list once NLTK is imported, else the same defaults.

    Looking first means NLTK itself (2-3 s to import) is loaded only where its data is installed.
    """
    if "nltk" in sys.modules:
        return list(sys.modules["nltk"].data.path)
    dirs = [d for d in os.environ.get("NLTK_DATA", "").split(os.pathsep) if d]
    if os.path.expanduser("~/") != "~/":
        dirs.append(os.path.expanduser("~/nltk_data"))
    if sys.platform.startswith("win"):
        dirs += [os.path.join(sys.prefix, "nltk_data"), os.path.join(sys.prefix, "share", "nltk_data"),
                 os.path.join(sys.prefix, "lib", "nltk_data"), os.path.join(os.environ.get("APPDATA", "C:\\"), "nltk_data"),
                 r"C:\nltk_data", r"D:\nltk_data", r"E:\nltk_data"]
    else:
        dirs += [os.path.join(sys.prefix, "nltk_data"), os.path.join(sys.prefix, "share", "nltk_data"),
                 os.path.join(sys.prefix, "lib", "nltk_data"), "/usr/share/nltk_data", "/usr/local/share/nltk_data",
                 "/usr/lib/nltk_data", "/usr/local/lib/nltk_data"]
    return dirs


def _nltk_has(resource: str) -> bool:
    """Whether NLTK data holds `resource` ("corpora/stopwords"), as a folder or a zip."""
    return any(Path(d, resource).exists() or Path(d, resource + ".zip").exists() for d in _nltk_data_dirs())


def _wordcloud_stopwords() -> frozenset[str]:
    """The wordcloud package's stopword list, read from its file (importing wordcloud loads matplotlib)."""
    folder = importlib.util.find_spec("wordcloud").submodule_search_locations[0]
    with open(os.path.join(folder, "stopwords"), encoding="utf-8") as handle:
        return frozenset(map(str.strip, handle.readlines()))


@lru_cache(maxsize=1)
def _nltk_stopwords() -> frozenset[str] | None:
    """NLTK's English stopwords, read straight from its data (folder or zip) unless NLTK is loaded already."""
    if "nltk" in sys.modules:
        try:
            from nltk.corpus import stopwords
            return frozenset(stopwords.words("english"))
        except (LookupError, OSError):
            return None
    for folder in _nltk_data_dirs():
        try:
            plain = Path(folder, "corpora", "stopwords", "english")
            if plain.is_file():
                return _word_list(plain.read_bytes())
            packed = Path(folder, "corpora", "stopwords.zip")
            if packed.is_file():
                with zipfile.ZipFile(packed) as archive:
                    return _word_list(archive.read("stopwords/english"))
        except (OSError, KeyError, zipfile.BadZipFile):
            continue
    return None


def _word_list(raw: bytes) -> frozenset[str]:
    """The words of an NLTK word-list file, one a line, as NLTK's WordListCorpusReader reads them."""
    return frozenset(line for line in raw.decode("utf-8").splitlines() if line.strip())


@lru_cache(maxsize=1)
def _wordnet():
    if not _nltk_has("corpora/wordnet"):
        return None
    try:
        import nltk
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
        stopwords, stop_source = _wordcloud_stopwords(), "the wordcloud package's English stopwords (NLTK data not installed)"
    lemma_source = "NLTK WordNet" if _wordnet() is not None else "simplemma (NLTK WordNet data not installed)"
    return Language(stopwords | SOCIAL_NOISE, stop_source + " plus social-media noise words", lemma_source)


def reset_language_cache() -> None:
    """Forget which NLTK data was found (tests switch NLTK_DATA between runs)."""
    _nltk_stopwords.cache_clear()
    _wordnet.cache_clear()
    lemma.cache_clear()
    language.cache_clear()


def _chunk_tokens(chunk: str) -> list[str]:
    """Tokens of one whitespace-free chunk; plain words skip the big pattern.

    Runs of a repeated symbol are cut to three here, chunk by chunk, as TweetTokenizer
    does for the whole text: a run of whitespace only ever separates chunks anyway.
    """
    if chunk.isalpha():
        return [chunk]
    if _ANY_RUN_RE.search(chunk):
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


def _chunk_words(chunk: str) -> tuple[list[str | None], list[str]]:
    """The words (None at clause breaks) and the hashtags and mentions of one chunk."""
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
    return words, tags


class _Lexicon:
    """Ids for the distinct chunks and words of some replies, each worked out once.

    Replies repeat their words, so a chunk (a whitespace-free piece of text) is
    tokenised, lemmatised and looked up in the stopwords only the first time it is seen.
    """

    def __init__(self):
        self.chunk_ids: dict[str, int] = {}
        self.chunk_words: list[tuple[int, ...]] = []   # chunk id -> word ids, -1 at clause breaks
        self.chunk_tags: list[tuple[str, ...]] = []    # chunk id -> hashtags and mentions as written
        self.word_ids: dict[str, int] = {}
        self.words: list[str] = []
        self.lemmas: list[str] = []
        self.key_ids: dict[str, int] = {}
        self.word_keys: list[int] = []                 # word id -> key id, or -1 for a stopword
        self.stopwords = language().stopwords

    def add_chunk(self, chunk: str) -> None:
        words, tags = _chunk_words(chunk)
        self.chunk_ids[chunk] = len(self.chunk_words)
        self.chunk_words.append(tuple(-1 if w is None else self._word_id(w) for w in words))
        self.chunk_tags.append(tuple(tags))

    def _word_id(self, word: str) -> int:
        found = self.word_ids.get(word)
        if found is None:
            found = self.word_ids[word] = len(self.words)
            word_lemma = lemma(word)
            self.words.append(word)
            self.lemmas.append(word_lemma)
            content = len(word) > 1 and not word.isdigit() and word not in self.stopwords and word_lemma not in self.stopwords
            self.word_keys.append(self.key_ids.setdefault(word_lemma, len(self.key_ids)) if content else -1)
        return found


@dataclass
class TokenisedReplies:
    """The tokens of many replies as integer ids, so counting and coding run over arrays.

    `word_ids` holds the word ids of reply 0, then reply 1, and so on (-1 where a clause
    breaks); reply i's words are `word_ids[offsets[i]:offsets[i + 1]]`. Per word id:
    `words` (lower-case), `lemmas` and `word_keys` (the key id of a content word worth
    counting, else -1); `keys` names the key ids (lemmas). Arrays indexed by word id
    carry one extra last entry for -1, so `array[word_ids]` works at clause breaks too.
    Hashtags and mentions are kept per chunk: `chunk_tags` (chunk id -> tags as
    written), and `tag_replies`/`tag_chunks` (the reply and chunk id of each use of a
    chunk that has any, in reading order).
    """

    word_ids: np.ndarray
    offsets: np.ndarray
    words: list[str]
    lemmas: list[str]
    word_keys: np.ndarray
    keys: list[str]
    chunk_tags: list[tuple[str, ...]]
    tag_replies: np.ndarray
    tag_chunks: np.ndarray

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def reply(self, index: int) -> Tokens:
        """One reply's tokens as strings (None at clause breaks)."""
        ids = self.word_ids[self.offsets[index]:self.offsets[index + 1]].tolist()
        keys = self.word_keys[ids].tolist()
        first, last = np.searchsorted(self.tag_replies, [index, index + 1])
        return Tokens(words=[self.words[i] if i >= 0 else None for i in ids],
                      lemmas=[self.lemmas[i] if i >= 0 else None for i in ids],
                      tags=[tag for chunk in self.tag_chunks[first:last].tolist() for tag in self.chunk_tags[chunk]],
                      keys=[self.keys[k] if k >= 0 else None for k in keys])


def tokenise_replies(texts: Iterable[str], progress: Callable[[int], None] | None = None,
                     step: int = 10_000) -> TokenisedReplies:
    """Tokenise replies' clean texts for counting and theme matching.

    Hashtags contribute their CamelCase words (so #BuildBackBetter reads as "build back
    better") and are kept whole in `tags`; @mentions and URLs are not words. Entities
    were unescaped once, in the reply table. The work per reply is a split and a
    lookup of each chunk's id (both in C); the rest runs over arrays.
    `progress(replies done)` is called every `step` replies.
    """
    lexicon = _Lexicon()
    known = lexicon.chunk_ids.get
    chunk_counts: list[int] = []
    blocks: list[np.ndarray] = []
    texts = iter(texts)
    while block := list(islice(texts, step)):
        ids = []
        for text in block:
            chunks = text.split() if text else []
            found = list(map(known, chunks))
            if None in found:
                for chunk in chunks:
                    if chunk not in lexicon.chunk_ids:
                        lexicon.add_chunk(chunk)
                found = list(map(known, chunks))
            ids.append(found)
        counts = list(map(len, ids))
        chunk_counts.extend(counts)
        blocks.append(np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=sum(counts)))
        if progress:
            progress(len(chunk_counts))
    reply_chunks = np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.int64)
    chunk_offsets = np.zeros(len(chunk_counts) + 1, dtype=np.int64)
    np.cumsum(chunk_counts, out=chunk_offsets[1:])

    # Each chunk instance expands to its chunk's words: gather from one array of every chunk's words.
    word_counts = np.fromiter(map(len, lexicon.chunk_words), dtype=np.int64, count=len(lexicon.chunk_words))
    chunk_starts = np.zeros(len(word_counts) + 1, dtype=np.int64)
    np.cumsum(word_counts, out=chunk_starts[1:])
    all_chunk_words = np.fromiter(chain.from_iterable(lexicon.chunk_words), dtype=np.int32, count=int(chunk_starts[-1]))
    lengths = word_counts[reply_chunks]
    ends = np.cumsum(lengths)
    total = int(ends[-1]) if len(ends) else 0
    gather = np.repeat(chunk_starts[reply_chunks] - (ends - lengths), lengths) + np.arange(total, dtype=np.int64)
    word_ids = all_chunk_words[gather]
    offsets = np.concatenate([[0], ends])[chunk_offsets] if total else np.zeros(len(chunk_offsets), dtype=np.int64)

    tagged = np.array([bool(tags) for tags in lexicon.chunk_tags] + [False], dtype=bool)
    where = np.flatnonzero(tagged[reply_chunks])
    return TokenisedReplies(word_ids=word_ids, offsets=offsets.astype(np.int64), words=lexicon.words,
                            lemmas=lexicon.lemmas, word_keys=np.array(lexicon.word_keys + [-1], dtype=np.int32),
                            keys=list(lexicon.key_ids), chunk_tags=lexicon.chunk_tags,
                            tag_replies=np.searchsorted(chunk_offsets, where, side="right") - 1,
                            tag_chunks=reply_chunks[where])


def reply_tokens(text: str) -> Tokens:
    """Tokenise one reply's clean text (see `tokenise_replies`)."""
    return tokenise_replies([text]).reply(0)
