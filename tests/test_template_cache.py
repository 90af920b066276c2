"""Compiled report templates are kept in the cache folder and give the same page as compiling afresh."""

from datetime import datetime, timezone

import replyscope
from replyscope.reporters import html

from test_report import replies_csv  # noqa: F401  (the fixture: six replies with a formula and a script)

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)


def page(analysis, folder) -> str:
    html.environment.cache_clear()  # a new process, as far as the templates know
    replyscope.write_report(analysis, folder, inputs=["replies.csv"], title="Replies", generated_at=WHEN)
    return (folder / "report.html").read_text(encoding="utf-8")


def test_the_page_is_the_same_compiled_afresh_stored_and_read_back(replies_csv, tmp_path, monkeypatch):  # noqa: F811
    analysis = replyscope.analyse(replyscope.load(replies_csv), min_mentions=0)
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPLYSCOPE_CACHE_DIR", str(blocker / "cache"))
    uncached = page(analysis, tmp_path / "uncached")  # a folder that cannot be made: compiled each time, no error
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPLYSCOPE_CACHE_DIR", str(cache))
    stored = page(analysis, tmp_path / "stored")
    (folder,) = cache.iterdir()
    assert folder.name.startswith("templates-") and len(list(folder.iterdir())) >= 10

    def compile_again(*args, **kwargs):
        raise AssertionError("a stored template was compiled again")
    monkeypatch.setattr(html.Environment, "compile", compile_again)
    assert page(analysis, tmp_path / "read back") == stored == uncached
    assert "Sustainability &amp; wellbeing drew the most likes" in stored
