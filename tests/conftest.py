from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Each test gets its own cache and settings folders and no catalog or colour settings from
    the shell."""
    monkeypatch.setenv("MLCHOOSE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
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
