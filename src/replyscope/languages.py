"""Which language each reply is written in, and that language's stopwords and lemmas.

Part of the text layer: analyses receive tokens and never branch on a language.
Stopword lists ship inside the package (data/stopwords/, sources and licences in its
NOTICE.md), so the same input gives the same tables on every machine, whatever NLTK
data happens to be installed. Detection uses py3langid, chosen by
benchmarks/language_detection.py (accuracy on short crisis tweets, and speed).
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import simplemma

from .errors import read_user_text

DEFAULT_LANGUAGE = "en"
# The language column's value for a reply with too few letters to tell.
UNDETERMINED = "und"
# Replies with fewer letters than this (after links, @mentions and tags' signs are removed) are not guessed.
MIN_LETTERS = 12

# The lookahead only lets the regex skip, at C speed, the characters no alternative can start with.
_NOT_LANGUAGE_RE = re.compile(r"(?=[hw@＠R&])(?:https?://\S+|www\.\S+|[@＠]\w+|\bRT\b|&\w+;)")
_DETECTION_BATCH = 100_000   # distinct texts cleaned and classified at once: memory follows the batch
# MIN_LETTERS letters ([^\W\d_]: word characters that are neither digits nor '_'), whatever lies between them.
_ENOUGH_LETTERS_RE = re.compile(r"[^\W\d_](?:[\W\d_]*[^\W\d_]){%d}" % (MIN_LETTERS - 1))

NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "ga": "Irish", "gl": "Galician", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "id": "Indonesian", "is": "Icelandic", "it": "Italian", "ja": "Japanese", "ko": "Korean", "la": "Latin",
    "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian",
    "sv": "Swedish", "sw": "Swahili", "th": "Thai", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "vi": "Vietnamese", "zh": "Chinese", UNDETERMINED: "Undetermined (too short to tell)",
}

# Social-media noise on top of the English stopword list.
SOCIAL_NOISE = frozenset({
    "rt", "amp", "via", "gt", "lt", "http", "https", "www", "com", "co", "uk", "org", "im", "i'm", "dont",
    "don't", "can't", "cant", "it's", "thats", "that's", "u", "ur", "yes", "no", "ok", "okay", "etc",
    "also", "would", "could", "should", "get", "got", "one", "will", "may", "might", "much", "many",
    "well", "really", "lot", "lots", "us", "let", "let's", "every", "thing", "things", "see", "make",
    "even", "still", "yet", "ve", "ll", "re", "d", "s", "t", "m", "thank", "thanks", "pls", "please",
})
# Languages that elide articles and prepositions into the next word (l'Italia, dell'Europa, qu'il).
ELIDING = frozenset({"it", "fr", "ca"})


def name(code: str) -> str:
    """'it' -> 'Italian'; an unknown code is returned as it is."""
    return NAMES.get(code, code)


def detection_text(text: str) -> str:
    """The words of a post a detector should read: no links, @mentions, 'RT' or hashtag signs."""
    return " ".join(_NOT_LANGUAGE_RE.sub(" ", text or "").replace("#", " ").split())


@lru_cache(maxsize=1)
def _identifier():
    from .langid_cache import language_identifier
    return language_identifier()


def detect_language(text: str) -> str:
    """The ISO 639-1 code of the language `text` is written in, or 'und' when it is too short to tell."""
    words = detection_text(text)
    if not _ENOUGH_LETTERS_RE.search(words):
        return UNDETERMINED
    return _identifier().classify(words)[0]


def detect_languages(texts: Iterable[str]) -> list[str]:
    """The language code of each text, as detect_language gives it; identical texts are detected once.

    The texts are classified together (langid_batch), which gives py3langid's labels many times faster.
    """
    texts = list(texts)
    distinct = list(dict.fromkeys(texts))
    codes = [UNDETERMINED] * len(distinct)
    for start in range(0, len(distinct), _DETECTION_BATCH):
        words = [detection_text(text) for text in distinct[start:start + _DETECTION_BATCH]]
        readable = [index for index, text in enumerate(words) if _ENOUGH_LETTERS_RE.search(text)]
        for index, code in zip(readable, _classify([words[index] for index in readable])):
            codes[start + index] = code
    found = dict(zip(distinct, codes))
    return [found[text] for text in texts]


def _classify(words: list[str]) -> list[str]:
    from . import langid_batch

    identifier = _identifier()
    if not langid_batch.supports(identifier):  # another py3langid model layout: one text at a time
        return [identifier.classify(text)[0] for text in words]
    return langid_batch.BatchLanguageIdentifier(identifier).classify(words)


def main_language(codes: Iterable[str], fallback: str = DEFAULT_LANGUAGE) -> str:
    """The most common determined language (ties by code), or `fallback` when none is determined."""
    counts = Counter(c for c in codes if c != UNDETERMINED)
    if not counts:
        return fallback
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


@lru_cache(maxsize=None)
def _stopword_files() -> dict[str, str]:
    folder = resources.files("replyscope.data").joinpath("stopwords")
    return {entry.name.removesuffix(".txt"): entry.name for entry in folder.iterdir() if entry.name.endswith(".txt")}


def has_stopwords(code: str) -> bool:
    """True when replyscope ships a stopword list for this language."""
    return code in _stopword_files()


@lru_cache(maxsize=None)
def stopwords(code: str) -> frozenset[str]:
    """The shipped stopwords of a language (empty when none ships); English adds social-media noise words."""
    file = _stopword_files().get(code)
    if file is None:
        return frozenset()
    text = resources.files("replyscope.data").joinpath("stopwords", file).read_text(encoding="utf-8")
    words = frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return words | SOCIAL_NOISE if code == "en" else words


def stopwords_source(code: str) -> str:
    """Where a language's stopword list comes from, for the method notes."""
    file = _stopword_files().get(code)
    if file is None:
        return "none shipped"
    first = resources.files("replyscope.data").joinpath("stopwords", file).read_text(encoding="utf-8").splitlines()[0]
    source = first.lstrip("# ").strip()
    return source + (" plus social-media noise words" if code == "en" else "")


