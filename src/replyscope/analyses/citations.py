"""Mergeable counts of how often something is pointed to: occurrences, replies, likes, examples.

Shared by references, links and accounts. Each counted thing (an entity, a link, a
domain, an account) gets one `Citations`; the counts of two chunks of the reply
table add up with `merge`, so a table too large for memory can be counted in parts.
"""

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

# How example replies are ranked: most-liked first, unknown likes last, then table order.
ExampleKey = tuple[int, int, int]


def example_key(likes: int | None, position: int) -> ExampleKey:
    """Sort key putting the most-liked reply first and replies with unknown likes last."""
    return (1, 0, position) if likes is None else (0, -likes, position)


@dataclass
class Citations:
    """How often one thing is pointed to, and by which replies."""

    mentions: int = 0                  # occurrences, every form together
    replies: int = 0                   # replies with at least one occurrence
    likes: int = 0                     # likes of those replies, where known
    replies_with_likes: int = 0        # those replies whose likes are known
    by_form: Counter = field(default_factory=Counter)   # form -> occurrences
    examples: list[tuple[ExampleKey, dict]] = field(default_factory=list)  # best first

    def add_reply(self, forms: Mapping[str, int], likes: int | None, position: int, example: dict | None,
                  keep_examples: int) -> None:
        """Count one reply that points here `forms` times (form -> occurrences)."""
        by_form = self.by_form
        for form, occurrences in forms.items():
            by_form[form] += occurrences
            self.mentions += occurrences
        self.replies += 1
        if likes is not None:
            self.likes += likes
            self.replies_with_likes += 1
        if example is not None and keep_examples:
            key = example_key(likes, position)
            examples = self.examples
            if len(examples) < keep_examples or key < examples[-1][0]:  # keys are unique: no ties to break
                examples.append((key, example))
                examples.sort(key=_first)
                del examples[keep_examples:]

    def merge(self, other: "Citations", keep_examples: int) -> "Citations":
        """Add another chunk's counts to these (in place) and return self."""
        self.mentions += other.mentions
        self.replies += other.replies
        self.likes += other.likes
        self.replies_with_likes += other.replies_with_likes
        self.by_form.update(other.by_form)
        self.examples = _best(self.examples + other.examples, keep_examples)
        return self

    @property
    def known_likes(self):
        """Likes of the citing replies, or NA when none of them had a like count."""
        return self.likes if self.replies_with_likes else pd.NA


def _first(pair: tuple) -> object:
    return pair[0]


def _best(examples: list[tuple[ExampleKey, dict]], keep: int) -> list[tuple[ExampleKey, dict]]:
    return sorted(examples, key=lambda pair: pair[0])[:keep]


def merge_citations(into: dict, other: dict, keep_examples: int) -> dict:
    """Merge `other` (key -> Citations) into `into` in place and return it."""
    for key, citations in other.items():
        if key in into:
            into[key].merge(citations, keep_examples)
        else:
            into[key] = Citations(citations.mentions, citations.replies, citations.likes,
                                  citations.replies_with_likes, Counter(citations.by_form),
                                  list(citations.examples))
    return into


def reply_likes(value) -> int | None:
    """A reply's like count as an int, None when unknown."""
    return None if value is None or value is pd.NA or value != value else int(value)


def reply_example(row_id, url, author, text, likes: int | None) -> dict:
    """The fields an example reply is shown with: id, link to the post, author, text, likes."""
    return {"id": _text_or_none(row_id), "url": _text_or_none(url), "author": _text_or_none(author),
            "text": _text_or_none(text) or "", "likes": likes}


def _text_or_none(value) -> str | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)


