"""The user's folders without platformdirs on Linux (issue 29) say what platformdirs says."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from mlchoose.data.folders import user_folder


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"XDG_CONFIG_HOME": "/x/conf", "XDG_CACHE_HOME": "/x/cache"},
        {"XDG_CONFIG_HOME": "relative/conf", "XDG_CACHE_HOME": ""},
        {"XDG_CONFIG_HOME": "  ", "XDG_CACHE_HOME": "/x/cache/"},
        {"HOME": "/home/someone"},
        {"HOME": "relative-home"},
    ],
)
def test_user_folders_are_platformdirs_folders(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert user_folder("config") == Path(platformdirs.user_config_dir("mlchoose", appauthor=False))
    assert user_folder("cache") == Path(platformdirs.user_cache_dir("mlchoose", appauthor=False))


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux rule only")
def test_a_linux_start_does_not_import_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", "/home/someone")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it would fail
    assert user_folder("cache") == Path("/home/someone/.cache/mlchoose")
