"""Languages: each reply's language is detected, read with its own stopwords and word forms, and the
report says what the thread's languages are; the tables never depend on the machine's NLTK data."""

import csv
import os
import subprocess
import sys

import pandas as pd
import pytest
from click.testing import CliRunner

import replyscope
from replyscope import languages
from replyscope.cli import cli
from replyscope.schema import conform

from conftest import SAMPLES, SHARED

# Italian function words (articles, articulated prepositions, prepositions, conjunctions, pronouns,
# forms of essere/avere), written out here, independent of the lists replyscope ships.
ITALIAN_FUNCTION_WORDS = set("""
il lo la i gli le l un uno una un' di a da in con su per tra fra del dello della dei degli delle dell al allo
alla ai agli alle all dal dallo dalla dai dagli dalle nel nello nella nei negli nelle nell sul sullo sulla sui
sugli sulle e ed o ma che non se come anche più però quando perché io tu lui lei noi voi loro mi ti ci vi si ne
me te sé suo sua suoi sue mio mia tuo tua nostro vostro questo questa questi queste quello quella quelli
è sono sei siamo era erano ha hanno ho hai abbiamo c
""".split())


def test_an_italian_thread_has_italian_key_words_and_says_it_is_mostly_italian(shared_data, tmp_path):
    source = shared_data / "twarc-csv" / "entities_test.jsonl"
    out = tmp_path / "italian"
    result = CliRunner().invoke(cli, ["analyse", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "warning: Most replies are not in the codebook's language (English)" in result.stderr
    words = pd.read_csv(out / "words.csv", encoding="utf-8-sig")
    top = set(words["word"].head(50).str.lower())
    assert len(words) >= 30
    assert top & ITALIAN_FUNCTION_WORDS == set()
    assert {"salvini", "lega", "meloni", "elezioni"} <= top
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "The replies are mostly in <b>Italian</b>" in html
    coded = pd.read_csv(out / "replies_coded.csv", encoding="utf-8-sig", dtype=str)
    assert (coded["language"] == "it").mean() > 0.7
    mix = pd.read_csv(out / "languages.csv", encoding="utf-8-sig", keep_default_na=False)
    assert mix.loc[0, "language"] == "it" and mix["replies"].sum() == len(coded)


def test_a_mixed_thread_gets_key_words_per_language(shared_data):
    """Half Spanish, half English real crisis tweets: each language gets its own key-word table."""
    folder = shared_data / "labelled" / "crisislex_t26"
    texts = []
    for event in ("2013_Spain_train_crash", "2013_Boston_bombings"):
        with open(folder / event / f"{event}-tweets_labeled.csv", encoding="utf-8", newline="") as handle:
            texts += [row[1] for row in list(csv.reader(handle))[1:301]]
    table = conform(pd.DataFrame({"id": [str(i) for i in range(len(texts))], "text": texts}))
    analysis = replyscope.analyse(table)
    assert set(analysis.words_by_language["language"]) == {"es", "en"}
    spanish = analysis.words_by_language.query("language == 'es'")["word"].str.lower().head(20).tolist()
    english = analysis.words_by_language.query("language == 'en'")["word"].str.lower().head(20).tolist()
    assert "santiago" in spanish and "tren" in spanish
    assert "boston" in english
    for function_word in ("de", "la", "el", "en", "que", "los", "the", "and", "of", "to", "in"):
        assert function_word not in analysis.words["word"].str.lower().tolist()
    assert analysis.languages.warning() is None  # English is still the largest language (the codebook's)


def test_short_replies_are_not_guessed_and_language_codes_have_names():
    assert languages.detect_language("@someone 👍 https://t.co/x") == languages.UNDETERMINED
    assert languages.detect_language("Dobbiamo ascoltare le persone che vivono nei territori") == "it"
    assert languages.name("it") == "Italian"
    cleaned = languages.detection_text("RT @a: #Terremoto a Modena http://t.co/x")
    assert cleaned.endswith("Terremoto a Modena") and not any(noise in cleaned for noise in ("RT", "@", "#", "http"))


TABLES_SCRIPT = """
import sys, replyscope
table = replyscope.load(sys.argv[1]).head(500)
analysis = replyscope.analyse(table)
for name, frame in analysis.tables().items():
    print(name, frame.to_csv(index=False))
"""


def test_tables_are_identical_with_and_without_nltk_data(tmp_path):
    """The same replies on a machine with NLTK's data and on one without give the same tables, byte for byte.

    (Before replyscope shipped its stopwords, the first used NLTK's English list and the second wordcloud's.)"""
    nltk_data = SHARED / "nltk_data"
    if not nltk_data.is_dir():
        pytest.skip("../shared/nltk_data is not beside this checkout")
    empty = tmp_path / "no_nltk_data"
    empty.mkdir()
    environment = {key: value for key, value in os.environ.items() if key != "NLTK_DATA"}
    runs = [subprocess.Popen([sys.executable, "-c", TABLES_SCRIPT, str(SAMPLES / "replies.xlsx")], text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**environment, "NLTK_DATA": str(path)})
            for path in (nltk_data, empty)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
    with_data, without_data = (out for out, _ in outputs)
    assert "words word,lemma,mentions" in with_data
    assert with_data == without_data


def test_a_word_read_in_two_languages_is_counted_once_with_all_its_uses():
    from replyscope.analyses.words import count_words
    from replyscope.text import tokenise_replies

    texts = ["governo salvini", "salvini again", "salvini ancora"]
    tokens = tokenise_replies(texts, languages=["it", "en", "it"])
    counts = count_words(tokens, pd.Series([1, 2, 3]))
    assert counts.mentions["salvini"] == 3 and counts.surfaces[("salvini", "salvini")] == 3
    assert counts.likes["salvini"] == 6


def test_the_warning_compares_the_replies_with_the_codebooks_language():
    codes = ["it"] * 6 + ["en"] * 3 + [languages.UNDETERMINED] * 5
    assert "67% are Italian" in languages.language_mix(codes, "en").warning()
    assert languages.language_mix(codes, "it").warning() is None
    assert languages.language_mix([languages.UNDETERMINED] * 3, "en").warning() is None


def test_language_detection_can_be_turned_off_for_very_large_files(tmp_path):
    source = tmp_path / "replies.csv"
    pd.DataFrame({"id": ["1", "2"], "text": ["Dobbiamo ascoltare le persone che vivono nei territori",
                                             "Listen to the people who live in these places"]}).to_csv(source, index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyse", str(source), "--out", str(out), "--no-language-detection"])
    assert result.exit_code == 0, result.stderr
    coded = pd.read_csv(out / "replies_coded.csv", encoding="utf-8-sig", dtype=str)
    assert coded["language"].tolist() == ["en", "en"] and "warning" not in result.stderr
