"""Hostile environments (issue 21): closed streams, full disks, signals, modes and symlinks.

These run the real entry point in a fresh process (a closed file descriptor cannot be faked in
process), through bash for the redirections.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from mlchoose.data.files import write_atomic

PYTHON = f"{sys.executable} -m mlchoose"


def shell(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MLCHOOSE_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )


@pytest.mark.parametrize("args", ["rank", "rank --format json", "list"])
def test_a_closed_stdout_is_a_clear_error(tmp_path: Path, args: str) -> None:
    done = shell(f"{PYTHON} {args} >&-", tmp_path)
    assert done.returncode == 1
    assert done.stderr == "Error: standard output is closed: nothing can be printed\n"


def test_a_closed_stdin_is_a_clear_error_for_the_interview(tmp_path: Path) -> None:
    done = shell(f"{PYTHON} interview <&-", tmp_path)
    assert done.returncode == 1 and "standard input is closed" in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_help_into_a_closed_pipe_is_no_error(tmp_path: Path) -> None:
    done = shell(f"{PYTHON} --help | true; echo ${{PIPESTATUS[0]}}", tmp_path)
    assert done.stdout.strip() == "0"


def test_a_full_stdout_does_not_fail_a_written_report(tmp_path: Path) -> None:
    done = shell(f"{PYTHON} report -o r.md --top 2 > /dev/full", tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, name: str) -> None:
    target = tmp_path / "out.html"
    target.write_text("old", encoding="utf-8")
    code = (
        "import os, signal\n"
        "from mlchoose.__main__ import _exit_on_signals\n"
        "from mlchoose.data.files import write_atomic\n"
        "_exit_on_signals()\n"
        f"os.fsync = lambda fd: os.kill(os.getpid(), signal.{name})\n"
        f"write_atomic(__import__('pathlib').Path({str(target)!r}), b'new')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    import signal

    assert done.returncode == 128 + getattr(signal, name), done.stderr
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_an_existing_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "private.html"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, b"new", mode=0o666)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_bytes() == b"new"


def test_a_symlink_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    write_atomic(link, b"new", mode=0o666, through_symlink=True)
    assert link.is_symlink() and real.read_bytes() == b"new"
    write_atomic(link, b"own")  # mlchoose's own files never follow a link
    assert not link.is_symlink() and real.read_bytes() == b"new"


def test_an_unreadable_catalog_names_the_file_not_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from mlchoose.cli.app import app

    path = tmp_path / "locked.yaml"
    path.write_text("programs: []\n", encoding="utf-8")
    real = os.open

    def refuse(name: object, *args: object, **kwargs: object) -> int:
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = CliRunner().invoke(app, ["rank", "--catalog", str(path)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: cannot read catalog '{path}': Permission denied\n"
    assert "MLCHOOSE_CATALOG" not in result.stderr
