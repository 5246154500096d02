"""Issue 28, point 8: the hostile run's findings outside ``verify``, one test each (the
redirect to another port is in tests/verify/test_fetch.py)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.data.files import STALE_TEMP, write_atomic
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()
ROOT = Path(__file__).parent.parent
HUGE = "9" * 5000  # past Python's 4,300-digit limit for turning text into an int


def run(*args: str, columns: int = 120, stdin: str | None = None) -> tuple[int, str, str]:
    env = {"NO_COLOR": "1", "COLUMNS": str(columns)}
    result = runner.invoke(app, list(args), env=env, input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLCHOOSE_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def one_error_line(code: int, stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert code == 1 and len(lines) == 1, stderr
    assert "internal error" not in stderr and len(stderr) < 300
    return lines[0]


def test_a_huge_integer_in_a_weights_file_is_a_clear_error(tmp_path: Path) -> None:
    for name, text in (("w.yaml", f"faculty: {HUGE}\n"), ("w.json", f'{{"faculty": {HUGE}}}')):
        (tmp_path / name).write_text(text)
        code, _, stderr = run("rank", "--weights", str(tmp_path / name))
        line = one_error_line(code, stderr)
        assert "(line 1): not valid YAML: a number with more than 4,300 digits" in line


def test_a_huge_integer_in_a_profile_is_a_clear_error(config: Path) -> None:
    (config / "profiles").mkdir(parents=True)
    (config / "profiles" / "big.yaml").write_text(f"weights:\n  faculty: {HUGE}\n")
    code, _, stderr = run("rank", "--profile", "big")
    line = one_error_line(code, stderr)
    assert "is damaged" in line and "a number with more than 4,300 digits" in line


def test_a_huge_integer_in_a_catalog_is_a_clear_error(tmp_path: Path) -> None:
    text = dump(catalog_data(program_data("alpha"))).replace(
        "ai_faculty: 10", f"ai_faculty: {HUGE}"
    )
    assert HUGE in text
    (tmp_path / "c.yaml").write_text(text)
    code, _, stderr = run("rank", "--catalog", str(tmp_path / "c.yaml"))
    assert "a number with more than 4,300 digits" in one_error_line(code, stderr)
    code, stdout, stderr = run("validate", str(tmp_path / "c.yaml"))
    assert code == 1 and "a number with more than 4,300 digits" in stdout + stderr
    assert "internal error" not in stdout + stderr


def test_columns_0_is_no_width() -> None:
    code, stdout, _ = run("rank", "--top", "3", columns=0)
    assert code == 0 and "Ranking: 3 of" in stdout and len(stdout.splitlines()) > 4


def test_an_ascii_terminal_gets_ascii_marks(tmp_path: Path) -> None:
    """PYTHONIOENCODING=ascii mlchoose rank was an internal error on the dagger mark."""
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100", "NO_COLOR": "1"}
    env.update(MLCHOOSE_OVERLAY="", MLCHOOSE_CACHE_DIR=str(tmp_path))
    for args in (["rank"], ["rank", "-f", "markdown"], ["show", "cmu-msml"]):
        done = subprocess.run(
            [sys.executable, "-m", "mlchoose", *args], env=env, capture_output=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        done.stdout.decode("ascii")  # every byte is ASCII
    assert (
        b"+ dominated for certain"
        in subprocess.run(
            [sys.executable, "-m", "mlchoose", "rank"], env=env, capture_output=True, timeout=60
        ).stdout
    )


def test_a_huge_interview_answer_is_refused_early_and_not_echoed(config: Path) -> None:
    code, stdout, stderr = run("interview", stdin="3\n" + "9" * 5_000_000 + "\n")
    assert code == 2 and "an answer longer than 100 characters" in stderr
    assert len(stderr) < 400 and len(stdout) < 2000
    code, _, stderr = run("interview", stdin="3\n" + "x" * 90 + "\n")
    assert code == 2 and "…' is not an answer" in stderr and len(stderr) < 300


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_on_piped_interview_answers_exits_130(tmp_path: Path) -> None:
    env = {**os.environ, "MLCHOOSE_CONFIG_DIR": str(tmp_path), "MLCHOOSE_OVERLAY": ""}
    process = subprocess.Popen(
        [sys.executable, "-m", "mlchoose", "interview"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        process.stdin.write(b"3\n")
        process.stdin.flush()
        seen = b""
        while b"2/10" not in seen:  # the second question is asked: it waits on the pipe
            chunk = os.read(process.stdout.fileno(), 4096)
            assert chunk, seen
            seen += chunk
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert b"ran out of answers" not in stderr and b"Traceback" not in stderr


@pytest.mark.parametrize("columns", [40, 50, 60, 70])
def test_a_60_character_id_is_cut_with_an_ellipsis(tmp_path: Path, columns: int) -> None:
    longest = "a" * 60  # the schema's longest id
    data = program_data(longest)
    data["aliases"] = []
    (tmp_path / "c.yaml").write_text(dump(catalog_data(data, program_data("beta"))))
    for command in ("list", "rank"):
        code, stdout, _ = run(command, "--catalog", str(tmp_path / "c.yaml"), columns=columns)
        assert code == 0
        lines = [line for line in stdout.splitlines() if "aaaa" in line]
        assert lines, (command, stdout)
        for line in lines:
            assert len(line) <= columns
            shown = line[line.index("a") :].split()[0]
            assert shown == longest or (shown.endswith("…") and set(shown[:-1]) == {"a"}), line
        if command == "rank":
            assert all(line.rstrip().endswith(("86.0", "0.0")) or "." in line for line in lines)


def test_temporary_files_a_killed_write_left_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "verification.json"
    stale = tmp_path / ".verification.json.dead1234.tmp"
    fresh = tmp_path / ".verification.json.live5678.tmp"  # perhaps another run's, writing now
    other = tmp_path / ".profile.yaml.old0000.tmp"  # another file's: left to its own writes
    for path in (stale, fresh, other):
        path.write_text("half")
    old = time.time() - STALE_TEMP - 60
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomic(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert not stale.exists() and fresh.exists() and other.exists()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX")
def test_report_out_through_a_link_to_a_device_does_not_replace_it(tmp_path: Path) -> None:
    """A FIFO stands in for a device here: the same check refuses both (a test that got it
    wrong must not replace /dev/null on the machine that runs it)."""
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    link = tmp_path / "report.md"
    link.symlink_to(fifo)
    code, _, stderr = run("report", "--out", str(link), "--top", "2")
    assert code == 1 and "not a regular file" in stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    code, _, stderr = run("report", "--out", str(fifo), "--top", "2")
    assert code == 1 and "not a regular file" in stderr and stat.S_ISFIFO(fifo.lstat().st_mode)
    with pytest.raises(OSError, match="not a regular file"):
        write_atomic(link, b"x", through_symlink=True)
