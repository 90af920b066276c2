"""Pretrained sentence vectors for the learned coder, from files shipped inside a PyPI wheel.

The `wordllama` package carries a 256-dimension static token embedding (l2_supercat_256,
16 MB, MIT) and its tokenizer inside its wheel. A reply's vector is the mean of its tokens'
vectors, unit length: words the reviewers never ticked still sit near words they did,
which is what 200 reviewed replies cannot teach on their own. The files are read straight
from the installed package (wordllama's own loader would try to download when a path
differs), so nothing is ever fetched: the machine may be offline. Without the package the
coder works on n-grams alone.
"""

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

TOKENIZER_FILE = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = Path("weights") / "l2_supercat_256.safetensors"
WEIGHTS_KEY = "embedding.weight"


def available() -> bool:
    """True when the embedding's files are installed (the `wordllama` package with its weights)."""
    root = _package_root()
    return root is not None and (root / TOKENIZER_FILE).is_file() and (root / WEIGHTS_FILE).is_file()


def sentence_vectors(texts: list[str]) -> np.ndarray | None:
    """Replies x 256 unit-length mean token vectors (float32); None when the embedding is not installed.

    A text with no tokens gets a zero row.
    """
    if not available():
        return None
    from scipy import sparse

    tokenizer, weights = _model()
    encoded = tokenizer.encode_batch(list(texts), add_special_tokens=False)
    lengths = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(encoded))
    ids = np.fromiter((i for e in encoded for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
    ids = np.clip(ids, 0, weights.shape[0] - 1)
    counts = sparse.csr_matrix((np.ones(len(ids), np.float32), ids, np.concatenate([[0], np.cumsum(lengths)])),
                               shape=(len(texts), weights.shape[0]))
    vectors = np.asarray(counts @ weights, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


@lru_cache(maxsize=1)
def _model():
    """The tokenizer and the token embedding matrix, read once per process from the package's files."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    root = _package_root()
    tokenizer = Tokenizer.from_file(str(root / TOKENIZER_FILE))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    weights = load_file(str(root / WEIGHTS_FILE))[WEIGHTS_KEY].astype(np.float32)
    return tokenizer, weights


def _package_root() -> Path | None:
    """Where the wordllama package is installed, found without importing it (its import pulls in more)."""
    try:
        spec = importlib.util.find_spec("wordllama")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent
