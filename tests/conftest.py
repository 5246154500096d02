from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built-in catalog validated once per session (its full and slim cache entries): a
    cold load costs about 0.4 s, and most tests read the built-in catalog."""
    import os

    folder = tmp_path_factory.mktemp("warm-cache")
    before = os.environ.get("MLCHOOSE_CACHE_DIR")
    overlay = os.environ.get("MLCHOOSE_OVERLAY")
    os.environ["MLCHOOSE_CACHE_DIR"], os.environ["MLCHOOSE_OVERLAY"] = str(folder), ""
    try:
        from mlchoose.data import catalog

        catalog.load()
        catalog.load(slim=True)
    finally:
        for name, value in (("MLCHOOSE_CACHE_DIR", before), ("MLCHOOSE_OVERLAY", overlay)):
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return folder


@pytest.fixture(autouse=True)
def _isolated(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[None]:
    """Each test gets its own cache and settings folders and no catalog or colour settings from
    the shell. Its cache starts with the built-in catalog already validated (a copy, so no test
    sees another's writes), unless it is marked ``cold_cache``."""
    import shutil

    cache = tmp_path_factory.mktemp("cache")
    if request.node.get_closest_marker("cold_cache") is None:
        shutil.copytree(request.getfixturevalue("_warm_cache"), cache, dirs_exist_ok=True)
    monkeypatch.setenv("MLCHOOSE_CACHE_DIR", str(cache))
    # No profile or remembered region of the person running the tests (issue 27).
    monkeypatch.setenv("MLCHOOSE_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("MLCHOOSE_OVERLAY", "")  # no personal overlay file in tests
    for name in ("MLCHOOSE_CATALOG", "MLCHOOSE_DEBUG", "COLUMNS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def cache_dir() -> Path:
    import os

    return Path(os.environ["MLCHOOSE_CACHE_DIR"])
