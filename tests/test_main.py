"""The ``mlchoose`` entry point itself (the commands are tested through Typer's runner)."""

from __future__ import annotations

import gc

import pytest

from mlchoose.__main__ import main


def test_the_entry_point_runs_without_the_cycle_collector(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.argv", ["mlchoose", "--version"])
    assert gc.isenabled()
    try:
        with pytest.raises(SystemExit) as ended:
            main()
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert ended.value.code in (0, None)
    assert capsys.readouterr().out.startswith("mlchoose ")
