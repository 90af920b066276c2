"""The codebook file: the default is valid, `init` writes it, `check` explains what is wrong."""

import pytest
from click.testing import CliRunner

from replyscope.cli import cli
from replyscope.codebook import load_codebook, parse_codebook
from replyscope.errors import ReplyscopeError

REQUIRED_THEMES = {"sustainability", "listening", "economy", "local", "lobbying", "political", "abuse", "research", "help"}


def test_default_codebook_has_the_documented_themes():
    book = load_codebook()
    assert REQUIRED_THEMES <= {t.key for t in book.themes}
    assert book.theme("listening").label == "Listening to people"
    assert book.warnings == ()


def test_init_writes_an_editable_copy_that_checks_clean(tmp_path):
    runner = CliRunner()
    path = tmp_path / "codebook.toml"
    result = runner.invoke(cli, ["codebook", "init", str(path)])
    assert result.exit_code == 0, result.output
    assert "[themes.sustainability]" in path.read_text(encoding="utf-8")
    checked = runner.invoke(cli, ["codebook", "check", str(path)])
    assert checked.exit_code == 0
    assert "OK, 9 themes" in checked.output
    again = runner.invoke(cli, ["codebook", "init", str(path)])
    assert again.exit_code == 1
    assert "already exists" in again.stderr


@pytest.mark.parametrize("toml, message", [
    ('[themes.a]\nlabel = "A"\ninclude = ["x"]\ncolor = "red"\n', "unknown key 'color' in [themes.a]"),
    ('[themes.a]\nlabel = "A"\ninclude = []\n', "[themes.a] has no include terms"),
    ('[themes.a]\ninclude = ["x"]\nregex = ["(unclosed"]\n', "regex '(unclosed' is invalid"),
    ('[themes.a\ninclude = ["x"]\n', "not valid TOML"),
    ('title = "x"\n', "unknown key 'title'"),
    ('[themes.a]\ninclude = "x"\npriority = "high"\n', "priority must be a whole number"),
    ('[themes.a]\ninclude = ["x"]\n[entities.e]\nkind = "thing"\nnames = ["y"]\n', "kind 'thing' is not one of"),
])
def test_check_reports_mistakes_in_one_line(tmp_path, toml, message):
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    result = CliRunner().invoke(cli, ["codebook", "check", str(path)])
    assert result.exit_code == 1
    assert message in result.stderr
    assert str(path) in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_terms_across_themes_are_a_warning_not_an_error(tmp_path):
    path = tmp_path / "dup.toml"
    path.write_text('[themes.a]\ninclude = ["community"]\n[themes.b]\ninclude = ["communities"]\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["codebook", "check", str(path)])
    assert result.exit_code == 0
    assert "warning: term 'communities' is in both 'a' and 'b'" in result.stderr


def test_entities_and_account_corrections_are_read():
    book = parse_codebook(
        '[themes.a]\ninclude = ["x"]\n'
        '[entities.doughnut]\nlabel = "Doughnut Economics"\nnames = ["doughnut economics"]\nmentions = ["@KateRaworth"]\n'
        '[link_kinds]\ngovernment = ["gov.uk"]\n[accounts]\norganisations = ["@SomeTrust"]\n', "test")
    assert book.entities[0].mentions == ("KateRaworth",)
    assert book.link_kinds == {"government": ("gov.uk",)}
    assert book.organisations == ("SomeTrust",)


def test_missing_codebook_file_is_a_user_error(tmp_path):
    with pytest.raises(ReplyscopeError, match="codebook not found"):
        load_codebook(tmp_path / "nope.toml")
