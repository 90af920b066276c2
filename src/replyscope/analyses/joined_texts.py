"""Many replies' texts as one string, so a pattern scans them all in one call rather than one call per reply.

The texts are joined by a separator: a newline, a mark character that none of the texts holds,
and a newline. No pattern the counting analyses use crosses it (they stop at a newline or at
the mark, which is neither a letter, a digit nor a space), and a newline before a text looks,
to a lookbehind, like the start of the string. A match's position gives its reply (`rows_of`).
A pattern anchored at the end of a text (`\\Z`) is rewritten by `at_text_ends`; every other pattern
used finds exactly what it finds in each text on its own.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np

# Characters that can mark the separator: controls that are not whitespace, then private-use characters (the
# basic plane's, then plane 15's). The first that no text holds is taken.
_MARKS = tuple(chr(code) for code in chain(range(0x00, 0x09), range(0x0E, 0x1C), range(0xE000, 0xF900),
                                           range(0xF0000, 0xFFFFE)))


@dataclass(frozen=True)
class JoinedTexts:
    """The texts of some replies joined by `separator`, and where each one starts."""

    text: str
    mark: str
    starts: np.ndarray   # int64: where each reply's text begins in `text`

    @property
    def separator(self) -> str:
        return "\n" + self.mark + "\n"

    @classmethod
    def of(cls, texts: list[str]) -> "JoinedTexts":
        """Join the texts with a mark none of them holds.

        Should the texts hold every candidate mark (70,000 private-use characters: only a crafted file
        does), the last is read as a space, a non-word character like itself, so the scan still runs.
        """
        for mark in _MARKS[:4]:  # texts almost never hold the first
            joined = ("\n" + mark + "\n").join(texts)
            if joined.count(mark) == max(len(texts) - 1, 0):
                return cls(joined, mark, _starts(map(len, texts), len(texts)))
        held = set("".join(texts))
        mark = next((mark for mark in _MARKS if mark not in held), None)
        if mark is None:
            return cls.of([text.replace(_MARKS[-1], " ") for text in texts])
        return cls(("\n" + mark + "\n").join(texts), mark, _starts(map(len, texts), len(texts)))

    def sub(self, pattern: re.Pattern, replacement: str) -> "JoinedTexts":
        """Every reply's text with `pattern.sub(replacement, text)` applied (the pattern never crosses a separator)."""
        text = pattern.sub(replacement, self.text)
        if text is self.text:
            return self
        parts = text.split(self.separator)
        return JoinedTexts(text, self.mark, _starts(map(len, parts), len(parts)))

    def rows_of(self, positions) -> np.ndarray:
        """The reply each position in `text` belongs to."""
        return np.searchsorted(self.starts, np.asarray(positions, dtype=np.int64), side="right") - 1

    def finditer(self, pattern: re.Pattern) -> Iterator[re.Match]:
        return pattern.finditer(self.text)

    def at_text_ends(self, pattern: re.Pattern) -> re.Pattern:
        """The pattern with `\\Z` (the end of the string) matching at the end of each joined text."""
        return _at_text_ends(pattern, re.escape(self.mark))


@lru_cache(maxsize=16)
def _at_text_ends(pattern: re.Pattern, mark: str) -> re.Pattern:
    return re.compile(pattern.pattern.replace(r"\Z", rf"(?=\n{mark}\n|\Z)"), pattern.flags)


def _starts(lengths, count: int) -> np.ndarray:
    """Where each of `count` texts of these lengths starts once joined by a 3-character separator."""
    sizes = np.fromiter(lengths, dtype=np.int64, count=count) + 3
    return np.cumsum(sizes) - sizes
