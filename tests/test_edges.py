"""Unbreakable at the edges: fuzzed catalogs and weights, hostile files, pipes, narrow screens.

Every run must end in valid output (exit 0) or one line ``Error: ...`` (exit 1 or 2) that names
the place, never a traceback and never the "internal error" fallback. The example counts are
kept small so the suite stays fast; set HYPOTHESIS_PROFILE=long for the longer run (README).
"""

from __future__ import annotations

import copy
import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from mlchoose.cli.app import app
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
REAL = yaml.load((ROOT / "programs.yaml").read_bytes(), Loader=yaml.CSafeLoader)
#: A few real programs (with their shared sources) to mutate: big enough to be realistic.
BASE: dict[str, Any] = {"sources": REAL["sources"], "programs": REAL["programs"][:4]}

settings.register_profile("default", max_examples=25, deadline=None)
settings.register_profile("long", max_examples=2000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def assert_clean(result: Result, *places: str) -> None:
    """Valid output, or exactly one 'Error: ...' line naming one of ``places``; no traceback."""
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert result.stdout.strip()
        return
    assert result.exit_code in (1, 2), result.output
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr, result.stderr
    if places:
        assert any(p in result.stderr for p in places), result.stderr


def run_catalog(tmp_path: Path, data: bytes, *args: str) -> Result:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    return runner.invoke(app, [*(args or ("rank",)), "--catalog", str(path)])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    assert_clean(run_catalog(tmp_path, data), "catalog")


@FUZZ
@given(value=json_values)
def test_random_yaml_values(tmp_path: Path, value: Any) -> None:
    text = yaml.safe_dump(value, allow_unicode=True)
    assert_clean(run_catalog(tmp_path, text.encode("utf-8")), "catalog")


FIELDS = sorted({k for p in BASE["programs"] for k in p})
BAD_VALUES = st.sampled_from(
    [
        None,
        -1,
        0,
        10**9,
        math.nan,
        math.inf,
        "",
        "x" * 100_000,
        "é🙂\u200b",
        [],
        {},
        [1, 2],
        {"a": 1},
        True,
        "unknown",
        "2026-13-45",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    """The real catalog with one schema-aware change: drop, retype, break a range, reuse a name."""
    doc = copy.deepcopy(BASE)
    program = draw(st.sampled_from(doc["programs"]))
    kind = draw(st.sampled_from(["drop", "value", "duplicate-alias", "nested", "source"]))
    field = draw(st.sampled_from(FIELDS))
    if kind == "drop":
        program.pop(field, None)
    elif kind == "value":
        program[field] = draw(BAD_VALUES)
    elif kind == "duplicate-alias":
        program["aliases"] = [*program.get("aliases", []), doc["programs"][0]["id"]]
    elif kind == "nested" and isinstance(program.get(field), dict):
        inner = draw(st.sampled_from(sorted(program[field])))
        program[field][inner] = draw(BAD_VALUES)
    else:
        key = draw(st.sampled_from(sorted(program["sources"])))
        program["sources"][key] = {
            "url": draw(st.sampled_from(["ftp://x", "", "https://ok.org"])),
            "year": draw(BAD_VALUES),
        }
    return doc


@FUZZ
@given(doc=mutated(), command=st.sampled_from(["rank", "show", "compare", "validate"]))
def test_mutations_of_the_real_catalog(tmp_path: Path, doc: dict[str, Any], command: str) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(text)
    args = {
        "rank": ["rank", "--catalog", str(path)],
        "show": ["show", "cmu", "--catalog", str(path)],
        "compare": ["compare", "cmu", "mit", "--catalog", str(path)],
        "validate": ["validate", str(path)],
    }[command]
    result = runner.invoke(app, args)
    if command == "validate" and result.exit_code == 1:
        assert result.stderr.startswith("Error: ") and "Traceback" not in result.output
        assert all(line.startswith(str(path)) for line in result.stdout.splitlines())
    else:
        assert_clean(result, "catalog", "program")


@FUZZ
@given(text=st.text(max_size=40))
def test_weights_strings(text: str) -> None:
    result = runner.invoke(app, ["rank", "--weights", text, "-f", "json"])
    assert_clean(result)
    if result.exit_code == 0:
        assert set(json.loads(result.stdout)["weights"]) == {
            "curriculum",
            "specializations",
            "faculty",
            "industry",
            "region",
        }


@FUZZ
@given(value=json_values)
def test_weights_files(tmp_path: Path, value: Any) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(value, allow_unicode=True), encoding="utf-8")
    assert_clean(runner.invoke(app, ["rank", "--weights", str(path), "-f", "json"]))


# --- hostile files ------------------------------------------------------------------------------


def alias_bomb(levels: int) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join([*lines, f"programs: *a{levels - 1}"]) + "\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text(alias_bomb(9)), "alias bomb"),
        (lambda p: p.write_text("[" * 50_000 + "]" * 50_000), "not valid YAML"),
        (lambda p: p.write_bytes(b"programs: \xff\xfe\n"), "not UTF-8"),
        (
            lambda p: p.write_text("programs: !!python/object/apply:os.system ['true']\n"),
            "not valid YAML",
        ),
        (lambda p: os.truncate(p, 2**28) if p.touch() is None else None, "larger than 128 MB"),
        (lambda p: os.mkfifo(p), "not a regular file"),
        (lambda p: p.mkdir(), "is a directory"),
        (
            lambda p: (p.with_name("other").symlink_to(p), p.symlink_to(p.with_name("other"))),
            "symbolic link",
        ),
    ],
    ids=[
        "alias-bomb",
        "deep-nesting",
        "non-utf8",
        "python-tag",
        "256MB",
        "fifo",
        "directory",
        "symlink-loop",
    ],
)
def test_hostile_files_are_refused(tmp_path: Path, make: Any, message: str) -> None:
    path = tmp_path / "hostile.yaml"
    make(path)
    result = runner.invoke(app, ["rank", "--catalog", str(path)])
    assert_clean(result, message)
    assert result.exit_code != 0


