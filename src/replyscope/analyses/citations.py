"""Mergeable counts of how often something is pointed to: occurrences, replies, likes, examples.

Shared by references, links and accounts. Each counted thing (an entity, a link, a
domain, an account) gets one `Citations`; the counts of two chunks of the reply
table add up with `merge`, so a table too large for memory can be counted in parts.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

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
