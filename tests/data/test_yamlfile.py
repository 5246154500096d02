"""Hostile YAML (issue 21, issue 20): every file mlchoose reads goes through one loader with the
same limits. Each test reproduces an attack; none may hang, blow up or end in an internal error.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from mlchoose.cli.app import app
from mlchoose.data import catalog, yamlfile
from mlchoose.errors import MlchooseError
from mlchoose.user import preferences, profiles
from tests.factories import catalog_data, dump, program_data

runner = CliRunner()


def bomb(target: str, levels: int = 9) -> str:
    """The 415-byte "billion laughs" of the hostile run: 9**9 nodes once expanded."""
    lines = ["a0: &a0 [l,l,l,l,l,l,l,l,l]"]
    lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "\n".join([*lines, f"{target}: *a{levels - 1}"]) + "\n"


def within(seconds: float, work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread and fail (not hang) if it takes longer than ``seconds``."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("ok", work()))
        except BaseException as error:
            outcome.append(("error", error))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, f"still running after {seconds} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.fixture(autouse=True)
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(profiles.ENV_CONFIG_DIR, str(tmp_path / "config"))
    return tmp_path / "config" / "profiles"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- files that hang ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_weights_from_a_special_file_are_refused_at_once(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "w.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    else:
        path = Path("/dev/zero")
    with pytest.raises(MlchooseError, match=r"not a regular file|directory") as caught:
        within(5, lambda: preferences.given_weights(str(path)))
    assert "\n" not in str(caught.value)


def test_a_fifo_among_saved_profiles_does_not_hang_list_or_save(config: Path) -> None:
    config.mkdir(parents=True)
    os.mkfifo(config / "stuck.yaml")
    write(config / "fine.yaml", "weights: {faculty: 5}\n")
    listed = within(5, lambda: runner.invoke(app, ["profile", "list", "-f", "json"]))
    assert listed.exit_code == 1
    assert "stuck.yaml" in listed.stderr and "not a regular file (a FIFO)" in listed.stderr
    assert '"fine"' in listed.stdout
    saved = within(5, lambda: runner.invoke(app, ["profile", "save", "stuck", "-w", "faculty=2"]))
    assert saved.exit_code == 1 and "--force" in saved.stderr


def test_a_too_large_weights_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    with path.open("wb") as handle:
        handle.truncate(yamlfile.MAX_SMALL_BYTES + 1)
    with pytest.raises(MlchooseError, match="larger than 1 MB"):
        preferences.given_weights(str(path))


# --- files that blow up -------------------------------------------------------------------------


def test_an_alias_bomb_as_weights_file_is_refused_fast(tmp_path: Path) -> None:
    path = write(tmp_path / "wbomb.yaml", bomb("faculty"))
    assert len(path.read_bytes()) < 450
    start = time.perf_counter()
    with pytest.raises(MlchooseError, match="alias bomb"):
        within(10, lambda: preferences.given_weights(str(path)))
    assert time.perf_counter() - start < 1


def test_an_alias_bomb_in_a_profiles_interests_is_refused_fast(config: Path) -> None:
    config.mkdir(parents=True)
    write(config / "boom.yaml", "weights: {faculty: 5}\n" + bomb("interests"))
    start = time.perf_counter()
    with pytest.raises(MlchooseError, match="alias bomb"):
        within(10, lambda: profiles.get("boom"))
    assert time.perf_counter() - start < 1


def test_deep_nesting_is_refused_by_the_shape_check() -> None:
    problem = yamlfile.load_yaml(b"programs: " + b"[" * 200 + b"]" * 200)
    assert isinstance(problem, yamlfile.Problem)
    assert f"nested more than {yamlfile.MAX_DEPTH} deep" in problem.message


def test_a_million_small_lists_are_refused_before_anything_is_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20's 64 MB file of a million small lists, scaled down with the node limit."""
    monkeypatch.setattr(yamlfile, "MAX_NODES", 20_000)
    path = write(tmp_path / "lists.yaml", "programs: [" + "[]," * 30_000 + "[]]\n")

    def built(*args: object, **kwargs: object) -> None:
        pytest.fail("the document was built although its shape is refused")

    monkeypatch.setattr(yaml, "load", built)
    monkeypatch.setattr(catalog, "_validate", built)
    with pytest.raises(MlchooseError, match="more than 20,000 YAML nodes"):
        catalog.load(path)


def test_one_huge_entry_is_refused_by_the_shape_check(tmp_path: Path) -> None:
    notes = "[" + ", ".join(["x"] * (yamlfile.MAX_ENTRY_NODES + 10)) + "]"
    path = write(tmp_path / "c.yaml", f"programs:\n  - id: alpha\n    notes: {notes}\n")
    with pytest.raises(MlchooseError, match="an entry holds more than"):
        catalog.load(path)


