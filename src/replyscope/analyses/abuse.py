"""Abuse measured: a small linear model that flags abusive and offensive replies, with the words that pushed it.

The codebook's Abuse theme is a word list; this adds a TF-IDF + logistic-regression model trained on
Davidson, Warmsley, Macy and Weber (ICWSM 2017), "Automated Hate Speech Detection and the Problem of
Offensive Language" (24,783 tweets, MIT licence): hate speech or offensive language against neither.
The model ships as plain arrays (data/abuse_model.json.gz: vocabulary, idf, weights), rebuilt
deterministically by benchmarks/build_abuse_model.py, and is applied here with numpy alone.

A reply the model scores at or above the threshold gets the Abuse theme (and so, by the codebook's
priority, the primary theme Abuse: it is set aside from the substantive shares), with evidence naming
the words that pushed it. Where it fails, and how far its labels can be trusted, is in ABUSE_METHOD.
"""

import gzip
import html
import json
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from itertools import chain, repeat

import numpy as np
import pandas as pd

from ..schema import shallow_copy

MODEL_FILE = "abuse_model.json.gz"
ABUSE = "abuse"
_MENTION = re.compile(r"@\w+")
_LINK = re.compile(r"https?://\S+|www\.\S+")
_RETWEET = re.compile(r"R(?<=\bR)T\b")   # \bRT\b, written to start with a letter the regex engine can skip to
_ENTITY_EMOJI = re.compile(r"&#\d+;")
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern, as in training
# TOKEN's matches, found faster: a run of two or more word characters is always matched whole.
_WORD_RUNS = re.compile(r"\w\w+")
SCORE_CHUNK = 20_000   # distinct texts scored together: bounds the memory their terms take
# Joins texts prepared together: no step of `prepare` reaches across a line break, and a text that
# holds this made-up word is noticed (the separator count is off) and the chunk read one text at a time.
_SEPARATOR_WORD = "rsabuseseparatorzq"
_SEPARATOR = f"\n {_SEPARATOR_WORD} \n"

# Measured by benchmarks/abuse.py on the 20% of Davidson et al.'s tweets the model never saw (4,957 tweets, 83%
# abusive, so precision here is flattering: in a thread where few replies are abusive it will be lower), and
# on 2,139 held-out ordinary tweets (CrisisLexT26) for how often it flags text that is not abusive at all.
ABUSE_MEASURED = {
    "benchmark": "benchmarks/abuse.py",
    "model_precision": 0.997, "model_recall": 0.837, "model_hate_recall": 0.657, "model_ordinary_flagged": 0.0,
    "word_list_precision": 0.991, "word_list_recall": 0.187, "word_list_ordinary_flagged": 0.0108,
    "both_precision": 0.995, "both_recall": 0.861,
}

ABUSE_METHOD = (
    "Abusive and offensive replies are flagged by the codebook's Abuse word list and by a small model "
    "(TF-IDF of words and word pairs, logistic regression) trained on Davidson et al. (ICWSM 2017): tweets labelled "
    "hate speech, offensive or neither by crowd workers. The evidence names the words that pushed each reply. "
    "Where it fails: it reads words, not who says them or why, so reclaimed slurs (a community's own use of a word "
    "aimed at it), quotes and reports of abuse (\"he called me a ...\") and swearing in friendly banter are "
    "flagged, while polite or coded hostility with no rude word passes. Its labels carry a known racial bias: "
    "Davidson, Bhattacharya and Weber (2019, \"Racial Bias in Hate Speech and Abusive Language Detection Datasets\") "
    "found that classifiers trained on these and similar labels flag tweets written in African-American English "
    "as abusive at substantially higher rates than tweets in Standard American English, in all five datasets they "
    "studied; leaving out the words most tied to the dialect narrowed the gap but did not close it. So replyscope "
    "treats these labels as the crowd coders' judgement, not ground truth: its benchmark measures agreement with "
    "those coders, and a flag on dialect is weak evidence. It was trained on US tweets "
    "from 2013; British insults (\"muppet\", \"numpty\") it may not know. Treat every flag as a pointer for a "
    "reader, never as a finding about a person."
)


@dataclass(frozen=True)
class AbuseModel:
    """The shipped model: vocabulary (words and word pairs), idf, weights and intercept, with its measured figures."""

    vocabulary: dict[str, int]
    terms: tuple[str, ...]
    idf: np.ndarray
    weights: np.ndarray
    intercept: float
    about: dict

    def probabilities(self, texts) -> tuple[np.ndarray, list[list[str]]]:
        """Return each text's probability of being abusive, and the words that pushed it most (strongest first).

        Identical texts are scored once; distinct texts are scored together, a chunk at a time, with
        sparse matrix arithmetic (see _score_many).
        """
        texts = [text if isinstance(text, str) else "" for text in texts]
        distinct = list(dict.fromkeys(texts))
        found: dict[str, tuple[float, list[str]]] = {}
        for start in range(0, len(distinct), SCORE_CHUNK):
            chunk = distinct[start:start + SCORE_CHUNK]
            found.update(zip(chunk, self._score_many(chunk)))
        probabilities = np.fromiter((found[text][0] for text in texts), dtype=float, count=len(texts))
        return probabilities, [found[text][1] for text in texts]

    def _score_many(self, texts: list[str]) -> list[tuple[float, list[str]]]:
        """What _score gives each text, computed for all at once.

        The sums here add the same terms as _score in another order, so they can differ from its
        sums in the last bits. That changes nothing a reader sees unless a probability lies at a
        decision point (a 4-place rounding edge, or a threshold written with up to 4 places) or two
        of its strongest words push it almost equally: those few texts are scored by _score itself.
        """
        from scipy import sparse

        rows, columns = self._term_columns(texts)
        tf = sparse.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), len(self.terms)))
        tf.sum_duplicates()
        rows = np.repeat(np.arange(len(texts)), np.diff(tf.indptr))
        values = (1.0 + np.log(tf.data)) * self.idf[tf.indices]   # sublinear tf, as trained
        norms = np.sqrt(np.bincount(rows, values ** 2, minlength=len(texts)))
        contributions = values / norms[rows] * self.weights[tf.indices]
        probabilities = _sigmoid(np.bincount(rows, contributions, minlength=len(texts)) + self.intercept)
        # strongest push first within each text
        order = np.lexsort((-contributions, rows))
        ranked_rows, ranked = rows[order], contributions[order]
        rank = np.arange(len(order)) - tf.indptr[ranked_rows]
        pushing = np.flatnonzero((rank < 3) & (ranked > 0))
        pushed: list[list[str]] = [[] for _ in texts]
        for row, column in zip(ranked_rows[pushing].tolist(), tf.indices[order[pushing]].tolist()):
            pushed[row].append(self.terms[column])
        # where a reordered sum could show: next to a decision point, or a near tie among the top four
        scaled = probabilities * 1e4
        at_edge = np.abs(scaled * 2 - np.round(scaled * 2)) < 1e-6
        tied = np.zeros(len(texts), dtype=bool)
        close = ((rank[1:] < 4) & (ranked_rows[1:] == ranked_rows[:-1]) & (ranked[1:] > 0)
                 & (ranked[:-1] - ranked[1:] <= 1e-9 * np.abs(ranked[:-1])))
        tied[ranked_rows[1:][close]] = True
        results = list(zip(probabilities.tolist(), pushed))
        for row in np.flatnonzero(at_edge | tied).tolist():
            results[row] = self._score(texts[row])
        return results

    def _term_columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(text, vocabulary column) for each known term of `features` in each text, repeats included.

        The texts are prepared and split into words all at once, joined by a separator word; words are
        looked up once, and word pairs by their two words' numbers (a pair across a separator is no term).
        """
        words = _WORD_RUNS.findall(prepare(_SEPARATOR.join(texts)))
        if words.count(_SEPARATOR_WORD) != len(texts) - 1:   # a text holds the separator: one text at a time
            term_lists = [features(text) for text in texts]
            rows = np.repeat(np.arange(len(texts)), [len(terms) for terms in term_lists])
            columns = np.fromiter(map(self.vocabulary.get, chain.from_iterable(term_lists), repeat(-1)), dtype=np.int64)
        else:
            index = self._word_index
            codes = np.fromiter(map(index.codes.get, words, repeat(0)), dtype=np.int64, count=len(words))
            word_rows = np.cumsum(codes == index.separator)
            pair_keys = codes[:-1] * index.separator + codes[1:]
            found = np.minimum(np.searchsorted(index.pair_keys, pair_keys), len(index.pair_keys) - 1)
            pair_columns = np.where(index.pair_keys[found] == pair_keys, index.pair_columns[found], -1)
            rows = np.concatenate((word_rows, word_rows[:-1]))
            columns = np.concatenate((index.word_columns[codes], pair_columns))
        known = columns >= 0
        return rows[known], columns[known]

    @cached_property
    def _word_index(self) -> "_WordIndex":
        return _WordIndex.of(self.terms)

    def _score(self, text: str) -> tuple[float, list[str]]:
        counts = Counter(term for term in features(text) if term in self.vocabulary)
        if not counts:
            return float(_sigmoid(self.intercept)), []
        columns = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=float, count=len(counts))
        values = (1.0 + np.log(tf)) * self.idf[columns]  # sublinear tf, as trained
        values /= np.sqrt((values ** 2).sum())
        contributions = values * self.weights[columns]
        probability = float(_sigmoid(contributions.sum() + self.intercept))
        order = np.argsort(-contributions)
        pushed = [self.terms[columns[i]] for i in order[:3] if contributions[i] > 0]
        return probability, pushed


@dataclass(frozen=True)
class _WordIndex:
    """The vocabulary by word number: 0 for a word in no term, 1.. for words of terms, `separator` for the
    separator word; each word's column as a term of its own, and each word pair's column by number."""

    codes: dict[str, int]
    separator: int
    word_columns: np.ndarray
    pair_keys: np.ndarray       # first word's number * separator + second word's number, sorted
    pair_columns: np.ndarray

    @classmethod
    def of(cls, terms: tuple[str, ...]) -> "_WordIndex":
        parts = [term.split(" ") for term in terms]
        codes = {word: code for code, word in enumerate(dict.fromkeys(word for words in parts for word in words), 1)}
        separator = len(codes) + 1
        codes[_SEPARATOR_WORD] = separator
        word_columns = np.full(separator + 1, -1, dtype=np.int64)
        pairs = []
        for column, words in enumerate(parts):
            if len(words) == 1:
                word_columns[codes[words[0]]] = column
            else:
                pairs.append((codes[words[0]] * separator + codes[words[1]], column))
        pairs.sort()
        return cls(codes, separator, word_columns, np.array([key for key, _ in pairs] or [-1], dtype=np.int64),
                   np.array([column for _, column in pairs] or [-1], dtype=np.int64))


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def prepare(text: str) -> str:
    """The text the model reads: entities unescaped, links, @mentions, 'RT' and emoji codes removed, lower case."""
    text = html.unescape(_ENTITY_EMOJI.sub(" ", text or ""))
    text = _LINK.sub(" ", text)
    text = _MENTION.sub(" ", text)
    return _RETWEET.sub(" ", text).lower()


def features(text: str) -> list[str]:
    """Words and adjacent word pairs, as scikit-learn's TfidfVectorizer(ngram_range=(1, 2)) makes them."""
    words = TOKEN.findall(prepare(text))
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