@lru_cache(maxsize=None)
def lemmatises(code: str) -> bool:
    """True when simplemma has a dictionary for this language."""
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
    except ImportError:  # another simplemma layout: ask it directly
        try:
            simplemma.lemmatize("a", lang=code)
        except (ValueError, KeyError, OSError):
            return False
        return True
    return code in SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class LanguageMix:
    """How many replies are in each language, and what that means for the analysis."""

    counts: tuple[tuple[str, int], ...]   # (code, replies), most first; 'und' last
    main: str                              # the most common determined language
    codebook_language: str

    @property
    def determined(self) -> int:
        return sum(n for code, n in self.counts if code != UNDETERMINED)

    def share(self, code: str) -> float:
        """The share of the replies whose language could be told that are in `code`."""
        return dict(self.counts).get(code, 0) / self.determined if self.determined else 0.0

    def warning(self) -> str | None:
        """A note when most replies are not in the codebook's language, else None."""
        if not self.determined or self.share(self.codebook_language) >= 0.5:
            return None
        return (f"Most replies are not in the codebook's language ({name(self.codebook_language)}): "
                f"{self.share(self.main):.0%} are {name(self.main)}. Codebook terms match few of them; "
                f"write terms in {name(self.main)} (or set language = \"{self.main}\" in a codebook written for it).")


def language_mix(codes: Iterable[str], codebook_language: str = DEFAULT_LANGUAGE) -> LanguageMix:
    """Count the replies per language code."""
    counts = Counter(codes)
    ordered = sorted(((c, n) for c, n in counts.items() if c != UNDETERMINED), key=lambda item: (-item[1], item[0]))
    if counts.get(UNDETERMINED):
        ordered.append((UNDETERMINED, counts[UNDETERMINED]))
    return LanguageMix(tuple(ordered), main_language(counts.elements(), codebook_language), codebook_language)


def read_stopword_file(path: str | Path) -> tuple[str, ...]:
    """The words of a stopword file: one word per line, blank lines and lines starting with '#' ignored."""
    text = read_user_text(path, "stopword file", "a text file with one word per line",
                          "give a text file with one word per line", "save it as UTF-8 text, one word per line")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))
