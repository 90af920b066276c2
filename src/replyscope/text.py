"""Turning reply text into tokens, lemmas and content words, the same way everywhere.

Tokenising follows NLTK's TweetTokenizer rules (its own patterns, `casual.REGEXPS`),
so hashtags, @mentions, URLs and emoticons stay whole; plain words are taken straight
from the whitespace split, which gives the same tokens many times faster (a test
compares the two on real tweets). One deliberate difference: letters and digits
written together stay one word ("covid19", "net0", "5g"), where TweetTokenizer
splits "covid19" into "covid" and "19". Stopwords are the lists replyscope ships for
each language and lemmas come from simplemma (see `languages`), so the tables never
depend on which NLTK data a machine has.

Many replies at once (`tokenise_replies`) become integer ids into one vocabulary, so
each distinct chunk of text is tokenised and lemmatised once per language, and
counting and coding run over arrays rather than reply by reply.
"""

import html
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, islice, repeat

import numpy as np
import regex
import simplemma

from . import languages, tweet_patterns
from .languages import DEFAULT_LANGUAGE

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
# A word: letters (digits allowed beside them: covid19, 5g), possibly with apostrophes or hyphens inside.
_WORD_RE = re.compile(r"^(?=[\w'’\-]*[^\W\d_])[^\W_](?:[\w'’\-]*[^\W_])?$")
_CAMEL_RE = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+(?:[A-Z]+(?![a-z])|[a-z]+)?")
_LETTERS_AND_DIGITS_RE = re.compile(r"\d.*[^\W\d_]|[^\W\d_].*\d")


@dataclass(frozen=True)
class Language:
    """The stopwords and lemmatiser of one language, and where they came from (for the method notes)."""

    stopwords: frozenset[str]
    stopwords_source: str
    lemmatiser_source: str
    code: str = DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def language(code: str = DEFAULT_LANGUAGE) -> Language:
    """Return the shipped stopwords and the lemmatiser of a language (English by default)."""
    lemmatiser = "simplemma" if languages.lemmatises(code) else "none (simplemma has no dictionary for it)"
    return Language(languages.stopwords(code), languages.stopwords_source(code), lemmatiser, code)


def reset_language_cache() -> None:
    """Forget every cached stopword list and lemma (tests switch NLTK_DATA between runs)."""
    lemma.cache_clear()
    language.cache_clear()
    languages.stopwords.cache_clear()


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
    if _LETTERS_AND_DIGITS_RE.search(chunk):
        return _joined_letters_and_digits(chunk)
    return _TWEET_TOKEN_RE.findall(chunk)


def _joined_letters_and_digits(chunk: str) -> list[str]:
    """TweetTokenizer's tokens, with letters and digits written together joined again: covid19, net0."""
    tokens: list[str] = []
    end = -1
    for match in _TWEET_TOKEN_RE.finditer(chunk):
        token = match.group()
        if match.start() == end and token.isalnum() and tokens and tokens[-1].isalnum():
            tokens[-1] += token
        else:
            tokens.append(token)
        end = match.end()
    return tokens


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
def lemma(word: str, code: str = DEFAULT_LANGUAGE) -> str:
    """Return the dictionary form of a lower-case word: communities -> community, listening -> listen.

    simplemma's dictionary for the language `code` (the word itself when it has none).
    A lemma that does not start like the word (better -> good) is refused: grouping
    should merge forms of one word, not synonyms.
    """
    if "-" in word:
        head, _, last = word.rpartition("-")
        last_lemma = lemma(last, code)
        # only plural endings: "being" must not become "be" inside "well-being"
        return f"{head}-{last_lemma}" if len(last_lemma) >= len(last) - 2 else word
    word_plain = word.replace("’", "'")
    if not languages.lemmatises(code):
        return word_plain
    candidate = simplemma.lemmatize(word, lang=code).lower()
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


@dataclass(frozen=True)
class WordRules:
    """The user's own stopwords (`stop`) and words to count even though a list calls them stopwords (`keep`).

    Both are compared with each word and its lemma, in every language, so "renewals"
    is dropped by stop = ["renewal"].
    """

    stop: frozenset[str] = frozenset()
    keep: frozenset[str] = frozenset()

    @classmethod
    def of(cls, stop: Iterable[str] = (), keep: Iterable[str] = ()) -> "WordRules":
        """Rules from any lists of words (lower-cased, blanks dropped)."""
        return cls(frozenset(w.strip().lower() for w in stop if w.strip()),
                   frozenset(w.strip().lower() for w in keep if w.strip()))