# --- output -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["rank"],
        ["rank", "--robust"],
        ["compare", "stanford", "berkeley"],
        ["show", "cmu"],
        ["rank", "--format", "json"],
        ["rank", "--format", "csv"],
    ],
)
def test_a_closed_pipe_ends_quietly_and_successfully(command: list[str]) -> None:
    """``mlchoose rank | head -1``: the reader had what it wanted. The pipe is closed before the
    command writes anything, so the first write meets it, whatever the output's size."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "mlchoose", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "80"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=30)
    lines = [line for line in err.splitlines() if not line.startswith("Note: ")]
    assert lines == [], err  # no trace, no "Exception ignored", no error line
    assert proc.returncode == 0


@pytest.mark.parametrize("columns", ["20", "300"])
def test_machine_formats_ignore_the_terminal(columns: str) -> None:
    env = {"COLUMNS": columns, "FORCE_COLOR": "1"}
    out = runner.invoke(app, ["rank", "-f", "json"], env=env).stdout
    assert "\x1b" not in out and json.loads(out)["programs"]
    csv = runner.invoke(app, ["rank", "-f", "csv"], env=env).stdout
    assert "\x1b" not in csv and len(csv.splitlines()) == len(REAL["programs"]) + 1


@pytest.mark.parametrize("command", [["show", "alpha"], ["rank"], ["list"]])
def test_catalog_text_that_looks_like_markup_is_printed_as_written(
    tmp_path: Path, command: list[str]
) -> None:
    """Rich would read '[bold]' as a style, drop an unknown '[x]' tag and turn ':warning:' into
    an emoji: catalog text is data."""
    text = "Fall 202[x] [bold]apply early[/bold] :warning:"
    program = program_data("alpha", university=text)
    path = tmp_path / "marked.yaml"
    path.write_text(dump(catalog_data(program)), encoding="utf-8")
    args = [*command, "--catalog", str(path)]
    result = runner.invoke(app, args, env={"COLUMNS": "300", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert text in result.stdout


def test_no_color_means_no_escape_codes() -> None:
    out = runner.invoke(app, ["rank"], env={"NO_COLOR": "1", "COLUMNS": "120"}).stdout
    assert "\x1b[" not in out and "cmu-msml" in out


def test_a_40_column_terminal_still_reads() -> None:
    out = runner.invoke(app, ["rank"], env={"COLUMNS": "40", "NO_COLOR": "1"}).stdout
    lines = out.splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert "cmu-msml" in out and "Total" in out


# --- files mlchoose writes ----------------------------------------------------------------------


def test_two_processes_saving_profiles_leave_a_valid_file(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from mlchoose.user import profiles\n"
        "for i in range(30):\n"
        "    weights = dict(curriculum=1.0, specializations=1.0, faculty=float(sys.argv[1]),"
        " industry=1.0, region=1.0)\n"
        "    shared = profiles.Profile('shared', weights, 'writer ' + sys.argv[1])\n"
        "    profiles.save(shared, force=True)\n"
    )
    env = {**os.environ, "MLCHOOSE_CONFIG_DIR": str(tmp_path)}
    writers = [subprocess.Popen([sys.executable, "-c", code, str(n)], env=env) for n in (2, 3)]
    assert all(w.wait(timeout=60) == 0 for w in writers)
    saved = yaml.safe_load((tmp_path / "profiles" / "shared.yaml").read_text(encoding="utf-8"))
    assert saved["weights"]["faculty"] in (2.0, 3.0)
    assert saved["rationale"] == f"writer {int(saved['weights']['faculty'])}"
    assert [p.name for p in (tmp_path / "profiles").iterdir()] == ["shared.yaml"]


def test_a_read_only_config_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlchoose.data import files

    def refuse(path: Path, data: bytes, mode: int | None = None) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setenv("MLCHOOSE_CONFIG_DIR", str(tmp_path))
    monkeypatch.setattr(files, "write_atomic", refuse)
    monkeypatch.setattr("mlchoose.user.profiles.write_atomic", refuse)
    result = runner.invoke(app, ["profile", "save", "mine", "-w", "faculty=2"])
    assert_clean(result, "cannot save profile")
    assert result.exit_code == 1


def test_a_crash_between_write_and_rename_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlchoose.data.files import write_atomic

    target = tmp_path / "kept.yaml"
    write_atomic(target, b"old")

    def crash(self: Path, other: Path) -> None:
        raise KeyboardInterrupt  # the process dies between the write and the rename

    monkeypatch.setattr(Path, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["kept.yaml"]
