"""VADER's compound score, computed as vaderSentiment 3.3 computes it, several times faster.

vaderSentiment's polarity_scores rebuilds the lower-cased word list for every rule it checks at every
sentiment word, and walks every character to find emoji. This reads the same lexicons and constants
from the installed vaderSentiment and applies the same rules in the same order with the same float
arithmetic, but lower-cases each distinct token once, looks for emoji only in text that is not plain
ASCII, and stops at once when no word of a reply is in the lexicon (every word then scores 0, so the
compound is 0). tests/test_vader.py checks it gives vaderSentiment's compound on thousands of real
posts, on each rule's edge cases and on random mixes of the rules' words.
"""

import string
from functools import lru_cache

from vaderSentiment import vaderSentiment as reference

_PUNCTUATION = string.punctuation
_NEGATIONS = frozenset(reference.NEGATE)
_BOOSTERS = reference.BOOSTER_DICT
_SPECIAL_CASES = reference.SPECIAL_CASES
N_SCALAR = reference.N_SCALAR
C_INCR = reference.C_INCR
# Adjacent words in the special cases and boosters of more than one word: a phrase can only match
# words that are each a word of it, as words never hold whitespace.
_PHRASE_PAIRS = frozenset(pair for phrase in [*_SPECIAL_CASES, *_BOOSTERS] if " " in phrase
                          for pair in zip(phrase.split(" "), phrase.split(" ")[1:]))
TOKEN_CACHE_LIMIT = 500_000   # distinct tokens remembered; then forgotten at once (bounds memory at 1M posts)


class CompoundScorer:
    """VADER compound scores (-1..+1, rounded to 4 places as vaderSentiment rounds them).

    Keeps each distinct token's lower-cased word while it lives, up to TOKEN_CACHE_LIMIT tokens:
    make one per batch of texts.
    """

    def __init__(self, lexicon: dict[str, float] | None = None, emojis: dict[str, str] | None = None):
        if lexicon is None or emojis is None:
            lexicon, emojis = vader_lexicons()
        self.lexicon = lexicon
        self.emojis = emojis
        self._lower_of = _TokenCache(lambda token: _strip_punctuation(token).lower())
        # vaderSentiment reads a text one character at a time, so only single-character emoji can match.
        self.emoji_characters = frozenset(emoji for emoji in self.emojis if len(emoji) == 1)
        self.ascii_emoji = any(emoji.isascii() for emoji in self.emoji_characters)
        self.rated = frozenset(word for word in self.lexicon if word not in _BOOSTERS)

    def compound(self, text: str) -> float:
        """polarity_scores(text)["compound"], for a str."""
        if (self.ascii_emoji or not text.isascii()) and not self.emoji_characters.isdisjoint(text):
            text = self._describe_emoji(text)
        text = text.strip()
        # vaderSentiment's words are the tokens with punctuation stripped; stripping never changes
        # whether a token is in capitals, so the capitals rules read the tokens themselves.
        tokens = text.split()
        lower = list(map(self._lower_of.__getitem__, tokens))
        if self.rated.isdisjoint(lower):
            return 0.0   # no words, or none carries sentiment: every word scores 0
        sentiments = [0] * len(tokens)
        capitals = sum(map(str.isupper, tokens))
        is_cap_diff = 0 < len(tokens) - capitals < len(tokens)
        last = len(tokens) - 1
        for i, item in enumerate(lower):
            if item not in self.rated or (item == "kind" and i < last and lower[i + 1] == "of"):
                continue
            sentiments[i] = self._valence(tokens, lower, i, is_cap_diff)
        if "but" in lower:
            _but_check(lower, sentiments)
        return round(_compound(sentiments, text), 4)

    def _describe_emoji(self, text: str) -> str:
        """Each emoji replaced by its description, spaced as vaderSentiment spaces it."""
        described = []
        prev_space = True
        for character in text:
            description = self.emojis.get(character)
            if description is not None:
                if not prev_space:
                    described.append(" ")
                described.append(description)
                prev_space = False
            else:
                described.append(character)
                prev_space = character == " "
        return "".join(described)

    def _valence(self, tokens: list[str], lower: list[str], i: int, is_cap_diff: bool) -> float:
        """SentimentIntensityAnalyzer.sentiment_valence for the lexicon word at i, its loop over the
        three words before written out, and its checks reading the once-lowered words."""
        lexicon = self.lexicon
        item = lower[i]
        valence = lexicon[item]
        if item == "no" and i != len(tokens) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"]):
            valence = lexicon[item] * N_SCALAR
        if is_cap_diff and tokens[i].isupper():
            if valence > 0:
                valence += C_INCR
            else:
                valence -= C_INCR
        # start_i = 0: the word just before
        if i > 0 and lower[i - 1] not in lexicon:
            s = _scalar_inc_dec(tokens[i - 1], lower[i - 1], valence, is_cap_diff) if lower[i - 1] in _BOOSTERS else 0.0
            valence = valence + s
            if _negated(lower[i - 1]):
                valence = valence * N_SCALAR
        # start_i = 1: two words before
        if i > 1 and lower[i - 2] not in lexicon:
            s = _scalar_inc_dec(tokens[i - 2], lower[i - 2], valence, is_cap_diff) if lower[i - 2] in _BOOSTERS else 0.0
            if s != 0:
                s = s * 0.95
            valence = valence + s
            if lower[i - 2] == "never" and (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 2] == "without" and lower[i - 1] == "doubt":
                pass
            elif _negated(lower[i - 2]):
                valence = valence * N_SCALAR
        # start_i = 2: three words before, then the special phrases
        if i > 2 and lower[i - 3] not in lexicon:
            s = _scalar_inc_dec(tokens[i - 3], lower[i - 3], valence, is_cap_diff) if lower[i - 3] in _BOOSTERS else 0.0
            if s != 0:
                s = s * 0.9
            valence = valence + s
            if lower[i - 3] == "never" and (lower[i - 2] == "so" or lower[i - 2] == "this") or \
                    (lower[i - 1] == "so" or lower[i - 1] == "this"):
                valence = valence * 1.25
            elif lower[i - 3] == "without" and (lower[i - 2] == "doubt" or lower[i - 1] == "doubt"):
                pass
            elif _negated(lower[i - 3]):
                valence = valence * N_SCALAR
            valence = _special_idioms_check(valence, lower, i)
        return _least_check(valence, lexicon, lower, i)


