"""The quick commands start quickly: --help, formats and inspect load no plotting, learning or Office library."""

import subprocess
import sys

from conftest import ROOT, SAMPLES

HEAVY = ("matplotlib", "wordcloud", "sklearn", "nltk", "scipy", "pptx", "docx")
# What `import replyscope` and `replyscope --help` need none of: the tables and their readers and writers.
TABLES = ("pandas", "numpy", "networkx", "openpyxl", "xlsxwriter", "jinja2", "tldextract")


def _modules_after(code: str, watched: tuple[str, ...] = HEAVY) -> set[str]:
    """The `watched` top-level modules loaded after running `code` in a fresh interpreter."""
    probe = (f"{code}\nimport sys\n"
             f"print('loaded:', *sorted({{m.split('.')[0] for m in sys.modules}} & set({watched!r})))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, check=True)
    return set(result.stdout.splitlines()[-1].split()[1:])


def test_importing_the_command_line_loads_no_heavy_library():
    assert _modules_after("import replyscope, replyscope.cli") == set()


def test_importing_replyscope_and_help_load_not_even_pandas():
    assert _modules_after("import replyscope, replyscope.cli", HEAVY + TABLES) == set()
    run = "from replyscope.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _modules_after(run, HEAVY + TABLES) == set()


def test_public_names_still_import_from_the_package():
    probe = ("import replyscope\nfrom replyscope import analyse, write_report, load_codebook, DEFAULTS\n"
             "from replyscope.reporters.output import write_outputs\n"
             "assert write_report is write_outputs and replyscope.Settings is type(DEFAULTS)\n"
             "assert set(replyscope.__all__) <= set(dir(replyscope))\n"
             "assert all(getattr(replyscope, name) is not None for name in replyscope.__all__)\nprint('ok')")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})
    assert result.stdout.strip() == "ok", result.stderr


def test_help_formats_and_inspect_load_no_heavy_library():
    run = "from replyscope.cli import main\ntry:\n    main({args})\nexcept SystemExit:\n    pass"
    assert _modules_after(run.format(args=["--help"])) == set()
    assert _modules_after(run.format(args=["formats"])) == set()
    assert _modules_after(run.format(args=["inspect", str(SAMPLES / "replies.xlsx")])) == set()


def test_analyse_loads_the_drawing_libraries_when_it_draws(tmp_path):
    run = (f"from replyscope.cli import main\ntry:\n    main(['analyse', {str(SAMPLES / 'replies.xlsx')!r}, "
           f"'--out', {str(tmp_path / 'out')!r}, '--quiet'])\nexcept SystemExit:\n    pass")
    assert {"matplotlib", "wordcloud"} <= _modules_after(run)  # wordcloud imports matplotlib's package, only that
    probe = f"{run}\nimport sys\nprint('pyplot loaded:', 'matplotlib.pyplot' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"}, check=True)
    assert result.stdout.splitlines()[-1] == "pyplot loaded: False"  # every chart is drawn with Pillow
    assert (tmp_path / "out" / "wordcloud.png").exists()


def test_nltk_stopwords_are_read_from_its_data_without_importing_nltk(nltk_data):
    from replyscope import text
    text.reset_language_cache()
    expected = text.language().stopwords  # read through NLTK itself (the fixture imported it)
    text.reset_language_cache()
    probe = ("import sys\nfrom replyscope.text import language\nprint('nltk' in sys.modules, "
             "' '.join(sorted(language().stopwords)))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT / "src"), "NLTK_DATA": str(nltk_data), "PATH": "/usr/bin:/bin"})
    loaded, words = result.stdout.strip().split(" ", 1)
    assert loaded == "False"
    assert set(words.split(" ")) == set(expected) and "ourselves" in expected


def test_analyse_proposes_themes_without_scikit_learn_or_scipy_stats(tmp_path):
    """The sample is over a fifth uncategorised, so analyse proposes themes: with numpy and scipy.sparse only."""
    run = (f"import os\nos.environ['REPLYSCOPE_SERIAL'] = '1'\nfrom replyscope.cli import main\ntry:\n"
           f"    main(['analyse', {str(SAMPLES / 'replies.xlsx')!r}, '--out', {str(tmp_path / 'out')!r}, '--quiet'])\n"
           f"except SystemExit:\n    pass\nassert 'sklearn' not in sys.modules and 'scipy.stats' not in sys.modules\n"
           f"assert 'scipy.optimize' not in sys.modules")
    assert "sklearn" not in _modules_after("import sys\n" + run)
    assert (tmp_path / "out" / "proposed_themes.csv").exists()
