"""Rebuild src/replyscope/data/stopwords/ from its two sources (run by hand when a source is updated).

Run:  python scripts/make_stopword_lists.py [--nltk-stopwords ../shared/nltk_data/corpora/stopwords.zip]

- The Snowball lists (snowballstem.org, BSD-3-Clause), read from NLTK's stopwords corpus, which copies them
  (its English list adds contractions): function words only, so "people", "work" and "help" stay countable.
- stopwords-iso (github.com/stopwords-iso, MIT), from the `stopwordsiso` package's data, for the languages
  Snowball has no list for. These lists are larger and cut some content words, so Snowball comes first.
"""

import argparse
import zipfile
from importlib.metadata import version
from pathlib import Path

import stopwordsiso

SNOWBALL = {"da": "danish", "de": "german", "en": "english", "es": "spanish", "fi": "finnish", "fr": "french",
            "hu": "hungarian", "it": "italian", "nl": "dutch", "no": "norwegian", "pt": "portuguese",
            "ru": "russian", "sv": "swedish"}
# Languages py3langid detects that stopwords-iso has a list for (and Snowball does not).
ISO = ["ar", "bg", "ca", "cs", "el", "et", "eu", "fa", "ga", "gl", "he", "hi", "hr", "id", "lt", "lv", "ms",
       "pl", "ro", "sk", "sl", "sw", "th", "tl", "tr", "uk", "ur", "vi", "zh", "ja", "ko"]
OUT = Path(__file__).resolve().parents[1] / "src" / "replyscope" / "data" / "stopwords"


def write(code: str, header: str, words) -> None:
    lines = [f"# {header}", *sorted({w.strip().lower() for w in words if w.strip()})]
    (OUT / f"{code}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nltk-stopwords", type=Path,
                        default=Path(__file__).resolve().parents[2] / "shared" / "nltk_data" / "corpora" / "stopwords.zip")
    arguments = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(arguments.nltk_stopwords) as corpus:
        for code, language in SNOWBALL.items():
            words = corpus.read(f"stopwords/{language}").decode("utf-8").split()
            write(code, "Snowball stopword list (snowballstem.org, BSD-3-Clause), as copied in NLTK's stopwords corpus",
                  words)
    for code in ISO:
        words = stopwordsiso.stopwords(code)
        if words:
            write(code, f"stopwords-iso (MIT), stopwordsiso package {version('stopwordsiso')}", words)


if __name__ == "__main__":
    main()
