"""Your words, not the question's, and word clouds that tell the truth: custom stopwords and keep words,
the question's echoes, the colour rule, one cloud per theme, and codebook terms with digits."""

import pandas as pd
from click.testing import CliRunner

import replyscope
from replyscope.analyses.words import count_words, word_table
from replyscope.cli import cli
from replyscope.codebook import UNCATEGORISED, load_codebook, parse_codebook
from replyscope.reporters import figures
from replyscope.schema import conform
from replyscope.text import tokenise_replies

from conftest import SAMPLES

QUESTION = "Who should we be listening to about the UK's renewal after coronavirus? What questions should we ask?"
REPLIES = [
    "Listen to local communities and people on the frontline",
    "Ask the people who run local food banks, they know the renewal needs",
    "Listening to communities is the whole point of renewal",
    "Read Doughnut Economics, then ask councils what worked",
    "Local councils and communities, not consultants",
    "People first. Ask them and listen to them",
]


def thread_csv(tmp_path):
    """A small thread export: a root post asking the question, and replies to it."""
    rows = [{"id": "1", "conversation_id": "1", "in_reply_to": "", "author": "renewal", "text": QUESTION, "likes": 900}]
    rows += [{"id": str(10 + i), "conversation_id": "1", "in_reply_to": "1", "author": f"person{i}", "text": text,
              "likes": i} for i, text in enumerate(REPLIES * 5)]
    path = tmp_path / "thread.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def codebook_file(tmp_path, words_table: str) -> str:
    text = "version = 1\n" + words_table + '\n[themes.listening]\nlabel = "Listening"\ninclude = ["listen*", "ask"]\n'
    path = tmp_path / "codebook.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_question_words_from_the_root_post_are_flagged_and_listed_apart(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyse", str(thread_csv(tmp_path)), "--out", str(out), "--min-mentions", "3"])
    assert result.exit_code == 0, result.stderr
    words = pd.read_csv(out / "words.csv", encoding="utf-8-sig").set_index("lemma")
    echoes = set(words.index[words["question_echo"]])
    assert {"listen", "ask", "renewal"} <= echoes                 # "listening" in the question, "Listen" in replies
    assert not words.loc[["community", "local", "people"], "question_echo"].any()
    assert words.loc["listen", "mentions"] == 15                  # echoes stay counted by default
    listed = pd.read_csv(out / "question_echoes.csv", encoding="utf-8-sig").set_index("lemma")
    assert listed.loc["ask", "mentions"] == 15 and listed.loc["renewal", "replies"] == 10
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Words that echo the question" in html and "UK&#39;s renewal" in html
    svg = (out / "wordcloud.svg").read_text(encoding="utf-8")
    assert figures.ECHO_COLOUR in svg and figures.ECHO_LABEL in svg


def test_question_from_the_command_line_and_dropping_its_words(tmp_path):
    sample_rows = replyscope.load(SAMPLES / "replies.xlsx").head(300)
    source = tmp_path / "replies.csv"
    sample_rows[["id", "text", "likes"]].to_csv(source, index=False)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyse", str(source), "--out", str(out), "--question", QUESTION,
                                      "--drop-question-words"])
    assert result.exit_code == 0, result.stderr
    words = pd.read_csv(out / "words.csv", encoding="utf-8-sig")
    assert not {"listen", "ask", "renewal", "question"} & set(words["lemma"])
    assert not words["question_echo"].any() and "people" in set(words["lemma"])
    phrases = pd.read_csv(out / "phrases.csv", encoding="utf-8-sig")
    assert not phrases["phrase"].str.contains(r"\blisten", regex=True).any()
    listed = pd.read_csv(out / "question_echoes.csv", encoding="utf-8-sig").set_index("lemma")
    assert listed.loc["listen", "mentions"] > 20                   # still listed apart, with its count
    theme_words = pd.read_csv(out / "theme_words.csv", encoding="utf-8-sig")
    assert "listen" not in set(theme_words["lemma"])


def test_codebook_stop_words_and_a_stopwords_file_remove_words_and_their_forms(tmp_path):
    table = replyscope.load(thread_csv(tmp_path))
    codebook = load_codebook(codebook_file(tmp_path, '[words]\nstop = ["community"]\n'))
    stopwords_file = tmp_path / "stop.txt"
    stopwords_file.write_text("# our own list\nLocal\n\ncouncil\n", encoding="utf-8")
    analysis = replyscope.analyse(table, codebook=codebook, stopwords=replyscope.read_stopword_file(stopwords_file),
                                  min_mentions=1)
    lemmas = set(analysis.words["lemma"])
    assert not {"community", "local", "council"} & lemmas       # "communities" and "councils" go with them
    assert {"people", "listen", "frontline"} <= lemmas
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyse", str(thread_csv(tmp_path)), "--out", str(out), "--min-mentions", "1",
                                      "--stopwords", str(stopwords_file)])
    assert result.exit_code == 0, result.stderr
    assert not {"local", "council"} & set(pd.read_csv(out / "words.csv", encoding="utf-8-sig")["lemma"])


