"""py3langid's language classifier applied to many texts at once: the same labels, a fraction of the time.

py3langid walks each text's bytes through a finite automaton in Python, one byte per step, counting the
byte n-grams it meets, then scores the counts against every language with one small dot product. Here
the walk advances all texts together, one byte position per numpy step, and the dot products become one
sparse matrix product per chunk of texts. Scores are sums of float32 terms added in another order than
py3langid adds them, so they may differ in the last bits: where a text's best two languages are closer
than that rounding could reach, the text is classified by py3langid itself, so every label is py3langid's.
"""

import unicodedata
import numpy as np

CHUNK = 32_768          # texts scored per sparse product: bounds the (texts x languages) score matrix
_FLOAT32_UNIT = 2.0 ** -24
_FLOOR = np.finfo(np.float32).min   # py3langid's score for a merged-away column


class BatchLanguageIdentifier:
    """Classify many texts with a py3langid LanguageIdentifier's model (all its languages)."""

    def __init__(self, identifier):
        self.identifier = identifier
        self.classes = list(identifier.nb_classes)
        self.next_state = np.asarray(identifier.tk_nextmove)
        self.row_start = np.asarray(identifier.tk_row, dtype=np.int64) << 8   # state -> its 256-entry transition row
        self.feature_of_state = np.asarray(identifier.tk_output, dtype=np.int64)
        self.class_scores = np.asarray(identifier.nb_ptc)   # feature x language log-probabilities (float16)
        self.priors = np.asarray(identifier.nb_pc, dtype=np.float32)
        self.alias_pairs = _alias_pairs(self.classes)

    def classify(self, texts: list[str]) -> list[str]:
        """The language code py3langid's classify() gives each text."""
        # Texts of about the same length share a chunk, so few steps of the walk read only a few texts.
        by_length = np.argsort(-np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), kind="stable")
        labels: list[str] = [""] * len(texts)
        for start in range(0, len(texts), CHUNK):
            chunk = by_length[start:start + CHUNK].tolist()
            encoded = [encode(texts[i]) for i in chunk]
            longest_first = sorted(range(len(chunk)), key=lambda i: -len(encoded[i]))
            chunk = [chunk[i] for i in longest_first]
            for position, label in zip(chunk, self._classify_chunk([encoded[i] for i in longest_first])):
                labels[position] = label if label is not None else self.identifier.classify(texts[position])[0]
        return labels

    def _classify_chunk(self, encoded: list[bytes]) -> list[str | None]:
        """Labels of texts sorted longest first; None where the scores are too close to call in float32."""
        from scipy import sparse

        counts = self._feature_counts(encoded)
        # only the features these texts hold, their scores widened to float32 as py3langid widens them
        held = np.zeros(self.class_scores.shape[0], dtype=bool)
        held[counts.indices] = True
        renumbered = (np.cumsum(held) - 1)[counts.indices]
        weights = sparse.csr_matrix((np.log1p(counts.data), renumbered, counts.indptr),
                                    shape=(counts.shape[0], int(held.sum())))
        held_scores = self.class_scores[held].astype(np.float32)
        scores = np.asarray(weights @ held_scores) + self.priors
        for first, duplicate in self.alias_pairs:    # a language in two scripts: py3langid keeps the better
            np.maximum(scores[:, first], scores[:, duplicate], out=scores[:, first])
            scores[:, duplicate] = _FLOOR
        best = scores.argmax(axis=1)
        top_two = np.partition(scores, -2, axis=1)[:, -2:].astype(np.float64)
        margin = top_two[:, 1] - top_two[:, 0]
        # A float32 sum of n terms is within n units of rounding of the sum of their magnitudes, whatever
        # the order: allow four times that, for py3langid's sum and this one.
        terms = np.diff(counts.indptr)
        largest_term = float(max(-held_scores.min(initial=0.0), held_scores.max(initial=0.0)))
        magnitude = np.asarray(weights.sum(axis=1)).ravel() * largest_term + np.abs(self.priors).max()
        close = margin <= 4 * (terms + 2) * _FLOAT32_UNIT * magnitude
        featureless = terms == 0   # py3langid gives every language the same floor score: the first one wins
        return [None if is_close and not empty else self.classes[0] if empty else self.classes[index]
                for index, is_close, empty in zip(best.tolist(), close.tolist(), featureless.tolist())]

    def _feature_counts(self, encoded: list[bytes]):
        """A sparse (texts x features) matrix of how often the automaton emits each feature in each text."""
        from scipy import sparse

        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))   # longest first
        flat = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
        # texts still being read at byte p: a prefix, as the texts are sorted longest first
        reading = np.searchsorted(-lengths, -np.arange(int(lengths.max(initial=0))), side="left")
        state = np.zeros(len(encoded), dtype=np.int64)
        text_ids, features = [], []
        for position, active in enumerate(reading.tolist()):
            current = self.next_state[self.row_start[state[:active]] + flat[starts[:active] + position]]
            state[:active] = current
            emitted = self.feature_of_state[current]
            hit = np.flatnonzero(emitted >= 0)
            text_ids.append(hit)
            features.append(emitted[hit])
        rows = np.concatenate(text_ids) if text_ids else np.zeros(0, dtype=np.int64)
        columns = np.concatenate(features) if features else np.zeros(0, dtype=np.int64)
        counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)),
                                   shape=(len(encoded), self.class_scores.shape[0]))
        counts.sum_duplicates()
        return counts


def encode(text: str) -> bytes:
    """The bytes py3langid reads for a text: lower-cased when all in capitals, NFC-normalised, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


def _alias_pairs(classes: list[str]) -> list[tuple[int, int]]:
    """(first column, later column) for each label the model holds twice (a language in two scripts)."""
    first: dict[str, int] = {}
    pairs = []
    for index, label in enumerate(classes):
        if label in first:
            pairs.append((first[label], index))
        else:
            first[label] = index
    return pairs


def supports(identifier) -> bool:
    """True when the identifier's model has the layout this reads (py3langid 0.4: one feature per state)."""
    return (all(hasattr(identifier, name) for name in ("tk_row", "tk_nextmove", "tk_output", "nb_ptc", "nb_pc"))
            and isinstance(identifier.tk_output, list))
