"""Shared test fixtures: where the real public data lives, and the NLTK data paths."""

from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLES = ROOT / "samples"
SHARED = ROOT.parent / "shared"

# Property tests check results, not speed: a slow first example (pandas warming up) is no failure.
settings.register_profile("replyscope", deadline=None)
settings.load_profile("replyscope")


@pytest.fixture
def shared_data() -> Path:
    """The real exports in ../shared/data; skips the test on a checkout without them."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return path


@pytest.fixture
def nltk_data(monkeypatch) -> Path:
    """Point NLTK at ../shared/nltk_data (stopwords, vader); skips when it is absent."""
    path = SHARED / "nltk_data"
    if not path.is_dir():
        pytest.skip("../shared/nltk_data is not beside this checkout")
    monkeypatch.setenv("NLTK_DATA", str(path))
    import nltk
    monkeypatch.setattr(nltk.data, "path", [str(path)] + list(nltk.data.path))
    return path


@pytest.fixture
def no_nltk_data(monkeypatch, tmp_path):
    """Hide every NLTK data folder, as on a fresh machine."""
    import nltk
    monkeypatch.setenv("NLTK_DATA", str(tmp_path / "none"))
    monkeypatch.setattr(nltk.data, "path", [str(tmp_path / "none")])
    return None


@pytest.fixture(scope="module")
def client():
    """A local Dask cluster of two in-process workers, one per test module that asks (those modules skip without
    dask.dataframe and distributed)."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as cluster, \
            Client(cluster) as started:
        yield started
