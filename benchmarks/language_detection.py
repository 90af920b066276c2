"""Which offline language detector is right on short posts, and how fast? Measured on CrisisLexT26.

Run:  python benchmarks/language_detection.py [--data ../shared/data/labelled/crisislex_t26] [--per-event 400]

The expected language of a tweet is its event's: the Italian (2012 Italy earthquakes, 2013 Sardinia
floods), Spanish (Costa Rica, Guatemala, Venezuela, Spain train crash) and Portuguese (Brazil nightclub
fire) events, and the eleven events whose tweets are nearly all English (PROVENANCE.md's English subset).
The non-English events also hold some English tweets, so accuracy there is a lower bound, the same for
every detector. Each tweet is cleaned as replyscope cleans a reply before detecting (links, @mentions,
"RT" and the hashtag sign removed). Prints accuracy per language and overall, and tweets per second.
"""

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

from replyscope.languages import detection_text

EVENTS = {
    "it": ["2012_Italy_earthquakes", "2013_Sardinia_floods"],
    "es": ["2012_Costa_Rica_earthquake", "2012_Guatemala_earthquake", "2012_Venezuela_refinery", "2013_Spain_train_crash"],
    "pt": ["2013_Brazil_nightclub_fire"],
    "en": ["2012_Colorado_wildfires", "2013_Alberta_floods", "2013_Australia_bushfire", "2013_Boston_bombings",
           "2013_Colorado_floods", "2013_Glasgow_helicopter_crash", "2013_NY_train_crash", "2013_Queensland_floods",
           "2013_Singapore_haze", "2013_Typhoon_Yolanda", "2013_West_Texas_explosion"],
}


def read_tweets(data: Path, per_event: int) -> list[tuple[str, str]]:
    """(expected language, cleaned text) for the first `per_event` tweets of each event, retweets included."""
    tweets = []
    for code, events in EVENTS.items():
        for event in events:
            with open(data / event / f"{event}-tweets_labeled.csv", encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle))[1:per_event + 1]
            tweets.extend((code, detection_text(row[1])) for row in rows)
    return [(code, text) for code, text in tweets if text]


def detectors() -> dict:
    """Name -> function(text) -> ISO 639-1 code, for every detector installed."""
    found = {}
    import py3langid
    found["py3langid (97 languages)"] = lambda text: py3langid.classify(text)[0]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    restricted = LanguageIdentifier.from_model_file(MODEL_FILE)
    restricted.set_languages(["en", "it", "es", "pt", "fr", "de", "nl"])
    found["py3langid (7 European languages)"] = lambda text: restricted.classify(text)[0]
    import simplemma
    found["simplemma (candidates en it es pt fr de nl)"] = (
        lambda text: simplemma.langdetect(text, lang=("en", "it", "es", "pt", "fr", "de", "nl"))[0][0])
    try:
        from lingua import LanguageDetectorBuilder
    except ImportError:
        print("lingua-language-detector is not installed: skipped")
    else:
        detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()
        found["lingua (75 languages)"] = lambda text: _lingua_code(detector.detect_language_of(text))
        low = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().with_preloaded_language_models().build()
        found["lingua low-accuracy mode (75 languages)"] = lambda text: _lingua_code(low.detect_language_of(text))
    return found


def _lingua_code(language) -> str:
    return language.iso_code_639_1.name.lower() if language is not None else "und"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "labelled" / "crisislex_t26")
    parser.add_argument("--per-event", type=int, default=400)
    arguments = parser.parse_args()
    tweets = read_tweets(arguments.data, arguments.per_event)
    totals = Counter(code for code, _ in tweets)
    print(f"tweets: {len(tweets):,} (" + ", ".join(f"{code} {n:,}" for code, n in totals.items()) + ")")
    for name, detect in detectors().items():
        detect("warm up the model")
        start = time.perf_counter()
        guesses = [detect(text) for _, text in tweets]
        elapsed = time.perf_counter() - start
        right = Counter(code for (code, _), guess in zip(tweets, guesses) if guess == code)
        per_language = "  ".join(f"{code} {right[code] / totals[code]:.3f}" for code in totals)
        print(f"{name:<44} accuracy {sum(right.values()) / len(tweets):.3f}   {per_language}   "
              f"{len(tweets) / elapsed:>9,.0f} tweets/s")


if __name__ == "__main__":
    main()
