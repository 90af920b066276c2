"""The per-reply text scorers, one text at a time (the libraries) against all at once (replyscope), in CPU seconds.

    PYTHONPATH=src python benchmarks/text_scorers.py                                   # the sample
    PYTHONPATH=src python benchmarks/text_scorers.py /tmp/replyscope-e2e/replies_100k.xlsx

Reads the replies' clean_text as `analyse` does, then times, each on the distinct texts:
language detection (py3langid's classify per text vs languages.detect_languages), tone
(vaderSentiment's polarity_scores per text vs analyses/vader.py) and the abuse model
(AbuseModel._score per text vs AbuseModel.probabilities). Each pair must give identical
results; the script says so, or stops. CPU time (time.process_time) is printed because
wall time on a shared machine mostly measures the neighbours; the load average is printed too.
"""

import argparse
import gc
import time
from pathlib import Path

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import replyscope
from replyscope import languages
from replyscope.analyses.abuse import load_abuse_model
from replyscope.analyses.vader import CompoundScorer

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds(work):
    """(result, CPU seconds) of work(), with the cyclic collector paused as analyse pauses it."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        result = work()
        return result, time.process_time() - started
    finally:
        gc.enable()


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", nargs="?", type=Path, default=ROOT / "samples" / "replies.xlsx")
    arguments = parser.parse_args()
    texts = replyscope.load(arguments.input)["clean_text"].fillna("").astype(object).tolist()
    distinct = list(dict.fromkeys(texts))
    print(f"{arguments.input.name}: {len(texts):,} replies, {len(distinct):,} distinct texts; "
          f"load average {load_average()}")

    identifier = languages._identifier()   # the model loads once for both (about 0.6 s, not counted)
    languages.detect_languages(["warm up the batch identifier"])
    vader_analyser = SentimentIntensityAnalyzer()
    model = load_abuse_model()

    def one_language(text):
        words = languages.detection_text(text)
        return identifier.classify(words)[0] if languages._ENOUGH_LETTERS_RE.search(words) else languages.UNDETERMINED

    pairs = [
        ("language (py3langid)", lambda: [one_language(t) for t in distinct], lambda: languages.detect_languages(distinct)),
        ("tone (vaderSentiment)", lambda: [vader_analyser.polarity_scores(t)["compound"] if t.strip() else 0.0
                                           for t in distinct], lambda: _compounds(distinct)),
        ("abuse model", lambda: _abuse_one_at_a_time(model, distinct), lambda: model.probabilities(distinct)),
    ]
    print(f"{'':24}{'one at a time':>15}{'replyscope':>12}{'faster':>8}")
    for name, reference, fast in pairs:
        expected, reference_seconds = cpu_seconds(reference)
        found, fast_seconds = cpu_seconds(fast)
        if not _same(expected, found):
            raise SystemExit(f"{name}: results differ")
        print(f"{name:<24}{reference_seconds:>13.2f} s{fast_seconds:>10.2f} s{reference_seconds / fast_seconds:>7.1f}x")
    print(f"load average after: {load_average()}")


def _compounds(texts):
    scorer = CompoundScorer()
    return [scorer.compound(t) if t.strip() else 0.0 for t in texts]


def _abuse_one_at_a_time(model, texts):
    scored = [model._score(t) for t in texts]
    return np.array([p for p, _ in scored]), [words for _, words in scored]


def _same(expected, found) -> bool:
    if isinstance(expected, tuple):   # abuse: probabilities as written (4 places) and evidence
        return np.array_equal(np.round(expected[0], 4), np.round(found[0], 4)) and expected[1] == found[1]
    return list(expected) == list(found)


if __name__ == "__main__":
    main()