class _TokenCache(dict):
    """A bounded memo of a function of one token, read at C speed through map(cache.__getitem__, tokens)."""

    def __init__(self, function):
        super().__init__()
        self.function = function

    def __missing__(self, token: str):
        if len(self) >= TOKEN_CACHE_LIMIT:
            self.clear()
        value = self[token] = self.function(token)
        return value


def _strip_punctuation(token: str) -> str:
    stripped = token.strip(_PUNCTUATION)
    return token if len(stripped) <= 2 else stripped


def _scalar_inc_dec(word: str, word_lower: str, valence: float, is_cap_diff: bool) -> float:
    scalar = 0.0
    if word_lower in _BOOSTERS:
        scalar = _BOOSTERS[word_lower]
        if valence < 0:
            scalar *= -1
        if word.isupper() and is_cap_diff:
            if valence > 0:
                scalar += C_INCR
            else:
                scalar -= C_INCR
    return scalar


def _negated(word_lower: str) -> bool:
    return word_lower in _NEGATIONS or "n't" in word_lower


def _special_idioms_check(valence: float, lower: list[str], i: int) -> float:
    window = lower[i - 3:i + 2]
    if _PHRASE_PAIRS.isdisjoint(zip(window, window[1:])):
        return valence   # every sequence checked below starts with one of these pairs of words
    onezero = f"{lower[i - 1]} {lower[i]}"
    twoonezero = f"{lower[i - 2]} {lower[i - 1]} {lower[i]}"
    twoone = f"{lower[i - 2]} {lower[i - 1]}"
    threetwoone = f"{lower[i - 3]} {lower[i - 2]} {lower[i - 1]}"
    threetwo = f"{lower[i - 3]} {lower[i - 2]}"
    for sequence in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if sequence in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[sequence]
            break
    if len(lower) - 1 > i:
        zeroone = f"{lower[i]} {lower[i + 1]}"
        if zeroone in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[zeroone]
    if len(lower) - 1 > i + 1:
        zeroonetwo = f"{lower[i]} {lower[i + 1]} {lower[i + 2]}"
        if zeroonetwo in _SPECIAL_CASES:
            valence = _SPECIAL_CASES[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


def _least_check(valence: float, lexicon: dict, lower: list[str], i: int) -> float:
    if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        if lower[i - 2] != "at" and lower[i - 2] != "very":
            valence = valence * N_SCALAR
    elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
        valence = valence * N_SCALAR
    return valence


def _but_check(lower: list[str], sentiments: list) -> None:
    """vaderSentiment's 'but' rule, kept exactly: it finds each score by value, so equal scores share a fate."""
    bi = lower.index("but")
    for sentiment in sentiments:
        si = sentiments.index(sentiment)
        if si < bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 0.5)
        elif si > bi:
            sentiments.pop(si)
            sentiments.insert(si, sentiment * 1.5)


def _compound(sentiments: list, text: str) -> float:
    """SentimentIntensityAnalyzer.score_valence's compound: the sum, with emphasis from '!' and '?', normalised."""
    sum_s = float(sum(sentiments))
    exclamations = min(text.count("!"), 4)
    questions = text.count("?")
    question_emphasis = 0 if questions <= 1 else questions * 0.18 if questions <= 3 else 0.96
    emphasis = exclamations * 0.292 + question_emphasis
    if sum_s > 0:
        sum_s += emphasis
    elif sum_s < 0:
        sum_s -= emphasis
    return reference.normalize(sum_s)


@lru_cache(maxsize=1)
def vader_lexicons() -> tuple[dict[str, float], dict[str, str]]:
    """vaderSentiment's shipped word lexicon and emoji descriptions (read once)."""
    analyser = reference.SentimentIntensityAnalyzer()
    return analyser.lexicon, analyser.emojis