class _Reading:
    """How the replies of one reading are read: its chunk and word ids, stopwords and lemmas.

    A reading is a language code ("it"), or codes joined by "+" ("it+es"): lemmas in the
    first language, the stopwords of all of them.
    """

    def __init__(self, reading: str, rules: WordRules):
        codes = reading.split("+")
        code = self.code = codes[0]
        self.chunk_ids: dict[str, int] = {}
        self.word_ids: dict[str, int] = {}
        lemmatised = lambda words: {form for w in words for form in (w, lemma(w, code))}  # noqa: E731
        self.keep = lemmatised(rules.keep)
        listed = frozenset().union(*(language(c).stopwords for c in codes))
        self.stopwords = (listed | lemmatised(rules.stop)) - self.keep
        self.eliding = not languages.ELIDING.isdisjoint(codes)

    def is_content(self, word: str, word_lemma: str) -> bool:
        if word in self.keep or word_lemma in self.keep:
            return True
        return len(word) > 1 and not word.isdigit() and word not in self.stopwords and word_lemma not in self.stopwords

    def split_elisions(self, words: list[str | None]) -> list[str | None]:
        """dell'europa -> dell, europa; l'italia -> l, italia (when the elided word is a stopword)."""
        result: list[str | None] = []
        for word in words:
            head, apostrophe, rest = word.partition("'") if word else ("", "", "")
            if apostrophe and rest and head in self.stopwords:
                result.extend((head, rest))
            else:
                result.append(word)
        return result


class _Lexicon:
    """Ids for the distinct chunks and words of some replies, each worked out once per language.

    Replies repeat their words, so a chunk (a whitespace-free piece of text) is
    tokenised, lemmatised and looked up in the stopwords only the first time it is seen
    in a language. A word gets one id per language it is read in (its lemma and
    stopword status depend on the language); key ids (lemmas) are shared.
    """

    def __init__(self, rules: WordRules):
        self.rules = rules
        self.readings: dict[str, _Reading] = {}
        self.chunk_words: list[tuple[int, ...]] = []   # chunk id -> word ids, -1 at clause breaks
        self.chunk_tags: list[tuple[str, ...]] = []    # chunk id -> hashtags and mentions as written
        self.words: list[str] = []
        self.lemmas: list[str] = []
        self.key_ids: dict[str, int] = {}
        self.word_keys: list[int] = []                 # word id -> key id, or -1 for a stopword

    def reading(self, code: str) -> _Reading:
        found = self.readings.get(code)
        if found is None:
            found = self.readings[code] = _Reading(code, self.rules)
        return found

    def add_chunk(self, chunk: str, reading: _Reading) -> None:
        words, tags = _chunk_words(chunk)
        if reading.eliding:
            words = reading.split_elisions(words)
        reading.chunk_ids[chunk] = len(self.chunk_words)
        self.chunk_words.append(tuple(-1 if w is None else self._word_id(w, reading) for w in words))
        self.chunk_tags.append(tuple(tags))

    def _word_id(self, word: str, reading: _Reading) -> int:
        found = reading.word_ids.get(word)
        if found is None:
            found = reading.word_ids[word] = len(self.words)
            word_lemma = lemma(word, reading.code)
            self.words.append(word)
            self.lemmas.append(word_lemma)
            content = reading.is_content(word, word_lemma)
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

    def subset(self, rows: np.ndarray) -> "TokenisedReplies":
        """The tokens of some replies only (`rows`: increasing reply indexes), sharing this vocabulary."""
        rows = np.asarray(rows, dtype=np.int64)
        lengths = np.diff(self.offsets)[rows]
        ends = np.cumsum(lengths)
        total = int(ends[-1]) if len(ends) else 0
        gather = np.repeat(self.offsets[rows] - (ends - lengths), lengths) + np.arange(total, dtype=np.int64)
        position = np.full(len(self), -1, dtype=np.int64)
        position[rows] = np.arange(len(rows))
        kept = position[self.tag_replies] >= 0
        return replace(self, word_ids=self.word_ids[gather], offsets=np.concatenate([[0], ends]).astype(np.int64),
                       tag_replies=position[self.tag_replies[kept]], tag_chunks=self.tag_chunks[kept])

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
                     step: int = 10_000, languages: Sequence[str] | None = None,
                     rules: WordRules | None = None) -> TokenisedReplies:
    """Tokenise replies' clean texts for counting and theme matching.

    Hashtags contribute their CamelCase words (so #BuildBackBetter reads as "build back
    better") and are kept whole in `tags`; @mentions and URLs are not words. Entities
    were unescaped once, in the reply table. `languages` gives each reply's reading:
    a language code, or codes joined by "+" for lemmas in the first and the stopwords
    of all (English when not given); `rules` adds the
    user's own stopwords and keep words. The work per reply is a split and a lookup of
    each chunk's id (both in C); the rest runs over arrays.
    `progress(replies done)` is called every `step` replies.
    """
    lexicon = _Lexicon(rules or WordRules())
    chunk_counts: list[int] = []
    blocks: list[np.ndarray] = []
    texts = iter(texts)
    codes = iter(languages) if languages is not None else repeat(DEFAULT_LANGUAGE)
    current = None
    while block := list(islice(texts, step)):
        ids = []
        for text, code in zip(block, codes):
            if code != current:  # replies mostly share a language: switch readings only when it changes
                reading, current = lexicon.reading(code), code
                known = reading.chunk_ids.get
            chunks = text.split() if text else []
            found = list(map(known, chunks))
            if None in found:
                for chunk in chunks:
                    if chunk not in reading.chunk_ids:
                        lexicon.add_chunk(chunk, reading)
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


def reply_tokens(text: str, code: str = DEFAULT_LANGUAGE, rules: WordRules | None = None) -> Tokens:
    """Tokenise one reply's clean text (see `tokenise_replies`)."""
    return tokenise_replies([text], languages=[code], rules=rules).reply(0)