def test_a_catalog_of_many_broken_programs_stops_after_max_problems(tmp_path: Path) -> None:
    path = write(tmp_path / "c.yaml", "programs: [" + "{}, " * 20_000 + "{}]\n")
    start = time.perf_counter()
    found = catalog.check_file(path)
    assert catalog.MAX_PROBLEMS <= len(found) < catalog.MAX_PROBLEMS + 50
    assert found[0].line == 1
    assert time.perf_counter() - start < 5


# --- duplicate and unknown keys -----------------------------------------------------------------


@pytest.fixture
def base(tmp_path: Path) -> Path:
    return write(
        tmp_path / "base.yaml", dump(catalog_data(program_data("alpha"), program_data("beta")))
    )


def test_a_duplicate_id_in_an_overlay_entry_renames_nothing(tmp_path: Path, base: Path) -> None:
    overlay = write(
        tmp_path / "o.yaml", "programs:\n  - id: alpha\n    id: beta\n    name: Hijacked\n"
    )
    with pytest.raises(MlchooseError, match=r"\(line 3\): key 'id' appears twice"):
        catalog.load(base, [overlay])


def test_two_programs_keys_are_an_error_with_the_line(tmp_path: Path) -> None:
    text = dump(catalog_data(program_data("alpha")))
    path = write(tmp_path / "c.yaml", text + "programs: []\n")
    [problem] = catalog.check_file(path)
    assert "key 'programs' appears twice" in problem.message
    assert problem.line == len(text.splitlines()) + 1


def test_a_duplicate_weight_in_a_weights_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "w.yaml", "faculty: 1\nfaculty: 5\n")
    with pytest.raises(MlchooseError, match=r"line 2.*appears twice"):
        preferences.given_weights(str(path))


def test_unknown_top_level_keys_are_errors_with_their_line(tmp_path: Path, base: Path) -> None:
    text = dump(catalog_data(program_data("alpha")))
    path = write(tmp_path / "c.yaml", "programz: []\n" + text)
    [problem] = catalog.check_file(path)
    assert problem.line == 1 and "unknown top-level key 'programz'" in problem.message
    overlay = write(tmp_path / "o.yaml", "programz:\n  - id: alpha\n    city: Nowhere\n")
    result = runner.invoke(
        app, ["show", "alpha", "--catalog", str(base), "--catalog", str(overlay)]
    )
    assert result.exit_code != 0 and "unknown top-level key 'programz'" in result.stderr


# --- impossible dates ---------------------------------------------------------------------------


def test_an_impossible_date_in_a_catalog_is_located(tmp_path: Path) -> None:
    text = dump(catalog_data(program_data("alpha")))
    text = text.replace("'2026-11-26'", "2026-02-30").replace('"2026-11-26"', "2026-02-30")
    assert "checked: 2026-02-30\n" in text
    path = write(tmp_path / "c.yaml", text)
    [problem] = catalog.check_file(path)
    assert problem.where == "program 'alpha' field checked"
    assert "2026-02-30" in path.read_text().splitlines()[problem.line - 1]  # type: ignore[operator]
    result = runner.invoke(app, ["rank", "--catalog", str(path)])
    assert result.exit_code == 1 and "internal error" not in result.stderr


def test_an_impossible_date_in_an_overlay_is_located(tmp_path: Path, base: Path) -> None:
    overlay = write(tmp_path / "o.yaml", "programs:\n  - id: beta\n    checked: 2026-02-30\n")
    with pytest.raises(MlchooseError, match=r"program 'beta' field checked \(line 3\)"):
        catalog.load(base, [overlay])


def test_an_impossible_date_in_a_weights_file_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "w.yaml", "industry: 2\nfaculty: 2026-13-45\n")
    with pytest.raises(MlchooseError, match=r"\(line 2\): weight of faculty must be a number"):
        preferences.given_weights(str(path))
    result = runner.invoke(app, ["rank", "--weights", str(path)])
    assert result.exit_code == 1 and "internal error" not in result.stderr


def test_an_impossible_date_in_a_profile_is_located(config: Path) -> None:
    config.mkdir(parents=True)
    write(config / "odd.yaml", "weights:\n  faculty: 2026-02-30\n")
    with pytest.raises(MlchooseError, match=r"odd.yaml' is damaged \(line 2\)"):
        profiles.get("odd")
    write(config / "odd.yaml", "weights: {faculty: 1}\ninterests: [2026-13-45]\n")
    with pytest.raises(MlchooseError, match=r"is damaged \(line 2\).*unknown topic '2026-13-45'"):
        profiles.get("odd")
