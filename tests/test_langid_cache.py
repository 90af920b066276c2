"""The language model is unpacked into the cache folder once and read back as the same identifier."""

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from replyscope import langid_cache


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, tuple):
        return all(same(x, y) for x, y in zip(a, b))
    return a == b


@pytest.fixture(scope="module")
def packaged() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE)


def test_unpacked_once_then_read_back_as_py3langid_reads_it(tmp_path, monkeypatch, packaged):
    monkeypatch.setenv("REPLYSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    first = langid_cache.language_identifier()
    kept = list((tmp_path / "cache").iterdir())
    assert [p.suffix for p in kept] == [".npz"] and kept[0].name.startswith("py3langid-")
    second = langid_cache.language_identifier()
    assert list((tmp_path / "cache").iterdir()) == kept  # read, not unpacked again
    for identifier in (first, second):
        assert all(same(getattr(identifier, slot), getattr(packaged, slot)) for slot in LanguageIdentifier.__slots__)
    assert second.classify("Les habitants du quartier demandent plus de logements sociaux")[0] == "fr"


def test_a_folder_that_cannot_be_written_unpacks_in_memory(tmp_path, monkeypatch, packaged):
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("REPLYSCOPE_CACHE_DIR", str(blocker / "cache"))
    identifier = langid_cache.language_identifier()
    assert same(identifier.nb_ptc, packaged.nb_ptc) and identifier.tk_output == packaged.tk_output


def test_a_damaged_copy_is_not_trusted(tmp_path, monkeypatch, packaged):
    monkeypatch.setenv("REPLYSCOPE_CACHE_DIR", str(tmp_path))
    langid_cache.language_identifier()
    (copy,) = tmp_path.iterdir()
    copy.write_bytes(copy.read_bytes()[:1000])
    identifier = langid_cache.language_identifier()
    assert same(identifier.nb_ptc, packaged.nb_ptc)
    assert list(tmp_path.iterdir()) == []  # removed, so the next run unpacks it again