@dataclass
class ReplyColumns:
    """What every counter needs of a chunk of replies, as arrays: likes (known or not) and example ranking."""

    likes: np.ndarray       # int64, 0 where unknown
    known: np.ndarray       # bool: likes are known
    positions: list         # the replies' index labels: an example's position, as add_reply takes it
    rank: np.ndarray        # each reply's place when the positions are sorted (ties: table order)

    @classmethod
    def of(cls, replies: pd.DataFrame) -> "ReplyColumns":
        try:
            likes = pd.array(replies["likes"], dtype="Int64")
        except (TypeError, ValueError):  # not whole numbers: read one by one, as reply_likes reads them
            likes = pd.array([reply_likes(value) for value in replies["likes"].astype(object)], dtype="Int64")
        known = ~np.asarray(likes.isna())
        values = np.asarray(likes.fillna(0), dtype=np.int64)
        positions = replies.index.tolist()
        if replies.index.is_monotonic_increasing:
            rank = np.arange(len(replies))
        else:
            rank = np.empty(len(replies), dtype=np.int64)
            rank[np.argsort(np.asarray(replies.index), kind="stable")] = np.arange(len(replies))
        return cls(values, known, positions, rank)

    def likes_of(self, row: int) -> int | None:
        return int(self.likes[row]) if self.known[row] else None


def tally(keys: Sequence, rows: np.ndarray, forms: Sequence, replies: ReplyColumns, keep_examples: int,
          example: Callable[[object, int], dict] | None) -> dict:
    """key -> Citations for hits found in a chunk, as `add_reply` reply by reply would count them.

    Hit i says reply `rows[i]` points to `keys[i]` once, in form `forms[i]`; hits come in the
    order a reply-by-reply loop would find them, which decides the order of keys and of forms
    (Counter.most_common breaks ties by it). `example(key, row)` makes the example dict of a reply
    kept among a key's `keep_examples` best (most liked, then first); None keeps none.
    """
    if not len(keys):
        return {}
    rows = np.asarray(rows, dtype=np.int64)
    codes, uniques = pd.factorize(_objects(keys), sort=False)
    form_codes, form_names = pd.factorize(_objects(forms), sort=False)
    count = len(uniques)
    mentions = np.bincount(codes, minlength=count)
    by_form = [Counter() for _ in range(count)]
    pair, first, occurrences = np.unique(codes * len(form_names) + form_codes, return_index=True, return_counts=True)
    for at in np.argsort(first, kind="stable"):  # each key's forms in the order first found
        code, form = divmod(int(pair[at]), len(form_names))
        by_form[code][form_names[form]] = int(occurrences[at])
    cited = _distinct(codes * len(replies.likes) + rows)  # (key, reply) pairs: a reply counts once per key
    pair_codes, pair_rows = np.divmod(cited, len(replies.likes))
    pair_known = replies.known[pair_rows]
    cited_replies = np.bincount(pair_codes, minlength=count)
    with_likes = np.bincount(pair_codes, weights=pair_known, minlength=count).astype(np.int64)
    likes = np.zeros(count, dtype=np.int64)
    np.add.at(likes, pair_codes, np.where(pair_known, replies.likes[pair_rows], 0))
    examples: list[list] = [[] for _ in range(count)]
    if example is not None and keep_examples:
        order = np.lexsort((replies.rank[pair_rows], -np.where(pair_known, replies.likes[pair_rows], 0), ~pair_known,
                            pair_codes))
        ordered_codes = pair_codes[order]
        starts = np.searchsorted(ordered_codes, np.arange(count))
        place = np.arange(len(order)) - starts[ordered_codes]
        for at in order[place < keep_examples]:
            code, row = int(pair_codes[at]), int(pair_rows[at])
            likes_known = replies.likes_of(row)
            examples[code].append((example_key(likes_known, replies.positions[row]), example(uniques[code], row)))
    return {key: Citations(int(mentions[code]), int(cited_replies[code]), int(likes[code]), int(with_likes[code]),
                           by_form[code], examples[code])
            for code, key in enumerate(uniques)}


def _distinct(values: np.ndarray) -> np.ndarray:
    """np.unique(values) for whole numbers, by sorting: numpy 2's hashing np.unique is many times slower here."""
    ordered = np.sort(values)
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered


def _objects(values: Sequence) -> np.ndarray:
    """A 1-d object array of the values, tuples kept whole (np.array would make a 2-d array of them)."""
    return np.fromiter(values, dtype=object, count=len(values))
