"""The notebook replyscope replaces, as an analyst would write it: the baseline of benchmarks/end_to_end.py.

    python benchmarks/notebook.py FILE OUT_FOLDER

pandas.read_excel with openpyxl (or pandas.read_json in chunks of 100,000 lines for
JSON Lines, which a whole 1M-post file would not fit in memory), NLTK's TweetTokenizer
and English stopwords, a Counter of words, a keyword loop over six themes, likes by
theme for replies with more than 20 likes, a WordCloud of 800x400 and to_csv.
Stopwords come from NLTK data when it is installed (NLTK_DATA), else from wordcloud.
"""

import sys
from collections import Counter
from pathlib import Path

import pandas as pd
from nltk.tokenize import TweetTokenizer
from wordcloud import STOPWORDS, WordCloud

THEMES = {
    "sustainability": ["sustainab", "green", "climate", "wellbeing", "nature", "planet", "doughnut"],
    "listening": ["listen", "ask", "citizens", "assembl", "lived experience", "voices", "consult"],
    "economy": ["economy", "economic", "basic income", "inequality", "gdp", "wages"],
    "local": ["local", "communit", "council", "town", "place", "neighbour"],
    "public_services": ["nhs", "health", "care", "school", "education", "public service"],
    "politics": ["tory", "tories", "labour", "brexit", "government", "minister"],
}


def stopwords() -> set[str]:
    try:
        from nltk.corpus import stopwords as nltk_stopwords
        return set(nltk_stopwords.words("english"))
    except LookupError:
        return set(STOPWORDS)


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".jsonl":
        parts = []
        for chunk in pd.read_json(path, lines=True, chunksize=100_000, dtype=False):
            parts.append(pd.DataFrame({"text": chunk["text"],
                                       "likes": chunk["public_metrics"].map(lambda m: m.get("like_count"))}))
        return pd.concat(parts, ignore_index=True)
    table = pd.read_excel(path, sheet_name="Replies", header=2, engine="openpyxl")
    return table.rename(columns={"Reply text": "text", "Likes": "likes"})[["text", "likes"]]


def theme_of(text: str) -> str:
    lowered = text.lower()
    for theme, keywords in THEMES.items():
        if any(keyword in lowered for keyword in keywords):
            return theme
    return "other"


def main(path: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    table = read(path).dropna(subset=["text"])
    table["text"] = table["text"].astype(str)
    tokenizer = TweetTokenizer(preserve_case=False, strip_handles=True, reduce_len=True)
    stop = stopwords()
    counts = Counter()
    for text in table["text"]:
        counts.update(t for t in tokenizer.tokenize(text) if t.isalpha() and len(t) > 2 and t not in stop)
    table["theme"] = table["text"].map(theme_of)
    table["likes"] = pd.to_numeric(table["likes"], errors="coerce")
    likes_by_theme = table[table["likes"] > 20].groupby("theme")["likes"].agg(["count", "sum"])
    cloud = WordCloud(width=800, height=400, background_color="white", random_state=42)
    cloud.generate_from_frequencies(dict(counts.most_common(200))).to_file(str(out / "wordcloud.png"))
    pd.DataFrame(counts.most_common(), columns=["word", "mentions"]).to_csv(out / "words.csv", index=False)
    likes_by_theme.to_csv(out / "theme_likes.csv")
    table.to_csv(out / "replies_themed.csv", index=False)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