@lru_cache(maxsize=1)
def load_abuse_model() -> AbuseModel:
    """Return the bundled model (read once)."""
    raw = resources.files("replyscope.data").joinpath(MODEL_FILE).read_bytes()
    return model_from_dict(json.loads(gzip.decompress(raw)))


def model_from_dict(data: dict) -> AbuseModel:
    """Build an AbuseModel from its stored form (see benchmarks/build_abuse_model.py)."""
    terms = tuple(data["terms"])
    return AbuseModel(vocabulary={t: i for i, t in enumerate(terms)}, terms=terms,
                      idf=np.asarray(data["idf"], dtype=float), weights=np.asarray(data["weights"], dtype=float),
                      intercept=float(data["intercept"]), about=data.get("about", {}))


def abuse_texts(coded: pd.DataFrame) -> list:
    """The texts the abuse model scores: clean_text."""
    return coded["clean_text"].fillna("").astype(object).tolist()


def flag_abuse(coded: pd.DataFrame, threshold: float, model: AbuseModel | None = None,
               scored: tuple[np.ndarray, Sequence | Mapping] | None = None) -> pd.DataFrame:
    """Return the coded replies with `abuse_score` added and model-flagged replies coded Abuse.

    Reads clean_text, themes, primary_theme, evidence. A reply scoring at or above `threshold`
    that the word list missed gets the Abuse theme first in its themes, primary theme Abuse, and
    evidence "abuse (model, 0.97): 'word', 'word pair'". `abuse_by` says what set each reply aside:
    "word list", "model", or empty. `scored` is model.probabilities(abuse_texts(coded)) when already
    computed (analyse scores them beside the coding); its words need only be there for replies at `threshold`.
    """
    model = model or load_abuse_model()
    flagged = shallow_copy(coded, writing=("themes", "evidence", "matched_words", "primary_theme"))
    scores, pushed = scored if scored is not None else model.probabilities(abuse_texts(flagged))
    flagged["abuse_score"] = np.round(scores, 4)
    by_words = (flagged["primary_theme"] == ABUSE).to_numpy(dtype=bool)
    by_model = (scores >= threshold) & ~by_words
    for position in np.flatnonzero(by_model):
        words = ", ".join(f"'{w}'" for w in pushed[position]) or "no single word"
        note = f"abuse (model, {scores[position]:.2f}): {words}"
        flagged.at[position, "themes"] = [ABUSE, *[t for t in flagged.at[position, "themes"] if t != ABUSE]]
        previous = flagged.at[position, "evidence"]
        flagged.at[position, "evidence"] = f"{note}; {previous}" if isinstance(previous, str) and previous else note
        flagged.at[position, "matched_words"] = sorted({*flagged.at[position, "matched_words"],
                                                       *[w for w in pushed[position] if " " not in w]})
    flagged.loc[by_model, "primary_theme"] = ABUSE
    flagged["abuse_by"] = pd.array(np.where(by_words, "word list", np.where(by_model, "model", "")), dtype="string")
    return flagged


def abuse_summary(coded: pd.DataFrame) -> dict:
    """How many replies were set aside as abuse (primary theme Abuse), and how many of them only the model caught.

    Reads primary_theme and, when the model ran, abuse_by.
    """
    set_aside = (coded["primary_theme"] == ABUSE).to_numpy(dtype=bool)
    by_model = int((set_aside & (coded["abuse_by"] == "model").to_numpy(dtype=bool)).sum()) if "abuse_by" in coded else 0
    return {"replies": len(coded), "set_aside": int(set_aside.sum()), "by_model": by_model,
            "by_word_list": int(set_aside.sum()) - by_model, "model_used": "abuse_by" in coded}
