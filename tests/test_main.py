"""The ``mlchoose`` entry point itself (the commands are tested through Typer's runner)."""

from __future__ import annotations

import gc
import json
import os
from pathlib import Path

import pytest

from mlchoose.__main__ import main
from tests.entry import run_main


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


def test_machine_formats_load_no_rich(tmp_path: Path) -> None:
    """JSON for scripts pays for no terminal rendering (and, cached, for no YAML parser)."""
    env = {**os.environ, "MLCHOOSE_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run fills the cache
        done = run_main(["rank", "--format", "json"], env, ("rich", "yaml"))
    assert done.returncode == 0 and json.loads(done.stdout)["programs"]
    assert done.stderr.splitlines()[-1] == "[]"


def test_no_command_but_verify_loads_a_networking_or_pdf_library(tmp_path: Path) -> None:
    """verify's httpx and pypdf cost the other commands nothing (issue 19)."""
    env = {**os.environ, "MLCHOOSE_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    for args in (["rank"], ["show", "cmu"], ["rank", "--robust", "--format", "json"]):
        done = run_main(args, env, ("httpx", "httpcore", "pypdf"))
        assert done.stderr.splitlines()[-1] == "[]", args