def test_keep_counts_a_word_a_stopword_list_names_even_when_stop_also_names_it(tmp_path):
    table = conform(pd.DataFrame({"id": [str(i) for i in range(6)],
                                  "text": ["The US should fund councils", "Look at what the US did", "us and them"] * 2}))
    default = replyscope.analyse(table, min_mentions=0)
    assert "us" not in set(default.words["lemma"])               # a stopword in the shipped English list
    codebook = load_codebook(codebook_file(tmp_path, '[words]\nstop = ["us", "fund"]\nkeep = ["us"]\n'))
    kept = replyscope.analyse(table, codebook=codebook, min_mentions=0).words.set_index("lemma")
    assert kept.loc["us", "mentions"] == 6
    assert "fund" not in kept.index


def test_a_word_is_painted_by_the_theme_most_of_all_its_replies_carry():
    """The 'salvini' case: in 150 replies, 140 uncategorised and 10 about research -> Uncategorised."""
    texts = ["salvini ha detto"] * 140 + ["salvini research paper"] * 10 + ["research paper on housing"] * 30
    themes = [UNCATEGORISED] * 140 + ["research"] * 40
    counts = count_words(tokenise_replies(texts), pd.Series([1] * len(texts)), pd.Series(themes))
    words, _ = word_table(counts, min_mentions=0, min_words_shown=5, max_words=10)
    theme_of = dict(zip(words["lemma"], words["theme"]))
    assert theme_of["salvini"] == UNCATEGORISED
    assert theme_of["research"] == "research"
    codebook = load_codebook()
    colours = {t.key: t.colour or "#000000" for t in codebook.themes} | {UNCATEGORISED: "#b0bec5"}
    assert figures._word_colours(words, colours)["salvini"] == "#b0bec5"
    legend = dict(figures._legend_items(words, colours, codebook.labels()))
    assert legend["Uncategorised"] == "#b0bec5" and "No clear theme" not in legend


def test_every_theme_gets_its_own_cloud_and_the_svg_needs_no_font(tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["analyse", str(SAMPLES / "replies.xlsx"), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    theme_words = pd.read_csv(out / "theme_words.csv", encoding="utf-8-sig")
    for theme in ("sustainability", "listening", "economy", "uncategorised"):
        assert (out / f"wordcloud_{theme}.png").stat().st_size > 5_000
        assert len(theme_words[theme_words["theme"] == theme]) == 40
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('alt="Word cloud of the replies coded') == len(set(theme_words["theme"]))
    svg = (out / "wordcloud.svg").read_text(encoding="utf-8")
    assert "<text" not in svg and "font-family" not in svg
    assert svg.count("<path") == len(pd.read_csv(out / "words.csv", encoding="utf-8-sig")) + svg.count("<rect") - 1
    assert "<title>people</title>" in svg


def test_terms_with_digits_match_as_written_and_a_term_that_cannot_match_is_reported(tmp_path):
    codebook = parse_codebook('version = 1\n[themes.health]\nlabel = "Health"\ninclude = ["covid19", "net0", "5g", "2020"]\n',
                              "digits.toml")
    table = conform(pd.DataFrame({"id": ["1", "2", "3", "4", "5"],
                                  "text": ["After Covid19 we rebuild", "Net0 by 2050!", "no 5G masts here",
                                           "#COVID19 recovery", "covid recovery"]}))
    coded = replyscope.analyse(table, codebook=codebook).replies.set_index("id")
    assert coded.loc[["1", "2", "3", "4"], "primary_theme"].eq("health").all()
    assert coded.loc["5", "primary_theme"] == UNCATEGORISED
    assert [w for w in codebook.warnings if "can never match" in w] == [
        "term '2020' in 'health' can never match: it has no word replyscope reads (numbers alone and punctuation "
        "are not words); write it with letters, e.g. 'covid19', or as a regex"]
    path = tmp_path / "digits.toml"
    path.write_text('version = 1\n[themes.health]\nlabel = "Health"\ninclude = ["covid19", "2020"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["codebook", "check", str(path)])
    assert result.exit_code == 0
    assert "warning: term '2020' in 'health' can never match" in result.stderr
